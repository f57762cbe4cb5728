"""Authoring: publishing a draft, the version history, restoring a version, discarding.

Pages of the `authoring` blueprint (views.py), with its access rules.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import roles_required
from . import services, versions
from .access import AUTHORS, course_or_404
from .errors import AuthoringError, error_message
from .forms import ActionForm, PublishForm
from .views import bp, draft_route


@draft_route("/<slug>/publish", methods=("GET", "POST"))
def publish(course):
    """Validate the whole draft, show what changed against the live version, publish."""
    error = None
    if request.method == "POST":
        form = PublishForm()
        if not form.validate_on_submit():
            abort(400)
        try:
            result = services.publish(course, form.draft_hash.data or "", current_user.id)
        except AuthoringError as exc:
            error = error_message(exc)
        else:
            outcome = {
                "new": (
                    _("Versi %(n)s diterbitkan. Peserta sekarang melihat versi ini."),
                    ".history",
                ),
                "restored": (
                    _("Isi draf sama dengan versi %(n)s; versi itu kembali tayang."),
                    ".history",
                ),
                "unchanged": (_("Tidak ada perubahan: versi %(n)s tetap tayang."), ".course"),
            }.get(result.status)
            if outcome is not None:
                message, endpoint = outcome
                flash(message % {"n": result.version}, "success")
                return redirect(url_for(endpoint, slug=course.slug))
            error = _("Draf masih bermasalah, jadi belum diterbitkan. Perbaiki masalah di bawah.")
        course = course_or_404(course.slug)
    check = versions.check_publish(course)
    form = PublishForm(formdata=None, draft_hash=check.draft_hash)
    return render_template(
        "authoring/publish.html", course=course, check=check, form=form, error=error
    ), 409 if error else 200


@bp.get("/<slug>/history")
@roles_required(*AUTHORS)
def history(slug: str):
    """Every published version: number, title, when (WIB), by whom, which one is live."""
    course = course_or_404(slug)
    return render_template("authoring/history.html", course=course, rows=versions.history(course))


def _version_or_404(course, number: int):
    version = versions.version_or_none(course, number)
    if version is None:
        abort(404)
    return version


@bp.get("/<slug>/versions/<int:number>")
@roles_required(*AUTHORS)
def version(slug: str, number: int):
    """The files a version was published from."""
    course = course_or_404(slug)
    version = _version_or_404(course, number)
    files = versions.version_files(version)
    return render_template(
        "authoring/version.html", course=course, version=version, files=files, action=ActionForm()
    )


@bp.route("/<slug>/versions/<int:number>/restore", methods=["GET", "POST"])
@roles_required(*AUTHORS)
def restore(slug: str, number: int):
    """Make an old version's files the draft, after a confirmation (live stays as it is)."""
    course = course_or_404(slug)
    version = _version_or_404(course, number)
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if not services.restore(course, version, current_user.id):
            return render_template(
                "authoring/restore.html", course=course, version=version, changes=None,
                action=ActionForm(),
            ), 409  # fmt: skip
        flash(
            _(
                "Draf sekarang berisi versi %(n)s. Terbitkan bila ingin peserta melihatnya.",
                n=number,
            ),
            "success",
        )
        return redirect(url_for(".course", slug=course.slug))
    changes = versions.restore_changes(course, version)
    return render_template(
        "authoring/restore.html",
        course=course,
        version=version,
        changes=changes,
        action=ActionForm(),
    )


@draft_route("/<slug>/discard", methods=("GET", "POST"))
def discard(course):
    """Throw away the draft's changes: it starts over from the live version."""
    error = None
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            services.discard(course, current_user.id)
        except AuthoringError as exc:
            error = error_message(exc)
        else:
            flash(_("Perubahan draf dibuang; draf sama dengan versi yang tayang."), "success")
            return redirect(url_for(".course", slug=course.slug))
    return render_template(
        "authoring/discard.html", course=course, action=ActionForm(), error=error
    ), 409 if error else 200
