"""'Forgot password': a link by e-mail, and the page that link opens."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from limits import parse

from ..auth import recovery, throttle
from ..auth.account_views import page as account_page
from ..auth.forms import ForgotPasswordForm, PasswordChangeForm, ResetPasswordForm, show_error
from ..auth.services import AccountError
from ..auth.sso import password_refused
from ..domain.recovery import RESET_LINK
from ..extensions import limiter
from . import mail

bp = Blueprint("recovery", __name__)

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _limited(view):
    """Every request for a link counts, whether the account exists or not, so being refused
    tells nothing either; per account named and per client address."""
    per_address = limiter.limit(
        lambda: current_app.config["PASSWORD_RESETS_PER_ADDRESS"],
        key_func=get_remote_address,
        methods=["POST"],
    )
    per_account = limiter.limit(
        lambda: current_app.config["PASSWORD_RESETS_PER_ACCOUNT"],
        key_func=lambda: "reset-" + throttle.account_key(),
        methods=["POST"],
    )
    return per_address(per_account(view))


def same_answer() -> str:
    return _(
        "Jika akun terdaftar dan memiliki e-mail, tautan telah dikirim ke e-mail tersebut. "
        "Periksa juga folder spam. Tautan berlaku %(minutes)s menit dan hanya sekali pakai. "
        "Akun tanpa e-mail: minta kode atur ulang ke pengelola kepegawaian (BKPSDM).",
        minutes=current_app.config["PASSWORD_RESET_MINUTES"],
    )


def _account_allows(user) -> bool:
    """The account's own budget of mails, however it was named (NIP, username, address):
    the per-name limit above counts spellings apart. Over it, nothing is sent, silently."""
    rate = parse(current_app.config["PASSWORD_RESETS_PER_ACCOUNT"])
    return limiter.limiter.hit(rate, "password-reset-user", str(user.id))


def _send_for(user) -> None:
    """Mail one account named by a request: a link, or, for a learner whose password is
    off, a pointer to single sign-on. Failures are logged, never shown (same answer)."""
    if not user.email or not _account_allows(user):
        return
    if password_refused(user):
        mail.use_sso(user, background=True)
        return
    mail.reset_link(user, recovery.issue_reset_link(user), background=True)


@bp.route("/password/forgot", methods=["GET", "POST"])
@_limited
def forgot():
    """Ask for a reset link by NIP, username or e-mail; one answer whatever exists."""
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        for user in recovery.accounts_named(form.username.data):
            _send_for(user)
        flash(same_answer(), "success")
        return redirect(url_for("recovery.forgot"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/forgot.html", form=form, error=None), status


def link_invalid():
    """The one page for a link that is unknown, used, expired or of an inactive account."""
    return render_template("auth/link_invalid.html"), 404, NO_STORE


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Show the new-password form (GET uses nothing up) and set the password (POST)."""
    found = recovery.find_link(token, RESET_LINK)
    if found is None:
        return link_invalid()
    if password_refused(found.user):
        return render_template("auth/link_invalid.html", sso=True), 403, NO_STORE
    form = ResetPasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            user = recovery.reset_password(found, form.password.data)
        except AccountError as exc:
            error = show_error(form, exc)
        else:
            if current_user.is_authenticated and current_user.id == user.id:
                logout_user()  # every session ended with the reset, this browser's too
            flash(
                _(
                    "Kata sandi baru tersimpan dan akun ini sudah dikeluarkan dari semua "
                    "perangkat. Silakan masuk dengan kata sandi baru."
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    status = 200 if request.method == "GET" else 422
    page = render_template("auth/reset.html", form=form, error=error, token=token)
    return page, status, NO_STORE


@bp.errorhandler(RateLimitExceeded)
def too_many(_error):
    wait = throttle.retry_after()
    error = _(
        "Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam %(minutes)d menit.",
        minutes=math.ceil(wait / 60),
    )
    if request.endpoint == "recovery.forgot":
        page = render_template("auth/forgot.html", form=ForgotPasswordForm(), error=error)
    else:
        page, _status = account_page(PasswordChangeForm(formdata=None), email_error=error)
    return page, 429, {"Retry-After": str(wait)}
