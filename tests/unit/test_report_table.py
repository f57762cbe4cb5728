"""A report's download is written from its columns: header text, then each row's values."""

from types import SimpleNamespace

import pytest
from werkzeug.exceptions import NotFound

from elearn.reporting.report import Column, Table, attribute, download

ROWS = [SimpleNamespace(nip="198609262015051001", name="=HYPERLINK()", jp=12)]
COLUMNS = (attribute("nip"), Column("nama", lambda row: row.name), attribute("jp", "JP"))


def test_csv_has_the_headers_then_one_line_per_row():
    response = Table("laporan", "Laporan", COLUMNS, ROWS).response("csv")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines == ["nip,nama,JP", "198609262015051001,'=HYPERLINK(),12"]
    assert response.headers["Content-Disposition"] == 'attachment; filename="laporan.csv"'


def test_an_unknown_format_is_a_404_before_the_table_is_built():
    built = []

    def table():
        built.append(True)
        return Table("laporan", "Laporan", COLUMNS, ROWS)

    with pytest.raises(NotFound):
        download("pdf", table)
    assert built == []


def test_page_only_columns_stay_out_of_the_download():
    columns = (
        attribute("nip", label="NIP", show=lambda row: "grouped"),
        Column(label="Catatan", show=lambda row: "page only"),
        Column("jp", lambda row: row.jp),
    )
    response = Table("laporan", "Laporan", columns, ROWS).response("csv")
    assert response.data.decode("utf-8-sig").splitlines() == ["nip,jp", "198609262015051001,12"]
    assert [c.on_page for c in columns] == [True, True, False]
    assert [c.in_download for c in columns] == [True, False, True]
    assert [c.shown(ROWS[0]) for c in columns] == ["grouped", "page only", 12]
