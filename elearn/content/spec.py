"""What a parsed course folder is: frozen values, free of Flask and the database."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a trainer's file, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Choice:
    """One choice of a question."""

    key: str  # a hash of its text, so reordering the choices keeps attempt history readable
    html: str
    correct: bool
    line: int = 0  # its file line, where an item-writing warning points


@dataclass(frozen=True)
class Question:
    """One question as parsed, answer key included: learners see the key only after sending."""

    qid: str
    kind: str  # "single", "multiple" or "short"
    prompt: str
    prompt_html: str
    body_html: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[str, ...] = ()
    explanation_html: str = ""
    line: int = 0
    tags: tuple[str, ...] = ()  # `{#id .tag}` or a `tags:` line, in the order written
    module: str | None = None  # the module it tests: its own, or the one a tag names


@dataclass(frozen=True)
class QuizSettings:
    """The `quiz:` or `exam:` settings; None and 0 mean the course default or no limit."""

    pass_percent: int | None = None
    attempts: int = 0
    draw: int | None = None
    shuffle: bool = False
    time_limit: int | None = None
    review: str | None = None  # what a result page may show; None: the default of its kind
    draw_per_module: int | None = None  # final exam and pre-test only

    def as_dict(self) -> dict:
        return {
            "pass_percent": self.pass_percent,
            "attempts": self.attempts,
            "draw": self.draw,
            "shuffle": self.shuffle,
            "time_limit": self.time_limit,
            "review": self.review,
            "draw_per_module": self.draw_per_module,
        }


@dataclass(frozen=True)
class Quiz:
    """The questions of a module quiz or final exam, with the text above the first one."""

    settings: QuizSettings
    questions: tuple[Question, ...]
    intro_html: str = ""
    line: int = 0  # the file line of its section heading


@dataclass(frozen=True)
class TocEntry:
    """A heading of a page, for its table of contents."""

    level: int  # 2 or 3
    anchor: str
    text: str


@dataclass(frozen=True)
class ModuleSpec:
    """One module file as learners read it: rendered page, reading time and quiz."""

    slug: str
    position: int
    filename: str
    title: str
    minutes: int
    html: str
    toc: tuple[TocEntry, ...]
    text: str
    quiz: Quiz | None = None
    minutes_declared: bool = False  # `minutes:` written, not estimated from the words
    reflect_html: str | None = None  # the `## Renungkan` section, shown above a private note


@dataclass(frozen=True)
class MediaFile:
    """A file of `media/` that passed the checks, with its content hash and MIME type."""

    name: str
    sha256: str
    mime: str
    data: bytes = field(repr=False)
    width: int | None = None  # pixels, for a raster image
    copies: tuple[tuple[str, int], ...] = ()  # (name, width) of its narrower copies (srcset)


@dataclass(frozen=True)
class CourseSpec:
    """A whole course folder that parsed without a problem: what publishing stores."""

    slug: str
    title: str
    summary: str
    category: str
    jp: int
    competencies: tuple[tuple[str, int], ...]
    pass_percent: int
    pretest: bool
    valid_years: int | None
    overview_html: str
    modules: tuple[ModuleSpec, ...]
    exam: Quiz | None
    media: tuple[MediaFile, ...]
    content_hash: str
    text: str
    # The `## Pre-test` section's own questions; None: a pre-test draws from the exam.
    pretest_quiz: Quiz | None = None
    pretest_settings: QuizSettings | None = None  # of its own section or over the exam pool
    follow_up_days: int = 60  # 0: no follow-up evaluation
    task: TaskSpec | None = None  # the workplace task (`## Tugas Penerapan`)
    jp_line: int = 1  # the line of `jp` in course.md, for the JP warning

    @property
    def total_minutes(self) -> int:
        """Study time: the modules (reading and their quizzes) and the workplace task. The
        pre-test and the final exam measure learning rather than add to it."""
        return sum(m.minutes for m in self.modules) + (self.task.minutes if self.task else 0)

    @property
    def question_count(self) -> int:
        count = sum(len(q.questions) for q in (self.exam, self.pretest_quiz) if q)
        return count + sum(len(m.quiz.questions) for m in self.modules if m.quiz)


@dataclass(frozen=True)
class CompetencyDef:
    """One entry of competencies.yml: a competency and its five level descriptions."""

    slug: str
    code: str
    name: str
    group: str
    description: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """One rubric criterion: its name and the text of each level, level 1 first."""

    name: str
    levels: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class TaskSpec:
    """The workplace task of course.md (`## Tugas Penerapan`): what to do and how it is scored.

    A reviewer may accept a submission only when every criterion is scored at `pass_level` or
    above (domain/tasks.py); returning it for revision is always possible."""

    instructions_html: str
    criteria: tuple[Criterion, ...]
    due_days: int = 30
    pass_level: int = 3
    minutes: int = 0  # the learner's working time; part of the course's minutes and so its JP

    def rubric(self) -> list[dict]:
        return [{"name": c.name, "levels": list(c.levels)} for c in self.criteria]
