"""Course folders as zips: hostile archives are refused, exports are byte-for-byte stable."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.content.zipfolder import (
    ZipLimits,
    ZipRefused,
    read_zip,
    unsafe_name_reason,
    write_folder,
    write_zip,
)

COURSE = {
    "course.md": b"---\ntitle: Uji\njp: 1\n---\n\nIsi.\n",
    "01-pengantar.md": b"# Pengantar\n\n![peta](media/peta.png)\n",
    "media/peta.png": b"\x89PNG\r\n\x1a\nbukan-gambar-sungguhan",
}


def make_zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """Build a zip from (name or ZipInfo, bytes) pairs, duplicates allowed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is the point
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def course_entries(top="kursus-uji/"):
    return [(top + name, data) for name, data in COURSE.items()]


def refused(data: bytes, limits: ZipLimits | None = None) -> str:
    with pytest.raises(ZipRefused) as caught:
        read_zip(data, limits)
    return str(caught.value)


# -- what is accepted --------------------------------------------------------------------


def test_a_top_folder_is_stripped_and_named():
    folder = read_zip(make_zip(course_entries()))
    assert folder.top == "kursus-uji"
    assert folder.files == COURSE


def test_files_at_the_root_are_taken_as_they_are():
    folder = read_zip(make_zip(course_entries(top="")))
    assert folder.top is None
    assert folder.files == COURSE


def test_folder_entries_hidden_files_and_finder_clutter_are_skipped():
    entries = [("kursus-uji/", b""), ("kursus-uji/media/", b"")] + course_entries()
    entries += [
        ("kursus-uji/.DS_Store", b"x"),
        ("kursus-uji/media/Thumbs.db", b"x"),
        ("__MACOSX/kursus-uji/._course.md", b"x"),
        ("kursus-uji/.git/config", b"x"),
    ]
    folder = read_zip(make_zip(entries))
    assert folder.top == "kursus-uji"
    assert folder.files == COURSE


def test_a_nested_zip_is_just_a_file():
    inner = make_zip(course_entries())
    folder = read_zip(make_zip([*course_entries(), ("kursus-uji/media/arsip.zip", inner)]))
    assert folder.files["media/arsip.zip"] == inner


def test_stored_entries_are_read():
    folder = read_zip(make_zip(course_entries(), zipfile.ZIP_STORED))
    assert folder.files == COURSE


# -- what is refused ---------------------------------------------------------------------


def test_not_a_zip_and_empty_files_are_refused():
    assert "bukan zip" in refused(b"ini teks biasa, bukan zip")
    assert "kosong" in refused(b"")
    assert "kosong" in refused(make_zip([]))
    assert "kosong" in refused(make_zip([("kursus-uji/", b"")]))


