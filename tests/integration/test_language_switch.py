"""English as a second interface language (issue 17): the footer's switch keeps a
signed-in user's choice on the account (every later request, device and login follows it),
a visitor's in the session (?lang=); the cached header is rendered per language; dates
follow the language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from elearn.extensions import db
from elearn.i18n import date_time
from elearn.models import User
from tests.helpers import count_queries, csrf_token, login


def switch(client, lang: str, back: str = "/my"):
    token = csrf_token(client, "/my")
    return client.post("/account/language", data={"lang": lang, "next": back, "csrf_token": token})


def test_the_switch_returns_to_the_page_it_was_on(client, learner):
    """Pages carry no return path (an error page or a print view must not show its own
    address): the switch goes back to the Referer when it is this site, else home."""
    token = csrf_token(client, "/my")
    data = {"lang": "en", "csrf_token": token}
    back = client.post(
        "/account/language", data=data, headers={"Referer": "http://localhost/courses?q=waktu"}
    )
    assert back.status_code == 302 and back.location == "/courses?q=waktu"
    foreign = client.post(
        "/account/language", data=data, headers={"Referer": "https://lain.example/courses"}
    )
    assert foreign.location == "/"
    assert 'name="next"' not in client.get("/my").get_data(as_text=True)


def test_english_is_offered(app):
    assert "en" in app.extensions["elearn_locales"]


def test_a_learner_switches_to_english_and_keeps_it_on_a_new_login(app, client, learner):
    page = client.get("/my").get_data(as_text=True)
    assert '<html lang="id">' in page and "Belajar Saya" in page

    response = switch(client, "en")
    assert response.status_code == 302 and response.headers["Location"].endswith("/my")
    page = client.get("/my").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "My learning" in page and "Belajar Saya" not in page
    assert "Interface language changed." in page  # the switch's flash, in the new language
    catalog = client.get("/courses").get_data(as_text=True)
    assert "Search courses" in catalog and "Cari kursus" not in catalog
    assert db.session.scalar(select(User.locale).where(User.id == learner.id)) == "en"

    other = app.test_client()  # another device, a new login
    assert login(other).status_code == 302
    page = other.get("/my").get_data(as_text=True)
    assert '<html lang="en">' in page and "My learning" in page

    switch(other, "id")
    page = client.get("/my").get_data(as_text=True)  # the first device follows
    assert '<html lang="id">' in page and "Belajar Saya" in page


def test_an_unknown_language_is_refused_without_an_error(client, learner):
    response = switch(client, "xx")
    assert response.status_code == 302
    assert db.session.scalar(select(User.locale).where(User.id == learner.id)) is None
    page = client.get("/my").get_data(as_text=True)
    assert "Pilih salah satu bahasa yang tersedia." in page


def test_the_switch_goes_back_only_to_a_path_on_this_site(client, learner):
    response = switch(client, "en", back="https://example.com/")
    assert response.headers["Location"] == "/"


def test_a_visitor_chooses_english_with_lang_and_it_is_remembered(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Password" in page
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    page = client.get("/login?lang=id").get_data(as_text=True)
    assert '<html lang="id">' in page and "Kata sandi" in page


def test_a_visitor_page_offers_links_and_sets_no_cookie(client):
    response = client.get("/")
    assert "Set-Cookie" not in response.headers
    assert 'href="?lang=en"' in response.get_data(as_text=True)


def test_the_cached_header_differs_per_language(client, learner):
    indonesian = client.get("/my").get_data(as_text=True)
    switch(client, "en")
    english = client.get("/my").get_data(as_text=True)
    header = lambda page: page[page.index("<header") : page.index("</header>")]  # noqa: E731
    assert header(indonesian) != header(english)
    assert ">Keluar<" in header(indonesian) and ">Log out<" in header(english)


def test_dates_follow_the_language(app):
    when = datetime(2026, 12, 2, 7, 5)
    with app.test_request_context("/?lang=en"):
        assert date_time(when) == "2 December 2026, 14:05 WIB"
    with app.test_request_context("/?lang=id"):
        assert date_time(when) == "2 Desember 2026, 14.05 WIB"


def test_reading_the_users_language_costs_no_statement(client, learner):
    """The column comes with the user in the loader's one statement: /my runs as many
    statements in English as in Indonesian (tests/integration/test_page_budgets.py)."""
    client.get("/my")
    with count_queries() as indonesian:
        client.get("/my")
    switch(client, "en")
    client.get("/my")
    with count_queries() as english:
        page = client.get("/my").get_data(as_text=True)
    assert "My learning" in page
    assert len(english) == len(indonesian)
