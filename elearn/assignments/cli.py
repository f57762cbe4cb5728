"""`elearn reminders send`: the daily job (cron) for mandatory-training reminders."""

from __future__ import annotations

from datetime import date

import click
from flask_babel import gettext as _

from .. import clock
from . import reminders


@click.group("reminders")
def reminders_cli():
    """Pengingat pelatihan wajib."""


def _date(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            _(
                "tanggal harus berformat TTTT-BB-HH, misalnya 2026-03-31; yang diberikan "
                "%(value)s.",
                value=repr(value),
            )
        ) from None


@reminders_cli.command("send")
@click.option(
    "--today",
    callback=_date,
    metavar="TTTT-BB-HH",
    help="Hitung seolah-olah hari ini tanggal ini (bawaan: hari ini, zona waktu lembaga).",
)
def send(today: date | None):
    """Buat pemberitahuan (segera jatuh tempo, lewat batas waktu, untuk kepala unit) dan
    evaluasi pasca-pelatihan yang jatuh tempo, lalu kirim e-mail bila MAIL_SERVER diatur.
    Aman dijalankan berulang kali."""
    result = reminders.run(today or clock.today())
    for line in reminders.summary_lines(result):
        click.echo(line)
