"""Answering the public SKM questionnaire through the Flask client (issue 18)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from elearn.extensions import db
from elearn.models import SkmResponse

HIDDEN = {
    "csrf_token": re.compile(r'name="csrf_token"[^>]*value="([^"]+)"'),
    "shown": re.compile(r'name="shown" value="([^"]*)"'),
}
GOOD = (4, 4, 3, 4, 3, 4, 4, 3, 4)


def form_tokens(client, code: str) -> dict[str, str]:
    """Open the questionnaire and return its hidden fields (CSRF token, time shown)."""
    response = client.get(f"/skm/{code}")
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    return {name: pattern.search(page).group(1) for name, pattern in HIDDEN.items()}


def answer(client, code: str, scores=GOOD, tokens: dict | None = None, **fields):
    """Open the form (unless `tokens` are given), then send `scores` (None leaves a question
    out) and any other `fields`; the response of the POST."""
    data = dict(tokens or form_tokens(client, code))
    for number, score in enumerate(scores, start=1):
        if score is not None:
            data[f"u{number}"] = str(score)
    data.update(fields)
    return client.post(f"/skm/{code}", data=data)


def stored(service_id: int | None = None) -> int:
    """How many answers are stored (for one service when given)."""
    db.session.expire_all()
    stmt = select(func.count()).select_from(SkmResponse)
    if service_id is not None:
        stmt = stmt.where(SkmResponse.service_id == service_id)
    return db.session.scalar(stmt)
