"""`elearn questions digest`: the daily job (systemd timer) e-mailing authors their
unanswered questions."""

from __future__ import annotations

import click

from . import digest as digests


@click.group("questions")
def questions_cli():
    """Pertanyaan peserta kepada pengajar."""


@questions_cli.command("digest")
def digest():
    """Kirim e-mail kepada setiap penulis kursus berisi pertanyaan peserta yang belum dijawab
    sejak ringkasan terakhir. Aman dijalankan berulang kali."""
    result = digests.run()
    for line in digests.summary_lines(result):
        click.echo(line)
    if result.errors or result.failed:
        raise SystemExit(1)
