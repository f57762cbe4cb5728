"""Did the training help? (/hr/skm/dampak, issue 18 item 4): the overview and a unit's page
on a small world, their numbers, scope, downloads, statement budgets and who may look."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from elearn.extensions import db
from elearn.models import Course, OrgUnit, TaskReview
from elearn.reporting.scope import Scope
from elearn.skm import impact
from tests.helpers import count_queries, logged_in_client
from tests.helpers import skm as rows
from tests.helpers.assignments import at, employees
from tests.helpers.skm_impact import FAIR, GOOD, PAGE, build_world
from tests.helpers.tasks import insert_submission


# Statements per request: the overview costs the same for one unit or the whole
# government (bench/skm_impact.py times it at 100,000 learners); test_page_budgets.py holds
# the ceilings.
@pytest.fixture
def world(app, org, make_user):
    return build_world(org, make_user)


def test_the_overview_lists_units_in_scope_with_their_latest_index_and_training(app, org, world):
    found = {row.code: row for row in impact.overview(Scope((org["KOTA-A"],)), None)}
    assert set(found) == {"KEL-A1", "PKM-A1"}  # not PKM-B1: another government
    kel = found["KEL-A1"]
    assert kel.latest.period.label == "2026-S1" and kel.previous.period.label == "2025-S2"
    assert kel.index == pytest.approx(sum(GOOD) / 9 * 25)
    assert kel.change == pytest.approx((sum(GOOD) - sum(FAIR)) / 9 * 25)
    assert (kel.training.staff, kel.training.trained, kel.training.courses) == (4, 3, 1)
    assert kel.trained_percent == 75.0
    pkm = found["PKM-A1"]
    assert pkm.previous is None and pkm.change is None
    assert pkm.training.staff == 0 and pkm.trained_percent is None

    client = logged_in_client(app, "hr-a")
    page = client.get(PAGE).get_data(as_text=True)
    assert "Kelurahan Melati" in page and "Puskesmas Anggrek Satu" in page
    assert "Puskesmas Bakung Satu" not in page
    assert "75%" in page and "(3/4)" in page
    assert "bukan bukti" in page


def test_chosen_courses_replace_the_assigned_ones(app, org, world):
    chosen = impact.overview(Scope((org["KOTA-A"],)), [world["prima"], world["pengaduan"]])
    kel = next(row for row in chosen if row.code == "KEL-A1")
    assert (kel.training.trained, kel.training.courses) == (0, 2)  # nobody did both
    client = logged_in_client(app, "hr-a")
    page = client.get(f"{PAGE}?courses=pengaduan,tidak-ada").get_data(as_text=True)
    assert "tidak-ada" in page  # named in the note
    assert 'value="pengaduan" checked' in page


def test_the_overview_sorts_and_pages(app, org, world):
    client = logged_in_client(app, "hr-a")
    by_ikm = client.get(f"{PAGE}?sort=ikm&dir=desc").get_data(as_text=True)
    assert by_ikm.index("Kelurahan Melati") < by_ikm.index("Puskesmas Anggrek Satu")
    by_ikm = client.get(f"{PAGE}?sort=ikm").get_data(as_text=True)
    assert by_ikm.index("Puskesmas Anggrek Satu") < by_ikm.index("Kelurahan Melati")
    assert client.get(f"{PAGE}?page=3").status_code == 200


def test_a_units_page_shows_periods_shares_and_before_and_after(app, org, world):
    client = logged_in_client(app, "hr-a")
    page = client.get(f"{PAGE}?unit={org['KEL-A1']}&element=7&element=99").get_data(as_text=True)
    assert "<svg" in page and "2025-S1" in page and "2026-S1" in page
    assert "U7 Perilaku pelaksana" in page  # the chosen element is drawn and named
    assert "kurang dari sampel minimal 80" in page  # 30 and 40 respondents of 100 served
    assert "(2/4)" in page and "(3/4)" in page  # trained by the end of 2025-S2 and 2026-S1
    # The training date: the end of 2025-S2, when two of four had finished.
    assert "31 Desember 2025" in page
    assert "Sebelum: 2025-S2" in page and "Sesudah: 2026-S1" in page
    change = (sum(GOOD) - sum(FAIR)) / 9 * 25
    assert f"+{change:.2f}".replace(".", ",") in page
    assert "bukan bukti" in page and "pegawai, prosedur, musim" in page

    chosen = client.get(f"{PAGE}?unit={org['KEL-A1']}&training=2025-06-30")
    text = chosen.get_data(as_text=True)
    assert "Sebelum: 2025-S1" in text and "Sesudah: 2025-S2" in text
    bad = client.get(f"{PAGE}?unit={org['KEL-A1']}&training=2025-13-45").get_data(as_text=True)
    assert "Tanggal pelatihan tidak dikenal" in bad


def test_accepted_tasks_are_a_second_share(app, org, world):
    staff = world["staff"]
    version = db.session.get(Course, world["pengaduan"]).live_version_id
    submission = insert_submission(staff[0], world["pengaduan"], version, "Laporan")
    db.session.add(
        TaskReview(
            submission_id=submission.id,
            scores=[3, 3],
            decision="accepted",
            decided_at=at(2025, 11, 2),
        )
    )
    db.session.commit()
    found = impact.unit_impact(
        Scope((org["KOTA-A"],)),
        org["KEL-A1"],
        [c for c in impact.live_courses() if c.slug in ("pengaduan", "pelayanan-prima")],
    )
    shares = {line.dated.period.label: line.accepted for line in found.periods}
    assert shares["2025-S1"].done == 0 and shares["2025-S2"].done == 1
    assert shares["2025-S2"].staff == 4
    client = logged_in_client(app, "hr-a")
    page = client.get(f"{PAGE}?unit={org['KEL-A1']}&courses=pengaduan").get_data(as_text=True)
    assert "Tugas penerapan diterima" in page


def test_scope_404_and_who_may_look(app, org, world):
    hr_a = logged_in_client(app, "hr-a")
    assert hr_a.get(f"{PAGE}?unit={org['PKM-B1']}").status_code == 404
    assert hr_a.get(f"{PAGE}.csv?unit={org['PKM-B1']}").status_code == 404
    assert hr_a.get(f"{PAGE}?unit=abc").status_code == 404
    assert hr_a.get(f"{PAGE}.pdf").status_code == 404
    # A unit in scope without results: a page saying so.
    empty = hr_a.get(f"{PAGE}?unit={org['DINKES-A']}")
    assert empty.status_code == 200 and "Belum ada hasil SKM" in empty.get_data(as_text=True)
    hr_b = logged_in_client(app, "hr-b")
    page = hr_b.get(PAGE).get_data(as_text=True)
    assert "Puskesmas Bakung Satu" in page and "Kelurahan Melati" not in page
    assert hr_b.get(f"{PAGE}?unit={org['KEL-A1']}").status_code == 404
    learner = logged_in_client(app, "peserta")
    assert learner.get(PAGE).status_code == 403
    assert learner.get(f"{PAGE}.xlsx").status_code == 403
    assert app.test_client().get(PAGE).status_code == 302


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_downloads_of_the_overview_and_a_unit(app, org, world):
    db.session.execute(
        OrgUnit.__table__.update().where(OrgUnit.id == org["PKM-A1"]).values(name="=HYPERLINK(1)")
    )
    db.session.commit()
    client = logged_in_client(app, "hr-a")
    overview = read_csv(client.get(f"{PAGE}.csv"))
    assert {row["kode_unit"] for row in overview} == {"KEL-A1", "PKM-A1"}
    kel = next(row for row in overview if row["kode_unit"] == "KEL-A1")
    assert kel["periode_terakhir"] == "2026-S1" and kel["mutu"] == "A"
    assert kel["persen_selesai_pelatihan"] == "75.0" and kel["petugas_garis_depan"] == "4"
    assert next(r for r in overview if r["kode_unit"] == "PKM-A1")["unit"] == "'=HYPERLINK(1)"

    response = client.get(f"{PAGE}.xlsx?unit={org['KEL-A1']}")
    assert response.status_code == 200
    assert "dampak-skm-KEL-A1.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    header = values[0]
    assert header[:4] == ("periode", "ikm", "mutu", "responden")
    assert [row[0] for row in values[1:]] == ["2025-S1", "2025-S2", "2026-S1"]
    trained = header.index("selesai_pelatihan")
    assert [row[trained] for row in values[1:]] == [0, 2, 3]
    assert values[1][header.index("responden_kurang")] == "ya"


def test_statements_do_not_grow_with_units_or_staff(app, org, world):
    client = logged_in_client(app, "hr-a")
    paths = {
        "overview": PAGE,
        "unit": f"{PAGE}?unit={org['KEL-A1']}&element=1",
        "export": f"{PAGE}.xlsx?unit={org['KEL-A1']}",
    }

    def measure() -> dict[str, int]:
        counts = {}
        for name, path in paths.items():
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            counts[name] = len(statements)
        return counts

    before = measure()
    for code in ("PKM-A2", "KEC-A", "DINKES-A"):
        rows.responses(org[code], "2026-S1", FAIR, count=5)
        employees(org[code], 3, prefix=code.lower(), position_id=world["loket"])
    assert measure() == before


def test_hostile_arguments_get_a_page_or_a_404(app, org, world):
    client = logged_in_client(app, "hr-a")
    unit = org["KEL-A1"]
    for query in (
        f"unit={unit}&courses={'x' * 300},%2C%2C,PELAYANAN-PRIMA&element=0&element=abc",
        f"unit={unit}&training=9999-01-01&sort=zzz&dir=up&page=-3",
        f"unit={unit}&training=%00&courses=" + ",".join(f"c{i}" for i in range(4000)),
        f"unit={unit}&element={'7' * 5000}&training={'2' * 5000}",
        "courses=pelayanan-prima&courses=pengaduan&sort=trained&dir=desc",
    ):
        assert client.get(f"{PAGE}?{query}").status_code == 200, query
        assert client.get(f"{PAGE}.csv?{query}").status_code == 200, query
    for query in ("unit=0", "unit=2147483648", f"unit={unit}x", "unit=-1"):
        assert client.get(f"{PAGE}?{query}").status_code == 404, query
