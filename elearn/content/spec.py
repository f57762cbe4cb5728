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
    key: str
    html: str
    correct: bool


@dataclass(frozen=True)
class Question:
    qid: str
    kind: str  # "single", "multiple" or "short"
    prompt: str
    prompt_html: str
    body_html: str = ""
    choices: tuple[Choice, ...] = ()
    answers: tuple[str, ...] = ()
    explanation_html: str = ""
    line: int = 0


@dataclass(frozen=True)
class QuizSettings:
    pass_percent: int | None = None
    attempts: int = 0
    draw: int | None = None
    shuffle: bool = False
    time_limit: int | None = None

    def as_dict(self) -> dict:
        return {
            "pass_percent": self.pass_percent,
            "attempts": self.attempts,
            "draw": self.draw,
            "shuffle": self.shuffle,
            "time_limit": self.time_limit,
        }


@dataclass(frozen=True)
class Quiz:
    settings: QuizSettings
    questions: tuple[Question, ...]
    intro_html: str = ""


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    position: int
    filename: str
    title: str
    minutes: int
    html: str
    toc: tuple[TocEntry, ...]
    text: str
    quiz: Quiz | None = None


@dataclass(frozen=True)
class MediaFile:
    name: str
    sha256: str
    mime: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class CourseSpec:
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

    @property
    def total_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    @property
    def question_count(self) -> int:
        count = len(self.exam.questions) if self.exam else 0
        return count + sum(len(m.quiz.questions) for m in self.modules if m.quiz)


@dataclass(frozen=True)
class CompetencyDef:
    slug: str
    code: str
    name: str
    group: str
    description: str
    levels: tuple[str, ...]
