"""A user's notices (reminders of mandatory training) and the unread count in the header."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..web import page_number
from . import services
from .forms import ConfirmForm

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.app_context_processor
def notice_helpers():
    """Templates get the unread count lazily: only pages that show the header ask for it."""

    def unread_notices() -> int:
        if not current_user.is_authenticated:
            return 0
        if "unread_notices" not in g:
            try:
                g.unread_notices = services.unread_count(current_user.id)
            except SQLAlchemyError:  # an error page while the database is down still renders
                db.session.rollback()
                g.unread_notices = 0
        return g.unread_notices

    return {"unread_notices": unread_notices}


@bp.get("")
@login_required
def index():
    """The user's notices, newest first."""
    page = page_number(request.args.get("page"))
    rows, total = services.notices_of(current_user.id, page)
    return render_template(
        "assignments/notices.html",
        rows=rows,
        total=total,
        page=page,
        page_size=services.NOTICE_PAGE_SIZE,
        form=ConfirmForm(),
    )


@bp.post("/read")
@login_required
def mark_read():
    """Mark every notice as read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user.id)
    if count:
        flash(_("%(n)s pemberitahuan ditandai sudah dibaca.", n=count), "success")
    return redirect(url_for("notices.index"))
