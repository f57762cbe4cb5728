"""Languages: only those with a catalog are offered; Bahasa Indonesia is the source."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from elearn.extensions import babel
from elearn.i18n import SOURCE_LOCALE, available_locales


@pytest.fixture(autouse=True)
def fresh_catalogs():
    """Flask-Babel keeps loaded catalogs by language on the one Babel object of the process,
    whatever app loaded them: the app with a catalog of its own below must neither read the
    shipped English nor leave its own for the tests after it."""

    def clear():
        domain = vars(babel).get("domain_instance")  # a cached_property, once made
        if domain is not None:
            domain.cache.clear()

    clear()
    yield
    clear()


def test_the_source_language_and_english_ship(app):
    assert available_locales(app) == ("en", SOURCE_LOCALE)


def test_a_language_without_a_catalog_is_not_offered(client):
    page = client.get("/login?lang=fr").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Masuk dengan NIP" in page


def test_a_language_with_a_compiled_catalog_can_be_chosen(make_app, tmp_path):
    catalog = Catalog(locale="en")
    catalog.add("Masuk", "Sign in")
    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as fh:
        write_mo(fh, catalog)
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations"))
    assert available_locales(app) == ("en", "id")

    client = app.test_client()
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Sign in</h1>" in page
    # The choice is remembered; an unknown language changes nothing.
    assert '<html lang="en">' in client.get("/login?lang=xx").get_data(as_text=True)
    assert '<html lang="id">' in client.get("/login?lang=id").get_data(as_text=True)
