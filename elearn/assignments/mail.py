"""E-mail through SMTP with the standard library: one connection per run, errors reported.

Settings (config keys, or ELEARN_* environment variables): MAIL_SERVER (empty: no
e-mail), MAIL_PORT, MAIL_USE_TLS (STARTTLS), MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM,
MAIL_TIMEOUT.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from ..observability import metrics


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    use_tls: bool
    username: str
    password: str
    sender: str
    timeout: float


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "ya", "on")
    return bool(value)


def settings_from(config) -> MailSettings | None:
    """Read the mail settings; None when no server is configured.

    Values from the environment may arrive as numbers or text (a numeric password is
    parsed as JSON by Flask), so everything is normalised here.
    """
    server = str(config.get("MAIL_SERVER") or "").strip()
    if not server:
        return None
    return MailSettings(
        server=server,
        port=int(config.get("MAIL_PORT") or 25),
        use_tls=_flag(config.get("MAIL_USE_TLS")),
        username=str(config.get("MAIL_USERNAME") or ""),
        password=str(config.get("MAIL_PASSWORD") or ""),
        sender=str(config.get("MAIL_FROM") or "elearn@localhost"),
        timeout=float(config.get("MAIL_TIMEOUT") or 10),
    )


@dataclass
class Outgoing:
    key: int  # the notice id, reported back when sent
    to: str
    name: str
    subject: str
    body: str


@dataclass
class Delivery:
    sent: list[int] = field(default_factory=list)
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def build(settings: MailSettings, item: Outgoing) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = formataddr((item.name, item.to))
    message["Subject"] = item.subject
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(item.body)
    return message


def deliver(settings: MailSettings, items: Iterable[Outgoing]) -> Delivery:
    """Send every message over one SMTP connection; never raises.

    A refused recipient fails that message only; a lost connection fails the rest. The
    caller keeps failed messages for the next run.
    """
    result = _send_all(settings, list(items))
    metrics.emails(sent=len(result.sent), failed=result.failed)
    return result


def _send_all(settings: MailSettings, items: list[Outgoing]) -> Delivery:
    result = Delivery()
    if not items:
        return result
    where = f"{settings.server}:{settings.port}"
    try:
        smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        result.failed = len(items)
        result.errors.append(f"Tidak dapat terhubung ke server e-mail {where}: {exc}")
        return result
    try:
        try:
            if settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password)
        except (OSError, smtplib.SMTPException) as exc:
            result.failed = len(items)
            result.errors.append(f"Server e-mail {where} menolak sambungan: {exc}")
            return result
        for index, item in enumerate(items):
            try:
                smtp.send_message(build(settings, item))
            except smtplib.SMTPServerDisconnected as exc:
                result.failed += len(items) - index
                result.errors.append(f"Sambungan ke server e-mail {where} terputus: {exc}")
                break
            except (smtplib.SMTPException, OSError, ValueError) as exc:
                result.failed += 1
                result.errors.append(f"E-mail ke {item.to} gagal: {exc}")
            else:
                result.sent.append(item.key)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return result
