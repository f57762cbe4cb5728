"""Error pages are friendly and never show a stack trace; every response carries safe headers."""

import pytest
from werkzeug.exceptions import Forbidden


def test_404_page(client):
    response = client.get("/tidak-ada-halaman-ini")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page
    assert "Kembali ke beranda" in page


def test_405_page(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "Cara membuka halaman tidak tepat" in response.get_data(as_text=True)


def test_403_and_500_pages_hide_details(make_app):
    # Production behaviour: TESTING stays on for the database, but exceptions do not propagate.
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_boom")
    def boom():
        raise RuntimeError("rahasia internal: password=xyz")

    @app.get("/_forbidden")
    def forbidden():
        raise Forbidden()

    client = app.test_client()
    response = client.get("/_boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi gangguan pada server" in page
    assert "rahasia internal" not in page and "Traceback" not in page
    response = client.get("/_forbidden")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)


def test_500_page_after_a_failed_statement_still_renders_for_a_logged_in_user(make_app, make_user):
    """The failed transaction is rolled back before the page (which loads the user) renders."""
    from sqlalchemy import text

    from elearn.extensions import db

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_bad_sql")
    def bad_sql():
        db.session.execute(text("SELECT * FROM tabel_yang_tidak_ada"))

    from tests.helpers import login

    make_user()
    client = app.test_client()
    assert login(client).status_code == 302
    response = client.get("/_bad_sql")
    assert response.status_code == 500
    assert "Terjadi gangguan pada server" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("mode", ["TESTING", "DEBUG"])
def test_unexpected_exceptions_propagate_in_tests_and_debug(make_app, mode):
    """No friendly page hides the traceback from a test or from the debugger."""
    app = make_app(TESTING=mode == "TESTING", DEBUG=mode == "DEBUG")

    @app.get("/_boom")
    def boom():
        raise RuntimeError("jejak asli")

    with pytest.raises(RuntimeError, match="jejak asli"):
        app.test_client().get("/_boom")


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_http_only(client, make_user):
    from tests.helpers import login

    make_user()
    response = login(client)
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_index_redirects(client, learner):
    assert client.get("/").headers["Location"].endswith("/my")


def test_index_shows_visitors_the_landing_page(client):
    """Issue 17: the front door is public (tests/integration/test_public_front.py)."""
    response = client.get("/")
    assert response.status_code == 200 and 'href="/courses"' in response.get_data(as_text=True)


def test_huge_and_odd_ids_and_pages_are_plain_404s_or_page_one(client, learner):
    for path in (
        "/attempts/99999999999999999999",
        "/attempts/0",
        "/my/certificates/99999999999999999999.pdf",
        "/admin/positions/99999999999999999999",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
    assert client.get("/courses?page=%C2%B2").status_code == 200  # a superscript two
    assert client.get("/courses?page=99999999999").status_code == 200
