"""The installable web app (issue 19): the service worker is served from the root with the
headers that give it the whole site, every page loads the script that registers it and holds
the offline banner (hidden until the device is offline), and the offline page is a plain page."""

import json

import pytest

from tests.helpers import publish


def test_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    assert 'addEventListener("fetch"' in body
    assert "/offline" in body


def test_pages_register_the_worker_and_hold_a_hidden_offline_banner(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<script src="/static/offline.js?v=' in page
    assert 'id="offline-banner"' in page
    banner = page[page.index('<p id="offline-banner"') :]
    assert 'role="status" hidden' in banner.split(">", 1)[0]
    assert "Anda sedang luring" in banner
    response = client.get("/static/offline.js")
    assert 'register("/sw.js"' in response.get_data(as_text=True)
    response.close()


def test_offline_page_needs_no_login(client):
    response = client.get("/offline")
    assert response.status_code == 200
    assert "Anda sedang luring" in response.get_data(as_text=True)


def test_scripts_stay_same_origin_under_the_csp(client):
    csp = client.get("/offline").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_manifest_names_the_institution_and_starts_inside_the_worker_scope(client):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.data)
    assert "no-cache" in response.headers["Cache-Control"]
    assert manifest["name"] == "ELearn ASN · BKPSDM Pemerintah Daerah"  # INSTITUTION_NAME
    assert manifest["icons"][0]["src"].startswith("/static/icons/icon-192.png?v=")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    assert manifest["theme_color"] == "#0b4f8a"


def test_saved_list_page_is_a_frame_for_the_device_list(client):
    page = client.get("/tersimpan").get_data(as_text=True)
    assert "Tersimpan di perangkat" in page
    assert 'id="saved-courses"' in page
    assert "<noscript>" in page


def test_course_page_offers_saving_hidden_until_the_script_shows_it(client, learner, make_course):

    publish(make_course)
    page = client.get("/courses/kursus-uji").get_data(as_text=True)
    box = page[page.index('<div class="offline-save"') :].split(">", 1)[0]
    assert 'data-offline-listing="/courses/kursus-uji/offline.json"' in box
    assert box.endswith("hidden")
    assert "Simpan untuk dibaca offline" in page
    module = client.get("/courses/kursus-uji/pengantar").get_data(as_text=True)
    assert "data-offline-read=" in module


def test_the_institution_colour_themes_the_pages_and_the_installed_app(make_app):
    default = make_app().test_client()
    assert "/brand.css" not in default.get("/login").get_data(as_text=True)  # no extra request
    app = make_app(INSTITUTION_COLOR="#1B5E20")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<meta name="theme-color" content="#1b5e20">' in page
    assert '<link rel="stylesheet" href="/brand.css?v=1b5e20">' in page
    css = client.get("/brand.css?v=1b5e20")
    assert css.mimetype == "text/css" and "max-age=31536000" in css.headers["Cache-Control"]
    assert css.get_data(as_text=True) == ":root { --brand: #1b5e20; --brand-dark: #144618; }\n"
    assert json.loads(client.get("/manifest.webmanifest").data)["theme_color"] == "#1b5e20"


def test_a_colour_white_text_cannot_be_read_on_stops_the_start_with_the_reason(make_app):
    with pytest.raises(ValueError, match="terlalu terang"):
        make_app(INSTITUTION_COLOR="#fff59d")
