"""Reading progress through a course, as numbers a page can show."""

from __future__ import annotations

from collections.abc import Sequence


def percent(done: int, total: int) -> int:
    """Return whole percent done, never above 100, 0 for an empty course."""
    if total <= 0:
        return 0
    return min(100, (max(done, 0) * 100) // total)


def neighbours(module_slugs: Sequence[str], current: str) -> tuple[str | None, str | None]:
    """Return the slugs before and after `current` in course order."""
    index = module_slugs.index(current)
    before = module_slugs[index - 1] if index > 0 else None
    after = module_slugs[index + 1] if index + 1 < len(module_slugs) else None
    return before, after
