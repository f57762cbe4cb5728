"""/hr/evaluation: pre-test against final score and satisfaction per course, per unit,
the anonymous comments, and the downloads, against figures worked out by hand."""

from __future__ import annotations

import re

from tests.helpers import read_csv, read_xlsx
from tests.helpers.analysis import YEAR, viewer
from tests.helpers.analysis import evaluation_table as table

DASAR, LANJUT, KOMUNIKASI = "Etika Dasar", "Etika Lanjut", "Komunikasi Efektif"
# Level 3 (sent, applied per learners, their answers, per unit heads, theirs): this world
# has no follow-up questionnaires (tests/integration/test_follow_up_report.py has).
NO_FOLLOW_UP = ["0", "—", "0", "—", "0"]


def test_figures_per_course(dinkes, analysis_world):
    """Etika Dasar, this agency, YEAR: budi 40→80, citra –→70, dedi 50→–, eka 60→90:
    pre-test mean (40+50+60)/3 = 50, final mean (80+70+90)/3 = 80, gain over the two pairs
    (40+30)/2 = 35 (not 80 − 50). Survey answers of budi, citra, eka, and ani's given half an
    hour into YEAR in Jakarta; dedi's given half an hour before YEAR does not count."""
    page = dinkes.get(f"/hr/evaluation?year={YEAR}").get_data(as_text=True)
    rows = table(page)
    assert list(rows) == [DASAR, LANJUT, KOMUNIKASI]
    # completions, pairs, pre, final, gain, 5 statements, overall, responses
    assert rows[DASAR] == [
        "4", "2", "50", "80", "+35", "3,5", "3,5", "4", "3,5", "3,5", "3,6", "4", *NO_FOLLOW_UP,
    ]  # fmt: skip
    assert rows[LANJUT] == [
        "2", "1", "55", "80", "+30", "—", "—", "—", "—", "—", "—", "0", *NO_FOLLOW_UP,
    ]  # fmt: skip
    assert rows[KOMUNIKASI] == [
        "1", "1", "20", "60", "+40", "—", "—", "—", "—", "—", "—", "0", *NO_FOLLOW_UP,
    ]  # fmt: skip
    assert "Level 1" in page and "Level 2" in page
    assert "Budi Santoso" not in page and "Rahasia" not in page

    rows = table(dinkes.get(f"/hr/evaluation?year={YEAR - 1}").get_data(as_text=True))
    # ani's etika-dasar the year before; dedi's answer on the last evening of that year.
    assert rows == {
        DASAR: ["1", "1", "30", "60", "+30", "1", "1", "1", "1", "1", "1", "1", *NO_FOLLOW_UP]
    }


def test_filters_and_sorting(dinkes, analysis_world):
    perawat = analysis_world.positions["perawat"].id
    rows = table(
        dinkes.get(f"/hr/evaluation?year={YEAR}&position={perawat}").get_data(as_text=True)
    )
    # budi, citra, eka: pre (40+60)/2, final (80+70+90)/3, gain (40+30)/2; three answers.
    assert rows == {
        DASAR: ["3", "2", "50", "80", "+35", "4", "4", "4,3", "3,7", "4", "4", "3", *NO_FOLLOW_UP]
    }

    course = analysis_world.courses["lanjut"].id
    rows = table(dinkes.get(f"/hr/evaluation?year={YEAR}&course={course}").get_data(as_text=True))
    assert list(rows) == [LANJUT]

    page = dinkes.get(f"/hr/evaluation?year={YEAR}&sort=gain&dir=desc").get_data(as_text=True)
    assert list(table(page)) == [KOMUNIKASI, DASAR, LANJUT]
    page = dinkes.get(f"/hr/evaluation?year={YEAR}&sort=satisfaction&dir=desc")
    assert list(table(page.get_data(as_text=True)))[0] == DASAR  # the others have no answers

    page = dinkes.get("/hr/evaluation?year=1999&course=abc").get_data(as_text=True)
    assert "Tahun harus antara" in page and "Kursus yang dipilih tidak ada" in page


