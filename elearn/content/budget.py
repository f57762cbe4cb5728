"""A work budget for reading one Markdown file: markdown-it rule calls and tokens count.

Hostile Markdown (runs of `[`, emphasis, HTML) must not hold a worker: the parser is linear
in the installed markdown-it-py only thanks to its `maxNesting` cut-off, and a later release
or plugin could lose that. So each file is read under a budget proportional to its size;
past it the reading stops with `TooComplex`, which the checker reports as a problem of that
file. Outside `budget()` nothing is counted (rendering stored text stays as it was).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

# A unit is a rule call or a token made. Real course files and this repository's
# documentation cost at most 2.1 units per byte over a whole module (page, quiz, links and
# search text); hostile ones far more (bench/hostile_markdown.py). Five per byte leaves
# real text more than twice its need and stops a hostile file at the size limit after
# about 770,000 units.
UNITS_PER_BYTE = 5
BASE_UNITS = 50_000


class TooComplex(Exception):
    """Reading the file went past its budget of work units."""


@dataclass
class Budget:
    limit: int
    outer: Budget | None = None  # a budget around this one is charged too (e.g. a benchmark)
    spent: int = 0

    def spend(self, units: int = 1) -> None:
        current: Budget | None = self
        while current is not None:
            current.spent += units
            current = current.outer
        if self.spent > self.limit:
            raise TooComplex(self.spent)


_current: ContextVar[Budget | None] = ContextVar("markdown_budget", default=None)


def limit_for(text: str) -> int:
    """The work units allowed for reading TEXT (one file, all its parses together)."""
    return BASE_UNITS + UNITS_PER_BYTE * len(text)


@contextmanager
def budget(limit: int) -> Iterator[Budget]:
    """Count the work units spent inside the block; raise TooComplex past LIMIT."""
    current = Budget(limit, _current.get())
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


def counted(rule: Callable[..., Any]) -> Callable[..., Any]:
    """RULE, charging the current budget (if any) one unit per call and one per token it
    adds: some inputs cost little in calls but much in tokens (`**a**a**a...`)."""

    def counted_rule(state: Any, *args: Any) -> Any:
        current = _current.get()
        if current is None:
            return rule(state, *args)
        current.spend()
        before = len(state.tokens)
        result = rule(state, *args)
        current.spend(len(state.tokens) - before)
        return result

    return counted_rule


def count_rules(md: Any) -> None:
    """Wrap every block, inline and post-inline rule of a MarkdownIt instance in `counted`."""
    for ruler in (md.block.ruler, md.inline.ruler, md.inline.ruler2, md.core.ruler):
        for rule in list(ruler.__rules__):
            ruler.at(rule.name, counted(rule.fn), {"alt": rule.alt})
