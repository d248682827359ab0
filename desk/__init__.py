"""Desk: an offline editorial workstation."""

from __future__ import annotations

__version__ = "0.1.0"
