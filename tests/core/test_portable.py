"""The core runs where POSIX does not: Windows has no fcntl, pwd, grp, termios or resource, and
its os module lacks fork, geteuid, pread ... Each test runs the core in a fresh interpreter with
those made unavailable, as far as Linux can pretend to be Windows."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import desk
from tests.test_layering import core_modules

PACKAGE = Path(desk.__file__).parent
POSIX_MODULES = ("fcntl", "pwd", "grp", "termios", "resource", "tty", "pty", "syslog", "crypt")
POSIX_OS_CALLS = (
    "fork", "forkpty", "geteuid", "getuid", "getegid", "getgid", "setsid", "killpg", "getpgid",
    "pread", "pwrite", "chown", "lchown", "mkfifo", "nice", "getloadavg", "sync",
)  # fmt: skip

# Runs first in the child: POSIX-only modules cannot be imported, POSIX-only os calls are gone.
WITHOUT_POSIX = textwrap.dedent(
    f"""
    import importlib.abc, os, sys
    BLOCKED = {POSIX_MODULES!r}
    class NoPosix(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}} (as on Windows)", name=name)
            return None
    for name in BLOCKED:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, NoPosix())
    for call in {POSIX_OS_CALLS!r}:
        if hasattr(os, call):
            delattr(os, call)
    """
)


def run_without_posix(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter without the POSIX-only modules and os calls."""
    script = tmp_path / "without_posix.py"
    script.write_text(WITHOUT_POSIX + textwrap.dedent(code), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=PACKAGE.parent
    )


def test_the_blocker_really_blocks(tmp_path):
    """Guard: the child cannot import fcntl nor call os.geteuid (the check can fail)."""
    result = run_without_posix(
        """
        try:
            import fcntl
        except ModuleNotFoundError:
            print("no fcntl")
        print("geteuid" in dir(os))
        """,
        tmp_path,
    )
    assert result.stdout.split() == ["no", "fcntl", "False"], result.stderr


def test_every_core_module_imports_without_posix(tmp_path):
    result = run_without_posix(
        f"""
        import importlib
        for name in {core_modules()!r}:
            importlib.import_module(name)
        print("imported")
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported"


STORY_AND_PAGE = """
        from pathlib import Path
        from desk import export
        from desk.store import Store

        root = Path({root!r})
        with Store.open(root / "store") as store:
            article = store.articles.create(headline="Portable", body_md="It runs.")
            store.articles.update(article.id, standfirst="Everywhere.")
            page = export.export_story(store, article.slug, root / "out")
        print((page.path / "index.html").read_text(encoding="utf-8").count("Portable") > 0)
"""


def test_the_core_makes_a_store_a_story_and_a_page_without_posix(tmp_path):
    result = run_without_posix(STORY_AND_PAGE.format(root=str(tmp_path)), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_second_writer_is_refused_without_posix(tmp_path):
    """The store's lock (filelock) works where fcntl does not exist."""
    result = run_without_posix(
        f"""
        from pathlib import Path
        from desk.errors import StoreLocked
        from desk.store import Store

        root = Path({str(tmp_path / "store")!r})
        with Store.open(root, window=True):
            try:
                Store.open(root)
            except StoreLocked as exc:
                print("refused:", exc)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: Desk is already open on this store (process ")


def posix_uses(path: Path) -> list[str]:
    """POSIX-only imports and os calls in one source file, as 'file:line name'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module.split(".")[0]]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in POSIX_OS_CALLS
        ):
            names = [f"os.{node.attr}"]
        rel = path.relative_to(PACKAGE.parent).as_posix()
        found += [f"{rel}:{node.lineno} {n}" for n in names if n in POSIX_MODULES or "." in n]
    return found


def test_no_core_source_calls_posix_only_functions():
    sources = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    uses = [use for path in sorted(sources) for use in posix_uses(path)]
    assert uses == []
