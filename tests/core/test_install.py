"""Desk installs like an app: the wheel carries every resource and runs from a fresh virtualenv
(not editable, outside the checkout); `desk install-desktop` writes a valid XDG entry; the
PyInstaller recipe builds a one-file binary that runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RESOURCES = [
    "desk/resources/templates/article.html.j2",
    "desk/resources/templates/_partials/byline.html.j2",
    "desk/resources/templates/site/feed.xml.j2",
    "desk/resources/css/article.css",
    "desk/resources/qss/desk.qss",
    "desk/resources/icons/desk.svg",
    "desk/resources/js/preview.js",
    "desk/resources/labels.json",
    "desk/resources/desk.desktop",
    "desk/resources/guide.md",
]


def run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a program; fail the test with its output when it fails."""
    result = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, timeout=1800
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result


def bin_dir(venv: Path) -> Path:
    """A virtualenv's scripts folder on this system."""
    return venv / ("Scripts" if sys.platform == "win32" else "bin")


def ensure_debian_tool(program: str, package: str) -> str:
    """The program, installed from Debian when missing (as root), else skip saying why."""
    found = shutil.which(program)
    if found:
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        pytest.skip(f"{program} is missing and cannot be installed here (needs apt-get as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env, check=False)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
        capture_output=True,
        env=env,
        check=False,
    )
    return shutil.which(program) or pytest.skip(f"apt-get could not install {package}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from pyproject.toml (as pipx and pip would build it)."""
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(REPO)], out)
    [built] = out.glob("desk-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel installed (not editable); its scripts folder."""
    venv = tmp_path_factory.mktemp("venv") / "desk"
    run([sys.executable, "-m", "venv", str(venv)], venv.parent)
    pip = [str(bin_dir(venv) / "python"), "-m", "pip", "install", "-q"]
    run([*pip, str(wheel)], venv.parent, PIP_DISABLE_PIP_VERSION_CHECK="1")
    return bin_dir(venv)


def test_the_wheel_carries_every_resource(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [r for r in RESOURCES if r not in names] == []
    assert not any(n.startswith(("tests/", "resources/")) for n in names)


@pytest.mark.slow
def test_the_installed_wheel_runs_new_and_export_outside_the_checkout(installed, tmp_path):
    desk = str(installed / "desk")
    from desk import __version__

    assert run([desk, "--version"], tmp_path).stdout.strip() == f"desk, version {__version__}"
    where = run([str(installed / "python"), "-c", "import desk; print(desk.__file__)"], tmp_path)
    assert not where.stdout.strip().startswith(str(REPO))  # the wheel's copy, not the checkout
    store = str(tmp_path / "store")
    made = run(
        [desk, "--store", store, "new", "--headline", "Installed", "--body", "It works."], tmp_path
    )
    assert made.stdout.strip() == "installed"
    run([desk, "--store", store, "export", "installed", "--out", str(tmp_path / "out")], tmp_path)
    page = tmp_path / "out" / "installed"
    assert '<h1 class="headline">Installed</h1>' in (page / "index.html").read_text("utf-8")
    assert (page / "style.css").read_text("utf-8") == (
        REPO / "resources/css/article.css"
    ).read_text("utf-8")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktop entries are Linux's")
def test_install_desktop_writes_a_valid_entry_and_icon_where_xdg_wants_them(installed, tmp_path):
    validate = ensure_debian_tool("desktop-file-validate", "desktop-file-utils")
    data = tmp_path / "xdg-data"
    run([str(installed / "desk"), "install-desktop"], tmp_path, XDG_DATA_HOME=str(data))
    entry = data / "applications" / "desk.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "desk.svg"
    assert icon.read_bytes() == (REPO / "resources/icons/desk.svg").read_bytes()
    assert_valid_desktop_file(validate, entry)
    assert f"Exec={installed / 'desk'}\n" in entry.read_text("utf-8")
    assert "Icon=desk\n" in entry.read_text("utf-8")
    run([str(installed / "desk"), "install-desktop", "--remove"], tmp_path, XDG_DATA_HOME=str(data))
    assert not entry.exists()
    assert not icon.exists()
    again = run(
        [str(installed / "desk"), "install-desktop", "--remove"], tmp_path, XDG_DATA_HOME=str(data)
    )
    assert "there was nothing to remove" in again.stdout  # not "removed …" for files not there


def test_the_desktop_file_in_the_repository_is_valid(tmp_path):
    validate = ensure_debian_tool("desktop-file-validate", "desktop-file-utils")
    assert_valid_desktop_file(validate, REPO / "resources" / "desk.desktop")


def assert_valid_desktop_file(validate: str, path: Path) -> None:
    """desktop-file-validate passes the file with no error, warning or hint."""
    checked = subprocess.run([validate, str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout + checked.stderr == ""


@pytest.mark.slow
def test_the_pyinstaller_recipe_builds_a_one_file_desk_that_runs(tmp_path):
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    if not pyinstaller.exists():
        pytest.skip("PyInstaller is not installed (pip install '.[package]')")
    dist, work = str(tmp_path / "dist"), str(tmp_path / "build")
    spec = str(REPO / "packaging" / "desk.spec")
    options = ["--noconfirm", "--log-level", "WARN", "--distpath", dist, "--workpath", work]
    run([str(pyinstaller), *options, spec], tmp_path)
    [binary] = [p for p in (tmp_path / "dist").iterdir() if p.is_file()]
    from desk import __version__

    assert (
        run([str(binary), "--version"], tmp_path).stdout.strip() == f"desk, version {__version__}"
    )
    store = str(tmp_path / "store")
    run(
        [
            str(binary),
            "--store",
            store,
            "new",
            "--headline",
            "Frozen",
            "--language",
            "fr",
            "--body",
            "Il fait froid.",
        ],
        tmp_path,
    )
    run(
        [str(binary), "--store", store, "export", "frozen", "--out", str(tmp_path / "out")],
        tmp_path,
    )
    page = (tmp_path / "out" / "frozen" / "index.html").read_text("utf-8")
    assert 'lang="fr"' in page
    assert '<h1 class="headline">Frozen</h1>' in page
