"""The quiz grammar: level-3 headings are questions, task lists are choices, `=` lines answers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markdown_it.token import Token

from . import messages as msg
from .render import Linker, markdown, render_block, render_inline, slugify
from .spec import Choice, Question

SECTION_TITLES = {
    "kuis": "quiz",
    "quiz": "quiz",
    "ujian akhir": "exam",
    "final exam": "exam",
    "pre-test": "pretest",
    "pretest": "pretest",
    "tes awal": "pretest",
    "prates": "pretest",
    "tugas penerapan": "task",
    "workplace task": "task",
    "renungkan": "reflect",
}

ID_SUFFIX = re.compile(r"\s*\{([#.][^}]*)\}\s*$")
VALID_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TAGS_LINE = re.compile(r"^\s{0,3}tags:(.*)$", re.IGNORECASE)
TASK_ITEM = re.compile(r"^\s*[-*+]\s+\[([ xX])\](?:\s+(.*))?$")
ANSWER_LINE = re.compile(r"^\s*=(.*)$")
QUOTE_MARKER = re.compile(r"^ {0,3}> ?")

Report = Callable[[int, str], None]


def section_kind(heading_text: str) -> str | None:
    """The special section a level-2 heading opens ("quiz", "exam", "pretest", "task"), if
    any."""
    return SECTION_TITLES.get(" ".join(heading_text.split()).casefold())


def top_level_blocks(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Yield each top-level block as (opening token, its tokens), skipping generated ones."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.nesting == 1:
            j = i + 1
            while not (tokens[j].level == token.level and tokens[j].nesting == -1):
                j += 1
            if token.map is not None:
                yield token, tokens[i : j + 1]
            i = j + 1
        else:
            if token.map is not None:
                yield token, [token]
            i += 1


@dataclass
class _Draft:
    line: int
    heading: str
    qid: str
    body: list[str] = field(default_factory=list)
    choices: list[tuple[int, bool, str]] = field(default_factory=list)
    answers: list[tuple[int, str]] = field(default_factory=list)
    explanation: list[str] | None = None
    stage: str = "prompt"  # prompt -> answers -> explanation
    tags: list[str] = field(default_factory=list)


def parse_questions(
    lines: list[str], first_line: int, report: Report, linker: Linker
) -> tuple[list[Question], str, int]:
    """Parse the lines of a quiz section (below its heading) into questions, intro HTML and
    the number of questions written (a broken one is left out of the first but counted).

    `first_line` is the 1-based file line of `lines[0]`.
    """
    text = "\n".join(lines)
    tokens = markdown().parse(text, {})
    intro: list[str] = []
    drafts: list[_Draft] = []
    seen_ids: dict[str, int] = {}

    blocks = list(top_level_blocks(tokens))
    index = 0
    while index < len(blocks):
        opener, block = blocks[index]
        index += 1
        start, end = opener.map
        line = first_line + start
        source = lines[start:end]
        if opener.type == "heading_open" and opener.tag == "h3":
            drafts.append(_new_draft(block[1].content, line, seen_ids, report))
            continue
        if not drafts:
            intro.extend([*source, ""])
            continue
        _add_block(drafts[-1], opener, source, line, report)

    questions = [q for q in (_finish(d, report, linker) for d in drafts) if q is not None]
    intro_html = render_block("\n".join(intro), linker) if any(s.strip() for s in intro) else ""
    return questions, intro_html, len(drafts)


def _new_draft(heading: str, line: int, seen_ids: dict[str, int], report: Report) -> _Draft:
    qid, tags = None, []
    match = ID_SUFFIX.search(heading)
    if match:
        heading = heading[: match.start()].strip()
        qid, tags = _attributes(match.group(1), line, report)
    if qid is None:
        qid = slugify(heading)
        if not qid:
            report(line, msg.QUESTION_NO_ID)
    if not heading:
        report(line, msg.QUESTION_NO_TEXT)
    if qid and qid in seen_ids:
        report(line, msg.QUESTION_ID_TAKEN.format(qid=qid, line=seen_ids[qid]))
    elif qid:
        seen_ids[qid] = line
    return _Draft(line=line, heading=heading, qid=qid, tags=tags)


def _attributes(text: str, line: int, report: Report) -> tuple[str | None, list[str]]:
    """The id (None when not given) and tags of a heading's `{#id .tag ...}`; a bad one is
    reported."""
    qid: str | None = None
    tags: list[str] = []
    # Without tags, all after `#` is the id, as before tags came: `{#dua kata}` is a bad id.
    words = text.split()
    marked = [w for w in words[1:] if w[:1] in "#."]
    tokens = [text] if text.startswith("#") and not marked else words
    for token in tokens:
        if token.startswith("."):
            _add_tag(tags, token[1:], line, report)
        elif not token.startswith("#"):
            report(line, msg.ATTRIBUTE_UNKNOWN.format(token=token))
        elif qid is not None:
            report(line, msg.ID_TWICE_IN_BRACES)
        else:
            qid = token[1:].strip()  # a wrong id is reported, never replaced by a made-up one
            if not VALID_ID.match(qid):
                report(line, msg.QUESTION_ID_INVALID.format(qid=qid))
    return qid, tags


def _add_tag(tags: list[str], tag: str, line: int, report: Report) -> None:
    if not VALID_ID.match(tag):
        report(line, msg.TAG_INVALID.format(tag=tag))
    elif tag not in tags:
        tags.append(tag)


def _take_tags_line(draft: _Draft, source: list[str], line: int, report: Report) -> list[str]:
    """A `tags: a, b` line opening a question's text adds tags; the rest stays text."""
    match = TAGS_LINE.match(source[0]) if source else None
    if match is None or draft.body or draft.stage != "prompt":
        return source
    names = [n.strip().lstrip(".") for n in match.group(1).split(",") if n.strip()]
    if not names:
        report(line, msg.TAGS_EMPTY)
    for name in names:
        _add_tag(draft.tags, name, line, report)
    return source[1:]


