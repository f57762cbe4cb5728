"""Reading SKM result files (issue 18, item 1): headers of both shapes in their usual
spellings, every cell checked with its row and column, all or nothing (domain/skm_import.py,
domain/skm_cells.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from elearn.domain import skm_cells as cells
from elearn.domain import skm_import as si

UNITS = {"KEL-A1", "PKM-A1"}
SCORES = ["4", "3", "3", "4", "4", "3", "4", "3", "3"]
HEADER = ["kode_unit", "layanan", "tanggal", *(f"U{n}" for n in range(1, 10))]
TODAY = date(2026, 12, 2)


def respondent(unit="KEL-A1", service="Pembuatan KTP-el", day="05/03/2026", scores=SCORES):
    return [unit, service, day, *scores]


def read(table, granularity="semester", units=UNITS):
    return si.read_rows(table, units, granularity, TODAY)


def errors(reading) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in reading.errors.kept]


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        ["Kode Unit", "Layanan", "Tanggal", *(f"u{n}" for n in range(1, 10))],
        ["UNIT", "Jenis Layanan", "TGL", *(f"Unsur {n}" for n in range(1, 10))],
        ["\ufeffkode-unit", "nama_layanan", "Tanggal Survei", *(f"U-{n}" for n in range(1, 10))],
    ],
)
def test_respondent_headers_in_their_usual_spellings(header):
    reading = read([header, respondent()])
    assert reading.ok and reading.shape == si.RESPONDENTS
    assert reading.respondents[0].scores == (4, 3, 3, 4, 4, 3, 4, 3, 3)


def test_summary_headers_in_their_usual_spellings():
    for header in (
        ["kode_unit", "periode", "unsur", "rata_rata", "jumlah_responden"],
        ["Unit", "Periode", "Kode Unsur", "NRR", "Responden"],
        ["unit kerja", "PERIODE", "elemen", "Nilai Rata-rata", "Jml Responden"],
    ):
        reading = read([header, ["KEL-A1", "2026-S1", "U1", "3,25", "40"]])
        assert reading.ok and reading.shape == si.AVERAGES, header
        assert reading.averages[0].average == 3.25


def test_unknown_and_duplicate_headers():
    reading = read([["nama", "alamat"], ["Budi", "Jl. Melati"]])
    assert reading.shape is None and errors(reading)[0][:2] == (1, "")
    assert "baris judul tidak dikenali" in errors(reading)[0][2]
    reading = read([[*HEADER, "unit"], [*respondent(), "KEL-A1"]])
    assert errors(reading) == [
        (1, "unit", "kolom `kode_unit` dan `unit` berarti hal yang sama; sisakan satu")
    ]


def test_missing_columns_are_named_once_and_other_columns_still_checked():
    header = [h for h in HEADER if h not in ("tanggal", "U4")]
    row = ["KEL-A1", "KTP", "4", "3", "3", "5", "3", "4", "3", "3"]
    reading = read([header, row])
    assert errors(reading) == [
        (1, "tanggal", "kolom wajib tidak ada"),
        (1, "U4", "kolom wajib tidak ada"),
        (2, "U5", "nilai harus 1, 2, 3 atau 4; tertulis `5`"),
    ]


def test_columns_not_read_are_listed_and_not_kept():
    reading = read([["No", *HEADER, "Nama Responden", "unsur"], ["1", *respondent(), "Budi", "U1"]])
    assert reading.ok and reading.ignored == ("No", "Nama Responden", "unsur")
    assert "Budi" not in repr(reading.respondents)


def test_an_empty_file_and_a_header_alone():
    assert errors(read([]))[0][:2] == (1, "")
    assert errors(read([["", None]]))[0][:2] == (1, "")
    assert errors(read([HEADER, ["", None, " "]])) == [(2, "", "berkas tidak berisi baris data")]


# --- respondent rows ----------------------------------------------------------------------


def test_periods_come_from_the_file_or_the_date():
    reading = read([HEADER, respondent(day="05/08/2026")], granularity="quarter")
    assert reading.respondents[0].period == "2026-Q3"
    for granularity, label in (("year", "2026"), ("semester", "2026-S2"), ("month", "2026-08")):
        assert (
            read([HEADER, respondent(day="05/08/2026")], granularity).respondents[0].period == label
        )
    reading = read([[*HEADER, "periode"], [*respondent(day="05/08/2026"), "2026"]], "month")
    assert reading.respondents[0].period == "2026"
    reading = read([[*HEADER, "periode"], [*respondent(day="05/08/2026"), "2026-s1"]])
    assert errors(reading) == [(2, "tanggal", "tanggal 05/08/2026 di luar periode 2026-S1")]
    with pytest.raises(ValueError):
        read([HEADER, respondent()], granularity="week")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-03-05 14:30:00", date(2026, 3, 5)),  # an XLSX datetime, once staged as text
        (datetime(2026, 3, 5, 9, 15), date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
        (46086, date(2026, 3, 5)),  # an Excel serial date
        (46086.4, date(2026, 3, 5)),
        ("46086", date(2026, 3, 5)),
    ],
)
def test_dates_as_people_and_spreadsheets_write_them(written, expected):
    assert cells.day(written, TODAY) == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31/02/2026", "tanggal `31/02/2026` tidak dikenal; tulis 31/12/2026 atau 2026-12-31"),
        ("Maret 2026", "tanggal `Maret 2026` tidak dikenal; tulis 31/12/2026 atau 2026-12-31"),
        ("05/03/1999", "tanggal 05/03/1999 di luar tahun 2000 sampai 2100"),
        ("03/12/2026", "tanggal 03/12/2026 belum terjadi"),
        ("", "tanggal wajib diisi"),
        (-3, "tanggal `-3` tidak dikenal; tulis 31/12/2026 atau 2026-12-31"),
    ],
)
def test_dates_that_cannot_be_read(written, message):
    with pytest.raises(cells.Bad) as caught:
        cells.day(written, TODAY)
    assert caught.value.message == message


def test_scores_are_one_to_four():
    assert [cells.score(v) for v in ("1", 2, 3.0, "4,0", " 4 ")] == [1, 2, 3, 4, 4]
    for bad in ("5", "0", "3,5", "x", "-1"):
        with pytest.raises(cells.Bad):
            cells.score(bad)
    with pytest.raises(cells.Bad) as caught:
        cells.score(None)
    assert caught.value.message == "nilai wajib diisi (1, 2, 3 atau 4)"


def test_profile_and_comment_are_kept_safely():
    header = [*HEADER, "jenis_kelamin", "usia", "pendidikan", "pekerjaan", "saran"]
    said = "Antrean\tpanjang\x00\x07\r\n\r\n\r\n\r\nmohon \u202etambah\u202c loket 😀"
    row = [*respondent(), "L", 34, "S1 " * 30, "Wiraswasta", said]
    found = read([header, row]).respondents[0]
    assert found.gender == "Laki-laki" and found.age_group == "30-39"
    assert found.education == ("S1 " * 30)[:40].strip()
    assert found.comment == "Antrean panjang\n\nmohon tambah loket 😀"
    assert found.occupation == "Wiraswasta"
    assert cells.comment("x" * 1500) == ("x" * 1000, 1)
    assert cells.comment("  \x07 ") == (None, 0)
    assert [cells.age_group(v, 20) for v in (17, "19", 20, 59, 60, 88, "20-30 tahun", None)] == [
        "<20", "<20", "20-29", "50-59", "60+", "60+", "20-30 tahun", None,
    ]  # fmt: skip
    with pytest.raises(cells.Bad):
        cells.age_group(130, 20)
    assert [cells.gender(v, 20) for v in ("p", "Perempuan", "WANITA", "laki laki", "lainnya")] == [
        "Perempuan", "Perempuan", "Perempuan", "Laki-laki", "lainnya",
    ]  # fmt: skip


def test_units_are_matched_ignoring_case_and_services_kept_as_written():
    reading = read([HEADER, respondent(unit="kel-a1", service="  Pembuatan   KTP-el ")])
    assert reading.respondents[0].unit_code == "KEL-A1"
    assert reading.respondents[0].service == "Pembuatan KTP-el"
    assert read([HEADER, respondent(service="")]).respondents[0].service is None
    assert si.service_key(" Pembuatan  KTP-EL") == si.service_key("pembuatan ktp-el")
    reading = read([HEADER, respondent(service="L" * 201)])
    assert errors(reading) == [(2, "layanan", "nama layanan lebih dari 200 huruf")]
    assert "tidak dikenal" in errors(read([HEADER, respondent(unit="PKM-B1")]))[0][2]


def test_all_or_nothing_and_every_row_reported():
    rows = [HEADER, respondent(), respondent(scores=["5", *SCORES[1:]]), [], respondent(day="x")]
    reading = read(rows)
    assert reading.respondents == [] and not reading.ok
    assert [(e[0], e[1]) for e in errors(reading)] == [(3, "U1"), (5, "tanggal")]


def test_errors_are_capped_but_counted():
    rows = [HEADER] + [respondent(scores=["9"] * 9)] * 200
    reading = read(rows)
    assert reading.errors.count == 1800 and len(reading.errors.kept) == si.MAX_ERRORS


# --- summary rows -------------------------------------------------------------------------

SUMMARY = ["kode_unit", "layanan", "periode", "unsur", "rata_rata", "jumlah_responden"]


def summary(element="U1", average="3,25", people="40", period="2026-S1", service=""):
    return ["KEL-A1", service, period, element, average, people]


def test_elements_averages_and_respondents_as_written():
    assert [cells.element(v) for v in ("1", 9, "u3", "U 4", "Unsur 5", "05")] == [1, 9, 3, 4, 5, 5]
    assert [cells.average(v) for v in ("3,25", "3.25", 3.25, 4, "1")] == [3.25, 3.25, 3.25, 4, 1]
    assert [cells.respondents(v) for v in ("40", 40, 40.0, "1.234")] == [40, 40, 40, 1234]
    for reader, bad in (
        (cells.element, "10"),
        (cells.element, "U0"),
        (cells.average, "4,01"),
        (cells.average, "0,99"),
        (cells.average, "tiga"),
        (cells.respondents, "0"),
        (cells.respondents, "12,5"),
        (cells.respondents, "-3"),
        (cells.respondents, "99999999"),
    ):
        with pytest.raises(cells.Bad):
            reader(bad)


def test_a_summary_file_all_nine_elements():
    rows = [SUMMARY] + [summary(f"U{n}", "3,5") for n in range(1, 10)]
    reading = read(rows)
    assert reading.ok and reading.warnings == []
    assert [r.element for r in reading.averages] == list(range(1, 10))


def test_summary_problems_by_row_and_column():
    rows = [
        SUMMARY,
        summary("U1"),
        summary("1", period="2026-S1"),
        summary("U2", period=""),
        summary("U3", period="S1-2026"),
        summary("U4", service="KTP"),
    ]
    assert errors(read(rows)) == [
        (3, "unsur", "unsur U1 untuk unit, layanan dan periode ini sudah ada di baris 2"),
        (4, "periode", "periode wajib diisi (mis. 2026, 2026-S1, 2026-Q3 atau 2026-07)"),
        (
            5,
            "periode",
            "periode `S1-2026` tidak dikenal; tulis 2026, 2026-S1, 2026-Q3 atau 2026-07",
        ),
    ]


def test_a_summary_without_all_nine_elements_is_noted():
    rows = [SUMMARY] + [summary(f"U{n}") for n in (1, 2, 3, 5, 6, 7, 8, 9)]
    reading = read(rows)
    assert reading.ok
    assert reading.warnings == [
        "KEL-A1 (-) periode 2026-S1: unsur U4 tidak ada, sehingga IKM periode itu tidak dihitung"
    ]


def test_messages_keep_their_template_for_translation():
    reading = read([HEADER, respondent(scores=["7", *SCORES[1:]])])
    message = reading.errors.kept[0].message
    assert message.source == "nilai harus 1, 2, 3 atau 4; tertulis `{v}`"
    assert message.translated(lambda s: s.replace("nilai harus", "a score must be")).startswith(
        "a score must be"
    )


def test_a_value_read_once_is_judged_alike_on_every_row_and_by_its_type():
    rows = [SUMMARY, summary("U1", people=1), summary("U2", people=True), summary("U3", people="x")]
    rows += [summary("U4", people="x")]
    assert [(e[0], e[1]) for e in errors(read(rows))] == [
        (3, "jumlah_responden"),
        (4, "jumlah_responden"),
        (5, "jumlah_responden"),
    ]
    reading = read([HEADER, respondent(scores=[True, *SCORES[1:]]), respondent()])
    assert [(e[0], e[1]) for e in errors(reading)] == [(2, "U1")]