def test_per_unit_breakdown_and_anonymous_comments(dinkes, analysis_world):
    """Etika Dasar per unit: PKM-A1 budi 40→80, citra –→70, dedi 50→–; PKM-A2 eka 60→90;
    the agency's own staff only ani's answer (her completion was the year before)."""
    course = analysis_world.courses["dasar"].id
    page = dinkes.get(f"/hr/evaluation/{course}?year={YEAR}").get_data(as_text=True)
    rows = table(page)
    assert rows == {
        "Dinas Kesehatan Kota Anggrek (langsung)": [
            "0", "0", "—", "—", "—", "2", "2", "3", "3", "2", "2,4", "1", *NO_FOLLOW_UP,
        ],
        "Puskesmas Anggrek Dua": [
            "1", "1", "60", "90", "+30", "4", "5", "4", "5", "4", "4,4", "1", *NO_FOLLOW_UP,
        ],
        "Puskesmas Anggrek Satu": [
            "3", "1", "45", "75", "+40", "4", "3,5", "4,5", "3", "4", "3,8", "2", *NO_FOLLOW_UP,
        ],
        "Semua unit": [
            "4", "2", "50", "80", "+35", "3,5", "3,5", "4", "3,5", "3,5", "3,6", "4", *NO_FOLLOW_UP,
        ],
    }  # fmt: skip
    comments = re.findall(r"<blockquote>(.*?)</blockquote>\s*<p class=\"muted\">(.*?)</p>", page)
    assert comments == [
        ("Materi jelas.", "Puskesmas Anggrek Dua · 2 Mei 2025"),
        ("Sangat bermanfaat.", "Puskesmas Anggrek Satu · 10 Maret 2025"),
        ("Awal tahun.", "Dinas Kesehatan Kota Anggrek · 1 Januari 2025"),
    ]
    assert "tanpa nama peserta" in page
    for name in ("Budi Santoso", "Eka Putri", "Ani Lestari", "Citra Dewi"):
        assert name not in page
    assert "Rahasia" not in page and "Akhir tahun lalu" not in page

    page = dinkes.get(f"/hr/evaluation/{course}?year={YEAR}&sort=gain&dir=desc")
    assert list(table(page.get_data(as_text=True)))[:3] == [
        "Puskesmas Anggrek Satu",
        "Puskesmas Anggrek Dua",
        "Dinas Kesehatan Kota Anggrek (langsung)",
    ]


def test_per_unit_for_one_unit_and_empty(dinkes, org, analysis_world):
    course = analysis_world.courses["dasar"].id
    page = dinkes.get(f"/hr/evaluation/{course}?year={YEAR}&unit={org['PKM-A2']}")
    rows = table(page.get_data(as_text=True))
    assert list(rows) == ["Puskesmas Anggrek Dua (langsung)", "Semua unit"]
    assert "Sangat bermanfaat." not in page.get_data(as_text=True)

    pakar = analysis_world.courses["pakar"].id
    page = dinkes.get(f"/hr/evaluation/{pakar}?year={YEAR}").get_data(as_text=True)
    assert "Belum ada penyelesaian, jawaban survei, atau evaluasi pasca-pelatihan" in page
    assert "Belum ada komentar." in page
    assert dinkes.get("/hr/evaluation/999999").status_code == 404
    assert dinkes.get(f"/hr/evaluation/{course}.pdf").status_code == 404


def test_downloads(dinkes, analysis_world):
    rows = read_csv(dinkes.get(f"/hr/evaluation.csv?year={YEAR}"))
    assert [r["Kursus"] for r in rows] == [DASAR, LANJUT, KOMUNIKASI]
    dasar = rows[0]
    assert dasar["Selesai"] == "4"
    assert dasar["Peserta dengan prates dan ujian akhir"] == "2"
    assert (dasar["Rata-rata prates"], dasar["Rata-rata ujian akhir"]) == ("50.0", "80.0")
    assert dasar["Rata-rata kenaikan"] == "35.0"
    assert dasar["Kegunaan"] == "4.0" and dasar["Rata-rata kepuasan"] == "3.6"
    assert dasar["Jumlah responden"] == "4"
    assert rows[1]["Relevansi"] == "" and rows[1]["Jumlah responden"] == "0"

    sheet = read_xlsx(dinkes.get(f"/hr/evaluation.xlsx?year={YEAR}"))
    assert [r["Kursus"] for r in sheet] == [DASAR, LANJUT, KOMUNIKASI]
    assert sheet[0]["Rata-rata kenaikan"] == 35.0 and sheet[1]["Relevansi"] is None

    course = analysis_world.courses["dasar"].id
    rows = read_csv(dinkes.get(f"/hr/evaluation/{course}.csv?year={YEAR}"))
    assert [(r["Unit kerja"], r["Kode unit"], r["Selesai"]) for r in rows] == [
        ("Dinas Kesehatan Kota Anggrek (langsung)", "DINKES-A", "0"),
        ("Puskesmas Anggrek Dua", "PKM-A2", "1"),
        ("Puskesmas Anggrek Satu", "PKM-A1", "3"),
        ("Semua unit", "", "4"),
    ]
    assert rows[2]["Rata-rata kenaikan"] == "40.0" and rows[3]["Rata-rata kenaikan"] == "35.0"
    sheet = read_xlsx(dinkes.get(f"/hr/evaluation/{course}.xlsx?year={YEAR}"))
    assert sheet[-1]["Rata-rata kepuasan"] == 3.6


def test_empty_evaluation(app, make_user, org):
    client = viewer(app, make_user, "hr-kosong", scope_unit_id=org["KEC-A"])
    page = client.get("/hr/evaluation").get_data(as_text=True)
    assert "Belum ada penyelesaian kursus, jawaban survei kepuasan, atau evaluasi" in page
    assert read_csv(client.get("/hr/evaluation.csv")) == []
