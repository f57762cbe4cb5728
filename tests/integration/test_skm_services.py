"""HR's public services (/hr/skm/layanan): scoped list, adding and changing with every
message next to its field, audit entries, the QR poster and the QR downloads (issue 18)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno
from sqlalchemy import select

from elearn.extensions import db
from elearn.models import AuditLog, SkmService
from tests.helpers import csrf_token, logged_in_client
from tests.helpers import skm as rows

PAGE = "/hr/skm/layanan"
CSS = Path(__file__).resolve().parents[2] / "elearn" / "static" / "elearn.css"


@pytest.fixture
def people(app, make_user, org):
    make_user("hr", ("hr",), "Dewi Lestari", scope_unit_id=org["KOTA-A"])
    make_user("hr-bakung", ("hr",), "Bayu Bakung", scope_unit_id=org["KOTA-B"])
    make_user("admin", ("admin",), "Admin")
    make_user("peserta", ("learner",), unit_id=org["PKM-A1"])
    make_user("kapus", ("supervisor",), unit_id=org["PKM-A1"])
    return {
        "ktp": rows.service(org["KEL-A1"], "Pembuatan KTP-el", population=1200),
        "imunisasi": rows.service(org["PKM-B1"], "Imunisasi Bakung"),
    }


def text(response) -> str:
    return response.get_data(as_text=True)


def audit(action: str) -> list[AuditLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def test_the_list_shows_the_officers_units_only_with_their_public_links(app, people):
    page = text(logged_in_client(app, "hr").get(PAGE))
    ktp = people["ktp"]
    assert "Pembuatan KTP-el" in page and "Kelurahan Melati" in page and "1.200" in page
    assert f"http://localhost/skm/{ktp.public_code}" in page
    assert f"/hr/skm/layanan/{ktp.id}/poster" in page
    assert "Imunisasi Bakung" not in page and "Puskesmas Bakung" not in page
    admin = text(logged_in_client(app, "admin").get(PAGE))
    assert "Pembuatan KTP-el" in admin and "Imunisasi Bakung" in admin
    narrowed = text(logged_in_client(app, "admin").get(f"{PAGE}?unit={people['ktp'].unit_id}"))
    assert "Pembuatan KTP-el" in narrowed and "Imunisasi Bakung" not in narrowed


def test_only_hr_and_admins_reach_the_pages(app, people):
    ktp = people["ktp"]
    paths = [PAGE, f"{PAGE}/{ktp.id}", f"{PAGE}/{ktp.id}/poster", f"{PAGE}/{ktp.id}/qr.png"]
    for username in ("peserta", "kapus"):
        client = logged_in_client(app, username)
        assert [client.get(p).status_code for p in paths] == [403] * 4, username
    anonymous = app.test_client()
    assert all("/login" in anonymous.get(p).headers["Location"] for p in paths)


def test_a_service_outside_the_scope_is_a_404(app, people):
    other = people["imunisasi"]
    client = logged_in_client(app, "hr")
    for suffix in ("", "/poster", "/qr.png", "/qr.svg"):
        assert client.get(f"{PAGE}/{other.id}{suffix}").status_code == 404, suffix
    token = csrf_token(client, PAGE)
    response = client.post(f"{PAGE}/{other.id}", data={"csrf_token": token, "name": "Diubah"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(SkmService, other.id).name == "Imunisasi Bakung"
    assert client.get(f"{PAGE}/999999").status_code == 404


def test_adding_a_service_stores_it_with_a_fresh_code_and_an_audit_entry(app, people, org):
    client = logged_in_client(app, "hr")
    response = post(
        client, PAGE, unit=str(org["PKM-A1"]), name="  Rawat   jalan ", population="2.500"
    )
    assert response.status_code == 302
    row = db.session.scalar(select(SkmService).where(SkmService.name == "Rawat jalan"))
    assert row.unit_id == org["PKM-A1"] and row.population == 2500 and row.active
    assert len(row.public_code) == 10 and row.public_code.isalnum()
    assert row.public_code == row.public_code.lower()
    [entry] = audit("skm_service.create")
    assert entry.target_id == row.id and entry.details["name"] == "Rawat jalan"
    assert "Layanan Rawat jalan ditambahkan." in text(client.get(response.headers["Location"]))
    # No population given: still a service, the sample size unknown until it is set.
    assert post(client, PAGE, unit=str(org["PKM-A1"]), name="Apotek").status_code == 302
    assert (
        db.session.scalar(select(SkmService.population).where(SkmService.name == "Apotek")) is None
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Layanan"}, "unit", "Pilih unit kerja yang memberikan layanan ini."),
        ({"unit": "PKM-B1", "name": "Layanan"}, "unit", "di luar cakupan Anda"),
        ({"unit": "abc", "name": "Layanan"}, "unit", "di luar cakupan Anda"),
        ({"unit": "PKM-A1", "name": "   "}, "name", "Isi nama layanan"),
        ({"unit": "PKM-A1", "name": "x" * 201}, "name", "paling panjang 200 karakter"),
        ({"unit": "PKM-A1", "name": "L", "population": "-3"}, "population", "bilangan bulat"),
        ({"unit": "PKM-A1", "name": "L", "population": "12a"}, "population", "bilangan bulat"),
        ({"unit": "KEL-A1", "name": "pembuatan ktp-EL"}, "name", "sudah punya layanan"),
    ],
)
def test_a_bad_service_is_refused_with_the_reason_next_to_its_field(
    app, people, org, fields, field, message
):
    if fields.get("unit") in org:
        fields = {**fields, "unit": str(org[fields["unit"]])}
    client = logged_in_client(app, "hr")
    before = db.session.query(SkmService).count()
    response = post(client, PAGE, **fields)
    assert response.status_code == 422
    page = text(response)
    error = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert re.search(rf'aria-describedby="[^"]*\b{field}-error"', page)
    db.session.expire_all()
    assert db.session.query(SkmService).count() == before
    assert audit("skm_service.create") == []


def test_changing_a_service_is_audited_and_closing_it_closes_the_questionnaire(app, people):
    ktp = people["ktp"]
    client = logged_in_client(app, "hr")
    form = text(client.get(f"{PAGE}/{ktp.id}"))
    assert 'value="Pembuatan KTP-el"' in form and 'value="1200"' in form and "checked" in form
    path = f"{PAGE}/{ktp.id}"
    same = post(client, path, name="Pembuatan KTP-el", population="1200", active="y")
    assert same.status_code == 302 and audit("skm_service.update") == []
    changed = post(client, path, name="KTP elektronik", population="")
    assert changed.status_code == 302
    db.session.expire_all()
    row = db.session.get(SkmService, ktp.id)
    assert (row.name, row.population, row.active) == ("KTP elektronik", None, False)
    [entry] = audit("skm_service.update")
    assert entry.details == {"name": "KTP elektronik", "population": None, "active": False}
    assert app.test_client().get(f"/skm/{ktp.public_code}").status_code == 404
    refused = post(client, path, name="", population="x")
    assert refused.status_code == 422
    assert "Isi nama layanan" in text(refused) and "bilangan bulat" in text(refused)


def test_the_poster_names_the_service_and_carries_the_qr_of_its_address(app, make_app, people):
    ktp = people["ktp"]
    public = make_app(PUBLIC_URL="https://layanan.example.go.id/")
    page = text(logged_in_client(public, "hr").get(f"{PAGE}/{ktp.id}/poster"))
    url = f"https://layanan.example.go.id/skm/{ktp.public_code}"
    assert "Kelurahan Melati" in page and "Pembuatan KTP-el" in page
    assert f"layanan.example.go.id/skm/{ktp.public_code}</strong>" in page
    assert "Pindai kode QR ini dan beri penilaian Anda" in page
    expected = segno.make(url, error="m", micro=False)
    drawn = unquote(page.split('class="skm-poster-qr" src="', 1)[1].split('"', 1)[0])
    assert drawn == unquote(expected.svg_data_uri(scale=1, omitsize=True, border=4))
    assert f"{PAGE}/{ktp.id}/qr.png" in page and f"{PAGE}/{ktp.id}/qr.svg" in page
    css = CSS.read_text(encoding="utf-8")
    assert "size: A4 portrait" in css and ".no-print" in css


def test_the_qr_code_downloads_as_png_and_svg(app, people):
    ktp = people["ktp"]
    client = logged_in_client(app, "hr")
    png = client.get(f"{PAGE}/{ktp.id}/qr.png")
    assert png.mimetype == "image/png" and png.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert f"qr-skm-{ktp.public_code}.png" in png.headers["Content-Disposition"]
    svg = client.get(f"{PAGE}/{ktp.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert "attachment" in svg.headers["Content-Disposition"]
