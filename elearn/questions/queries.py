"""Reading questions: the module page's summary in one statement, a module's thread for
each kind of viewer, the /author list of unanswered questions, one question by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    and_,
    bindparam,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)

from ..domain.questions import PINNED_SHOWN, Post, Visibility
from ..extensions import db, plain_rows
from ..models import (
    Course,
    ModuleQuestion,
    OrgClosure,
    OrgUnit,
    QuestionReport,
    QuestionVote,
    SiteSetting,
)
from ..site_settings import QUESTION_VISIBILITY

Q = ModuleQuestion
VISIBILITY_KEY = QUESTION_VISIBILITY
USER, UNIT = bindparam("user_id"), bindparam("unit_id")
COURSE, MODULE = bindparam("course_id"), bindparam("module")
THREAD_LIMIT = 50  # newest questions a thread page lists (pinned ones first)


def _government_of_unit():
    """The viewer's government as a scalar subquery of the bound unit (NULL for none)."""
    return (
        select(OrgClosure.ancestor_id)
        .join(OrgUnit, OrgUnit.id == OrgClosure.ancestor_id)
        .where(OrgClosure.descendant_id == UNIT, OrgUnit.parent_id.is_(None))
        .scalar_subquery()
    )


def learner_condition() -> ColumnElement[bool]:
    """SQL twin of domain.questions.learner_sees for the bound user and unit: the setting and
    the viewer's government are read inside the statement, so a page spends no statement
    on them."""
    setting = select(SiteSetting.value).where(SiteSetting.key == VISIBILITY_KEY)
    same_government = and_(
        setting.scalar_subquery() == Visibility.GOVERNMENT.value,
        Q.government_id == _government_of_unit(),
    )
    return and_(
        Q.hidden_at.is_(None), or_(Q.asker_id == USER, Q.pinned_at.is_not(None), same_government)
    )


@dataclass(frozen=True)
class Pinned:
    id: int
    body_html: str
    answer_html: str
    helpful: int


@dataclass(frozen=True)
class Summary:
    """What the module page shows: how many questions the learner can read, and the pins."""

    count: int
    pinned: list[Pinned]


@cache
def _summary_statement():
    here = and_(Q.course_id == COURSE, Q.module_slug == MODULE)
    counted = select(
        literal_column("0").label("kind"),
        func.count(Q.id).label("number"),
        cast(null(), Text),
        cast(null(), Text),
        cast(null(), Integer),
    ).where(here, learner_condition())
    pins = (
        select(literal_column("1").label("kind"), Q.id, Q.body_html, Q.answer_html, Q.helpful_count)
        .where(here, Q.pinned_at.is_not(None), Q.hidden_at.is_(None))
        .order_by(Q.pinned_at.desc(), Q.id.desc())
        .limit(PINNED_SHOWN)
        .subquery()
    )
    return union_all(counted, select(*pins.c))


def module_summary(user_id: int, unit_id: int | None, course_id: int, module: str) -> Summary:
    """The count and the pinned Tanya-jawab of one module, in one statement."""
    params = {"user_id": user_id, "unit_id": unit_id, "course_id": course_id, "module": module}
    count, pinned = 0, []
    for kind, number, body, answer, helpful in plain_rows(_summary_statement(), params):
        if int(kind) == 0:
            count = int(number)
        else:
            pinned.append(Pinned(int(number), body, answer or "", int(helpful or 0)))
    pinned.sort(key=lambda p: -p.id)
    return Summary(count, pinned)


@dataclass(frozen=True)
class ThreadRow:
    id: int
    asker_id: int
    government_id: int | None
    body_html: str
    answer_md: str | None
    answer_html: str | None
    created_at: datetime
    answered_at: datetime | None
    helpful: int
    pinned: bool
    hidden: bool
    reports: int
    voted: bool
    reported: bool

    @property
    def post(self) -> Post:
        return Post(
            self.asker_id,
            self.government_id,
            self.answered_at is not None,
            self.pinned,
            self.hidden,
        )


def thread(
    user_id: int,
    unit_id: int | None,
    course_id: int,
    module: str,
    everything: bool,
    officer_governments: list[int] | None,
) -> list[ThreadRow]:
    """The module's questions this viewer reads: all for the course's authors and admins
    (`everything`), hidden ones too; an HR officer's governments' too; else the learner's."""
    if everything:
        shown: ColumnElement[bool] = true()
    else:
        officer = Q.government_id.in_(officer_governments) if officer_governments else false()
        shown = or_(learner_condition(), officer)
    vote = select(QuestionVote.user_id).where(
        QuestionVote.question_id == Q.id, QuestionVote.user_id == USER
    )
    report = select(QuestionReport.id).where(
        QuestionReport.question_id == Q.id, QuestionReport.reporter_id == USER
    )
    stmt = (
        select(
            Q.id,
            Q.asker_id,
            Q.government_id,
            Q.body_html,
            Q.answer_md,
            Q.answer_html,
            Q.created_at,
            Q.answered_at,
            Q.helpful_count,
            Q.pinned_at.is_not(None),
            Q.hidden_at.is_not(None),
            Q.report_count,
            vote.exists(),
            report.exists(),
        )
        .where(Q.course_id == COURSE, Q.module_slug == MODULE, shown)
        .order_by(Q.pinned_at.is_(None), Q.created_at.desc(), Q.id.desc())
        .limit(THREAD_LIMIT)
    )
    params = {"user_id": user_id, "unit_id": unit_id, "course_id": course_id, "module": module}
    return [ThreadRow(*row) for row in plain_rows(stmt, params)]


def question(question_id: int) -> tuple[ModuleQuestion, str] | None:
    """The question and its course's slug, or None."""
    row = db.session.execute(
        select(Q, Course.slug).join(Course, Course.id == Q.course_id).where(Q.id == question_id)
    ).first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class Reported:
    id: int
    slug: str
    module_slug: str
    body_html: str
    reports: int
    hidden: bool
    created_at: datetime


def reported(
    everything: bool, course_ids: list[int], governments: list[int], limit: int = 100
) -> list[Reported]:
    """Reported questions a moderator may hide, the most reported first, in one statement:
    all for admins (`everything`), else those of their courses or their governments."""
    stmt = select(
        Q.id,
        Course.slug,
        Q.module_slug,
        Q.body_html,
        Q.report_count,
        Q.hidden_at.is_not(None),
        Q.created_at,
    ).join(Course, Course.id == Q.course_id)
    if not everything:
        if not course_ids and not governments:
            return []
        stmt = stmt.where(or_(Q.course_id.in_(course_ids), Q.government_id.in_(governments)))
    stmt = stmt.where(Q.report_count > 0).order_by(
        Q.hidden_at.is_not(None), Q.report_count.desc(), Q.id.desc()
    )
    return [Reported(*row) for row in db.session.execute(stmt.limit(limit))]
