"""Publishing: course folders and the competency dictionary into the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..content.competencies import parse_competencies
from ..content.parse import UrlScheme, parse_course
from ..content.source import CourseSource, find_course_dirs, load_course_dir
from ..content.spec import CompetencyDef, CourseSpec, ModuleSpec, Problem, Quiz, TaskSpec
from ..domain.texts import N_
from ..extensions import db
from ..models import Competency, Course, CourseCompetency, CourseTask, CourseVersion
from ..models.catalog import PRETEST_SECTION, Module, Question
from ..models.files import VersionMedia
from .blobs import file_rows, put_blobs

NATIONAL_COMPETENCIES = (
    "integritas", "kerja-sama", "komunikasi", "orientasi-pada-hasil", "pelayanan-publik",
    "pengembangan-diri-dan-orang-lain", "mengelola-perubahan", "pengambilan-keputusan",
    "perekat-bangsa",
)  # fmt: skip


@dataclass
class CourseResult:
    slug: str
    status: str  # "new", "unchanged", "restored", "invalid"
    version: int | None = None
    problems: list[Problem] = field(default_factory=list)
    spec: CourseSpec | None = None


def url_scheme() -> UrlScheme:
    """Build page URLs for links inside course HTML without needing a request."""
    adapter = current_app.url_map.bind("", script_name=current_app.config["APPLICATION_ROOT"])

    def build(endpoint: str, **values) -> str:
        fragment = values.pop("_anchor", "")
        url = adapter.build(endpoint, values)
        return url + (f"#{fragment}" if fragment else "")

    def for_course(slug: str) -> UrlScheme:
        return UrlScheme(
            media=lambda name, sha: build("learn.media", digest=sha, name=name),
            module=lambda module, fragment: build(
                "learn.module", slug=slug, module=module, _anchor=fragment
            ),
            course=lambda fragment: build("learn.course", slug=slug, _anchor=fragment),
        )

    return for_course  # type: ignore[return-value]


def known_competencies() -> set[str]:
    """Slugs a course may attest: those in this deployment's competency dictionary."""
    return set(db.session.scalars(select(Competency.slug)))


def load_competency_file(path: Path, display: str) -> tuple[list[CompetencyDef], list[Problem]]:
    """Read and parse a competencies.yml file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        unreadable = N_("berkas tidak bisa dibaca sebagai UTF-8: {error}").format(error=exc)
        return [], [Problem(display, 1, unreadable)]
    return parse_competencies(text, display)


def import_competencies(defs: Iterable[CompetencyDef]) -> tuple[int, int]:
    """Insert or update competencies by slug; return (added, updated)."""
    existing = {c.slug: c for c in db.session.scalars(select(Competency))}
    added = updated = 0
    for position, item in enumerate(defs, start=1):
        values = {
            "code": item.code,
            "name": item.name,
            "group": item.group,
            "description": item.description,
            "levels": list(item.levels),
            "position": position,
        }
        row = existing.get(item.slug)
        if row is None:
            db.session.add(Competency(slug=item.slug, **values))
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
    db.session.commit()
    return added, updated


def check_source(source: CourseSource, known: set[str] | None) -> tuple[CourseSpec | None, list]:
    """Parse a course with this deployment's settings, as publishing would."""
    return parse_course(
        source,
        known_competencies=known,
        urls=url_scheme()(source.slug),
        iframe_hosts=current_app.config["ALLOWED_IFRAME_HOSTS"],
        media_max_bytes=current_app.config["MEDIA_MAX_BYTES"],
    )


def publish_source(source: CourseSource, published_by_id: int | None = None) -> CourseResult:
    """Validate and publish one course; an invalid course leaves the live version alone."""
    try:
        result = stage_source(source, published_by_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return raced(source)
    return result


def stage_source(source: CourseSource, published_by_id: int | None = None) -> CourseResult:
    """publish_source up to the commit, for a caller that adds to the same transaction.

    The version, its modules, questions, media and exact files are written together.
    Raises IntegrityError when another publisher stores the course at the same moment.
    """
    spec, problems = check_source(source, known_competencies())
    if spec is None:
        return CourseResult(source.slug, "invalid", problems=problems)
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
        db.session.flush()
    same = db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.content_hash == spec.content_hash
        )
    )
    if same is not None:
        if not same.files:
            # Published before sources were kept: keep them now, so the version can be
            # exported, compared with a draft, or restored.
            same.files = file_rows(source.files)
        status = "unchanged" if course.live_version_id == same.id else "restored"
        course.live_version_id = same.id
        db.session.flush()
        return CourseResult(spec.slug, status, same.number, spec=spec)
    number = (
        db.session.scalar(
            select(func.max(CourseVersion.number)).where(CourseVersion.course_id == course.id)
        )
        or 0
    ) + 1
    version = _build_version(spec, course.id, number, published_by_id)
    version.files = file_rows(source.files)
    version.media = _media_rows(spec)
    db.session.add(version)
    db.session.flush()
    if spec.task is not None:
        db.session.add(_task_row(spec.task, version.id))
    course.live_version_id = version.id
    db.session.flush()
    return CourseResult(spec.slug, "new", number, spec=spec)


