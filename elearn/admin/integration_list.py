"""The integrations the admin's page lists: what each is, how it is configured (secrets
masked) and how its connection is tested. Each integration's package provides its entry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Integration:
    name: str
    label: str
    description: str
    # (label, value) pairs read from the app's config: what the BKPSDM IT team set.
    settings: Callable[[Mapping], list[tuple[str, str]]]
    configured: Callable[[Mapping], bool]
    # Tries the connection within a bounded time; returns what worked, raises
    # integrations.status.ConnectionFailed with what did not.
    check: Callable[[], str]


def shown(value: object) -> str:
    """A setting as the page shows it: its value, or that it is not set."""
    return str(value) if value not in (None, "") else str(_l("belum diatur"))


def secret(value: object) -> str:
    """A secret as the page shows it: only whether it is set, never the value."""
    return str(_l("tersimpan (tidak ditampilkan)")) if value else str(_l("belum diatur"))


def _sso() -> Integration:
    # Imported here: the auth package must not import admin (no cycle between packages).
    from ..auth import oidc, sso_integration

    return Integration(
        name="sso",
        label=str(_l("Single sign-on (OpenID Connect)")),
        description=str(
            _l(
                "Pegawai masuk dengan akun penyedia identitas daerah (SSO); akun dicocokkan "
                "dengan NIP pegawai yang diimpor. Admin tidak dapat masuk dengan SSO."
            )
        ),
        settings=lambda config: [
            (label, secret(value) if is_secret else shown(value))
            for label, value, is_secret in sso_integration.settings(config)
        ],
        configured=oidc.configured,
        check=sso_integration.check,
    )


def integrations() -> list[Integration]:
    """The integrations in the order the page lists them."""
    return [_sso(), _api(), _xapi(), _badges()]


def _xapi() -> Integration:
    # Imported here: the admin pages need the xAPI package only when the page is drawn.
    from ..xapi import check, queue

    def settings(config: Mapping) -> list[tuple[str, str]]:
        figures = queue.counts()
        actor = "mbox (e-mail, hash SHA-1)" if config.get("XAPI_ACTOR") == "mbox" else "account"
        return [
            ("ELEARN_XAPI_ENDPOINT", shown(config.get("XAPI_ENDPOINT"))),
            ("ELEARN_XAPI_USERNAME", shown(config.get("XAPI_USERNAME"))),
            ("ELEARN_XAPI_PASSWORD", secret(config.get("XAPI_PASSWORD"))),
            ("ELEARN_XAPI_ACTOR", actor),
            (str(_l("Antrean menunggu")), str(figures["waiting"])),
            (str(_l("Gagal (menunggu dikirim ulang)")), str(figures["failed"])),
            (str(_l("Terkirim hari ini")), str(figures["sent_today"])),
        ]

    return Integration(
        name="xapi",
        label="xAPI (LRS)",
        description=str(
            _l(
                "Pernyataan xAPI (membuka dan membaca modul, kuis, kelulusan, sertifikat) "
                "diantrekan bersama kegiatan peserta dan dikirim ke LRS oleh "
                "\u201celearn xapi flush\u201d; yang gagal dikirim ulang dengan "
                "\u201celearn xapi requeue\u201d."
            )
        ),
        settings=settings,
        configured=queue.configured,
        check=check.check,
    )


def _api() -> Integration:
    from ..api import status as api_status  # lazily: the API is built after this module

    return Integration(
        name="api",
        label=str(_l("API REST")),
        description=str(
            _l(
                "API /api/v1 untuk sistem kepegawaian dan pelaporan BKPSDM, dengan token "
                "per sistem (cakupan dan unit kerja dibatasi)."
            )
        ),
        settings=api_status.settings,
        configured=lambda _config: True,  # nothing to set: tokens are made on a page
        check=api_status.check,
    )


def _badges() -> Integration:
    from ..certificates import badge_check  # lazily, as the others

    def settings(config: Mapping) -> list[tuple[str, str]]:
        return [
            ("ELEARN_PUBLIC_URL", shown(config.get("PUBLIC_URL"))),
            (str(_l("Dokumen DID penerbit")), "/.well-known/did.json"),
            (str(_l("Daftar status pencabutan")), "/credentials/status/1"),
        ]

    return Integration(
        name="badges",
        label="Open Badges 3.0",
        description=str(
            _l(
                "Setiap sertifikat juga diterbitkan sebagai kredensial Open Badges 3.0 "
                "(VC-JWT) yang diperiksa dompet digital lewat did:web situs ini. Uji koneksi "
                "mengambil dokumen DID dari alamat publik seperti pemeriksa dari luar."
            )
        ),
        settings=settings,
        configured=badge_check.configured,
        check=badge_check.check,
    )


def by_name(name: str) -> Integration | None:
    return next((i for i in integrations() if i.name == name), None)
