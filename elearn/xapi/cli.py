"""`elearn xapi flush` (the timer's job), `flush --loop`, `requeue` and `status`."""

from __future__ import annotations

import time

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from . import queue, sender


@click.group("xapi")
def xapi_cli():
    """Pengiriman pernyataan xAPI ke LRS."""


def _flush_once() -> bool:
    result = sender.flush()
    click.echo(
        f"Terkirim: {result.sent}; gagal dikirim: {result.failed}"
        f" (dihentikan sebagai gagal: {result.parked})."
    )
    if result.error:
        click.echo(f"Kesalahan: {result.error}", err=True)
    return result.error is None


@xapi_cli.command("flush")
@click.option("--loop", is_flag=True, help="Terus berjalan, mengirim setiap beberapa detik.")
@click.option("--interval", default=30.0, show_default=True, help="Jeda antar-pengiriman (detik).")
@click.option("--rounds", type=int, default=None, help="Berhenti setelah sekian putaran.")
def flush(loop: bool, interval: float, rounds: int | None):
    """Kirim semua pernyataan yang sudah waktunya. Keluar dengan kode 1 bila LRS menolak
    atau tidak dapat dihubungi (pernyataan tetap di antrean dan dicoba lagi nanti)."""
    if not queue.configured(current_app.config):
        click.echo("xAPI belum dikonfigurasi (ELEARN_XAPI_ENDPOINT, _USERNAME, _PASSWORD).")
        raise SystemExit(1)
    if not loop:
        raise SystemExit(0 if _flush_once() else 1)
    done = 0
    while rounds is None or done < rounds:
        try:
            _flush_once()
        except SQLAlchemyError as exc:  # the database restarting: try again next round
            db.session.rollback()
            click.echo(f"Basis data tidak tersedia: {exc.__class__.__name__}", err=True)
        done += 1
        if rounds is None or done < rounds:
            time.sleep(interval)


@xapi_cli.command("requeue")
def requeue():
    """Masukkan kembali ke antrean pernyataan yang dihentikan sebagai gagal."""
    click.echo(f"Dimasukkan kembali ke antrean: {queue.requeue()} pernyataan.")


@xapi_cli.command("status")
def show_status():
    """Tampilkan jumlah pernyataan menunggu, gagal, dan terkirim hari ini."""
    figures = queue.counts()
    click.echo(
        f"Menunggu: {figures['waiting']}; gagal: {figures['failed']};"
        f" terkirim hari ini: {figures['sent_today']}."
    )
