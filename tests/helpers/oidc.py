"""A real OpenID Provider for the single sign-on tests: panva's certified `oidc-provider`
(tests/oidc, Node), started on a free loopback port, and a driver of its login pages over
HTTP (requests) for the tests that use Flask's test client.

In CI (CI set) a missing Node or missing node_modules fails the tests; elsewhere they skip
(.ci/run installs it: `cd tests/oidc && npm ci`)."""

from __future__ import annotations

import contextlib
import html
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"
CLIENT_ID = "elearn-uji"
CLIENT_SECRET = "rahasia-klien-uji-yang-panjang-sekali-0123456789"

# Login names at the provider (any password) and the NIP each carries.
NIP_LEARNER = "199001012015011001"
NIP_HR = "198703032012012003"
NIP_ADMIN = "198001012005011001"
NIP_UNKNOWN = "197505052000031004"
ACCOUNTS = {
    "budi": {"nip": NIP_LEARNER, "name": "Budi Santoso"},
    "sdm": {"nip": NIP_HR, "name": "Sri Dewi"},
    "kepala": {"nip": NIP_ADMIN, "name": "Admin Daerah"},
    "tamu": {"nip": NIP_UNKNOWN, "name": "Tamu Luar"},
    # "tanpa-nip": any login not listed signs in without a nip claim
}


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _require_node() -> str:
    node = shutil.which("node")
    installed = (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir()
    if node and installed:
        return node
    message = "oidc-provider needs node and `npm ci` in tests/oidc (see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def running_provider(app_base: str, accounts: dict | None = None):
    """Run the provider for a site at `app_base` (its callback and /login registered)."""
    node = _require_node()
    port = _free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": f"{app_base}/login/sso/callback",
        "OIDC_LOGOUT_URIS": f"{app_base}/login",
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS if accounts is None else accounts),
        "NODE_ENV": "test",
    }
    process = subprocess.Popen(
        [node, "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=30)
        except queue.Empty:
            first = ""
        if not first.startswith("ready "):
            pytest.fail(f"oidc-provider did not start: {first!r}")
        yield Provider(first.split()[1], process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def configure(app, issuer: str) -> None:
    from elearn.auth import oidc

    app.config.update(
        OIDC_ISSUER=issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_TIMEOUT=3,
    )
    oidc.forget_metadata()


_FORM = re.compile(r"<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S)
_HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")


def _form(page: str) -> tuple[str, dict]:
    match = _FORM.search(page)
    assert match, f"no form on the provider's page: {page[:500]}"
    fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(match.group(2))}
    return html.unescape(match.group(1)), fields


def sign_in_at_provider(
    authorize_url: str, login: str, stop_at: str, session: requests.Session | None = None
) -> str:
    """Follow the provider's pages from `authorize_url` as a person would: log in as
    `login` (any password), consent if asked; return the first URL under `stop_at` (our
    callback) the provider sends the browser to."""
    browser = session or requests.Session()
    url, data = authorize_url, None
    for _step in range(12):
        if data is None:
            response = browser.get(url, allow_redirects=False, timeout=10)
        else:
            response = browser.post(url, data=data, allow_redirects=False, timeout=10)
        data = None
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(stop_at):
                return url
            continue
        assert response.status_code == 200, (response.status_code, response.text[:500])
        action, fields = _form(response.text)
        if fields.get("prompt") == "login":
            fields.update(login=login, password="sandi-apa-saja")
        url, data = urljoin(url, action), fields
    raise AssertionError("the provider never sent the browser back")


def cancel_at_provider(authorize_url: str, stop_at: str) -> str:
    """Open the provider's login page and press its "[ Cancel ]" link."""
    browser = requests.Session()
    page = browser.get(authorize_url, timeout=10)
    abort = re.search(r"href=\"([^\"]+/abort)\"", page.text)
    assert abort, page.text[:500]
    response = browser.get(urljoin(page.url, html.unescape(abort.group(1))), allow_redirects=False)
    url = urljoin(page.url, response.headers["Location"])
    while not url.startswith(stop_at):
        response = browser.get(url, allow_redirects=False, timeout=10)
        url = urljoin(url, response.headers["Location"])
    return url


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