def raced(source: CourseSource) -> CourseResult:
    """The answer when another publisher stored the same course at the same moment."""
    message = N_(
        "kursus ini sedang diterbitkan oleh proses lain pada saat yang sama; "
        "tidak ada yang diubah, silakan ulangi"
    )
    return CourseResult(
        source.slug, "invalid", problems=[Problem(source.display("course.md"), 1, message)]
    )


# Columns that take the parsed course's value of the same name as it is.
VERSION_FIELDS = (
    "content_hash", "title", "summary", "category", "jp", "total_minutes", "pass_percent",
    "pretest", "valid_years", "overview_html", "follow_up_days",
)  # fmt: skip
QUESTION_FIELDS = ("qid", "kind", "prompt", "prompt_html", "body_html", "explanation_html")


def same_named(item, names: tuple[str, ...]) -> dict:
    return {name: getattr(item, name) for name in names}


def _build_version(
    spec: CourseSpec, course_id: int, number: int, published_by_id: int | None
) -> CourseVersion:
    version = CourseVersion(
        course_id=course_id,
        number=number,
        **same_named(spec, VERSION_FIELDS),
        exam_settings=spec.exam.settings.as_dict() if spec.exam else None,
        exam_question_count=len(spec.exam.questions) if spec.exam else 0,
        pretest_settings=spec.pretest_settings.as_dict() if spec.pretest_settings else None,
        pretest_question_count=len(spec.pretest_quiz.questions) if spec.pretest_quiz else 0,
        search_text=spec.text.casefold(),
        published_by_id=published_by_id,
    )
    version.competencies = _competency_rows(spec)
    version.modules = [_module_row(module) for module in spec.modules]
    version.questions = _question_rows(spec)
    return version


def _task_row(task: TaskSpec, version_id: int) -> CourseTask:
    """The workplace task as the version keeps it: rendered instructions and the rubric."""
    return CourseTask(
        version_id=version_id,
        instructions_html=task.instructions_html,
        rubric=task.rubric(),
        due_days=task.due_days,
        pass_level=task.pass_level,
    )


def _competency_rows(spec: CourseSpec) -> list[CourseCompetency]:
    """The course's competencies that this deployment's dictionary knows."""
    ids = dict(
        db.session.execute(
            select(Competency.slug, Competency.id).where(
                Competency.slug.in_([code for code, _ in spec.competencies])
            )
        ).all()
    )
    return [
        CourseCompetency(competency_id=ids[code], level=level)
        for code, level in spec.competencies
        if code in ids
    ]


def _module_row(module: ModuleSpec) -> Module:
    return Module(
        **same_named(
            module, ("position", "slug", "filename", "title", "minutes", "html", "reflect_html")
        ),
        toc=[{"level": t.level, "anchor": t.anchor, "text": t.text} for t in module.toc],
        quiz_settings=module.quiz.settings.as_dict() if module.quiz else None,
        question_count=len(module.quiz.questions) if module.quiz else 0,
    )


def _question_rows(spec: CourseSpec) -> list[Question]:
    """Every quiz's questions, section by section; the final exam's section is ""."""
    sections: list[tuple[str, Quiz]] = [(m.slug, m.quiz) for m in spec.modules if m.quiz]
    if spec.exam:
        sections.append(("", spec.exam))
    if spec.pretest_quiz:
        sections.append((PRETEST_SECTION, spec.pretest_quiz))
    return [
        Question(
            section=section,
            position=position,
            **same_named(q, QUESTION_FIELDS),
            choices=[{"key": c.key, "html": c.html, "correct": c.correct} for c in q.choices],
            answers=list(q.answers),
            tags=list(q.tags),
            module_slug=q.module,
        )
        for section, quiz in sections
        for position, q in enumerate(quiz.questions, start=1)
    ]


def _media_rows(spec: CourseSpec) -> list[VersionMedia]:
    """The media learners may fetch; the bytes go into the one blob store."""
    put_blobs({media.name: media.data for media in spec.media})
    return [VersionMedia(name=m.name, sha256=m.sha256, mime=m.mime) for m in spec.media]


def course_sources(paths: Iterable[str]) -> tuple[list[CourseSource], list[Problem], list[Path]]:
    """Resolve CLI paths to course folders; also return competencies.yml files found beside them."""
    sources: list[CourseSource] = []
    problems: list[Problem] = []
    dictionaries: list[Path] = []
    for raw in paths:
        path = Path(raw)
        dirs = find_course_dirs(path)
        if not dirs:
            problems.append(
                Problem(
                    raw,
                    1,
                    N_("bukan folder kursus: tidak ada course.md di folder ini atau subfoldernya"),
                )
            )
            continue
        for candidate in (path / "competencies.yml", path.parent / "competencies.yml"):
            if candidate.is_file() and candidate.resolve() not in {
                d.resolve() for d in dictionaries
            }:
                dictionaries.append(candidate)
                break
        for folder in dirs:
            display = raw.rstrip("/") if folder == path else f"{raw.rstrip('/')}/{folder.name}"
            sources.append(load_course_dir(folder, display))
    return sources, problems, dictionaries
