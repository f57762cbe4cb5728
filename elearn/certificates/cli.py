"""`elearn keys`: the certificate signing keys of this instance (list, rotate, and retire a
leaked one: `retire KID --compromised`)."""

from __future__ import annotations

import click
from flask import current_app

from . import keyring, resign
from .signing import key_id


@click.group("keys")
def keys_cli():
    """Kunci penandatangan sertifikat."""


@keys_cli.command("list")
def keys_list():
    """Tampilkan kunci yang diterbitkan di /.well-known/jwks.json (kid)."""
    keys = keyring.published(current_app.instance_path)
    for index, key in enumerate(keys):
        role = "aktif (menandatangani sertifikat baru)" if index == 0 else "lama (hanya memeriksa)"
        click.echo(f"{key_id(key)}  {role}")
    for kid in keyring.compromised(current_app.instance_path):
        click.echo(f"{kid}  dicabut karena bocor (tidak diterbitkan)")


@keys_cli.command("rotate")
def keys_rotate():
    """Buat kunci penandatangan baru. Kunci lama tetap diterbitkan, sehingga sertifikat
    yang sudah terbit tetap sah; sertifikat baru ditandatangani dengan kunci baru."""
    try:
        old, new = keyring.rotate(current_app.instance_path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise click.ClickException(
            f"Kunci tidak dapat diganti: {reason} ({current_app.instance_path})."
        ) from None
    click.echo(f"Kunci penandatangan baru: {new}.")
    if old:
        click.echo(
            f"Kunci lama {old} tetap diterbitkan di /.well-known/jwks.json untuk memeriksa "
            "sertifikat yang sudah terbit."
        )
    click.echo(
        "Buat cadangan sekarang (elearn backup DEST): cadangan lama tidak memuat kunci baru."
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
            "Kunci lama hanya dicabut bila bocor: tambahkan --compromised. Untuk mengganti "
            "kunci secara biasa gunakan `elearn keys rotate` (kunci lama tetap diterbitkan)."
        )
    try:
        replaced_by = resign.withdraw(kid)
    except keyring.UnknownKey:
        raise click.ClickException(
            f"Kunci {kid} tidak dikenal instance ini. Lihat `elearn keys list`."
        ) from None
    except OSError as exc:
        raise click.ClickException(
            f"Kunci tidak dapat dicabut: {exc.strerror or exc} ({current_app.instance_path})."
        ) from None
    if replaced_by:
        click.echo(f"Kunci {kid} sedang aktif: diganti dengan kunci baru {replaced_by}.")
    click.echo(f"Kunci {kid} tidak lagi diterbitkan di /.well-known/jwks.json.")

    def progress(total: resign.Resigned) -> None:
        click.echo(f"... {total.resigned} sertifikat ditandatangani ulang")

    total = resign.resign_all(kid, batch_size, progress)
    click.echo(f"Selesai: {total.resigned} sertifikat ditandatangani ulang dengan kunci aktif.")
    left = resign.left_to_resign(kid)
    if total.altered:
        click.echo(
            f"Perhatian: {total.altered} sertifikat tidak cocok dengan tanda tangannya sendiri "
            "(datanya berubah) dan tidak ditandatangani ulang; periksa lewat log audit."
        )
    if left > total.altered:
        click.echo(
            f"Masih ada {left - total.altered} sertifikat bertanda tangan kunci {kid} "
            "(diterbitkan selama perintah ini berjalan): jalankan perintah ini sekali lagi."
        )
    click.echo(
        "Buat cadangan sekarang (elearn backup DEST): cadangan lama masih menerbitkan kunci "
        "yang bocor."
    )
