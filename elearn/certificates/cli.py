"""`elearn keys`: the certificate signing keys of this instance (list, rotate, and retire a
leaked one: `retire KID --compromised`)."""

from __future__ import annotations

import click
from flask import current_app
from flask_babel import gettext as _

from . import keyring, resign
from .signing import key_id


@click.group("keys")
def keys_cli():
    """Kunci penandatangan sertifikat."""


@keys_cli.command("list")
def keys_list():
    """Tampilkan kunci yang diterbitkan di /.well-known/jwks.json (kid)."""
    keys = keyring.published(current_app.instance_path)
    active, old = _("aktif (menandatangani sertifikat baru)"), _("lama (hanya memeriksa)")
    for index, key in enumerate(keys):
        click.echo(f"{key_id(key)}  {active if index == 0 else old}")
    for kid in keyring.compromised(current_app.instance_path):
        click.echo(f"{kid}  " + _("dicabut karena bocor (tidak diterbitkan)"))


@keys_cli.command("rotate")
def keys_rotate():
    """Buat kunci penandatangan baru. Kunci lama tetap diterbitkan, sehingga sertifikat
    yang sudah terbit tetap sah; sertifikat baru ditandatangani dengan kunci baru."""
    try:
        old, new = keyring.rotate(current_app.instance_path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise click.ClickException(
            _(
                "Kunci tidak dapat diganti: %(reason)s (%(path)s).",
                reason=reason,
                path=current_app.instance_path,
            )
        ) from None
    click.echo(_("Kunci penandatangan baru: %(kid)s.", kid=new))
    if old:
        click.echo(
            _(
                "Kunci lama %(kid)s tetap diterbitkan di /.well-known/jwks.json untuk memeriksa "
                "sertifikat yang sudah terbit.",
                kid=old,
            )
        )
    click.echo(
        _("Buat cadangan sekarang (elearn backup DEST): cadangan lama tidak memuat kunci baru.")
    )


@keys_cli.command("retire")
@click.argument("kid")
@click.option(
    "--compromised",
    is_flag=True,
    help="Kunci privatnya bocor: berhenti menerbitkannya sekarang, lalu tandatangani ulang "
    "sertifikatnya dengan kunci aktif.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=resign.BATCH_SIZE,
    show_default=True,
    help="Sertifikat per transaksi.",
)
def keys_retire(kid: str, compromised: bool, batch_size: int):
    """Cabut kunci KID yang bocor (--compromised): kunci itu tidak lagi diterbitkan di
    /.well-known/jwks.json, dan setiap sertifikat yang ditandatanganinya ditandatangani
    ulang dengan kunci aktif, per kelompok. Boleh dijalankan lagi bila terhenti: yang sudah
    ditandatangani ulang tidak diulang."""
    if not compromised:
        raise click.UsageError(
            _(
                "Kunci lama hanya dicabut bila bocor: tambahkan --compromised. Untuk mengganti "
                "kunci secara biasa gunakan `elearn keys rotate` (kunci lama tetap diterbitkan)."
            )
        )
    try:
        replaced_by = resign.withdraw(kid)
    except keyring.UnknownKey:
        raise click.ClickException(
            _("Kunci %(kid)s tidak dikenal instance ini. Lihat `elearn keys list`.", kid=kid)
        ) from None
    except OSError as exc:
        raise click.ClickException(
            _(
                "Kunci tidak dapat dicabut: %(reason)s (%(path)s).",
                reason=exc.strerror or exc,
                path=current_app.instance_path,
            )
        ) from None
    if replaced_by:
        click.echo(
            _(
                "Kunci %(kid)s sedang aktif: diganti dengan kunci baru %(new)s.",
                kid=kid,
                new=replaced_by,
            )
        )
    click.echo(_("Kunci %(kid)s tidak lagi diterbitkan di /.well-known/jwks.json.", kid=kid))
    _resign(kid, batch_size)
    click.echo(
        _(
            "Buat cadangan sekarang (elearn backup DEST): cadangan lama masih menerbitkan kunci "
            "yang bocor."
        )
    )


def _resign(kid: str, batch_size: int) -> None:
    """Sign again what the withdrawn key signed, saying how far it got."""

    def progress(total: resign.Resigned) -> None:
        click.echo(_("... %(n)s sertifikat ditandatangani ulang", n=total.resigned))

    total = resign.resign_all(kid, batch_size, progress)
    click.echo(
        _(
            "Selesai: %(n)s sertifikat ditandatangani ulang dengan kunci aktif.",
            n=total.resigned,
        )
    )
    left = resign.left_to_resign(kid)
    if total.altered:
        click.echo(
            _(
                "Perhatian: %(n)s sertifikat tidak cocok dengan tanda tangannya sendiri "
                "(datanya berubah) dan tidak ditandatangani ulang; periksa lewat log audit.",
                n=total.altered,
            )
        )
    if left > total.altered:
        click.echo(
            _(
                "Masih ada %(n)s sertifikat bertanda tangan kunci %(kid)s "
                "(diterbitkan selama perintah ini berjalan): jalankan perintah ini sekali lagi.",
                n=left - total.altered,
                kid=kid,
            )
        )
