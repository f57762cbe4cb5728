"""The signed-in person's own account: change the password, log out of every device."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..i18n import forget_request_locale, language_choices
from . import sessions
from .forms import (
    EmailChangeForm,
    LanguageForm,
    LogoutForm,
    PasswordChangeForm,
    RecognitionNameForm,
    show_error,
)
from .services import AccountError, change_password, set_locale, set_recognition_public
from .views import _safe_next

bp = Blueprint("account", __name__, url_prefix="/account")


def page(
    form: PasswordChangeForm,
    error: str | None = None,
    status: int = 200,
    email_form: EmailChangeForm | None = None,
    email_error: str | None = None,
):
    """The account page; the e-mail change (recovery package) renders it too."""
    body = render_template(
        "auth/account.html",
        form=form,
        logout_form=LogoutForm(),
        error=error,
        email_form=email_form or EmailChangeForm(formdata=None),
        email_error=email_error,
        recognition_form=_recognition_form(),
    )
    return body, status


def _recognition_form() -> RecognitionNameForm:
    form = RecognitionNameForm(formdata=None)
    form.shown.data = current_user.recognition_public
    return form


@bp.get("")
@login_required
def index():
    return page(PasswordChangeForm())


@bp.post("/password")
@login_required
def password():
    """Change the password; every other device is logged out, this one stays in."""
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return page(form, status=422)
    user = current_user._get_current_object()
    try:
        change_password(user, form.current.data, form.password.data)
    except AccountError as exc:
        return page(form, show_error(form, exc), 422)
    login_user(user)  # the new session opened by change_password
    flash(
        _("Kata sandi diganti. Perangkat lain yang memakai akun ini sudah dikeluarkan."), "success"
    )
    return redirect(url_for("account.index"))


@bp.post("/penghargaan")
@login_required
def recognition_name():
    """The learner's choice: may their name appear in recognition lists beyond HR?"""
    form = RecognitionNameForm()
    if not form.validate_on_submit():
        flash(_("Pilihan tidak tersimpan. Muat ulang halaman, lalu coba lagi."), "error")
        return redirect(url_for("account.index", _anchor="recognition"))
    shown = bool(form.shown.data)
    if set_recognition_public(current_user._get_current_object(), shown):
        flash(
            _("Nama Anda dapat dicantumkan dalam daftar penghargaan.")
            if shown
            else _("Nama Anda tidak akan dicantumkan dalam daftar penghargaan di luar SDM."),
            "success",
        )
    return redirect(url_for("account.index", _anchor="recognition"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    """End every session of the account, this one included."""
    # CSRFProtect has checked the token already; the form has no other field.
    sessions.sign_out_everywhere(current_user._get_current_object())
    flash(_("Anda sudah keluar dari semua perangkat."), "success")
    return redirect(url_for("auth.login"))


def _referring_page() -> str | None:
    """The page the footer's form was on, from the Referer header (pages send it to their
    own site: Referrer-Policy same-origin). Pages carry no return path of their own, so an
    error page or a print view shows nothing of its address."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return _safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


@bp.post("/language")
def language():
    """The language switch (footer): a signed-in user's choice is kept on the account, so
    every later request and device follows it; a visitor's in the session (as ?lang=)."""
    form = LanguageForm()
    form.lang.choices = language_choices()
    back = _safe_next(form.next.data) or _referring_page() or url_for("front.landing")
    if not form.validate_on_submit():
        flash(_("Pilih salah satu bahasa yang tersedia."), "error")
        return redirect(back)
    chosen = form.lang.data
    session["lang"] = chosen
    if current_user.is_authenticated:
        set_locale(current_user._get_current_object(), chosen)
    forget_request_locale()
    flash(_("Bahasa tampilan diganti."), "success")
    return redirect(back)
