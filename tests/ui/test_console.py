"""A quiet console: started from a terminal, the window with its web preview prints nothing of
Qt WebEngine's GPU, Vulkan and D-Bus chatter (it goes to Desk's log file) unless DESK_DEBUG=1;
Desk's own log rotates in the log folder."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desk import logs

REPO = Path(__file__).resolve().parents[2]
NOISE = re.compile(r"vulkan|gpu|dbus|d-bus|rhi|opengl|egl|propagateSizeHints", re.IGNORECASE)

# Open the window with the web preview on a story, quit once the page has loaded.
START = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from desk.logs import setup_logging
    from desk.ui.app import create_window, ensure_app

    setup_logging()
    app = ensure_app()
    window = create_window(Path(sys.argv[1]))
    window.show()
    window.preview.loaded.connect(lambda: QTimer.singleShot(500, app.quit))
    QTimer.singleShot(60000, app.quit)  # a page that never loads still ends the run
    window.preview.create_view()
    app.exec()
    window.close()
    print("loaded" if window.preview.view is not None else "no view")
    """
)


def start_desk(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """Run the window in a child process, as a terminal would; its output kept."""
    from desk.store import Store

    store = tmp_path / "store"
    with Store.open(store) as s:
        s.articles.create(headline="Quiet", body_md="Nothing on the terminal.")
    script = tmp_path / "start.py"
    script.write_text(START, encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    environment.pop("DESK_DEBUG", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(script), str(store)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=180,
    )


@pytest.mark.slow
def test_the_preview_prints_no_gpu_vulkan_or_dbus_noise(tmp_path):
    quiet = start_desk(tmp_path / "quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() == "loaded"
    assert not NOISE.search(quiet.stderr), quiet.stderr
    assert quiet.stderr.strip() == ""
    log = (Path(os.environ["DESK_LOG_DIR"]) / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "Desk " in log
    assert "started" in log


@pytest.mark.slow
def test_desk_debug_shows_the_chatter_again(tmp_path):
    """Guard: the same start with DESK_DEBUG=1 does print Qt's notes, so the check can fail."""
    loud = start_desk(tmp_path / "loud", DESK_DEBUG="1")
    assert loud.returncode == 0, loud.stderr
    if not NOISE.search(loud.stderr):
        pytest.skip("this machine's Qt prints no GPU/Vulkan/D-Bus notes even when asked")
    assert "desk: Desk" in loud.stderr  # Desk's own log on the terminal too


@pytest.fixture
def desk_logger():
    """Leave the `desk` logger as other tests expect it (no file handler, propagating)."""
    yield logging.getLogger("desk")
    logger = logging.getLogger("desk")
    for handler in [h for h in logger.handlers if getattr(h, "desk_handler", False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def test_desks_log_rotates_in_the_log_folder(tmp_path, monkeypatch, desk_logger):
    monkeypatch.setenv("DESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(debug=False)
    assert path == tmp_path / "logs" / "desk.log"
    logger = logging.getLogger("desk.test")
    for number in range(200):
        logger.info("line %d of a long session", number)
    names = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert names[:3] == ["desk.log", "desk.log.1", "desk.log.2"]
    assert len(names) <= 1 + logs.BACKUPS
    assert "line 199" in path.read_text(encoding="utf-8")
    logs.setup_logging(debug=False)  # a second set-up does not add a second file handler
    handlers = [h for h in logging.getLogger("desk").handlers if getattr(h, "desk_handler", 0)]
    assert len(handlers) == 1


def test_the_log_folder_is_the_platforms(monkeypatch):
    monkeypatch.delenv("DESK_LOG_DIR")
    from platformdirs import user_log_dir

    from desk.paths import log_dir

    assert log_dir() == Path(user_log_dir("desk", appauthor=False))
