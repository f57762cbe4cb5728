"""docs/course-format.md stays true to elearn/content: every problem text, setting, section
heading, media type and competency key the parser knows is described there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from elearn.content import item_checks, messages
from elearn.content.accessible import DONE_MARK, OPEN_MARK, Words
from elearn.content.competencies import GROUPS
from elearn.content.competencies import KEYS as COMPETENCY_KEYS
from elearn.content.folder import RESERVED_MODULE_SLUGS
from elearn.content.media import MEDIA_TYPES
from elearn.content.outline import RESERVED_COURSE_SLUGS
from elearn.content.quiz import SECTION_TITLES
from elearn.content.settings import COURSE_KEYS, MODULE_KEYS, QUIZ_KEYS

DOC = Path(__file__).resolve().parents[2] / "docs" / "course-format.md"
# How the document writes the part of a message that names the trainer's file, key or value.
PLACEHOLDER = "‹[^›\n]+›"
FIELD = re.compile(r"\{[a-z_]+\}")


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def message_texts() -> dict[str, str]:
    return {
        name: value
        for name, value in vars(messages).items()
        if name.isupper() and isinstance(value, str)
    }


def as_pattern(template: str) -> str:
    """The message with each `{name}` as any placeholder the document may write there
    (`{#id}` is no placeholder: it is what the trainer types)."""
    return PLACEHOLDER.join(re.escape(part) for part in FIELD.split(template))


def test_the_messages_table_is_not_empty():
    assert len(message_texts()) > 60


@pytest.mark.parametrize("name", sorted(message_texts()))
def test_every_problem_text_is_in_the_document(name: str):
    template = message_texts()[name]
    assert re.search(as_pattern(template), doc_text()), f"{name} is not in the document: {template}"


@pytest.mark.parametrize("key", sorted({*COURSE_KEYS, *MODULE_KEYS, *QUIZ_KEYS}))
def test_every_front_matter_key_has_a_row(key: str):
    assert re.search(rf"^\| `{key}` \|", doc_text(), re.MULTILINE), key


def test_section_headings_media_types_and_reserved_slugs_are_listed():
    text = doc_text()
    for title in SECTION_TITLES:
        assert re.search(rf"`## {re.escape(title)}`", text, re.IGNORECASE), title
    for words in (MEDIA_TYPES, RESERVED_MODULE_SLUGS, RESERVED_COURSE_SLUGS):
        for word in words:
            assert f"`{word}`" in text, word


def test_competency_keys_and_groups_are_listed():
    text = doc_text()
    for word in (*COMPETENCY_KEYS, *GROUPS):
        assert f"`{word}`" in text, word


def warnings_section() -> str:
    text = doc_text()
    start = text.index("\n## Item-writing warnings\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("name", sorted(dict(item_checks.iter_texts())))
def test_every_warning_text_is_in_the_warnings_section(name: str):
    template = dict(item_checks.iter_texts())[name]
    assert re.search(as_pattern(template), warnings_section()), f"{name}: {template}"


@pytest.mark.parametrize(
    "name",
    [n for n, v in vars(item_checks).items() if n.isupper() and isinstance(v, int | float)],
)
def test_every_warning_threshold_is_named_with_its_value(name: str):
    value = getattr(item_checks, name)
    assert re.search(
        rf"\b{re.escape(str(value))}\b\s+\(`{name}`\)|`{name}`\s+{value}", warnings_section()
    ), name


def test_task_list_marks_are_described():
    """How a task list in the learning content renders (elearn/content/accessible.py)."""
    text = doc_text()
    for said in (DONE_MARK, OPEN_MARK, Words().done, Words().open, Words().hint):
        assert said in text, said
