"""Notices: the list, marking read, the header count, and whose notices are whose."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from elearn.extensions import db
from elearn.models import Notice
from tests.helpers import count_queries, csrf_token, login, squeezed
from tests.helpers.assignments import assign, live_course


def add_notices(user_id, assignment_id, count, kind="due_soon", start=date(2026, 1, 1), hour=0):
    base = datetime(2026, 1, 1, hour, tzinfo=UTC)
    for i in range(count):
        db.session.add(
            Notice(
                user_id=user_id,
                kind=kind,
                assignment_id=assignment_id,
                due_date=start + timedelta(days=i),
                count=3,
                created_at=base + timedelta(hours=i),
            )
        )
    db.session.commit()


def header_count(client) -> int:
    page = squeezed(client.get("/courses"))
    return int(re.search(r"Pemberitahuan \((\d+)\)", page).group(1))


def test_notices_list_newest_first_and_mark_read(client, make_user, org):
    course = live_course()
    row = assign(course, org["KOTA-A"])
    me = make_user("peserta", unit_id=org["PKM-A1"], email="p@a.example")
    other = make_user("lain", unit_id=org["PKM-A1"])
    add_notices(me.id, row.id, 2, "due_soon", date(2026, 3, 30))
    add_notices(me.id, row.id, 1, "overdue", date(2026, 3, 31), hour=5)  # the newest
    add_notices(other.id, row.id, 4)
    login(client, "peserta")
    assert header_count(client) == 3
    page = squeezed(client.get("/notices"))
    items = re.findall(r'<li class="card[^"]*">(.*?)</li>', page)
    assert len(items) == 3
    assert "sudah lewat batas waktu (31 Maret 2026). Segera selesaikan." in items[0]
    assert "harus selesai paling lambat 31 Maret 2026" in items[1]
    assert "harus selesai paling lambat 30 Maret 2026" in items[2]
    assert "notice error" in page.split(items[0])[0][-40:]  # overdue stands out
    assert all("Baru:" in item for item in items)
    assert 'href="/courses/wajib"' in page
    token = csrf_token(client, "/notices")
    response = client.post("/notices/read", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/notices")
    page = squeezed(client.get(response.headers["Location"]))
    assert "3 pemberitahuan ditandai sudah dibaca." in page
    assert "Baru:" not in page and "Tandai semua sudah dibaca" not in page
    assert header_count(client) == 0
    db.session.expire_all()
    unread_of_other = db.session.scalars(
        db.select(Notice).where(Notice.user_id == other.id, Notice.read_at.is_(None))
    ).all()
    assert len(unread_of_other) == 4  # somebody else's notices are untouched


def test_newest_first_order(client, make_user, org):
    row = assign(live_course(), org["KOTA-A"])
    me = make_user("peserta", unit_id=org["PKM-A1"])
    add_notices(me.id, row.id, 3, "due_soon", date(2026, 3, 1))
    login(client, "peserta")
    page = squeezed(client.get("/notices"))
    dates = re.findall(r"paling lambat (\d+) Maret 2026", page)
    assert dates == ["3", "2", "1"]


def test_notices_page(client, make_user, org):
    row = assign(live_course(), org["KOTA-A"])
    me = make_user("peserta", unit_id=org["PKM-A1"])
    add_notices(me.id, row.id, 25)
    login(client, "peserta")
    first = squeezed(client.get("/notices"))
    assert first.count('<li class="card') == 20 and "Halaman 1 dari 2" in first
    second = squeezed(client.get("/notices?page=2"))
    assert second.count('<li class="card') == 5
    assert squeezed(client.get("/notices?page=abc")).count('<li class="card') == 20


def test_staff_overdue_notice_links_to_the_overdue_staff(client, make_user, org):
    row = assign(live_course(), org["KOTA-A"])
    head = make_user("kapus", roles=("supervisor",), unit_id=org["PKM-A1"])
    add_notices(head.id, row.id, 1, "staff_overdue", date(2026, 3, 31))
    login(client, "kapus")
    page = squeezed(client.get("/notices"))
    assert "3 pegawai di unit Anda belum menyelesaikan pelatihan wajib" in page
    link = f"/hr/assignments/{row.id}?state=overdue"
    assert f'href="{link}"' in page.replace("&amp;", "&")
    assert client.get(link).status_code == 200  # set above their unit, still theirs to see


def test_mark_read_needs_csrf_and_login(client, make_user, org):
    row = assign(live_course(), org["KOTA-A"])
    me = make_user("peserta", unit_id=org["PKM-A1"])
    add_notices(me.id, row.id, 2)
    response = client.get("/notices")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/notices/read").status_code in (302, 400)
    login(client, "peserta")
    assert client.post("/notices/read").status_code == 400
    assert client.post("/notices/read", data={"csrf_token": "palsu"}).status_code == 400
    assert client.get("/notices/read").status_code == 405
    assert header_count(client) == 2


def test_empty_and_anonymous(client, make_user):
    page = squeezed(client.get("/login"))
    assert "Pemberitahuan (" not in page
    make_user("peserta")
    login(client, "peserta")
    page = squeezed(client.get("/notices"))
    assert "Belum ada pemberitahuan." in page and "Pemberitahuan (0)" in page


def test_query_count_does_not_grow_with_notices(client, make_user, org):
    row = assign(live_course(), org["KOTA-A"])
    me = make_user("peserta", unit_id=org["PKM-A1"])
    row_id, me_id = row.id, me.id
    add_notices(me_id, row_id, 1)
    login(client, "peserta")
    with count_queries() as few:
        assert client.get("/notices").status_code == 200
    add_notices(me_id, row_id, 15, "overdue", date(2026, 6, 1))
    with count_queries() as many:
        assert client.get("/notices").status_code == 200
    assert few and len(few) == len(many)
