"""Learner pages: catalog, course overview, module reading and "my learning"."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from .. import live_versions as live
from ..assignments import pages as mandatory
from ..certificates import services as certificates
from ..domain.completion import completed_count, module_complete, module_states
from ..domain.gates import pretest_offer
from ..domain.jp import remaining
from ..domain.progress import percent
from ..front import queries as front
from ..front.access import public_page
from ..progress import gates
from ..progress import queries as progress
from ..progress import services as progress_service
from ..progress.steps import course_step
from ..questions.queries import module_summary
from ..web import page_number
from . import labels, notes, services
from . import survey as survey_service
from .competencies import profile as competency_profile
from .forms import REFLECTION_LABEL, MarkReadForm, ReflectionForm, SurveyForm
from .version_parts import course_card, module_links, module_text

bp = Blueprint("learn", __name__)
bp.add_app_template_filter(labels.duration, "duration")
bp.add_app_template_filter(labels.step_label, "step_label")
bp.add_app_template_global(labels.step_url, "step_url")
bp.add_app_template_global(course_card, "course_card")
bp.add_app_template_global(module_text, "module_text")
bp.add_app_template_global(module_links, "module_links")

QUIZ_ANCHOR = "kuis-modul"  # the quiz section of the module page
REFLECT_ANCHOR = "renungkan"  # the reflection box and its private note


def _page_arg() -> int:
    return page_number(request.args.get("page"))


def _varies(page: str) -> Response:
    """The page, marked as differing by cookie: a visitor and a learner get different
    renderings of the same address, which no shared cache may mix up."""
    response = Response(page)
    response.vary.add("Cookie")
    return response


@bp.get("/courses")
@public_page
def catalog():
    """List published courses, with search and filters; a visitor's copy has no progress."""
    search = services.CatalogSearch.from_args(request.args)
    result = services.catalog(search, _page_arg(), current_app.config["CATALOG_PAGE_SIZE"])
    categories, competencies = services.catalog_filters()
    signed_in = current_user.is_authenticated
    mine = progress.my_courses(current_user.id) if signed_in else []
    page = render_template(
        "learn/catalog.html",
        result=result,
        search=search,
        categories=categories,
        competencies=competencies,
        mine={c.slug: c for c in mine},
    )
    return _varies(page)


def public_course(slug: str) -> Response:
    """A visitor's course overview: the version from the cache and its trainers (two
    statements), nothing of any learner, and the way to log in and start."""
    found = front.live_version_id(slug)
    version = found and live.version_view(found[1])
    if not version:
        abort(404)
    page = render_template(
        "learn/course_public.html",
        slug=slug,
        version=version,
        authors=front.authors(found[0]),
    )
    return _varies(page)


def course_or_404(slug: str):
    """The published course and its live version, or a 404."""
    found = services.live_course(slug)
    if found is None:
        abort(404)
    return found


def visit_or_404(slug: str):
    """The learner's visit of the live course (progress.queries.Visit) and its cached
    version (learn.live), or a 404."""
    found = progress.visit(current_user.id, slug)
    version = found and live.version_view(found.version_id)
    if not version:
        abort(404)
    return found, version


def _module_or_404(slug: str, module: str):
    """The visit, the version and the module, or a 404."""
    found, version = visit_or_404(slug)
    row = version.module(module)
    if row is None:
        abort(404)
    return found, version, row


@bp.get("/courses/<slug>")
@public_page
def course(slug: str):
    """Show a course overview and syllabus first: each module's state, the pre-test offer
    (start or skip, never forced), the final exam, the next step and the completion. A
    visitor sees the overview alone (public_course)."""
    if not current_user.is_authenticated:
        return public_course(slug)
    found, version = visit_or_404(slug)
    if found.enrollment_id is None:
        progress_service.enrol(current_user.id, found.course_id)
    reading = gates.read_course(current_user.id, found.course_id, version, found.pretest_status)
    facts, completion = reading.facts, reading.completion
    done = completed_count(facts.modules)
    scores = progress.best_scores(current_user.id, found.course_id)
    page = render_template(
        "learn/course.html",
        slug=slug,
        version=version,
        states={s.slug: s for s in facts.modules},
        done=done,
        progress=percent(done, len(facts.modules)),
        step=course_step(
            current_user.id,
            found.course_id,
            version,
            facts.modules,
            reading.passed,
            completion is not None,
        ),
        started=found.last_module_slug is not None or facts.studied,
        completion=completion,
        pretest=scores.get("pretest"),
        posttest=scores.get("exam"),
        offer=pretest_offer(facts).value,
        exam_open=all(module_complete(s) for s in facts.modules),
        has_task=version.has_task,
    )
    return _varies(page)


