"""The core never imports Qt: every module outside desk/ui/ imports without PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import desk

PACKAGE = Path(desk.__file__).parent


def core_modules() -> list[str]:
    """Dotted names of every module in desk/ except desk/ui/."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if "ui" in parts[1:2] or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_core_modules_exist():
    names = core_modules()
    assert "desk.store" in names
    assert "desk.render" in names
    assert not any(n.startswith("desk.ui") for n in names)


def test_no_core_module_imports_pyside6():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layering_test_would_catch_a_qt_import(tmp_path):
    """Guard against a test that cannot fail: importing a Qt module is seen."""
    code = "import sys, PySide6.QtCore; sys.exit(0 if 'PySide6' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
