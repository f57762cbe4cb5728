"""/hr/evaluation/<course>: pre/post gain per module and per competency, worked out by hand
from the questions each learner's pre-test and best exam attempt asked, in one bounded read."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from elearn.extensions import db
from elearn.models import QuizAttempt
from tests.helpers import count_queries
from tests.helpers.analysis import YEAR
from tests.helpers.rows import insert_module

SANKSI_TAGS = ["sanksi", "integritas"]


def question(qid: str, module: str, tags=()) -> dict:
    return {
        "qid": qid,
        "kind": "single",
        "prompt_html": qid,
        "body_html": "",
        "choices": [{"key": "a", "html": "A"}, {"key": "b", "html": "B"}],
        "correct": ["a"],
        "answers": [],
        "explanation_html": "",
        "section": "",
        "module": module,
        "tags": list(tags),
    }


ETIKA = [question("etika-1", "etika"), question("etika-2", "etika")]
SANKSI = [question("sanksi-1", "sanksi", SANKSI_TAGS), question("sanksi-2", "sanksi")]


def attempt(
    user_id: int,
    version: tuple[int, int],
    kind: str,
    number: int,
    asked: list[dict],
    right: set[str],
) -> None:
    responses = {q["qid"]: "a" if q["qid"] in right else "b" for q in asked}
    row = QuizAttempt(user_id=user_id, course_id=version[0], version_id=version[1], section="")
    row.kind, row.number, row.pass_percent = kind, number, 70
    row.questions, row.responses, row.total = asked, responses, len(asked)
    row.started_at = row.submitted_at = datetime(YEAR, 2, number, 3, 0, tzinfo=UTC)
    row.correct, row.score = len(right), len(right) * 100 // len(asked)
    row.passed = None if kind == "pretest" else row.score >= 70
    db.session.add(row)


def ids(version) -> tuple[int, int]:
    """(course id, version id): rows outlive the session count_queries starts afresh."""
    return version.course_id, version.id


def modules(version_id: int) -> None:
    insert_module(version_id, 0, "etika", "Etika ASN")
    insert_module(version_id, 1, "sanksi", "Sanksi")


def gain_rows(page: str, section: str) -> dict[str, list[str]]:
    """{row heading: cells} of the gain table whose heading id is `section`."""
    part = page.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    part = re.sub(r'<span class="sr-only">.*?</span>', "", part)
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", part, re.S):
        name, rest = row.split("</th>", 1)
        rows[name.strip()] = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
        ]
    return rows


def test_gain_per_module_and_competency(dinkes, analysis_world):
    """Etika Dasar (live version 2: modules Etika ASN and Sanksi; competency Integritas).
    budi: pre etika 0/2, sanksi 1/2; exams 1/4 then best etika 2/2, sanksi 1/2.
    eka: pre etika 1/2 only; exam etika 2/2, sanksi 2/2.
    hadi (outside the HR officer's scope) and citra (no pre-test) do not count.
    Etika: pre 1/4 = 25 %, final 4/4 = 100 %, +75 over 2 learners; Sanksi: budi alone, 50 → 50.
    Integritas (every question, none tagged otherwise): pre 2/6 = 33,3 %, final 7/8 = 87,5 %."""
    w = analysis_world
    v1, v2 = ids(w.versions["dasar1"]), ids(w.versions["dasar"])
    u = {name: user.id for name, user in w.users.items()}
    modules(v2[1])
    attempt(u["budi"], v1, "pretest", 1, ETIKA + SANKSI, {"sanksi-1"})
    attempt(u["budi"], v1, "exam", 2, ETIKA + SANKSI, {"etika-1"})
    attempt(u["budi"], v1, "exam", 3, ETIKA + SANKSI, {"etika-1", "etika-2", "sanksi-2"})
    attempt(u["eka"], v2, "pretest", 1, ETIKA, {"etika-2"})
    attempt(u["eka"], v2, "exam", 2, ETIKA + SANKSI, {"etika-1", "etika-2", "sanksi-1", "sanksi-2"})
    attempt(u["hadi"], v2, "pretest", 1, ETIKA, set())
    attempt(u["hadi"], v2, "exam", 2, ETIKA, {"etika-1", "etika-2"})
    attempt(u["citra"], v2, "exam", 1, ETIKA, {"etika-1", "etika-2"})
    db.session.commit()
    course = w.courses["dasar"].id

    page = dinkes.get(f"/hr/evaluation/{course}?year={YEAR}").get_data(as_text=True)
    assert gain_rows(page, "kenaikan-modul") == {
        "Etika ASN": ["2", "25", "100", "+75"],
        "Sanksi": ["1", "50", "50", "0"],
    }
    assert gain_rows(page, "kenaikan-kompetensi") == {"Integritas": ["2", "33,3", "87,5", "+54,2"]}

    # Another year: nobody completed then with both tests.
    page = dinkes.get(f"/hr/evaluation/{course}?year={YEAR - 1}").get_data(as_text=True)
    assert gain_rows(page, "kenaikan-modul") == {}
    assert "Belum ada peserta yang mengerjakan prates dan ujian akhir" in page


def test_gain_reads_the_attempts_in_one_statement(dinkes, analysis_world):
    """The statements of the page do not grow with the learners who sat both tests."""
    w = analysis_world
    v2 = ids(w.versions["dasar"])
    u = {name: user.id for name, user in w.users.items()}
    modules(v2[1])
    attempt(u["eka"], v2, "pretest", 1, ETIKA, set())
    attempt(u["eka"], v2, "exam", 2, ETIKA, {"etika-1"})
    db.session.commit()
    path = f"/hr/evaluation/{w.courses['dasar'].id}?year={YEAR}"
    with count_queries() as one:
        assert "Etika ASN" in dinkes.get(path).get_data(as_text=True)
    for learner in ("budi", "citra", "dedi"):
        attempt(u[learner], v2, "pretest", 1, ETIKA + SANKSI, set())
        attempt(u[learner], v2, "exam", 2, ETIKA + SANKSI, {"etika-1"})
    db.session.commit()
    with count_queries() as four:
        page = dinkes.get(path).get_data(as_text=True)
    assert gain_rows(page, "kenaikan-modul")["Etika ASN"][0] == "4"
    assert len(four) == len(one)
    attempts = [s for s in four if "FROM quiz_attempts" in s]
    assert len(attempts) == 1