@bp.get("/courses/<slug>/<module>")
@login_required
def module(slug: str, module: str):
    """Show one module with its table of contents and previous/next links: the version from
    the cache, the learner's facts in one statement, a write only when the resume pointer
    moves, the questions' summary (at most 5 statements with the user's)."""
    found, version, row = _module_or_404(slug, module)
    facts = progress.reading_facts(
        current_user.id, found.course_id, module if row.reflect_html else None
    )
    progress_service.note_opened(current_user.id, found, module)
    states = {s.slug: s for s in module_states(version.modules, facts.read, facts.passed)}
    # The forms post back to their own routes, which validate them: the page itself needs
    # only the CSRF token (csrf_token() in the template), not WTForms objects.
    reflection = {"text": facts.note, "label": REFLECTION_LABEL} if row.reflect_html else None
    return render_template(
        "learn/module.html",
        slug=slug,
        version=version,
        module=row,
        state=states[module],
        # Marking a module read closes the pre-test offer: say so before it happens.
        pretest_offered=version.offers_pretest and found.pretest_status is None,
        reflection=reflection,
        # Questions to the trainer: the count and the pinned Tanya-jawab (one statement).
        questions=module_summary(current_user.id, current_user.unit_id, found.course_id, module),
    )


@bp.post("/courses/<slug>/<module>/reflection")
@login_required
def save_reflection(slug: str, module: str):
    """Keep the learner's private answer to the module's `## Renungkan` case."""
    found, _version, row = _module_or_404(slug, module)
    if not row.reflect_html:
        abort(404)
    form = ReflectionForm()
    if not form.validate_on_submit():
        if not form.csrf_token.data or "csrf_token" in form.errors:
            abort(400)
        for message in form.text.errors:
            flash(message, "error")
        return redirect(url_for("learn.module", slug=slug, module=module, _anchor=REFLECT_ANCHOR))
    notes.save_note(current_user.id, found.course_id, module, form.text.data or "")
    flash(_("Catatan pribadi Anda disimpan. Hanya Anda yang dapat membacanya."), "success")
    return redirect(url_for("learn.module", slug=slug, module=module, _anchor=REFLECT_ANCHOR))


@bp.post("/courses/<slug>/<module>/read")
@login_required
def mark_read(slug: str, module: str):
    """Mark a module as read and stay on it: its quiz, if it has one, is the next thing."""
    found, version, row = _module_or_404(slug, module)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    progress_service.mark_read(current_user.id, found.course_id, version.id, module)
    flash(_("Modul \u201c%(title)s\u201d ditandai selesai dibaca.", title=row.title), "success")
    anchor = QUIZ_ANCHOR if row.question_count else None
    return redirect(url_for("learn.module", slug=slug, module=module, _anchor=anchor))


@bp.get("/my")
@login_required
def my():
    """Show mandatory courses first, then the learner's courses, JP this year and per year."""
    courses = progress.my_courses(current_user.id)
    years = progress.jp_by_year(current_user.id)
    this_year = clock.this_year()
    target = int(current_app.config["ANNUAL_JP_TARGET"])
    jp_now = years.get(this_year, 0)
    return render_template(
        "learn/my.html",
        mandatory=mandatory.my_assignments(current_user),
        in_progress=[c for c in courses if c.completed_at is None],
        finished=[c for c in courses if c.completed_at is not None],
        years=years,
        this_year=this_year,
        jp_now=jp_now,
        target=target,
        remaining=remaining(jp_now, target),
        expiring=certificates.expiring_soon(current_user.id),
    )


@bp.get("/my/competencies")
@login_required
def my_competencies():
    """Show required and attained levels, the gaps, and courses that would close them."""
    rows = competency_profile(current_user)
    return render_template("learn/competencies.html", rows=rows, position=current_user.position)


@bp.route("/courses/<slug>/survey", methods=["GET", "POST"])
@login_required
def survey(slug: str):
    """Ask the satisfaction survey once the course is complete; editable for a week."""
    course, version = course_or_404(slug)
    try:
        gates.check(current_user.id, course.id, version, "survey")
    except gates.GateClosed as closed:
        flash(closed.message, "info")
        return redirect(url_for("learn.course", slug=slug))
    existing = survey_service.response_of(current_user.id, course.id)
    can_edit = survey_service.editable(existing)
    form = SurveyForm(obj=existing) if request.method == "GET" else SurveyForm()
    if request.method == "GET" and existing is not None:
        for field in SurveyForm.QUESTIONS:
            getattr(form, field).data = str(getattr(existing, field))
    if request.method == "POST":
        if not can_edit:
            flash(_("Survei hanya dapat diubah dalam 7 hari setelah diisi."), "error")
            return redirect(url_for("learn.survey", slug=slug))
        if form.validate():
            answers = {field: int(getattr(form, field).data) for field in SurveyForm.QUESTIONS}
            survey_service.save_response(
                current_user.id, course.id, version.id, answers, (form.comment.data or "").strip()
            )
            flash(_("Terima kasih! Jawaban survei Anda tersimpan."), "success")
            return redirect(url_for("learn.course", slug=slug))
    status = 422 if form.errors else 200
    return render_template(
        "learn/survey.html",
        slug=slug,
        version=version,
        form=form,
        existing=existing,
        can_edit=can_edit,
    ), status


@bp.get("/media/<digest>/<path:name>")
@login_required
def media(digest: str, name: str):
    """Serve a course media file by content hash; immutable, so cached for a year."""
    if len(digest) != 64:
        abort(404)
    blob = services.media_blob(digest)
    if blob is None:
        abort(404)
    if request.if_none_match and digest in request.if_none_match:
        return "", 304
    response = Response(blob.data, mimetype=blob.mime)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.set_etag(digest)
    # An SVG opened on its own must not run anything on our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return response
