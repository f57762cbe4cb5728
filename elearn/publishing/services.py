"""Publishing: course folders and the competency dictionary into the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..authoring.store import store_version_files
from ..content.competencies import parse_competencies
from ..content.parse import UrlScheme, parse_course
from ..content.source import CourseSource, find_course_dirs, load_course_dir
from ..content.spec import CompetencyDef, CourseSpec, Problem, Quiz
from ..extensions import db
from ..models import (
    Competency,
    Course,
    CourseCompetency,
    CourseVersion,
    MediaBlob,
    Module,
    Question,
    VersionMedia,
)

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
        return [], [Problem(display, 1, f"berkas tidak bisa dibaca sebagai UTF-8: {exc}")]
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
    spec, problems = check_source(source, known_competencies())
    if spec is None:
        return CourseResult(source.slug, "invalid", problems=problems)
    try:
        result = publish_spec(spec, published_by_id)
    except IntegrityError:
        message = (
            "kursus ini sedang diterbitkan oleh proses lain pada saat yang sama; "
            "tidak ada yang diubah, silakan ulangi"
        )
        return CourseResult(
            source.slug, "invalid", problems=[Problem(source.display("course.md"), 1, message)]
        )
    # Keep the exact files (also for a version published before sources were kept), so
    # the version can be exported, compared with a draft, or restored.
    version_id = db.session.scalar(
        select(CourseVersion.id)
        .join(Course, Course.id == CourseVersion.course_id)
        .where(Course.slug == spec.slug, CourseVersion.content_hash == spec.content_hash)
    )
    if version_id is not None:
        store_version_files(version_id, source)
        db.session.commit()
    return result


def publish_spec(spec: CourseSpec, published_by_id: int | None = None) -> CourseResult:
    """Store a parsed course as a new live version unless identical content exists."""
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise
    same = db.session.scalar(
        select(CourseVersion).where(
            CourseVersion.course_id == course.id, CourseVersion.content_hash == spec.content_hash
        )
    )
    if same is not None:
        if course.live_version_id == same.id:
            db.session.commit()
            return CourseResult(spec.slug, "unchanged", same.number, spec=spec)
        course.live_version_id = same.id
        db.session.commit()
        return CourseResult(spec.slug, "restored", same.number, spec=spec)

    number = (
        db.session.scalar(
            select(func.max(CourseVersion.number)).where(CourseVersion.course_id == course.id)
        )
        or 0
    ) + 1
    version = _build_version(spec, course.id, number, published_by_id)
    db.session.add(version)
    try:
        db.session.flush()
        _store_media(spec, version.id)
        course.live_version_id = version.id
        db.session.commit()
    except IntegrityError:
        # Another publisher stored this course at the same moment; theirs stands.
        db.session.rollback()
        raise
    return CourseResult(spec.slug, "new", number, spec=spec)


def _build_version(
    spec: CourseSpec, course_id: int, number: int, published_by_id: int | None
) -> CourseVersion:
    competency_ids = dict(
        db.session.execute(
            select(Competency.slug, Competency.id).where(
                Competency.slug.in_([code for code, _ in spec.competencies])
            )
        ).all()
    )
    version = CourseVersion(
        course_id=course_id,
        number=number,
        content_hash=spec.content_hash,
        title=spec.title,
        summary=spec.summary,
        category=spec.category,
        jp=spec.jp,
        total_minutes=spec.total_minutes,
        pass_percent=spec.pass_percent,
        pretest=spec.pretest,
        valid_years=spec.valid_years,
        overview_html=spec.overview_html,
        exam_settings=spec.exam.settings.as_dict() if spec.exam else None,
        exam_question_count=len(spec.exam.questions) if spec.exam else 0,
        search_text=spec.text.casefold(),
        published_by_id=published_by_id,
    )
    version.competencies = [
        CourseCompetency(competency_id=competency_ids[code], level=level)
        for code, level in spec.competencies
        if code in competency_ids
    ]
    for module in spec.modules:
        version.modules.append(
            Module(
                position=module.position,
                slug=module.slug,
                filename=module.filename,
                title=module.title,
                minutes=module.minutes,
                html=module.html,
                toc=[{"level": t.level, "anchor": t.anchor, "text": t.text} for t in module.toc],
                quiz_settings=module.quiz.settings.as_dict() if module.quiz else None,
                question_count=len(module.quiz.questions) if module.quiz else 0,
            )
        )
    sections: list[tuple[str, Quiz]] = [(m.slug, m.quiz) for m in spec.modules if m.quiz]
    if spec.exam:
        sections.append(("", spec.exam))
    version.questions = [
        Question(
            section=section,
            position=position,
            qid=q.qid,
            kind=q.kind,
            prompt=q.prompt,
            prompt_html=q.prompt_html,
            body_html=q.body_html,
            choices=[{"key": c.key, "html": c.html, "correct": c.correct} for c in q.choices],
            answers=list(q.answers),
            explanation_html=q.explanation_html,
        )
        for section, quiz in sections
        for position, q in enumerate(quiz.questions, start=1)
    ]
    return version


def _store_media(spec: CourseSpec, version_id: int) -> None:
    shas = [m.sha256 for m in spec.media]
    blobs = {
        b.sha256: b.id
        for b in db.session.execute(
            select(MediaBlob.sha256, MediaBlob.id).where(MediaBlob.sha256.in_(shas))
        )
    }
    for media in spec.media:
        if media.sha256 not in blobs:
            blob = MediaBlob(
                sha256=media.sha256, mime=media.mime, size=len(media.data), data=media.data
            )
            db.session.add(blob)
            db.session.flush()
            blobs[media.sha256] = blob.id
        db.session.add(
            VersionMedia(version_id=version_id, name=media.name, blob_id=blobs[media.sha256])
        )


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
                    "bukan folder kursus: tidak ada course.md di folder ini atau subfoldernya",
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
