"""The e-mails of account recovery, sent at once through the configured SMTP server, each in
its recipient's language (their stored choice, else the language of the request)."""

from __future__ import annotations

import threading

from flask import current_app, url_for
from flask_babel import gettext as _

from ..assignments import mail
from ..i18n import in_locale
from ..models import User


def configured() -> bool:
    return mail.settings_from(current_app.config) is not None


def absolute(endpoint: str, **values) -> str:
    """A link to this site for a mail (PUBLIC_URL when set: the host behind a proxy)."""
    public = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    return (
        public + url_for(endpoint, **values)
        if public
        else url_for(endpoint, _external=True, **values)
    )


def _deliver(app, settings, item) -> bool:
    with app.app_context():
        result = mail.deliver(settings, [item])
        for error in result.errors:
            app.logger.warning("account mail: %s", error)
        return bool(result.sent)


def send(to: str, name: str, subject: str, body: str, background: bool = False) -> bool:
    """Send one message; False when no server is configured or it failed (logged).

    In the background, the answer does not wait for the SMTP server, so its timing does not
    tell whether an account was found (a "forgot password" request); True means queued."""
    settings = mail.settings_from(current_app.config)
    if settings is None:
        current_app.logger.warning("account mail not sent: MAIL_SERVER is not set")
        return False
    app = current_app._get_current_object()
    item = mail.Outgoing(0, to, name, subject, body)
    if background:
        threading.Thread(target=_deliver, args=(app, settings, item), daemon=True).start()
        return True
    return _deliver(app, settings, item)


def reset_link(user: User, secret: str, background: bool = False) -> bool:
    with in_locale(user.locale):
        minutes = current_app.config["PASSWORD_RESET_MINUTES"]
        body = _(
            "Halo %(name)s,\n\nAda permintaan mengatur ulang kata sandi akun %(username)s di "
            "ELearn ASN. Buka tautan ini untuk membuat kata sandi baru (berlaku %(minutes)s menit, "
            "sekali pakai):\n\n%(link)s\n\nBila Anda tidak memintanya, abaikan e-mail ini: kata "
            "sandi Anda tidak berubah.\n",
            name=user.full_name,
            username=user.username,
            minutes=minutes,
            link=absolute("recovery.reset", token=secret),
        )
        subject = _("Atur ulang kata sandi ELearn ASN")
        return send(user.email, user.full_name, subject, body, background)


def use_sso(user: User, background: bool = False) -> bool:
    """A learner whose local password is off is told to sign on instead of given a link."""
    with in_locale(user.locale):
        body = _(
            "Halo %(name)s,\n\nAda permintaan mengatur ulang kata sandi akun %(username)s di "
            "ELearn ASN. Peserta masuk dengan SSO, bukan dengan kata sandi lokal, jadi tidak ada "
            "kata sandi yang perlu diatur ulang. Buka %(link)s lalu klik \u201cMasuk dengan "
            "SSO\u201d. Lupa kata sandi SSO? Hubungi tim TI BKPSDM.\n",
            name=user.full_name,
            username=user.username,
            link=absolute("auth.login"),
        )
        return send(user.email, user.full_name, _("Masuk ELearn ASN dengan SSO"), body, background)


def reset_code(user: User, code: str, days: int) -> bool:
    with in_locale(user.locale):
        body = _(
            "Halo %(name)s,\n\nPengelola kepegawaian (BKPSDM) membuat kode untuk mengatur ulang "
            "kata sandi akun %(username)s: %(code)s\n\nBuka %(link)s, isi NIP, kode itu dan kata "
            "sandi baru. Kode berlaku %(days)s hari dan hanya sekali pakai.\n",
            name=user.full_name,
            username=user.username,
            code=code,
            days=days,
            link=absolute("auth.activation"),
        )
        return send(user.email, user.full_name, _("Kode atur ulang kata sandi ELearn ASN"), body)


def confirm_email(user: User, new_email: str, secret: str) -> bool:
    with in_locale(user.locale):
        hours = current_app.config["EMAIL_CONFIRM_HOURS"]
        body = _(
            "Halo %(name)s,\n\nAlamat ini diminta menjadi e-mail akun %(username)s di ELearn ASN. "
            "Buka tautan ini untuk mengonfirmasi (berlaku %(hours)s jam, sekali pakai):\n\n"
            "%(link)s\n\nBila Anda tidak memintanya, abaikan e-mail ini.\n",
            name=user.full_name,
            username=user.username,
            hours=hours,
            link=absolute("recovery.confirm_email", token=secret),
        )
        return send(new_email, user.full_name, _("Konfirmasi e-mail ELearn ASN"), body)


def email_changed(user: User, old_email: str) -> bool:
    with in_locale(user.locale):
        body = _(
            "Halo %(name)s,\n\nE-mail akun %(username)s di ELearn ASN baru saja diganti dari "
            "alamat ini ke alamat lain. Bila bukan Anda yang menggantinya, segera ganti kata "
            "sandi dan hubungi pengelola kepegawaian (BKPSDM).\n",
            name=user.full_name,
            username=user.username,
        )
        return send(old_email, user.full_name, _("E-mail akun ELearn ASN diganti"), body)
