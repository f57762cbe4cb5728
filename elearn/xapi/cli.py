"""`elearn xapi flush` (the timer's job), `flush --loop`, `requeue` and `status`."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import queue, sender


@click.group("xapi")
def xapi_cli():
    """Pengiriman pernyataan xAPI ke LRS."""


def _flush_once() -> bool:
    result = sender.flush()
    click.echo(
        _(
            "Terkirim: %(sent)s; gagal dikirim: %(failed)s (dihentikan sebagai gagal: %(parked)s).",
            sent=result.sent,
            failed=result.failed,
            parked=result.parked,
        )
    )
    if result.error:
        click.echo(_("Kesalahan: %(reason)s", reason=result.error), err=True)
    return result.error is None


@xapi_cli.command("flush")
@click.option("--loop", is_flag=True, help="Terus berjalan, mengirim setiap beberapa detik.")
@click.option("--interval", default=30.0, show_default=True, help="Jeda antar-pengiriman (detik).")
@click.option("--rounds", type=int, default=None, help="Berhenti setelah sekian putaran.")
def flush(loop: bool, interval: float, rounds: int | None):
    """Kirim semua pernyataan yang sudah waktunya. Keluar dengan kode 1 bila LRS menolak
    atau tidak dapat dihubungi (pernyataan tetap di antrean dan dicoba lagi nanti)."""
    if not queue.configured(current_app.config):
        click.echo(_("xAPI belum dikonfigurasi (ELEARN_XAPI_ENDPOINT, _USERNAME, _PASSWORD)."))
        raise SystemExit(1)
    if not loop:
        raise SystemExit(0 if _flush_once() else 1)
    done = 0
    while rounds is None or done < rounds:
        try:
            _flush_once()
        except SQLAlchemyError as exc:  # the database restarting: try again next round
            db.session.rollback()
            reason = exc.__class__.__name__
            click.echo(_("Basis data tidak tersedia: %(reason)s", reason=reason), err=True)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(interval)


@xapi_cli.command("requeue")
def requeue():
    """Masukkan kembali ke antrean pernyataan yang dihentikan sebagai gagal."""
    click.echo(_("Dimasukkan kembali ke antrean: %(n)s pernyataan.", n=queue.requeue()))


@xapi_cli.command("status")
def show_status():
    """Tampilkan jumlah pernyataan menunggu, gagal, dan terkirim hari ini."""
    figures = queue.counts()
    click.echo(
        _(
            "Menunggu: %(waiting)s; gagal: %(failed)s; terkirim hari ini: %(sent_today)s.",
            **figures,
        )
    )
