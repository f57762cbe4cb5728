"""In Chromium: a stranger checks a certificate logged out; its signing key leaks and is
withdrawn, and the verification page says the signature cannot be trusted yet; once the
certificates are signed again with the new key it says the signature is good."""

from playwright.sync_api import expect

from elearn.certificates import resign
from elearn.extensions import db
from elearn.models import Certificate
from tests.helpers.backups import kid
from tests.helpers.certificates import publish
from tests.helpers.keys import issue_certificates

GOOD = "Tanda tangan elektronik cocok"
LEAKED = "sudah dicabut karena bocor"


def test_the_verify_page_through_a_key_leak(live_server, phone, make_course):
    publish(make_course)
    [cid] = issue_certificates(1)
    certificate = db.session.get(Certificate, cid)
    leaked, url = kid(certificate), f"{live_server}/verify/{certificate.code}"

    phone.goto(url)
    expect(phone.locator(".verify-state")).to_contain_text("SAH")
    expect(phone.get_by_text(GOOD)).to_be_visible()

    resign.withdraw(leaked)  # the key is out of the JWKS; re-signing has not run yet
    phone.reload()
    expect(phone.get_by_text(LEAKED)).to_be_visible()
    expect(phone.get_by_text(GOOD)).to_have_count(0)
    jwks = phone.request.get(f"{live_server}/.well-known/jwks.json").json()
    assert leaked not in [key["kid"] for key in jwks["keys"]]

    assert resign.resign_all(leaked).resigned == 1
    phone.reload()
    expect(phone.get_by_text(GOOD)).to_be_visible()
    expect(phone.get_by_text(LEAKED)).to_have_count(0)
