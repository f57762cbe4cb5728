"""`elearn keys`: the certificate signing keys of this instance (list, rotate)."""

from __future__ import annotations

import click
from flask import current_app

from . import keyring
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
