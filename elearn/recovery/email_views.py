"""Changing the account's e-mail address: confirmed from the new address, the old one told."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth import recovery, throttle
from ..auth.account_views import page as account_page
from ..auth.forms import EmailChangeForm, LogoutForm, PasswordChangeForm
from ..auth.services import AccountError
from ..domain.recovery import EMAIL_LINK
from . import mail
from .views import NO_STORE, bp, link_invalid


@bp.post("/account/email")
@login_required
@throttle.per_user("PASSWORD_RESETS_PER_ACCOUNT")
def request_email():
    """Send a confirmation link to the new address; nothing changes until it is opened."""
    form = EmailChangeForm()
    other = PasswordChangeForm(formdata=None)
    if not form.validate_on_submit():
        return account_page(other, status=422, email_form=form)
    if not mail.configured():
        error = _("Server e-mail belum diatur, jadi e-mail belum dapat diganti. Hubungi admin.")
        return account_page(other, status=422, email_form=form, email_error=error)
    user = current_user._get_current_object()
    new_email = form.email.data.strip()
    try:
        secret = recovery.request_email_change(user, form.email_password.data, new_email)
    except AccountError as exc:  # the password is wrong
        form.email_password.errors = [str(exc)]
        return account_page(other, status=422, email_form=form)
    if not mail.confirm_email(user, new_email, secret):
        error = _("E-mail konfirmasi tidak dapat dikirim ke %(e)s. Coba lagi nanti.", e=new_email)
        return account_page(other, status=422, email_form=form, email_error=error)
    flash(
        _(
            "Tautan konfirmasi telah dikirim ke %(e)s. E-mail akun baru berganti setelah "
            "tautan itu dibuka.",
            e=new_email,
        ),
        "success",
    )
    return redirect(url_for("account.index"))


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """GET shows the address and a button (a mail scanner opening the link changes
    nothing); POST makes it the account's and tells the old address."""
    found = recovery.find_link(token, EMAIL_LINK)
    if found is None:
        return link_invalid()
    form = LogoutForm()  # a form with only its CSRF token
    if form.validate_on_submit():
        user, old = recovery.confirm_email(found)
        if old and old.lower() != (user.email or "").lower():
            mail.email_changed(user, old)
        flash(_("E-mail akun sekarang %(e)s.", e=user.email), "success")
        if current_user.is_authenticated:
            return redirect(url_for("account.index"))
        return redirect(url_for("auth.login"))
    page = render_template("auth/email_confirm.html", form=form, token=found, secret=token)
    return page, 200, NO_STORE
