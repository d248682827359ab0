"""Whole-process launch and memory of desktop programs under a virtual display (Xvfb).

Launch is measured from starting the process to the X server mapping its first top-level window
(a MapNotify on the root window for a window whose _NET_WM_PID is the process): the moment a
user sees the window appear, measured the same way for every program. Memory is the PSS (the
process's share of every page it maps, from /proc/PID/smaps_rollup) of the program and all its
descendants (QtWebEngine's helper processes), once it has settled.

Used by benchmarks/report.py; needs Xvfb (Debian's xvfb, installed with apt-get when missing)
and python-xlib (pip-installed into the running venv when missing). ReText, the peer editor, is
installed from PyPI into its own virtualenv under benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
RETEXT_VENV = OUT / "retext-venv"


class Unavailable(Exception):
    """Something a desktop figure needs cannot be had on this machine."""


def ensure_xvfb() -> str:
    """The Xvfb program, installed with apt-get when missing."""
    found = shutil.which("Xvfb")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise Unavailable("Xvfb is missing (apt-get install xvfb, as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
    install = ["apt-get", "install", "-y", "-qq", "xvfb", "xauth"]
    subprocess.run(install, env=env, capture_output=True)
    found = shutil.which("Xvfb")
    if not found:
        raise Unavailable("apt-get could not install xvfb")
    return found


def ensure_xlib() -> None:
    """python-xlib in this interpreter (installed with pip when missing)."""
    try:
        import Xlib  # noqa: F401
    except ImportError:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "python-xlib"], capture_output=True
        )
        if done.returncode != 0:
            raise Unavailable("pip could not install python-xlib") from None


def ensure_retext() -> Path:
    """The retext program in its own virtualenv under benchmarks/out/ (made when missing)."""
    program = RETEXT_VENV / "bin" / "retext"
    if program.exists():
        return program
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(RETEXT_VENV)], check=True)
    done = subprocess.run(
        [str(RETEXT_VENV / "bin" / "pip"), "install", "-q", "retext"], capture_output=True
    )
    if done.returncode != 0 or not program.exists():
        raise Unavailable(f"pip could not install ReText: {done.stderr.decode()[-300:]}")
    return program


def retext_version() -> str:
    """The installed ReText's version."""
    pip = RETEXT_VENV / "bin" / "pip"
    done = subprocess.run([str(pip), "show", "retext"], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return "?"


@contextmanager
def virtual_display(size: str = "1600x1000x24") -> Iterator[str]:
    """An Xvfb server for the block; yields its DISPLAY value."""
    xvfb = ensure_xvfb()
    ensure_xlib()
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 20)
        if not ready:
            raise Unavailable("Xvfb did not start")
        number = os.read(read, 64).decode().strip()
        yield f":{number}"
    finally:
        os.close(read)
        proc.terminate()
        proc.wait(timeout=10)


def launch(
    cmd: list[str], env: dict[str, str], timeout: float = 60
) -> tuple[float, subprocess.Popen]:
    """Start cmd; seconds until the X server maps its first top-level window, and the process."""
    from Xlib import X, display

    dpy = display.Display(env["DISPLAY"])
    root = dpy.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    pid_atom = dpy.intern_atom("_NET_WM_PID")
    dpy.sync()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            left = timeout - (time.perf_counter() - started)
            if left <= 0 or proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} showed no window (exit {proc.poll()})")
            if not dpy.pending_events():
                select.select([dpy.fileno()], [], [], min(left, 0.5))
                if not dpy.pending_events():
                    continue
            event = dpy.next_event()
            if event.type != X.MapNotify:
                continue
            mapped = time.perf_counter() - started
            prop = event.window.get_full_property(pid_atom, X.AnyPropertyType)
            if prop is not None and prop.value and int(prop.value[0]) == proc.pid:
                return mapped, proc
    except BaseException:
        stop(proc)
        raise
    finally:
        dpy.close()


def stop(proc: subprocess.Popen) -> None:
    """End a measured program and every process it started."""
    for pid in reversed(descendants(proc.pid)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.kill()
    proc.wait(timeout=20)


def descendants(pid: int) -> list[int]:
    """pid and every process below it (children, grandchildren ...)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue += parents.get(current, [])
    return found


def pss_mb(pid: int) -> tuple[float, int]:
    """The PSS of pid and its descendants in MB, and how many processes that was."""
    total_kb = 0
    count = 0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    count += 1
                    break
        except OSError:
            continue
    return total_kb / 1024, count


def launch_and_measure(
    cmd: list[str], env: dict[str, str], settle: float
) -> tuple[float, float, int]:
    """(seconds to the window, PSS MB once settled, processes counted); the program is ended."""
    shown, proc = launch(cmd, env)
    try:
        time.sleep(settle)
        mb, count = pss_mb(proc.pid)
    finally:
        stop(proc)
    return shown, mb, count
