"""Reading progress through a course, as numbers a page can show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

# "Last opened" is coarse: written when the learner moves to another module, otherwise at
# most this often, so that reading a page writes nothing.
OPENED_EVERY = timedelta(hours=1)


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


def resume_due(
    last_slug: str | None, last_opened: datetime | None, slug: str, now: datetime
) -> bool:
    """Whether opening module `slug` at `now` must move the stored resume pointer: another
    module, never opened, or "last opened" older than OPENED_EVERY."""
    if last_slug != slug or last_opened is None:
        return True
    return now - last_opened >= OPENED_EVERY