def _add_block(draft: _Draft, opener: Token, source: list[str], line: int, report: Report):
    """Add one top-level block below a question heading to the question being read."""
    if opener.type == "bullet_list_open" and _add_choices(draft, source, line, report):
        return
    # `= a` over a line of only `=` is a setext heading to CommonMark: still answer lines.
    setext_h1 = opener.type == "heading_open" and opener.markup == "="
    if opener.type == "paragraph_open" and TAGS_LINE.match(source[0]):
        source = _take_tags_line(draft, source, line, report)
        if not source:
            return
        line += 1
    if opener.type == "paragraph_open" or setext_h1:
        if _add_answers(draft, source, line, report):
            return
        if not setext_h1:
            _report_answer_in_text(source, line, report)
    if opener.type == "blockquote_open" and draft.stage != "prompt":
        if draft.explanation is not None:
            report(line, msg.EXPLANATION_TWICE)
        draft.explanation = [QUOTE_MARKER.sub("", s, count=1) for s in source]
        draft.stage = "explanation"
        return
    if draft.stage == "prompt":
        draft.body.extend([*source, ""])
        return
    report(line, msg.TEXT_AFTER_ANSWERS)


def _add_choices(draft: _Draft, source: list[str], line: int, report: Report) -> bool:
    """Read a task list as the choices; False when the list is not one (no `[ ]` items)."""
    items = [(i, TASK_ITEM.match(s)) for i, s in enumerate(source) if TASK_ITEM.match(s)]
    if not items:
        return False
    item_starts = [i for i, s in enumerate(source) if re.match(r"^\s{0,3}[-*+](\s|$)", s)]
    # After `=` answers, the "both kinds" error of _check says it better.
    if draft.stage == "explanation" or draft.choices:
        report(line, msg.CHOICES_ONE_LIST)
    if len(items) != len(item_starts):
        report(line, msg.CHOICE_WITHOUT_BOX)
    for offset, match in items:
        draft.choices.append(
            (line + offset, match.group(1) in "xX", _item_text(source, offset, match))
        )
    # An `= answer` line right under a list is swallowed by the last item.
    for offset, text in enumerate(source):
        answer = ANSWER_LINE.match(text)
        if answer and not TASK_ITEM.match(text) and answer.group(1).strip():
            draft.answers.append((line + offset, " ".join(answer.group(1).split())))
    draft.stage = "answers"
    return True


