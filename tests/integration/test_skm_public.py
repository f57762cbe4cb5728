"""The public SKM questionnaire (/skm/<code>): the page, what is stored and what is not,
messages next to each field, and the flood guard, all decided on the server (issue 18)."""

from __future__ import annotations

import logging
import re
import time
from datetime import date

import pytest
from sqlalchemy import select

from elearn import clock
from elearn.domain import skm
from elearn.extensions import db
from elearn.models import SkmResponse, SkmService
from elearn.skm import guard, services
from tests.helpers import client_at, logged_in_client
from tests.helpers import skm as rows
from tests.helpers.skm_public import GOOD, answer, form_tokens, stored

DEVICE_KEY = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture
def ktp(app, org) -> SkmService:
    """An open service of Kelurahan Melati; forms may be sent at once (no fill time)."""
    app.config["SKM_MIN_FILL_SECONDS"] = 0
    return rows.service(org["KEL-A1"], "Pembuatan KTP-el", population=1200)


def text(response) -> str:
    return response.get_data(as_text=True)


def only_row() -> SkmResponse:
    db.session.expire_all()
    [row] = db.session.scalars(select(SkmResponse)).all()
    return row


def error_of(page: str, field: str) -> str:
    return page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]


def test_the_page_asks_the_nine_questions_with_four_answers_each(client, ktp):
    response = client.get(f"/skm/{ktp.public_code}")
    page = text(response)
    assert response.status_code == 200
    assert "Kelurahan Melati" in page and "Pembuatan KTP-el" in page
    assert page.count("<fieldset") == 10 and page.count("<legend>") == 10  # nine and profile
    for element in skm.ELEMENTS:
        assert f"{element.number}. {element.question}" in page
        assert all(a in page for a in element.answers)
    assert len(re.findall(r'type="radio" id="u\d-[1-4]" name="u\d" value="[1-4]"', page)) == 36
    for name in ("gender", "age_group", "education", "occupation"):
        select_html = page.split(f'<select id="{name}"', 1)[1].split("</select>", 1)[0]
        assert '<option value="">Tidak ingin menjawab</option>' in select_html
    trap = page.split('<div class="skm-trap" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert 'name="csrf_token"' in page and 'name="shown" value="' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert 'name="robots" content="noindex"' in page


def test_an_answer_is_stored_anonymously_in_the_period_of_its_day(client, ktp):
    response = answer(client, ktp.public_code, comment="Antrean <b>lama</b>", gender="Perempuan")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/skm/{ktp.public_code}/terima-kasih")
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "Terima kasih atas penilaian Anda" in text(thanks)
    row = only_row()
    today = clock.today()
    assert (row.unit_id, row.service_id, row.source) == (ktp.unit_id, ktp.id, "daring")
    assert row.answered_on == today
    assert row.period == f"{today.year}-S{1 if today.month <= 6 else 2}"
    assert tuple(getattr(row, f"u{n}") for n in range(1, 10)) == GOOD
    assert row.comment == "Antrean <b>lama</b>"  # as typed; pages escape it
    assert (row.gender, row.age_group, row.education, row.occupation) == ("Perempuan", *[None] * 3)
    assert DEVICE_KEY.match(row.device_key) and row.import_id is None
    # Nothing in the row names the client: no address, no browser, no cookie value.
    cookie = client.get_cookie(guard.DEVICE_COOKIE, path="/skm/").value
    values = [str(getattr(row, c.key)) for c in SkmResponse.__table__.columns]
    assert not [v for v in values if "127.0.0.1" in v or "Werkzeug" in v or cookie in v]


@pytest.mark.parametrize(
    ("setting", "label"),
    [("year", "{y}"), ("quarter", "{y}-Q{q}"), ("month", "{y}-{m:02d}"), ("weekly", "{y}-S{s}")],
)
def test_the_period_follows_the_setting(app, client, ktp, setting, label):
    app.config["SKM_PERIOD"] = setting  # an unknown word falls back to semesters
    assert answer(client, ktp.public_code).status_code == 303
    day = clock.today()
    half, quarter = 1 if day.month <= 6 else 2, (day.month - 1) // 3 + 1
    assert only_row().period == label.format(y=day.year, q=quarter, m=day.month, s=half)


def test_missing_answers_are_named_next_to_their_question_and_the_rest_is_kept(client, ktp):
    response = answer(
        client,
        ktp.public_code,
        scores=(4, None, 3, 2, 1, 4, 4, None, 4),
        comment="<script>alert(1)</script>",
        age_group="30-39",
    )
    page = text(response)
    assert response.status_code == 422
    assert "Masih ada 2 pertanyaan yang belum dijawab" in page
    for field in ("u2", "u8"):
        assert error_of(page, field) == "Pilih satu jawaban untuk pertanyaan ini."
        assert f'id="{field}" aria-describedby="{field}-error"' in page
    assert 'id="u3-error"' not in page
    assert re.search(r'id="u5-1" name="u5" value="1"\s+checked', page)
    assert re.search(r'id="u1-4" name="u1" value="4"\s+checked', page)
    assert not re.search(r'id="u2-\d" name="u2" value="\d"\s+checked', page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in page
    assert "<script>alert(1)" not in page
    assert '<option value="30-39" selected>' in page
    assert stored() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"u4": "5"}, "u4", "Pilih satu jawaban untuk pertanyaan ini."),
        ({"comment": "a" * 1001}, "comment", "paling panjang 1000 karakter; yang Anda tulis 1001"),
        ({"gender": "Lainnya"}, "gender", "Pilih salah satu dari daftar"),
        ({"education": "x" * 500}, "education", "Pilih salah satu dari daftar"),
    ],
)
def test_bad_values_are_refused_with_a_message(client, ktp, fields, field, message):
    response = answer(client, ktp.public_code, **fields)
    assert response.status_code == 422
    assert message in error_of(text(response), field)
    assert stored() == 0


