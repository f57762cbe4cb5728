from tests.helpers import login


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}  # liveness only since issue 15: /readyz


def test_login_and_catalog(client, make_user, publish_shipped):
    publish_shipped()
    make_user()
    assert login(client).status_code == 302
    page = client.get("/courses").get_data(as_text=True)
    assert "Manajemen Waktu" in page
