"""The window opens on a real X display, not only offscreen: Qt's X11 platform plugin
(libqxcb.so) needs libraries a bare Debian machine lacks (libxcb-icccm4, libxcb-keysyms1 ...),
which `./run` installs. Runs the window in a child process on Xvfb, which `./run tests`
installs when missing."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.store import Store

SHOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtGui import QGuiApplication
    from desk.ui.app import create_window, ensure_app

    app = ensure_app()
    window = create_window(Path(sys.argv[1]))
    window.show()
    for _ in range(20):
        app.processEvents()
    print(QGuiApplication.platformName(), window.isVisible(), window.windowTitle())
    window.close()
    """
)


@pytest.fixture
def display() -> Iterator[str]:
    """A virtual X server for the test; its DISPLAY value."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (./run tests installs Debian's xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        assert ready, "Xvfb did not start"
        yield ":" + os.read(read, 64).decode().strip()
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


def test_the_window_opens_on_an_x_display(tmp_path: Path, display: str) -> None:
    store = tmp_path / "store"
    with Store.open(store) as s:
        s.articles.create(headline="On a screen", body_md="Shown by the X server.")
    script = tmp_path / "show.py"
    script.write_text(SHOW, encoding="utf-8")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path)}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, str(script), str(store)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[:2] == ["xcb", "True"], done.stdout + done.stderr[-2000:]
    assert "On a screen" in done.stdout
