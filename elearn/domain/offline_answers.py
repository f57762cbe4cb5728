"""A batch of quiz answers a device kept while it had no signal (issue 19), as it arrives:
read and bounded here, applied by elearn/quiz/offline.py.

The device sends, per attempt, the answers given offline in the order they were given, each
a question id and its value (a choice key, a list of keys, a text, or null for cleared),
whether the learner pressed "Kirim jawaban", the increasing number of the batch and when the
device says the last answer was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

MAX_ANSWERS = 2_000  # far more changes than any quiz has questions; bounds the work
MAX_SEQ = 2**62
# Devices write times as milliseconds since 1970; anything outside these years is not a clock.
EARLIEST_MS = 946_684_800_000  # 2000-01-01
LATEST_MS = 4_102_444_800_000  # 2100-01-01

Value = str | list[str] | None


class BatchError(ValueError):
    """A batch no device of ours would send."""


@dataclass(frozen=True)
class OfflineBatch:
    seq: int
    written_at: datetime
    answers: tuple[tuple[str, Value], ...]
    submit: bool


def _value(raw) -> Value:
    if raw is None or isinstance(raw, str):
        return raw or None
    if isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        return list(raw) or None
    raise BatchError("value")


def _whole(raw, low: int, high: int, what: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise BatchError(what)
    return raw


def read_batch(data) -> OfflineBatch:
    """The batch in a request's JSON body; BatchError when it is not one."""
    if not isinstance(data, dict):
        raise BatchError("body")
    seq = _whole(data.get("seq"), 1, MAX_SEQ, "seq")
    written_ms = _whole(data.get("written_at"), EARLIEST_MS, LATEST_MS, "written_at")
    raw_answers = data.get("answers", [])
    if not isinstance(raw_answers, list) or len(raw_answers) > MAX_ANSWERS:
        raise BatchError("answers")
    answers = []
    for item in raw_answers:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise BatchError("answer")
        answers.append((item[0], _value(item[1])))
    submit = data.get("submit", False)
    if not isinstance(submit, bool):
        raise BatchError("submit")
    written_at = datetime.fromtimestamp(written_ms / 1000, UTC)
    return OfflineBatch(seq, written_at, tuple(answers), submit)


def merged(saved: dict, answers: tuple[tuple[str, Value], ...]) -> dict[str, Value]:
    """The attempt's saved responses with the batch's answers applied in their order: a later
    answer to a question replaces an earlier one, null clears it."""
    result: dict[str, Value] = dict(saved)
    for qid, value in answers:
        if value is None:
            result.pop(qid, None)
        else:
            result[qid] = value
    return result


def as_fields(responses: dict[str, Value]) -> list[tuple[str, str]]:
    """Responses as the quiz form posts them (`q-<qid>` once per chosen key), for the same
    checks a posted form gets."""
    fields = []
    for qid, value in responses.items():
        for one in value if isinstance(value, list) else [value]:
            fields.append((f"q-{qid}", one))
    return fields