def test_a_truncated_zip_is_refused():
    data = make_zip(course_entries())
    assert "bukan zip" in refused(data[: len(data) // 2])


@pytest.mark.parametrize(
    "name, why",
    [
        ("../evil.md", "../"),
        ("kursus-uji/../../evil.md", "../"),
        ("/etc/passwd", "absolut"),
        ("C:/Windows/evil.md", "drive"),
        ("c:evil.md", "drive"),
        ("kursus-uji\\..\\evil.md", "garis miring terbalik"),
        ("kursus-uji//evil.md", "kosong"),
        ("kursus-uji/./evil.md", "kosong"),
        ("kursus-uji/evil\x01.md", "kendali"),
    ],
)
def test_unsafe_names_are_refused(name, why):
    message = refused(make_zip([*course_entries(), (name, b"jahat")]))
    assert why in message
    assert "ditolak" in message


def test_unsafe_name_reason_accepts_ordinary_paths():
    assert unsafe_name_reason("kursus/media/peta-1.png") is None
    assert unsafe_name_reason("kursus/") is None
    assert unsafe_name_reason("..") is not None
    assert unsafe_name_reason("") is not None


def test_symlinks_are_refused():
    link = zipfile.ZipInfo("kursus-uji/media/peta.png")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    entries = [e for e in course_entries() if not e[0].endswith("peta.png")]
    message = refused(make_zip([*entries, (link, b"../../../etc/passwd")]))
    assert "tautan simbolik" in message


def test_duplicate_names_are_refused_also_when_only_the_case_differs():
    assert "dua kali" in refused(make_zip([*course_entries(), ("kursus-uji/course.md", b"x")]))
    assert "dua kali" in refused(make_zip([*course_entries(), ("kursus-uji/Course.md", b"x")]))


def test_too_many_entries_are_refused():
    entries = course_entries() + [(f"kursus-uji/media/{i}.txt", b"x") for i in range(500)]
    message = refused(make_zip(entries))
    assert "503 entri" in message and "500" in message
    assert "6 entri" in refused(make_zip(course_entries() * 2), ZipLimits(max_entries=5))


def test_a_bomb_by_declared_size_is_refused_before_reading():
    zeros = b"\0" * (20 * 1024 * 1024)
    message = refused(make_zip([*course_entries(), ("kursus-uji/media/bom.png", zeros)]))
    assert "bom.png" in message
    assert "terlalu besar" in message or "mengembang" in message


def test_a_high_compression_ratio_is_refused():
    zeros = b"\0" * (3 * 1024 * 1024)  # under the size limit, but ~1000:1
    message = refused(make_zip([*course_entries(), ("kursus-uji/media/bom.png", zeros)]))
    assert "mengembang lebih dari 100 kali" in message


def test_entry_and_total_size_limits():
    limits = ZipLimits(max_file_bytes=1000, max_total_bytes=2500)
    big = [*course_entries(), ("kursus-uji/media/besar.png", b"x" * 1001)]
    assert "besar.png" in refused(make_zip(big), limits)
    many = course_entries() + [(f"kursus-uji/media/{i}.png", b"y" * 900) for i in range(3)]
    assert "isi zip terlalu besar" in refused(make_zip(many), limits)


def _patch_central_size(data: bytes, name: bytes, size: int) -> bytes:
    """Make the central directory lie about an entry's uncompressed size."""
    end = data.rfind(b"PK\x05\x06")
    at = struct.unpack_from("<I", data, end + 16)[0]  # where the central directory starts
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError("entry not found")


def test_a_bomb_with_a_lying_header_is_refused_while_reading():
    payload = bytes(range(256)) * 4096  # 1 MB, compresses only a little
    data = make_zip([*course_entries(), ("kursus-uji/media/bohong.png", payload)])
    lying = _patch_central_size(data, b"kursus-uji/media/bohong.png", 100)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo("kursus-uji/media/bohong.png").file_size == 100
    message = refused(lying)
    assert "bohong.png" in message
    assert "rusak" in message or "lebih besar" in message


def test_encrypted_entries_are_refused():
    data = bytearray(make_zip(course_entries()))
    # Set the "encrypted" flag in every local and central header.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            flags = struct.unpack_from("<H", data, at + offset)[0]
            struct.pack_into("<H", data, at + offset, flags | 0x1)
            at = data.find(signature, at + 4)
    assert "terenkripsi" in refused(bytes(data))


def test_unsupported_compression_is_refused():
    assert "metode kompresi" in refused(make_zip(course_entries(), zipfile.ZIP_BZIP2))


def test_a_zip_without_course_md_is_refused():
    message = refused(make_zip([("kursus-uji/01-pengantar.md", b"# x\n")]))
    assert "course.md tidak ditemukan" in message
    two_courses = course_entries("satu/") + course_entries("dua/")
    assert "course.md tidak ditemukan" in refused(make_zip(two_courses))


# -- writing -----------------------------------------------------------------------------


def test_export_is_deterministic_sorted_and_under_the_slug():
    first = write_zip("kursus-uji", COURSE)
    again = write_zip("kursus-uji", dict(reversed(list(COURSE.items()))))
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == [f"kursus-uji/{p}" for p in sorted(COURSE)]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert read_zip(first).files == COURSE


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}\.(md|png)", fullmatch=True),
        st.binary(max_size=200),
        max_size=6,
    )
)
def test_any_course_survives_a_round_trip(extra):
    files = {"course.md": b"---\ntitle: x\n---\n", **{f"media/{k}": v for k, v in extra.items()}}
    folder = read_zip(write_zip("acak", files))
    assert folder.top == "acak"
    assert folder.files == files


def test_write_folder_writes_the_files_and_never_outside(tmp_path):
    write_folder(tmp_path / "kursus-uji", COURSE)
    assert (tmp_path / "kursus-uji" / "media" / "peta.png").read_bytes() == COURSE["media/peta.png"]
    with pytest.raises(ZipRefused):
        write_folder(tmp_path / "lain", {"../keluar.md": b"x"})
    assert not (tmp_path / "keluar.md").exists()
    assert not (tmp_path / "lain").exists()
    with pytest.raises(FileExistsError):
        write_folder(tmp_path / "kursus-uji", COURSE)
