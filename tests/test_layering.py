"""The layers are a contract, checked on every import in the source, inside functions too.

- The core (desk/ minus desk/ui/) never imports desk.ui, PySide6 or shiboken6.
- The store (desk/store/) imports nothing above it: only the leaf modules it builds on.
- Nothing in desk/store/ imports the package back (`desk.store` itself).
- Importers and export do not import each other.
- Only the job service (desk/ui/jobs.py) makes threads: no QThread, QThreadPool or QRunnable
  (nor Python threads or executors) anywhere else in the window.
Each rule also has a test that plants a violation and expects the walk to catch it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import desk

PACKAGE = Path(desk.__file__).parent
QT = ("PySide6", "shiboken6")
# What the store may build on (leaf modules below it); anything else of desk is above it.
STORE_MAY_USE = {
    "desk.body",
    "desk.clock",
    "desk.errors",
    "desk.fts",
    "desk.images",
    "desk.migrations",
    "desk.model",
    "desk.paths",
    "desk.tagnames",
    "desk.text",
}
# `python -m desk` is the program (the command line and the window), not core.
ENTRY_POINTS = {"desk.__main__"}
THREADS = (
    "PySide6.QtCore.QThread",
    "PySide6.QtCore.QThreadPool",
    "PySide6.QtCore.QRunnable",
    "threading.Thread",
    "concurrent.futures",
)
JOB_SERVICE = "desk.ui.jobs"
EXPORT_SIDE = (
    "desk.export",
    "desk.site",
    "desk.siteworkers",
    "desk.storyload",
    "desk.renditions",
    "desk.publish",
)


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, where."""

    module: str  # the importing module, dotted
    target: str  # the imported module, dotted
    line: int


def module_name(path: Path, root: Path) -> str:
    """A source file's dotted module name (desk/store/__init__.py -> desk.store)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path) -> list[Import]:
    """Every import in a file, at any depth, except those only for type checkers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module_name(path, root)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(Import(module, node.module, node.lineno))
            found += [
                Import(module, f"{node.module}.{alias.name}", node.lineno) for alias in node.names
            ]
    return found


def under(name: str, prefixes: tuple[str, ...] | set[str]) -> bool:
    """True when a dotted name is one of the prefixes or inside one."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def violations(root: Path) -> list[str]:
    """Every broken layering rule in the package under root, as 'module:line imports target'."""
    out = []
    for path in sorted((root / "desk").rglob("*.py")):
        for imp in imports_of(path, root):
            where = f"{imp.module}:{imp.line} imports {imp.target}"
            core = not under(imp.module, ("desk.ui",)) and imp.module not in ENTRY_POINTS
            if core and (under(imp.target, QT) or under(imp.target, ("desk.ui",))):
                out.append(f"{where} (the core never imports Qt or desk.ui)")
            in_window = under(imp.module, ("desk.ui",)) and imp.module != JOB_SERVICE
            if in_window and under(imp.target, THREADS):
                out.append(f"{where} (only the job service makes threads)")
            if store_breaks(imp):
                out.append(f"{where} (the store imports nothing above it)")
            if under(imp.module, ("desk.importers",)) and under(imp.target, EXPORT_SIDE):
                out.append(f"{where} (importers and export do not import each other)")
            if under(imp.module, EXPORT_SIDE) and under(imp.target, ("desk.importers",)):
                out.append(f"{where} (importers and export do not import each other)")
    return out


def store_breaks(imp: Import) -> bool:
    """True when a store part imports the store package back, or anything of desk above it."""
    if not under(imp.module, ("desk.store",)) or imp.module == "desk.store":
        return False
    if imp.target == "desk.store":
        return True
    above = not under(imp.target, ("desk.store",)) and not under(imp.target, STORE_MAY_USE)
    return under(imp.target, ("desk",)) and above and imp.target != "desk"


def test_the_layers_hold():
    assert violations(PACKAGE.parent) == []


def plant(tmp_path: Path, relative: str, source: str) -> Path:
    """A copy of the package with one more module; returns the copy's root."""
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(PACKAGE, root / "desk", ignore=shutil.ignore_patterns("__pycache__"))
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    return root


def test_a_core_module_importing_qt_inside_a_function_is_caught(tmp_path):
    root = plant(
        tmp_path,
        "desk/sneaky.py",
        "def later():\n    from PySide6.QtWidgets import QMessageBox\n    return QMessageBox\n",
    )
    assert any("desk.sneaky:2 imports PySide6.QtWidgets" in v for v in violations(root))


def test_a_store_part_importing_the_export_is_caught(tmp_path):
    root = plant(tmp_path, "desk/store/sneaky.py", "def f():\n    import desk.export\n")
    assert any("desk.store.sneaky:2 imports desk.export" in v for v in violations(root))


def test_a_store_part_importing_the_store_package_back_is_caught(tmp_path):
    root = plant(tmp_path, "desk/store/sneaky.py", "from desk.store import Store\n")
    assert any("imports desk.store (the store" in v for v in violations(root))


def test_an_importer_importing_the_export_is_caught(tmp_path):
    root = plant(tmp_path, "desk/importers/sneaky.py", "from desk import export\n")
    assert any("desk.importers.sneaky:1 imports desk.export" in v for v in violations(root))


def test_a_widget_with_its_own_thread_pool_is_caught(tmp_path):
    root = plant(tmp_path, "desk/ui/busy.py", "from PySide6.QtCore import QThreadPool\n")
    assert violations(root) == [
        "desk.ui.busy:1 imports PySide6.QtCore.QThreadPool (only the job service makes threads)"
    ]


def test_imports_only_for_type_checkers_are_not_counted(tmp_path):
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from PySide6 import QtCore\n"
    root = plant(tmp_path, "desk/typed.py", source)
    assert violations(root) == []


def core_modules() -> list[str]:
    """Dotted names of every module in desk/ except desk/ui/."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path, PACKAGE.parent)
        if name.startswith("desk.ui") or name.endswith("__main__"):
            continue
        names.append(name)
    return names


def test_no_core_module_pulls_in_pyside6_when_imported():
    """Besides the source walk: importing every core module loads no Qt (nothing indirect)."""
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


def test_ruff_and_mypy_fail_on_planted_mistakes(tmp_path):
    """The README's test command runs ruff and mypy: each fails on a planted mistake."""
    repo = PACKAGE.parent
    bad_lint = tmp_path / "lint_me.py"
    bad_lint.write_text("import os\n", encoding="utf-8")  # an unused import
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(bad_lint)],
        capture_output=True,
        text=True,
        cwd=repo,
    )
    assert ruff.returncode == 1, ruff.stdout + ruff.stderr
    assert "F401" in ruff.stdout
    unformatted = tmp_path / "format_me.py"
    unformatted.write_text("x = {  'a':1 }\n", encoding="utf-8")
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", str(unformatted)],
        capture_output=True,
        text=True,
        cwd=repo,
    )
    assert fmt.returncode == 1, fmt.stdout + fmt.stderr
    bad_types = tmp_path / "desk_typed.py"
    bad_types.write_text("def f() -> int:\n    return 'one'\n", encoding="utf-8")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", str(bad_types)],
        capture_output=True,
        text=True,
        cwd=repo,
    )
    assert mypy.returncode == 1, mypy.stdout + mypy.stderr
    assert "Incompatible return value type" in mypy.stdout


def test_no_module_is_much_over_600_lines():
    """A module past ~600 lines is a sign to split (STYLE.md rule 12)."""
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650
    }
    assert long == {}
