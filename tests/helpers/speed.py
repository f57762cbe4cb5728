"""Make the suite's fixed costs cheap without changing what a test sees.

Each test builds two fresh apps (conftest `app`), logs people in and renders pages. Profiled
on tests/integration/test_quiz.py, half its time went to three costs that repeat the same
work for every app: Werkzeug compiling a URL builder per rule (about 150 rules, through
`ast` and `compile`), Jinja compiling each template anew per app, and scrypt hashing every
test password. The first two are memoised across apps here; the third is swapped for a
one-round PBKDF2 (the production method stays scrypt, asserted in test_auth).
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from werkzeug.routing.rules import Rule

from elearn.models import people

SHIPPED_PASSWORD_HASH_METHOD = people.PASSWORD_HASH_METHOD
FAST_PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for every app of the session.

    Jinja keys a bucket by template name and file and checks the source's checksum, so a
    template edited during the session is still recompiled."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


def _memoised_builder(original):
    """Werkzeug's builder for a rule depends only on the rule's parsed parts, its defaults
    and `append_unknown`; the function takes the rule itself as its first argument, so one
    compiled function serves equal rules of every app."""
    cache: dict[Any, Any] = {}

    def compile_builder(self: Rule, append_unknown: bool = True):
        defaults = self.defaults or {}
        key = (
            self.rule,
            tuple(self._trace),
            tuple(sorted((k, repr(v)) for k, v in defaults.items())),
            tuple(sorted((k, type(c).__name__) for k, c in self._converters.items())),
            append_unknown,
        )
        builder = cache.get(key)
        if builder is None:
            builder = cache[key] = original(self, append_unknown)
        return builder

    return compile_builder


def install() -> None:
    """Called once per session, before any app is built."""
    people.PASSWORD_HASH_METHOD = FAST_PASSWORD_HASH_METHOD
    if not getattr(Rule._compile_builder, "memoised", False):
        builder = _memoised_builder(Rule._compile_builder)
        builder.memoised = True  # type: ignore[attr-defined]
        Rule._compile_builder = builder  # type: ignore[method-assign]


def prepare(app) -> None:
    """Share compiled templates with the session's other apps."""
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
