"""/my/competencies: required level from the position, attained level from valid certificates,
the gap, and the published courses not yet completed that would close it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Certificate, Course
from tests.helpers import csrf_token
from tests.helpers.certificates import (
    client_of,
    complete,
    hr_of,
    make_position,
    only_certificate,
    publish,
    revoke_via_page,
    set_certificate,
)

CATALOG = {
    # slug: (title, levels attested)
    "etika-dasar": ("Etika Dasar", {"integritas": 2, "kerja-sama": 1}),
    "etika-menengah": ("Etika Menengah", {"integritas": 2}),
    "etika-lanjut": ("Etika Lanjutan", {"integritas": 3}),
    "etika-pakar": ("Etika untuk Pimpinan", {"integritas": 4}),
    "komunikasi-awal": ("Komunikasi Awal", {"komunikasi": 1}),
    "komunikasi-efektif": ("Komunikasi Efektif", {"komunikasi": 2}),
    "arsip-data": ("Pengelolaan Arsip Data", {"pengelolaan-data": 3}),
}


def publish_catalog(make_course) -> None:
    for slug, (title, levels) in CATALOG.items():
        publish(make_course, slug, title=title, levels=levels)


def profile(client) -> dict[str, dict]:
    """Read /my/competencies into {competency name: {required, attained, gap, courses}}."""
    response = client.get("/my/competencies")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = {}
    for card in page.split('<li class="card">')[1:]:
        card = card.split("\n  </li>")[0]
        name = re.search(r"<h2>(.*?) <small", card).group(1)
        required = re.search(r"Level dibutuhkan</dt><dd>(.*?)</dd>", card).group(1)
        attained = re.search(r'<meter [^>]*value="(\d+)"', card).group(1)
        gap = re.search(r'<strong class="gap">(\d+)</strong>', card)
        rows[name] = {
            "required": 0 if required == "—" else int(required),
            "attained": int(attained),
            "gap": int(gap.group(1)) if gap else 0,
            "courses": re.findall(r'<a href="/courses/([^"/]+)">', card),
            "met": "terpenuhi" in card,
            "not_required": "tidak dibutuhkan jabatan" in card,
        }
    return rows


def order(client) -> list[str]:
    return list(profile(client))


def learner_with_position(app, make_user, **levels):
    position = make_position(levels=levels or None)
    user, client = client_of(app, make_user, "peserta")
    user.position_id = position.id
    db.session.commit()
    return user, client


def certificate_for(user_id: int, slug: str) -> Certificate:
    db.session.expire_all()
    return db.session.scalar(
        select(Certificate)
        .join(Course, Course.id == Certificate.course_id)
        .where(Certificate.user_id == user_id, Course.slug == slug)
    )


def test_gap_and_recommendations_then_revocation(app, make_user, make_course):
    publish_catalog(make_course)
    user, client = learner_with_position(app, make_user)
    page = client.get("/my/competencies").get_data(as_text=True)
    assert "Jabatan: Analis Kepegawaian Ahli Pertama." in page
    before = profile(client)
    assert before["Integritas"]["gap"] == 3 and before["Komunikasi"]["gap"] == 2

    complete(client, "etika-dasar")
    rows = profile(client)
    assert set(rows) == {"Integritas", "Komunikasi", "Kerja Sama"}
    integritas = rows["Integritas"]
    assert (integritas["required"], integritas["attained"], integritas["gap"]) == (3, 2, 1)
    # Level 3 or more, not completed: not the level-2 courses, not the one just completed.
    assert sorted(integritas["courses"]) == ["etika-lanjut", "etika-pakar"]
    komunikasi = rows["Komunikasi"]
    assert (komunikasi["required"], komunikasi["attained"], komunikasi["gap"]) == (2, 0, 2)
    assert komunikasi["courses"] == ["komunikasi-efektif"]
    kerja_sama = rows["Kerja Sama"]  # held, not required by the position
    assert (kerja_sama["required"], kerja_sama["attained"], kerja_sama["gap"]) == (0, 1, 0)
    assert kerja_sama["not_required"] and kerja_sama["courses"] == []
    assert order(client) == ["Komunikasi", "Integritas", "Kerja Sama"]  # biggest gap first
    page = client.get("/my/competencies").get_data(as_text=True)
    assert "Etika Lanjutan" in page and "Etika Menengah" not in page
    assert "Pengelolaan Arsip Data" not in page

    certificate = only_certificate(user.id)
    _, hr = hr_of(app, make_user, user.id)
    assert revoke_via_page(hr, certificate.id, "Diterbitkan karena kesalahan.").status_code == 302
    rows = profile(client)
    integritas = rows["Integritas"]
    assert (integritas["required"], integritas["attained"], integritas["gap"]) == (3, 0, 3)
    assert sorted(integritas["courses"]) == ["etika-lanjut", "etika-pakar"]
    assert "Kerja Sama" not in rows  # neither required nor held any more


def test_highest_valid_certificate_counts_and_expired_ones_do_not(app, make_user, make_course):
    publish_catalog(make_course)
    user, client = learner_with_position(app, make_user)
    complete(client, "etika-dasar")
    complete(client, "etika-lanjut")
    integritas = profile(client)["Integritas"]
    assert (integritas["attained"], integritas["gap"]) == (3, 0)
    assert integritas["met"] and integritas["courses"] == []

    past = datetime.now(UTC) - timedelta(days=1)
    set_certificate(certificate_for(user.id, "etika-lanjut").id, expires_at=past)
    integritas = profile(client)["Integritas"]
    assert (integritas["required"], integritas["attained"], integritas["gap"]) == (3, 2, 1)
    # Etika Lanjutan would close the gap but was completed already: only the next one.
    assert integritas["courses"] == ["etika-pakar"]

    set_certificate(certificate_for(user.id, "etika-dasar").id, expires_at=past)
    rows = profile(client)
    assert (rows["Integritas"]["attained"], rows["Integritas"]["gap"]) == (0, 3)
    assert "Kerja Sama" not in rows

    # Still valid until the very end: a certificate expiring tomorrow counts.
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    set_certificate(certificate_for(user.id, "etika-lanjut").id, expires_at=tomorrow)
    assert profile(client)["Integritas"]["attained"] == 3


def test_without_position_only_held_competencies_and_a_message(app, make_user, make_course):
    publish_catalog(make_course)
    make_position()
    _, client = client_of(app, make_user, "peserta")
    page = client.get("/my/competencies").get_data(as_text=True)
    assert "Jabatan Anda belum diisi" in page
    assert "Belum ada kompetensi" in page
    assert profile(client) == {}

    complete(client, "etika-dasar")
    page = client.get("/my/competencies").get_data(as_text=True)
    assert "Jabatan Anda belum diisi" in page
    rows = profile(client)
    assert set(rows) == {"Integritas", "Kerja Sama"}
    assert rows["Integritas"]["required"] == 0
    assert rows["Integritas"]["attained"] == 2
    assert rows["Integritas"]["gap"] == 0
    assert rows["Integritas"]["not_required"]
    assert "Komunikasi" not in page


def test_position_change_by_admin_shows_at_once(app, make_user, make_course):
    publish_catalog(make_course)
    user, client = learner_with_position(app, make_user, komunikasi=1)
    complete(client, "komunikasi-awal")
    assert profile(client)["Komunikasi"]["met"]

    other = make_position("JPT-01", "Kepala Badan", {"komunikasi": 4, "integritas": 4})
    _, admin = client_of(app, make_user, "admin", ("admin",), "Administrator")
    path = f"/admin/users/{user.id}"
    response = admin.post(
        path,
        data={
            "csrf_token": csrf_token(admin, path),
            "position_id": str(other.id),
            "roles": "learner",
        },
    )
    assert response.status_code == 302
    rows = profile(client)
    assert (rows["Komunikasi"]["required"], rows["Komunikasi"]["gap"]) == (4, 3)
    assert rows["Komunikasi"]["courses"] == []  # no course reaches level 4
    assert "Belum ada kursus di katalog untuk level ini." in client.get(
        "/my/competencies"
    ).get_data(as_text=True)
    assert rows["Integritas"]["courses"] == ["etika-pakar"]
