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


def qt_imports(modules: list[str], extra_path: str = "") -> subprocess.CompletedProcess:
    """Import the modules in a fresh interpreter; exit 1 listing any Qt module they pulled in."""
    code = (
        "import importlib, sys\n"
        f"sys.path.insert(0, {extra_path!r})\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_no_core_module_imports_pyside6():
    result = qt_imports(core_modules())
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layering_check_catches_a_module_that_imports_qt(tmp_path):
    """Guard against a check that cannot fail: a core-like module importing Qt is caught."""
    (tmp_path / "sneaky.py").write_text("from desk import text\nimport PySide6.QtCore\n")
    result = qt_imports(["desk.text", "sneaky"], str(tmp_path))
    assert result.returncode == 1
    assert "PySide6.QtCore" in result.stdout