def _add_answers(draft: _Draft, source: list[str], line: int, report: Report) -> bool:
    """Read a paragraph of `=` lines as the short answers; False when it does not start so."""
    matches = [ANSWER_LINE.match(s) for s in source]
    if not matches[0]:
        return False
    # After choices, the "both kinds" error of _check says it better.
    if draft.stage == "explanation" or draft.answers:
        report(line, msg.ANSWERS_ONE_GROUP)
    for offset, match in enumerate(matches):
        if not match:
            report(line + offset, msg.ANSWER_WITHOUT_EQUALS)
            continue
        answer = " ".join(match.group(1).split())
        if not answer:
            report(line + offset, msg.ANSWER_EMPTY)
        else:
            draft.answers.append((line + offset, answer))
    draft.stage = "answers"
    return True


def _report_answer_in_text(source: list[str], line: int, report: Report) -> None:
    """An `=` line glued under text is part of that paragraph, not an answer: say so once."""
    for offset, text in enumerate(source[1:], start=1):
        if ANSWER_LINE.match(text):
            report(line + offset, msg.ANSWER_NEEDS_BLANK_LINE)
            return


def _item_text(source: list[str], offset: int, match: re.Match) -> str:
    parts = [match.group(2) or ""]
    for follow in source[offset + 1 :]:
        if not follow.strip() or re.match(r"^\s{0,3}[-*+]\s", follow) or ANSWER_LINE.match(follow):
            break
        parts.append(follow.strip())
    return " ".join(p.strip() for p in parts).strip()


def _finish(draft: _Draft, report: Report, linker: Linker) -> Question | None:
    """The question a draft makes, or None when it has a problem (reported here)."""
    if not _check(draft, report) or not draft.qid:
        return None
    explanation = ""
    if draft.explanation is not None:
        explanation = render_block("\n".join(draft.explanation), linker)
    body = render_block("\n".join(draft.body), linker) if any(s.strip() for s in draft.body) else ""
    choices = tuple(
        Choice(_choice_key(text), render_inline(text, linker), correct, line)
        for line, correct, text in draft.choices
    )
    correct_count = sum(c.correct for c in choices)
    return Question(
        qid=draft.qid,
        kind="short" if draft.answers else "single" if correct_count == 1 else "multiple",
        prompt=draft.heading,
        prompt_html=render_inline(draft.heading, linker),
        body_html=body,
        choices=choices,
        answers=tuple(a for _, a in draft.answers),
        explanation_html=explanation,
        line=draft.line,
        tags=tuple(draft.tags),
    )


def _check(draft: _Draft, report: Report) -> bool:
    """Report what keeps a draft from being a question: its answers are missing or unclear."""
    if draft.choices and draft.answers:
        report(draft.line, msg.CHOICES_AND_ANSWERS)
        return False
    if not draft.choices and not draft.answers:
        report(draft.line, msg.NO_CHOICES_NOR_ANSWERS)
        return False
    return _check_choices(draft, report) if draft.choices else True


def _check_choices(draft: _Draft, report: Report) -> bool:
    ok = True
    if not any(correct for _, correct, _ in draft.choices):
        report(draft.line, msg.NO_CORRECT_CHOICE)
        ok = False
    if len(draft.choices) < 2:
        report(draft.line, msg.TOO_FEW_CHOICES)
        ok = False
    seen: dict[str, int] = {}
    for line, _, text in draft.choices:
        key = " ".join(text.split()).casefold()
        if not key:
            report(line, msg.CHOICE_EMPTY)
            ok = False
        elif key in seen:
            report(line, msg.CHOICE_TWICE.format(text=text, line=seen[key]))
            ok = False
        else:
            seen[key] = line
    return ok


def _choice_key(text: str) -> str:
    """Key a choice by its text, so reordering choices keeps attempt history readable."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()[:10]
