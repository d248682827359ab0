"""desk install-desktop: Desk in the Linux desktop's application menu (XDG .desktop file and
icon), pointing at the command that is running now."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from desk.cli import main
from desk.errors import BadInput

DESKTOP_ID = "desk.desktop"
ICON_NAME = "desk.svg"


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (the XDG Base Directory default)."""
    env = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(env) if env and Path(env).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> str:
    """How the menu entry starts this Desk: the frozen binary, the console script, or python -m."""
    if getattr(sys, "frozen", False):
        return _quoted(sys.executable)
    script = Path(sys.argv[0])
    if script.name in ("desk", "desk.exe") and script.exists():
        return _quoted(str(script.resolve()))
    return f"{_quoted(sys.executable)} -m desk"


def _quoted(path: str) -> str:
    """A path as a .desktop Exec argument (quoted when it has spaces or reserved characters)."""
    if any(c in path for c in " \t\"'\\><~|&;$*?#()`"):
        escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
        escaped = escaped.replace("$", "\\$")
        return f'"{escaped}"'
    return path.replace("%", "%%")


def desktop_entry(command: str) -> str:
    """resources/desk.desktop with Exec (and TryExec) set to the command."""
    from desk.paths import resource_text

    lines = []
    for line in resource_text(DESKTOP_ID).splitlines():
        if line.startswith("Exec="):
            line = f"Exec={command}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(applications: Path, icons: Path) -> None:
    """Tell the desktop about the new entry when its tools are there (harmless when not)."""
    for argv in (
        ["update-desktop-database", "-q", str(applications)],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(icons)],
    ):
        if shutil.which(argv[0]):
            subprocess.run(argv, capture_output=True, check=False)


@main.command("install-desktop")
@click.option("--remove", is_flag=True, help="Take Desk out of the application menu again.")
def install_desktop(remove: bool) -> None:
    """Put Desk in the Linux application menu (.desktop file and icon, per XDG)."""
    from desk.paths import resource

    if not sys.platform.startswith("linux"):
        raise BadInput(
            "install-desktop is for Linux desktops; on Windows and macOS use the one-file "
            "build described in docs/packaging.md."
        )
    data = xdg_data_home()
    applications = data / "applications"
    icons = data / "icons" / "hicolor"
    entry = applications / DESKTOP_ID
    icon = icons / "scalable" / "apps" / ICON_NAME
    if remove:
        present = [path for path in (entry, icon) if path.exists()]
        for path in present:
            path.unlink()
            click.echo(f"removed {path}")
        if not present:
            click.echo("Desk was not in the application menu; there was nothing to remove.")
            return
        _refresh_caches(applications, icons)
        return
    try:
        icon.parent.mkdir(parents=True, exist_ok=True)
        icon.write_bytes(resource("icons", ICON_NAME).read_bytes())
        applications.mkdir(parents=True, exist_ok=True)
        entry.write_text(desktop_entry(launch_command()), encoding="utf-8")
    except OSError as exc:
        raise BadInput(
            f"Could not write the menu entry ({exc.strerror}: {exc.filename}); "
            "check that your home folder is writable."
        ) from None
    _refresh_caches(applications, icons)
    click.echo(str(entry))
    click.echo(str(icon))