def test_one_answer_per_device_service_and_day(app, client, ktp, org, monkeypatch):
    other = rows.service(org["KEL-A1"], "Surat keterangan pindah")
    tokens = form_tokens(client, ktp.public_code)
    assert answer(client, ktp.public_code, tokens=tokens).status_code == 303
    again = answer(client, ktp.public_code, scores=(1,) * 9, tokens=tokens)  # another tab
    assert again.status_code == 409
    assert "Anda sudah mengisi survei layanan ini hari ini" in text(again)
    page = client.get(f"/skm/{ktp.public_code}")  # the form is not offered again today
    assert "Anda sudah mengisi survei layanan ini hari ini" in text(page)
    assert 'name="u1"' not in text(page)
    assert stored(ktp.id) == 1 and only_row().u1 == 4
    assert answer(client, other.public_code).status_code == 303  # another service
    assert answer(app.test_client(), ktp.public_code).status_code == 303  # another device
    keys = set(db.session.scalars(select(SkmResponse.device_key)))
    assert len(keys) == 3  # the same device's two answers cannot be linked
    tomorrow = date.fromordinal(clock.today().toordinal() + 1)
    monkeypatch.setattr(clock, "today", lambda: tomorrow)
    assert answer(client, ktp.public_code).status_code == 303  # the next day
    assert stored(ktp.id) == 3


def test_the_unique_constraint_catches_a_race(app, ktp, monkeypatch):
    answer_ = services.Answer(GOOD)
    key = "a" * 64
    assert services.record_answer(ktp, answer_, key, clock.today())
    # Both requests passed the check before either stored: the constraint decides.
    monkeypatch.setattr(services, "already_answered", lambda *_args: False)
    assert services.record_answer(ktp, answer_, key, clock.today()) is False
    assert stored(ktp.id) == 1


