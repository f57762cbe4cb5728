"""The public questionnaire of the citizens' satisfaction survey: /skm/<code>, no login.

Anyone who scans a service's poster answers the nine elements, optionally a comment and a
profile; the answer is stored anonymously (services.record_answer). A private site sends
visitors to the login page here as on the public front. Floods are refused on the server:
a rate limit per client address (SKM_RATE_LIMIT, POSTs only), one answer per device,
service and day, and the traps of guard.py.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, url_for
from flask_limiter import RateLimitExceeded

from .. import clock
from ..domain import skm
from ..extensions import limiter
from ..front.access import public_page
from . import guard, services
from .forms import COMMENT_MAX, PROFILE, SurveyForm

bp = Blueprint("skm_public", __name__, url_prefix="/skm")
log = logging.getLogger("elearn.skm")


def _service_or_404(code: str) -> services.Listed:
    found = services.open_service(code)
    if found is None:
        abort(make_response(render_template("skm/public_missing.html"), 404))
    return found


def _page(template: str, status: int, device: tuple[str, bool] | None = None, **context):
    """A questionnaire page: never cached (it carries a form's tokens), giving a new device
    its id."""
    response = make_response(render_template(template, **context), status)
    response.headers["Cache-Control"] = "no-store"
    if device is not None and device[1]:
        guard.remember_device(response, device[0])
    return response


@bp.errorhandler(RateLimitExceeded)
def too_many(_error):
    """The flood page, in the survey's own words (the limit is per hour, not per minute)."""
    return render_template("skm/public_limited.html"), 429


@bp.route("/<code>", methods=["GET", "POST"])
@public_page
@limiter.limit(lambda: current_app.config["SKM_RATE_LIMIT"], methods=["POST"])
def questionnaire(code: str):
    """Show the nine questions of a service; store a citizen's answers."""
    found = _service_or_404(code)
    service = found.service
    device = guard.device_id()
    today = clock.today()
    key = guard.device_key(device[0], service.id, today)
    form = SurveyForm()
    context = {
        "found": found,
        "elements": skm.ELEMENTS,
        "profile": PROFILE,
        "comment_max": COMMENT_MAX,
    }
    if form.validate_on_submit():
        thanks_url = url_for(".thanks", code=service.public_code)  # before the commit expires it
        # Checked on a complete form only: a person who sends too early is shown what is
        # missing. A trapped one is thanked like anyone, so a script learns nothing.
        reason = guard.trapped(form.website.data, form.shown.data, service.id)
        if reason:
            log.warning("skm: submission discarded (%s) for service %s", reason, service.id)
            return redirect(thanks_url, 303)
        answer = services.Answer(form.scores(), form.comment_text(), **form.profile())
        if not services.record_answer(service, answer, key, today):
            return _page("skm/public_already.html", 409, device, **context)
        response = redirect(thanks_url, 303)
        if device[1]:
            guard.remember_device(response, device[0])
        return response
    if not device[1] and services.already_answered(service.id, key):
        status = 409 if form.is_submitted() else 200
        return _page("skm/public_already.html", status, device, **context)
    if not form.is_submitted() or guard.seconds_since_shown(form.shown.data, service.id) is None:
        form.shown.data = guard.form_shown(service.id)
    status = 422 if form.errors else 200
    return _page("skm/public.html", status, device, form=form, **context)


@bp.get("/<code>/terima-kasih")
@public_page
def thanks(code: str):
    """Thank the citizen; the page says what happens with the answers."""
    found = _service_or_404(code)
    return _page("skm/public_thanks.html", 200, found=found)
