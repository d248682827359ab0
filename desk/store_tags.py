"""Store verbs for tags (mixed into desk.store.Store)."""

from __future__ import annotations


class TagVerbs:
    """Tags, unique regardless of case and surrounding spaces, and the stories they label."""
