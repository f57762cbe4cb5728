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
from ..assignments import pages as mandatory
from ..certificates import services as certificates
from ..domain.completion import completed_count, module_complete
from ..domain.jp import remaining
from ..domain.progress import neighbours, percent, resume_slug
from ..progress import gates
from ..progress import queries as progress
from ..progress import services as progress_service
from ..tasks import queries as task_queries
from ..web import page_number
from . import services
from . import survey as survey_service
from .competencies import profile as competency_profile
from .forms import MarkReadForm, SurveyForm

bp = Blueprint("learn", __name__)


def _page_arg() -> int:
    return page_number(request.args.get("page"))


@bp.get("/courses")
@login_required
def catalog():
    """List published courses, with search and filters."""
    search = services.CatalogSearch.from_args(request.args)
    result = services.catalog(search, _page_arg(), current_app.config["CATALOG_PAGE_SIZE"])
    categories, competencies = services.catalog_filters()
    return render_template(
        "learn/catalog.html",
        result=result,
        search=search,
        categories=categories,
        competencies=competencies,
    )


def course_or_404(slug: str):
    """The published course and its live version, or a 404."""
    found = services.live_course(slug)
    if found is None:
        abort(404)
    return found


def _module_or_404(slug: str, module: str):
    course, version = course_or_404(slug)
    row = next((m for m in version.modules if m.slug == module), None)
    if row is None:
        abort(404)
    return course, version, row


def _pretest_pending(version, enrollment) -> bool:
    """A learner entering a pre-test course for the first time is offered the pre-test."""
    return bool(
        version.pretest and version.exam_question_count and enrollment.pretest_status is None
    )


@bp.get("/courses/<slug>")
@login_required
def course(slug: str):
    """Show a course overview, each module's state, the final exam and the completion."""
    course, version = course_or_404(slug)
    enrollment = progress_service.enrol(current_user.id, course.id)
    completion = progress.completion(current_user.id, course.id)
    if completion is None and _pretest_pending(version, enrollment):
        return redirect(url_for("quiz.pretest", slug=slug))
    states = {s.slug: s for s in progress.module_states(current_user.id, course.id, version)}
    done = completed_count(list(states.values()))
    read = {slug for slug, state in states.items() if state.read}
    scores = progress.best_scores(current_user.id, course.id)
    return render_template(
        "learn/course.html",
        slug=slug,
        version=version,
        states=states,
        done=done,
        progress=percent(done, len(states)),
        resume=resume_slug(list(states), read, enrollment.last_module_slug),
        started=enrollment.last_module_slug is not None or bool(read),
        completion=completion,
        pretest=scores.get("pretest"),
        posttest=scores.get("exam"),
        exam_open=all(module_complete(s) for s in states.values()),
        has_task=task_queries.task_of(version.id) is not None,
    )


@bp.get("/courses/<slug>/<module>")
@login_required
def module(slug: str, module: str):
    """Show one module with its table of contents and previous/next links."""
    course, version, row = _module_or_404(slug, module)
    enrollment = progress_service.enrol(current_user.id, course.id, module)
    if (
        _pretest_pending(version, enrollment)
        and progress.completion(current_user.id, course.id) is None
    ):
        return redirect(url_for("quiz.pretest", slug=slug))
    states = {s.slug: s for s in progress.module_states(current_user.id, course.id, version)}
    slugs = list(states)
    before, after = neighbours(slugs, module)
    return render_template(
        "learn/module.html",
        slug=slug,
        version=version,
        module=row,
        before=before,
        after=after,
        titles={m.slug: m.title for m in version.modules},
        state=states[module],
        done=completed_count(list(states.values())),
        total=len(slugs),
        form=MarkReadForm(),
    )


@bp.post("/courses/<slug>/<module>/read")
@login_required
def mark_read(slug: str, module: str):
    """Mark a module as read and move on to the next one."""
    course, version, row = _module_or_404(slug, module)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    progress_service.mark_read(current_user.id, course.id, version.id, module)
    flash(_("Modul \u201c%(title)s\u201d ditandai selesai dibaca.", title=row.title), "success")
    slugs = [m.slug for m in version.modules]
    after = neighbours(slugs, module)[1]
    if after:
        return redirect(url_for("learn.module", slug=slug, module=after))
    return redirect(url_for("learn.course", slug=slug))


@bp.get("/my")
@login_required
def my():
    """Show mandatory courses first, then the learner's courses, JP this year and per year."""
    courses = progress.my_courses(current_user.id)
    for item in courses:
        item.percent = percent(item.done, item.total)
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
