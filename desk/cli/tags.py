"""tags commands."""

from __future__ import annotations
