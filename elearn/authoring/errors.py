"""Refusals of the authoring pages: one code each, and the sentence a trainer reads for it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


class AuthoringError(Exception):
    """A request the trainer can correct; `code` says which message to show."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


# What happened and what to do; %(slug)s, %(username)s, %(name)s and %(path)s come from
# the error's details.
MESSAGES = {
    "slug_empty": _l(
        "Slug wajib diisi: huruf kecil, angka dan tanda hubung, mis. `pelayanan-prima`."
    ),
    "slug_format": _l(
        "Slug `%(slug)s` tidak bisa dipakai: gunakan huruf kecil, angka dan tanda hubung "
        "di antaranya, mis. `pelayanan-prima`."
    ),
    "slug_long": _l("Slug paling panjang 60 karakter."),
    "slug_reserved": _l("Slug `%(slug)s` dipakai alamat platform; pilih slug lain."),
    "slug_taken": _l("Slug `%(slug)s` sudah dipakai; pilih slug lain."),
    "too_large": _l("Berkas terlalu besar (lebih dari 140 KB); bagi menjadi beberapa modul."),
    "gone": _l("Berkas ini sudah tidak ada di draf: mungkin dihapus atau diganti nama."),
    "stale": _l(
        "Draf sudah diubah pengajar lain sejak halaman ini dibuka; tidak ada yang diubah. "
        "Periksa lagi, lalu ulangi."
    ),
    "duplicate_slugs": _l("Dua modul memakai slug yang sama; ganti nama salah satunya dulu."),
    "course_md": _l("course.md tidak bisa dihapus: setiap kursus membutuhkannya."),
    "changed": _l(
        "Draf berubah sejak halaman ini dibuka, jadi belum diterbitkan. "
        "Periksa perubahan di bawah, lalu terbitkan lagi."
    ),
    "never_published": _l("Kursus ini belum pernah diterbitkan: belum ada versi untuk kembali."),
    "no_user": _l("Tidak ada pengguna dengan NIP atau nama pengguna `%(username)s`."),
    "not_trainer": _l("%(name)s bukan pengajar; beri peran pengajar dulu di Administrasi."),
    # The media page: someone else changed the draft's media meanwhile.
    "media_taken": _l("%(path)s baru saja dibuat orang lain; periksa daftarnya lalu unggah lagi."),
    "media_replaced": _l(
        "%(path)s diubah atau dihapus orang lain sejak Anda mengunggah; tidak ada yang "
        "diganti. Periksa daftarnya lalu unggah lagi."
    ),
    "media_deleted": _l(
        "%(path)s diubah atau sudah dihapus orang lain; tidak ada yang dihapus. "
        "Periksa daftarnya lagi."
    ),
    "media_expired": _l("Konfirmasi sudah kedaluwarsa atau tidak sah. Unggah gambarnya lagi."),
    "media_lost": _l("Gambar yang diunggah tidak ditemukan lagi. Unggah gambarnya lagi."),
}
FALLBACK = _l("Permintaan tidak dapat diproses. Muat ulang halaman, lalu coba lagi.")


class _Blank(dict):
    """Details a message names but the error did not give read as empty text."""

    def __missing__(self, key: str) -> str:
        return ""


def error_message(error: AuthoringError) -> str:
    """The Indonesian sentence for a refused request."""
    return str(MESSAGES.get(error.code, FALLBACK)) % _Blank(error.details)
