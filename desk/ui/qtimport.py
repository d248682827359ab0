"""Import PySide6 the light way: imported before any other PySide6 module (desk.ui.app does).

PySide6 asks of every module imported after it whether its source mentions "PySide6" (for its
`__feature__` switches), with `inspect.getsource`: that tokenises each file and keeps all its
lines in `linecache` for the life of the process, about 20-30 ms of start-up and 11 MB here
(benchmarks/README.md). The same question answered by reading the file's bytes keeps neither.
Where PySide6 has no such hook (another version), nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

import shiboken6  # noqa: F401  (loads shibokensupport and its import hook)


def _source_mentions_pyside(original):
    """The hook's question, asked of the file's bytes; other modules as before."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.desk_light = True  # type: ignore[attr-defined]
    return uses_pyside


def lighten() -> bool:
    """Install the lighter question; True when PySide6's hook was found (and now is light)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        return False
    if not getattr(original, "desk_light", False):
        feature._mod_uses_pyside = _source_mentions_pyside(original)  # type: ignore[union-attr]
    return True


lighten()
