"""The satisfaction survey: after completion only, optional, one per learner and course,
editable for a week."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from elearn.extensions import db
from elearn.models import SurveyResponse
from elearn.models.base import utcnow
from tests.helpers import csrf_token, mark_read, publish
from tests.helpers.quiz import course_files, second_learner

SLUG = "kursus-survei"
PATH = f"/courses/{SLUG}/survey"
FIELDS = ("relevance", "clarity", "usefulness", "ease", "recommend")
MISSING = "Pilih salah satu nilai 1 sampai 5."


def publish_short_course(make_course):
    """A course of one module without quiz or exam: complete once it is read."""
    files = course_files(exam=False)
    del files["02-kuis.md"]
    return publish(make_course, SLUG, files)


def answers(value="4", comment="Contohnya dekat dengan pekerjaan.") -> dict:
    return {**dict.fromkeys(FIELDS, value), "comment": comment}


def post(client, data):
    return client.post(PATH, data={**data, "csrf_token": csrf_token(client, "/my")})


def responses() -> list[SurveyResponse]:
    db.session.expire_all()
    return list(db.session.scalars(select(SurveyResponse)))


def test_survey_opens_only_after_completion(client, learner, make_course):
    publish_short_course(make_course)
    client.get(f"/courses/{SLUG}")
    for response in (client.get(PATH), post(client, answers())):
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/courses/{SLUG}")
    page = client.get(f"/courses/{SLUG}").get_data(as_text=True)
    assert "Survei kepuasan dibuka setelah kursus selesai." in page
    assert responses() == []
    mark_read(client, SLUG, "pengantar")
    response = client.get(PATH)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Survei ini tidak wajib" in page and "Kirim survei" in page
    assert page.count('<fieldset class="question scale"') == 5
    assert " checked " not in page
    assert "Survei kepuasan" in client.get(f"/courses/{SLUG}").get_data(as_text=True)


def test_invalid_answers_are_shown_again_with_messages_and_422(client, learner, make_course):
    publish_short_course(make_course)
    mark_read(client, SLUG, "pengantar")
    response = post(client, {})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count(MISSING) == 5
    # a value outside 1-5 gets the same Indonesian message, not a library's English one
    response = post(client, {**answers(), "relevance": "9", "clarity": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count(MISSING) == 2
    assert "Not a valid" not in page
    # what was valid stays filled in
    assert re.search(r'checked id="ease-3" name="ease"', page)
    assert "Contohnya dekat dengan pekerjaan." in page
    response = post(client, answers(comment="x" * 2001))
    assert response.status_code == 422
    assert "Komentar paling panjang 2.000 karakter." in response.get_data(as_text=True)
    for value in ("0", "6", "-1", "3.5", "empat"):
        assert post(client, answers(value)).status_code == 422, value
    assert responses() == []


def test_one_response_per_learner_and_course_updated_within_a_week(
    app, client, learner, make_course
):
    publish_short_course(make_course)
    mark_read(client, SLUG, "pengantar")
    response = post(client, answers("4"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/courses/{SLUG}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Terima kasih! Jawaban survei Anda tersimpan." in page
    [first] = responses()
    assert [getattr(first, f) for f in FIELDS] == [4] * 5
    assert first.comment == "Contohnya dekat dengan pekerjaan."
    created = first.created_at
    # shown filled in, and a second answer updates the same row
    page = client.get(PATH).get_data(as_text=True)
    for field in FIELDS:
        assert f'checked id="{field}-3" name="{field}"' in page
    assert post(client, answers("2", comment="  Diubah.  ")).status_code == 302
    [again] = responses()
    assert again.id == first.id and again.created_at == created
    assert [getattr(again, f) for f in FIELDS] == [2] * 5
    assert again.comment == "Diubah."
    assert again.updated_at >= created
    # the comment is optional
    assert post(client, answers("5", comment="")).status_code == 302
    assert responses()[0].comment == ""
    # another learner has a response of their own
    other = second_learner(app)
    mark_read(other, SLUG, "pengantar")
    assert post(other, answers("1")).status_code == 302
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 2


def backdate(days: int):
    db.session.execute(update(SurveyResponse).values(created_at=utcnow() - timedelta(days=days)))
    db.session.commit()


def test_the_response_can_be_edited_for_seven_days_only(client, learner, make_course):
    publish_short_course(make_course)
    mark_read(client, SLUG, "pengantar")
    assert post(client, answers("4")).status_code == 302
    backdate(6)
    assert post(client, answers("3")).status_code == 302
    assert responses()[0].relevance == 3
    backdate(8)
    page = client.get(PATH).get_data(as_text=True)
    assert "Jawaban hanya dapat diubah dalam 7 hari setelah diisi." in page
    assert "Kirim survei" not in page and "disabled" in page
    response = post(client, answers("1"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PATH)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Survei hanya dapat diubah dalam 7 hari setelah diisi." in page
    [kept] = responses()
    assert [getattr(kept, f) for f in FIELDS] == [3] * 5


def test_survey_needs_csrf_login_and_a_real_course(client, learner, make_course):
    publish_short_course(make_course)
    mark_read(client, SLUG, "pengantar")
    response = client.post(PATH, data=answers())
    assert response.status_code == 400
    assert "Formulir sudah kedaluwarsa" in response.get_data(as_text=True)
    assert client.get("/courses/tidak-ada/survey").status_code == 404
    assert responses() == []
    token = csrf_token(client, "/my")
    client.post("/logout", data={"csrf_token": token})
    response = client.get(PATH)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
