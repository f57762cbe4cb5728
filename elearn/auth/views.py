"""Logging in and out."""

import math
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_user

from .. import site_settings
from . import oidc, sessions, throttle
from .forms import ActivationForm, LoginForm, LogoutForm, show_error
from .services import AccountError, activate, authenticate
from .sso import password_refused

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Accept only a path on this site as the place to return to after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _sso_state() -> dict:
    """What the login page shows of single sign-on: its button (when configured) and
    whether learners' passwords are off (the admin's setting, only while it is)."""
    config = current_app.config
    if not oidc.configured(config):
        return {"sso_label": None, "passwords_off": False}
    return {
        "sso_label": oidc.settings(config)["button_label"],
        "passwords_off": site_settings.learner_passwords_off(),
    }


def _learner_refusal(user) -> str | None:
    if password_refused(user):
        return _(
            "Peserta masuk dengan SSO: admin telah menonaktifkan kata sandi lokal untuk "
            "peserta. Klik \u201cMasuk dengan SSO\u201d."
        )
    return None


def _login_page(form, error, next_url, status):
    page = render_template("auth/login.html", form=form, error=error, next=next_url, **_sso_state())
    return page, status


@bp.route("/login", methods=["GET", "POST"])
@throttle.guarded
def login():
    """Show the login form and sign the user in."""
    next_url = _safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("learn.my"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        sso = _sso_state()
        refusal = _learner_refusal if sso["passwords_off"] else None
        try:
            user = authenticate(form.username.data, form.password.data, refusal)
        except AccountError as exc:
            return _login_page(form, str(exc), next_url, 403)
        if user is not None:
            throttle.forgive_account()
            session.pop("sso_login", None)  # a password login ends nothing at the provider
            login_user(user)
            return redirect(next_url or url_for("learn.my"))
        throttle.failed()
        error = _("NIP/nama pengguna atau kata sandi salah. Periksa kembali lalu coba lagi.")
    status = 200 if request.method == "GET" or form.errors == {} and error is None else 422
    return _login_page(form, error, next_url, status)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """Sign out on POST; GET asks for confirmation so a link cannot log anyone out."""
    form = LogoutForm()
    if request.method == "POST" and form.validate_on_submit():
        # A login through single sign-on ends at the provider too (RP-initiated logout).
        sso_login = session.pop("sso_login", None)
        sessions.sign_out()
        provider_logout = oidc.logout_url(sso_login.get("id_token")) if sso_login else None
        return redirect(provider_logout or url_for("auth.login"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)


@bp.route("/activate", methods=["GET", "POST"])
@throttle.guarded
def activation():
    """First login of an imported employee: NIP, one-time code and a new password."""
    form = ActivationForm()
    error = None
    if form.validate_on_submit():
        try:
            user = activate(form.username.data, form.code.data, form.password.data)
        except AccountError as exc:
            error = show_error(form, exc)
        else:
            if user is not None:
                throttle.forgive_account()
                login_user(user)
                return redirect(url_for("learn.my"))
            throttle.failed()
            error = _(
                "NIP atau kode aktivasi salah, atau kodenya sudah dipakai atau kedaluwarsa. "
                "Minta kode baru ke BKPSDM bila perlu."
            )
    status = 200 if request.method == "GET" else 422
    return render_template("auth/activate.html", form=form, error=error), status


@bp.errorhandler(RateLimitExceeded)
def too_many_failures(_error):
    """Refuse on the form itself, keeping what was typed (a password field never shows it)."""
    wait = throttle.retry_after()
    error = _(
        "Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam "
        "%(minutes)d menit.",
        minutes=math.ceil(wait / 60),
    )
    if request.endpoint == "auth.activation":
        page = render_template("auth/activate.html", form=ActivationForm(), error=error)
    else:
        next_url = _safe_next(request.values.get("next"))
        page, _status = _login_page(LoginForm(), error, next_url, 429)
    return page, 429, {"Retry-After": str(wait)}
