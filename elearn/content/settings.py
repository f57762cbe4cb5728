"""Front-matter settings read with their type and range; a wrong value is reported at its line."""

from __future__ import annotations

from typing import Any

from ..domain.review import LEVELS
from . import messages as msg
from .folder import Report
from .frontmatter import FrontMatter, split_front_matter
from .spec import QuizSettings

COURSE_KEYS = (
    "title", "summary", "category", "jp", "competencies", "pass_percent", "pretest",
    "valid_years", "exam", "follow_up_days", "task",
)  # fmt: skip
MODULE_KEYS = ("title", "minutes", "quiz")
QUIZ_KEYS = (
    "pass_percent", "attempts", "draw", "shuffle", "time_limit", "review", "draw_per_module",
)  # fmt: skip
# What a result page may show, from least to most: domain.review decides per attempt.
REVIEW_LEVELS = LEVELS
MAX_MINUTES = 24 * 60


def read_front_matter(text: str, report: Report) -> FrontMatter:
    fm = split_front_matter(text)
    for line, message in fm.errors:
        report(line, message)
    if fm.body_offset == 0:  # split_front_matter found no opening `---` line
        report(1, msg.NO_FRONT_MATTER)
    return fm


def check_keys(fm: FrontMatter, allowed: tuple[str, ...], report: Report, prefix=()) -> None:
    data = _value(fm, prefix)
    if not isinstance(data, dict):
        return
    for key in data:
        if str(key) not in allowed:
            where = ".".join((*prefix, str(key)))
            report(
                fm.line(*prefix, str(key)),
                msg.UNKNOWN_KEY.format(key=where, known=", ".join(allowed)),
            )


def _value(fm: FrontMatter, keys: tuple[str, ...]) -> Any:
    value: Any = fm.data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def read_int(
    fm: FrontMatter, report: Report, keys: tuple[str, ...], low: int, high: int, default=None
) -> Any:
    value = _value(fm, keys)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        report(
            fm.line(*keys),
            msg.NOT_INTEGER.format(key=".".join(keys), low=low, high=high, value=value),
        )
        return default
    return value


def read_bool(fm: FrontMatter, report: Report, keys: tuple[str, ...]) -> bool:
    value = _value(fm, keys)
    if value is None:
        return False
    if not isinstance(value, bool):
        report(fm.line(*keys), msg.NOT_BOOLEAN.format(key=".".join(keys), value=value))
        return False
    return value


def unreadable(fm: FrontMatter) -> bool:
    """True when the front matter could not be read at all (its error is reported already)."""
    return bool(fm.errors) and not fm.data


def read_text(fm: FrontMatter, report: Report, key: str, required: bool = False) -> str:
    value = fm.data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required and not unreadable(fm):
            report(fm.line(key), msg.REQUIRED.format(key=key))
        return ""
    if isinstance(value, dict | list):
        report(fm.line(key), msg.NOT_ONE_LINE.format(key=key))
        return ""
    return " ".join(str(value).split())


def read_quiz_settings(fm: FrontMatter, report: Report, key: str) -> QuizSettings | None:
    """The `quiz:` (or `exam:`) settings block, or None when there is none."""
    raw = fm.data.get(key)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        report(fm.line(key), msg.QUIZ_SETTINGS_NOT_MAPPING.format(key=key))
        return None
    check_keys(fm, QUIZ_KEYS, report, (key,))
    per_module = read_int(fm, report, (key, "draw_per_module"), 1, 1000)
    if per_module is not None and key == "quiz":
        report(fm.line(key, "draw_per_module"), msg.DRAW_PER_MODULE_IN_QUIZ)
        per_module = None
    return QuizSettings(
        pass_percent=read_int(fm, report, (key, "pass_percent"), 0, 100),
        attempts=read_int(fm, report, (key, "attempts"), 0, 1000, 0),
        draw=read_int(fm, report, (key, "draw"), 1, 1000),
        shuffle=read_bool(fm, report, (key, "shuffle")),
        time_limit=read_int(fm, report, (key, "time_limit"), 1, MAX_MINUTES),
        review=_review(fm, report, key),
        draw_per_module=per_module,
    )


def _review(fm: FrontMatter, report: Report, key: str) -> str | None:
    value = _value(fm, (key, "review"))
    if value is None:
        return None
    if value not in REVIEW_LEVELS:
        report(fm.line(key, "review"), msg.REVIEW_UNKNOWN.format(key=key, value=value))
        return None
    return value
