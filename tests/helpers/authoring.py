"""Authoring tests' course (the minimal course, owned by a trainer) and the editor's forms."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from elearn.authoring import store
from elearn.authoring.access import add_author
from elearn.extensions import db
from elearn.models import Course
from tests.helpers import csrf_token, login, publish

SLUG = "kursus-uji"

NO_CORRECT_ANSWER = """---
title: Modul Baru
---

# Modul Baru

Materi baru.

## Kuis

### Mana ibu kota Indonesia? {#ibukota}
- [ ] Bandung
- [ ] Surabaya
"""


def course_row(slug=SLUG) -> Course:
    db.session.expire_all()
    return db.session.scalar(select(Course).where(Course.slug == slug))


def trainer_with_course(make_user, make_course, client, username="pengajar", slug=SLUG):
    """A logged-in trainer who owns a published course."""
    publish(make_course, slug)
    user = make_user(username, ("trainer",), full_name="Bu Pengajar")
    add_author(course_row(slug).id, user.id, "owner")
    db.session.commit()
    assert login(client, username).status_code == 302
    return user


def page(client, path: str, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def editor_fields(client, path: str) -> dict:
    """The textarea text, revision and CSRF token of an edit page."""
    body = page(client, path)
    text = re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', body, re.S).group(1)
    revision = re.search(r'name="revision" value="(\d*)"', body).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)
    # HTML drops the newline right after <textarea>; the page adds one so none is lost.
    assert text.startswith("\n")
    return {"text": html.unescape(text[1:]), "revision": revision, "csrf_token": token}


def save(client, path: str, text: str, fields: dict | None = None):
    fields = dict(fields or editor_fields(client, path))
    fields["text"] = text
    return client.post(path, data=fields)


def edit_url(path: str, slug=SLUG) -> str:
    return f"/author/{slug}/edit/{path}"


def draft_text(path: str, slug=SLUG) -> str:
    return store.draft_source(course_row(slug)).files[path].decode()


def post_form(client, page_path: str, action: str, data: dict | None = None):
    token = csrf_token(client, page_path)
    return client.post(action, data={"csrf_token": token, **(data or {})})
