"""Store verbs for photos and figures (mixed into desk.store.Store)."""

from __future__ import annotations


class FigureVerbs:
    """Photos in the store's media/ folder and the figures that place them in stories."""
