"""Python's garbage collector, for a window that must answer every key at once.

A collection holds Python's lock from start to end, on whichever thread's allocation set it off
(the GUI thread or a worker saving a long story), so a key waits for all of it.
"""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Once a process: what start-up made (modules, Qt's wrappers, the window: ~80,000 objects)
    is left out of the garbage collector's full passes, each of which otherwise walks it all with
    Python's lock held (50-100 ms, a few times a minute while typing: benchmarks/run.py). Those
    objects are still freed when unreferenced; only cycles among them are no longer sought."""
    if not gc.get_freeze_count():
        gc.freeze()
