"""`elearn backup DEST` and `elearn restore SRC`: messages and exit codes over the services."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from . import services
from .errors import FAILED, BackupError


def _run(action, *args) -> None:
    """Print what the action reports, or its failure in one message and its exit code:
    never a traceback."""
    try:
        lines = action(*args)
    except BackupError as exc:
        click.echo(_("Gagal: %(reason)s", reason=exc.message), err=True)
        sys.exit(exc.code)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        reason = f"{exc.strerror or exc}{where}."
        click.echo(_("Gagal: %(reason)s", reason=reason), err=True)
        sys.exit(FAILED)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        click.echo(_("Gagal pada basis data: %(reason)s", reason=reason), err=True)
        sys.exit(FAILED)
    for line in lines:
        click.echo(line)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
def backup(dest: Path):
    """Cadangkan basis data, kunci rahasia, kunci penandatangan sertifikat dan manifest ke
    folder baru DEST (dibuat dengan izin 0700; tidak pernah menimpa)."""
    _run(services.backup, dest)


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Hapus isi basis data tujuan yang tidak kosong dan ganti dengan cadangan.",
)
def restore(src: Path, replace: bool):
    """Pulihkan cadangan SRC ke instance kosong: periksa manifest, pulihkan kunci, lalu basis
    data, dan perbarui skemanya bila cadangan lebih lama."""
    _run(services.restore, src, replace)
