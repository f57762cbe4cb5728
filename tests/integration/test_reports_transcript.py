"""An employee's transcript: identity, JP per year, courses with scores and certificates."""

from __future__ import annotations

import re

from elearn.extensions import db
from elearn.models import Certificate, User
from tests.helpers import csv_rows, query_counts, xlsx_rows
from tests.helpers.reports import (
    LAST_YEAR,
    YEAR,
    add_course,
    complete,
    enrol,
    read_module,
    text,
    viewer,
)


def jp_years(page: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr><th scope="row">(\d{4})</th><td class="num">([^<]*)</td>'
        r'<td class="num">20</td> <td>([^<]*)</td></tr>',
        page,
    )


def test_identity_jp_courses_and_certificates(client, make_user, org, world):
    viewer(make_user, client, org)
    ani = db.session.get(User, world["people"]["ani"])
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.user_id == ani.id))
    page = text(client.get(f"/hr/learners/{ani.id}"))
    nip = ani.username
    assert f"<dd>{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}</dd>" in page
    for fact in ("Ani Lestari", "Puskesmas Anggrek Satu", "Perawat", "III/a"):
        assert f"<dd>{fact}</dd>" in page
    assert jp_years(page) == [(str(YEAR), "20", "Memenuhi")]
    assert (
        f'<th scope="row">Anti Korupsi</th> <td>10 Januari {YEAR}</td> '
        f'<td>15 Maret {YEAR}</td> <td class="num">40</td> <td class="num">90</td> '
        '<td class="num">12</td>'
    ) in page
    assert f'href="/my/certificates/{certificate.id}.pdf">{certificate.number}</a>' in page
    assert f'href="/verify/{certificate.code}"' in page
    assert "Tidak ada kursus yang sedang berjalan." in page
    assert f'href="/hr/learners/{ani.id}?print=1"' in page


def test_years_below_target_and_courses_in_progress(client, make_user, org, world):
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/learners/{world['people']['citra']}"))
    assert jp_years(page) == [
        (str(YEAR), "0", "kurang 20 JP"),
        (str(LAST_YEAR), "12", "kurang 8 JP"),
    ]
    assert "<td>0 dari 2 modul</td>" in page  # enrolled in B, nothing read
    page = text(client.get(f"/hr/learners/{world['people']['budi']}"))
    assert "<td>1 dari 2 modul</td>" in page
    page = text(client.get(f"/hr/learners/{world['people']['eko']}"))
    assert "Belum ada kursus yang diselesaikan pegawai ini." in page


def test_a_module_read_in_one_course_does_not_count_in_another(client, make_user, org, world):
    budi = world["people"]["budi"]
    other = add_course("kursus-c", "Cakap Digital", 2)
    enrol(budi, other)  # has a module "m1" too, which budi read only in course B
    viewer(make_user, client, org)
    page = text(client.get(f"/hr/learners/{budi}"))
    assert "Cakap Digital</th> <td>10 Januari" in page
    assert page.count("<td>0 dari 2 modul</td>") == 1 and "<td>1 dari 2 modul</td>" in page


def test_supervisors_get_no_pdf_link_and_printing_hides_the_buttons(client, make_user, org, world):
    viewer(make_user, client, org, "kapus", roles=("supervisor",), scope="PKM-A1")
    page = text(client.get(f"/hr/learners/{world['people']['ani']}?print=1"))
    assert "/my/certificates/" not in page and "/verify/" in page
    assert "Versi cetak" in page and "?print=1" not in page


def test_transcript_exports(client, make_user, org, world):
    viewer(make_user, client, org)
    citra = db.session.get(User, world["people"]["citra"])
    rows = csv_rows(client.get(f"/hr/learners/{citra.id}.csv"))
    assert rows[0] == [
        "nip",
        "nama",
        "kursus",
        "status",
        "tanggal_daftar",
        "tanggal_selesai",
        "tahun",
        "nilai_pretest",
        "nilai_akhir",
        "jp",
        "nomor_sertifikat",
    ]
    assert rows[1:] == [
        [
            citra.username,
            "Citra Wulandari",
            "Anti Korupsi",
            "Selesai",
            f"{LAST_YEAR}-01-10",
            f"{LAST_YEAR}-03-15",
            str(LAST_YEAR),
            "",
            "70",
            "12",
            "",
        ],
        [
            citra.username,
            "Citra Wulandari",
            "Budaya Melayani",
            "Sedang berjalan (0 dari 2 modul)",
            f"{LAST_YEAR}-01-10",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    sheet = xlsx_rows(client.get(f"/hr/learners/{world['people']['ani']}.xlsx"))
    numbers = sorted(r[10] for r in sheet[1:] if r[10])
    assert len(sheet) == 3 and len(numbers) == 1 and numbers[0].startswith(f"ELN/{YEAR}/")
    assert client.get(f"/hr/learners/{citra.id}.json").status_code == 404


def test_same_queries_whatever_the_number_of_courses(client, make_user, org, world):
    viewer(make_user, client, org)
    ani = world["people"]["ani"]
    paths = (f"/hr/learners/{ani}", f"/hr/learners/{ani}.csv")
    before = query_counts(client, paths)
    for i in range(4):
        course = add_course(f"kursus-t{i}", f"Tambahan {i}", 3)
        if i % 2:
            complete(ani, course, LAST_YEAR - i, certificate=True)
        else:
            enrol(ani, course)
            read_module(ani, course, "m1")
    assert query_counts(client, paths) == before