def test_the_device_cookie_is_long_lived_http_only_and_lax(app, make_app, client, ktp):
    cookie = client.get(f"/skm/{ktp.public_code}").headers["Set-Cookie"]
    assert cookie.startswith(f"{guard.DEVICE_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/skm/" in cookie
    assert "Max-Age=34560000" in cookie and "Secure" not in cookie
    later = client.get(f"/skm/{ktp.public_code}").headers.getlist("Set-Cookie")
    assert not [c for c in later if c.startswith(guard.DEVICE_COOKIE)]  # kept as it was
    https = make_app(PUBLIC_URL="https://elearn.example.go.id", SKM_MIN_FILL_SECONDS=0)
    secure = https.test_client().get(f"/skm/{ktp.public_code}").headers.getlist("Set-Cookie")
    assert any(c.startswith(guard.DEVICE_COOKIE) and "Secure" in c for c in secure)


def test_a_filled_honeypot_is_thanked_and_stored_nowhere(client, ktp, caplog):
    with caplog.at_level(logging.WARNING, logger="elearn.skm"):
        response = answer(client, ktp.public_code, website="https://spam.example")
    assert response.status_code == 303 and "terima-kasih" in response.headers["Location"]
    assert stored() == 0
    assert "discarded (honeypot)" in caplog.text


def test_a_form_sent_too_fast_or_without_its_signed_time_is_stored_nowhere(app, client, ktp):
    app.config["SKM_MIN_FILL_SECONDS"] = 1
    tokens = form_tokens(client, ktp.public_code)
    early = answer(client, ktp.public_code, scores=(4, None) * 4 + (4,), tokens=tokens)
    assert early.status_code == 422  # a person who sends early is shown what is missing
    assert "Masih ada 4 pertanyaan yang belum dijawab" in text(early)
    assert answer(client, ktp.public_code, tokens=tokens).status_code == 303
    assert stored() == 0  # complete, sent at once: a script
    for forged in ("", "1234", guard.form_shown(ktp.id + 1)):  # none signed for this form
        response = answer(client, ktp.public_code, tokens={**tokens, "shown": forged})
        assert response.status_code == 303
    assert stored() == 0
    time.sleep(1.1)  # a person takes longer than the minimum
    assert answer(client, ktp.public_code, tokens=tokens).status_code == 303
    assert stored() == 1


def test_a_flood_from_one_address_is_refused_with_the_429_page(make_app, ktp):
    flooded = make_app(SKM_RATE_LIMIT="3 per hour", SKM_MIN_FILL_SECONDS=0)
    for _ in range(3):  # each attempt counts, stored or not
        assert answer(flooded.test_client(), ktp.public_code).status_code == 303
    client = flooded.test_client()
    refused = answer(client, ktp.public_code)
    assert refused.status_code == 429
    assert "Terlalu banyak jawaban dari jaringan ini" in text(refused)
    assert int(refused.headers["Retry-After"]) > 0
    assert stored() == 3
    assert client.get(f"/skm/{ktp.public_code}").status_code == 200  # reading is not limited
    assert answer(client_at(flooded, "10.9.8.7"), ktp.public_code).status_code == 303
    assert stored() == 4


def test_an_unknown_or_closed_questionnaire_is_a_friendly_404(app, client, ktp, org):
    closed = rows.service(org["KEL-A1"], "Layanan lama")
    closed.active = False
    db.session.commit()
    for code in ("tidakada", closed.public_code, "x" * 300):
        response = client.get(f"/skm/{code}")
        assert response.status_code == 404
        assert "Survei tidak ditemukan" in text(response)
        assert client.get(f"/skm/{code}/terima-kasih").status_code == 404
    tokens = form_tokens(client, ktp.public_code)
    assert answer(client, closed.public_code, tokens=tokens).status_code == 404
    assert stored() == 0
    assert client.get(f"/skm/{ktp.public_code.upper()}").status_code == 200  # typed in capitals


def test_a_private_site_sends_visitors_to_the_login_page(make_app, make_user, ktp):
    private = make_app(PUBLIC_SITE=False, SKM_MIN_FILL_SECONDS=0)
    response = private.test_client().get(f"/skm/{ktp.public_code}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    make_user("peserta")
    assert answer(logged_in_client(private, "peserta"), ktp.public_code).status_code == 303
    assert stored() == 1


def test_without_its_csrf_token_nothing_is_stored(client, ktp):
    tokens = form_tokens(client, ktp.public_code)
    response = answer(client, ktp.public_code, tokens={"shown": tokens["shown"]})
    assert response.status_code == 400
    assert stored() == 0
