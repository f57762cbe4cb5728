"""HR's SKM pages."""

from __future__ import annotations

from .blueprint import bp  # noqa: F401
