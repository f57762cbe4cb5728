"""Languages: only those with a catalog are offered; Bahasa Indonesia is the source."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from elearn.i18n import SOURCE_LOCALE, available_locales


def test_only_the_source_language_ships(app):
    assert available_locales(app) == (SOURCE_LOCALE,)


def test_a_language_without_a_catalog_is_not_offered(client):
    page = client.get("/login?lang=en").get_data(as_text=True)
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
