"""Quiz, final exam and pre-test pages: start, answer, save, submit, see the result."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import live_versions as live
from ..certificates import services as certificates
from ..domain.gates import Closed
from ..domain.review import Review
from ..errors import Refusal
from ..learn import services as learn
from ..learn.views import course_or_404 as _course
from ..learn.views import visit_or_404
from ..models.base import utcnow
from ..progress import gates, steps
from ..progress import queries as progress
from ..progress import services as progress_service
from . import review, services
from .forms import ActionForm

bp = Blueprint("quiz", __name__)


@bp.app_template_global()
def quiz_size(version, section: str = "", kind: str = "exam"):
    """The QuizInfo (questions asked of the pool) of a quiz, for pages outside quiz/: the
    course page, catalog cards and /my word counts the way the quiz does."""
    return services.quiz_info(version, section, kind)


@bp.errorhandler(Refusal)
def quiz_error(error: Refusal):
    """A start or answer the rules refuse (a closed gate, no attempts left...)."""
    return render_template("quiz/refused.html", message=error.message), error.status


def _pretest_course(slug: str):
    """The course and its live version, if it offers a pre-test at all."""
    course, version = _course(slug)
    if not version.pretest:
        abort(404)
    return course, version


def _info(version, section: str, kind: str):
    info = services.quiz_info(version, section, kind)
    if info is None:
        abort(404)
    return info


def _landing(slug: str, section: str, kind: str):
    found, version = visit_or_404(slug)
    info = _info(version, section, kind)
    attempts = services.attempts_shown(current_user.id, found.course_id, section, kind)
    since = services.retake_start(current_user.id, found.course_id, info)
    counted = services.this_cycle(attempts, since)
    passed = any(a.passed for a in counted)
    left = None if not info.attempts else max(0, info.attempts - len(counted))
    gate = gates.closed(current_user.id, found.course_id, version, kind)
    return render_template(
        "quiz/landing.html",
        slug=slug,
        version=version,
        info=info,
        attempts=attempts,
        open_attempt=services.open_attempt(counted),
        passed=passed,
        retake=since is not None,
        left=left,
        gate=gates.MESSAGES[gate] if gate else None,
    )


def _start(slug: str, section: str, kind: str):
    course, version = _course(slug)
    info = _info(version, section, kind)
    if not ActionForm().validate_on_submit():
        abort(400)
    attempt = services.start_attempt(current_user.id, course, version, info)
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/courses/<slug>/quiz/<module>")
@login_required
def module_quiz(slug: str, module: str):
    """Describe a module quiz: settings, attempts so far, and a start button."""
    return _landing(slug, module, "quiz")


@bp.post("/courses/<slug>/quiz/<module>/start")
@login_required
def start_module_quiz(slug: str, module: str):
    return _start(slug, module, "quiz")


@bp.get("/courses/<slug>/exam")
@login_required
def exam(slug: str):
    """Describe the final exam (the post-test)."""
    return _landing(slug, "", "exam")


@bp.post("/courses/<slug>/exam/start")
@login_required
def start_exam(slug: str):
    return _start(slug, "", "exam")


@bp.get("/courses/<slug>/pretest")
@login_required
def pretest(slug: str):
    """Offer the ungraded pre-test once, before the first module."""
    course, version = _pretest_course(slug)
    info = _info(version, "", "pretest")
    enrollment = progress_service.enrol(current_user.id, course.id)
    attempts = services.attempts_shown(current_user.id, course.id, "", "pretest")
    return render_template(
        "quiz/pretest.html",
        slug=slug,
        version=version,
        info=info,
        status=enrollment.pretest_status,
        attempt=attempts[0] if attempts else None,
        gate=gates.MESSAGES.get(gates.closed(current_user.id, course.id, version, "pretest")),
    )


@bp.post("/courses/<slug>/pretest/start")
@login_required
def start_pretest(slug: str):
    _pretest_course(slug)
    return _start(slug, "", "pretest")  # the pre-test's gate is asked when it starts


@bp.post("/courses/<slug>/pretest/skip")
@login_required
def skip_pretest(slug: str):
    course, version = _pretest_course(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    progress_service.skip_pretest(current_user.id, course.id)
    flash(_("Prates dilewati. Selamat belajar!"), "success")
    first = version.modules[0].slug if version.modules else None
    if first:
        return redirect(url_for("learn.module", slug=slug, module=first))
    return redirect(url_for("learn.course", slug=slug))


def _attempt_context(attempt):
    course = learn.course_by_id(attempt.course_id)
    version = live.version_view(course.live_version_id)  # cached: no statement once warm
    info = services.quiz_info(version, attempt.section, attempt.kind) if version else None
    attempts = services.attempts_shown(current_user.id, course.id, attempt.section, attempt.kind)
    return course, version, info, attempts


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int):
    """Show an open attempt as a form, or a submitted one with its result."""
    attempt = services.as_read(services.owned_attempt(attempt_id, current_user.id))
    course, version, info, attempts = _attempt_context(attempt)
    if attempt.submitted_at is None:
        page = render_template(
            "quiz/attempt.html",
            attempt=attempt,
            course=course,
            version=version,
            info=info,
            form=ActionForm(),
            server_ms=int(utcnow().timestamp() * 1000),
        )
        # The service worker keeps an open attempt's page (questions, never keys) so that it
        # can be answered offline, also from its landing page's address (issue 19).
        return page, {"X-Elearn-Offline": _landing_url(course.slug, attempt)}
    return _result(attempt, course, version, info, attempts)


def _landing_url(slug: str, attempt) -> str:
    if attempt.kind == "quiz":
        return url_for("quiz.module_quiz", slug=slug, module=attempt.section)
    return url_for("quiz.pretest" if attempt.kind == "pretest" else "quiz.exam", slug=slug)


def _result(attempt, course, version, info, attempts):
    """The result page, showing no more of the attempt than the review policy allows."""
    passed_any = any(a.passed for a in attempts)
    exhausted = bool(info and info.attempts and len(attempts) >= info.attempts)
    level = review.level(attempt, version, passed_any, len(attempts))
    right = review.marks(attempt, services.asked_questions(attempt))
    completion = progress.completion(current_user.id, course.id)
    return render_template(
        "quiz/result.html",
        attempt=attempt,
        course=course,
        version=version,
        info=info,
        attempts=attempts,
        level=level,
        Review=Review,
        modules=review.module_rows(attempt, version, right) if level >= Review.MODULES else [],
        attempt_marks=right if level >= Review.MARKS else {},
        can_retry=attempt.kind != "pretest" and not passed_any and not exhausted,
        completion=completion,
        certificate=_certificate(course.id) if completion and attempt.kind == "exam" else None,
        task_next=bool(
            attempt.kind == "exam"
            and attempt.passed
            and not completion
            and course.id in steps.pending_tasks(current_user.id, [course.id])
        ),
        form=ActionForm(),
    )


def _certificate(course_id: int):
    mine = certificates.of_user(current_user.id)
    return next((c for c in mine if c.course_id == course_id), None)


@bp.post("/attempts/<int:attempt_id>")
@login_required
def answer(attempt_id: int):
    """Save the answers (button "Simpan") or submit them (button "Kirim jawaban")."""
    attempt = services.owned_attempt(attempt_id, current_user.id)
    closed = services.answers_closed(attempt, current_user.id)
    if closed is not None:
        if closed is Closed.TIME_UP:
            services.close_overdue(attempt)
        flash(gates.MESSAGES[closed], "info" if closed is Closed.SUBMITTED else "error")
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    responses = services.read_responses(attempt, request.form)
    if request.form.get("action") == "save":
        services.save_responses(attempt, responses)
        flash(_("Jawaban tersimpan. Anda bisa melanjutkannya nanti."), "success")
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    if not services.submit(attempt, responses):
        flash(_("Jawaban percobaan ini sudah terkirim sebelumnya; hasilnya di bawah."), "info")
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.post("/attempts/<int:attempt_id>/save")
@login_required
def autosave(attempt_id: int):
    """Keep answers as the learner types (called by quiz.js); 204 when saved."""
    attempt = services.owned_attempt(attempt_id, current_user.id)
    responses = services.read_responses(attempt, request.form)
    closed = services.answers_closed(attempt, current_user.id)
    if closed is not None or not services.save_responses(attempt, responses):
        reason = gates.MESSAGES[closed] if closed else _("Percobaan sudah dikirim.")
        return {"saved": False, "reason": str(reason)}, 409
    return "", 204
