"""A yearly mandatory course: the learner passes its final exam again in a new cycle."""

from datetime import date, timedelta

from sqlalchemy import select

from elearn.extensions import db
from elearn.models import Assignment, Course, CourseCompletion, QuizAttempt
from tests.helpers import login
from tests.helpers.quiz import SLUG, complete_course, publish_course, start, take


def test_new_cycle_reopens_the_final_exam(app, client, org, make_user, make_course):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    publish_course(make_course)
    complete_course(client)
    assert start(client, module=None).status_code == 409  # passed: nothing to retake

    # Move the completion and its attempts more than a year back.
    shift = timedelta(days=400)
    for row in db.session.scalars(select(CourseCompletion)):
        row.completed_at -= shift
    for row in db.session.scalars(select(QuizAttempt)):
        row.started_at -= shift
        row.submitted_at -= shift
    course_id = db.session.scalar(select(Course.id))
    db.session.add(
        Assignment(
            course_id=course_id,
            unit_id=org["DINKES-A"],
            due_date=date.today() - timedelta(days=390),
            recurrence="yearly",
        )
    )
    db.session.commit()
    # The cycle that ended 25 days ago was missed: the exam opens again.
    page = client.get(f"/courses/{SLUG}/exam").get_data(as_text=True)
    assert "pelatihan wajib tahunan" in page and "Anda sudah lulus" not in page
    retake = take(client, True, module=None)
    assert retake.passed and retake.number > 1  # numbering continues; history is kept
    assert start(client, module=None).status_code == 409  # this cycle is met now
    assert len(db.session.scalars(select(CourseCompletion)).all()) == 1  # JP credited once


def test_one_off_assignment_never_reopens(app, client, org, make_user, make_course):
    make_user("peserta", unit_id=org["PKM-A1"])
    assert login(client).status_code == 302
    publish_course(make_course)
    complete_course(client)
    course_id = db.session.scalar(select(Course.id))
    db.session.add(Assignment(course_id=course_id, unit_id=org["KOTA-A"], due_date=date.today()))
    db.session.commit()
    assert start(client, module=None).status_code == 409
