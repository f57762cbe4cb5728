"""The site header is rendered once per state and kept per app (elearn/layout.py, issue 15):
what it shows must still follow the page, the user's roles, the unread count and the
session's own CSRF token, exactly as when every page rendered it."""

from __future__ import annotations

import re

from flask import template_rendered

from elearn import fragments
from elearn.extensions import db
from elearn.models import Notice
from tests.helpers import CSRF_INPUT, login

CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')
MENU = re.compile(r'<a href="[^"]+" (?:aria-current="page")?>([^<(]+)')


def header(response) -> str:
    html = response.get_data(as_text=True)
    return html[html.index('<a class="skip"') : html.index("</header>")]


def current(response) -> list[str]:
    return CURRENT.findall(header(response))


def test_the_current_menu_item_follows_the_page(client, learner):
    assert current(client.get("/courses")) == ["/courses"]
    assert current(client.get("/my")) == ["/my"]
    assert current(client.get("/notices")) == ["/notices"]
    assert current(client.get("/account")) == ["/account"]
    assert current(client.get("/tidak-ada")) == []


def test_menus_follow_the_roles_of_who_is_logged_in(app, make_user, org):
    make_user("peserta")
    make_user("widya", roles=("learner", "trainer"))
    make_user("sdm", roles=("hr",), scope_unit_id=org["KOTA-A"])
    seen = {}
    for name in ("peserta", "widya", "sdm"):
        client = app.test_client()
        assert login(client, name).status_code == 302
        seen[name] = header(client.get("/courses"))
    menus = {name: MENU.findall(html) for name, html in seen.items()}
    base = ["Katalog Kursus", "Belajar Saya", "Sertifikat", "Akun"]
    assert [m for m in menus["peserta"] if not m.startswith("Pemberitahuan")] == base
    assert "Penulisan" in menus["widya"] and "Administrasi" not in menus["widya"]
    assert {"SDM", "Tugas", "Administrasi"} <= set(menus["sdm"])
    assert "Penulisan" not in menus["sdm"]


def test_the_unread_count_is_the_users_own_and_current(client, learner):
    assert "Pemberitahuan (0)" in header(client.get("/courses"))
    db.session.add(Notice(user_id=learner.id, kind="due_soon"))
    db.session.commit()
    assert "Pemberitahuan (1)" in header(client.get("/courses"))


def test_each_session_gets_its_own_logout_token_and_it_works(app, make_user):
    make_user("peserta")
    make_user("kedua", full_name="Budi")
    clients = [app.test_client(), app.test_client()]
    tokens = []
    for client, name in zip(clients, ("peserta", "kedua"), strict=True):
        assert login(client, name).status_code == 302
        tokens.append(CSRF_INPUT.search(header(client.get("/courses"))).group(1))
    assert tokens[0] != tokens[1]
    assert "\x00" not in clients[0].get("/courses").get_data(as_text=True)
    # The other session's token is refused; the page's own logs out.
    assert clients[0].post("/logout", data={"csrf_token": tokens[1]}).status_code == 400
    assert clients[0].post("/logout", data={"csrf_token": tokens[0]}).status_code == 302
    assert clients[0].get("/my").status_code == 302  # to the login page


def test_a_visitor_sees_the_login_link(client):
    shown = header(client.get("/login"))
    assert ">Masuk</a>" in shown and "Keluar" not in shown


def test_the_header_is_rendered_once_per_state(app, client, learner):
    rendered = []

    def record(_sender, template, context, **_extra):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        client.get("/courses")
        client.get("/courses")
        client.get("/my")  # another current item: another state
        client.get("/my")
    assert rendered.count("_header.html") == 2


def test_the_cache_stays_bounded(app, client, learner, monkeypatch):
    monkeypatch.setattr(fragments, "CACHE_LIMIT", 2)
    for path in ("/courses", "/my", "/notices", "/account", "/courses"):
        assert client.get(path).status_code == 200
        assert len(app.extensions[fragments.CACHE]) <= 2
