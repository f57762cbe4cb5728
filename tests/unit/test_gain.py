"""Pre/post gain per module and per competency, from the questions each attempt asked."""

from __future__ import annotations

from elearn.domain.evaluation import Gain, SatAttempt, competencies_of, gains, module_of


def question(qid: str, module: str | None = None, tags=()) -> dict:
    return {
        "qid": qid,
        "kind": "single",
        "choices": [{"key": "a"}, {"key": "b"}],
        "correct": ["a"],
        "answers": [],
        "module": module,
        "tags": list(tags),
    }


def sat(user: int, kind: str, score: int, asked: list[dict], right: set[str]) -> SatAttempt:
    responses = {q["qid"]: "a" if q["qid"] in right else "b" for q in asked}
    return SatAttempt(user, kind, score, asked, responses)


M1 = [question("m1-a", "m1"), question("m1-b", "m1")]
M2 = [question("m2-a", "m2", tags=["m2", "integritas"]), question("m2-b", "m2")]


def test_gain_per_module_over_learners_who_sat_both():
    attempts = [
        # learner 1: pre m1 1/2, m2 0/2; final m1 2/2, m2 1/2
        sat(1, "pretest", 25, M1 + M2, {"m1-a"}),
        sat(1, "exam", 60, M1 + M2, {"m1-a", "m1-b", "m2-b"}),
        # learner 2: pre m1 0/2; the best final exam attempt m1 2/2, m2 2/2
        sat(2, "pretest", 0, M1, set()),
        sat(2, "exam", 50, M1 + M2, {"m1-a", "m2-a"}),
        sat(2, "exam", 100, M1 + M2, {"m1-a", "m1-b", "m2-a", "m2-b"}),
        # learner 3 never sat the final exam: not counted
        sat(3, "pretest", 100, M1 + M2, {"m1-a", "m1-b", "m2-a", "m2-b"}),
    ]
    result = gains(attempts, module_of)
    assert result["m1"] == Gain(learners=2, pre_right=1, pre_asked=4, final_right=4, final_asked=4)
    # learner 2's pre-test asked nothing of m2: m2 is over learner 1 alone
    assert result["m2"] == Gain(1, 0, 2, 1, 2)
    assert (result["m1"].pre_percent, result["m1"].final_percent, result["m1"].gain) == (
        25.0,
        100.0,
        75.0,
    )
    assert result["m2"].gain == 50.0


def test_per_competency_tagged_questions_or_all_of_the_course():
    attempts = [sat(1, "pretest", 0, M2, set()), sat(1, "exam", 100, M2, {"m2-a", "m2-b"})]
    result = gains(attempts, competencies_of(["integritas", "pelayanan"]))
    assert result["integritas"] == Gain(1, 0, 2, 2, 2)  # tagged m2-a and untagged m2-b
    assert result["pelayanan"] == Gain(1, 0, 1, 1, 1)  # the untagged m2-b only


def test_old_snapshots_without_modules_count_for_competencies_only():
    old = [{k: v for k, v in q.items() if k not in ("module", "tags")} for q in M1]
    attempts = [sat(1, "pretest", 0, old, set()), sat(1, "exam", 100, old, {"m1-a", "m1-b"})]
    assert gains(attempts, module_of) == {}
    assert gains(attempts, competencies_of(["integritas"]))["integritas"].gain == 100.0


def test_empty_gain_has_no_figures():
    assert (Gain().pre_percent, Gain().final_percent, Gain().gain) == (None, None, None)
    assert Gain(1, 1, 2, 0, 0).gain is None
    assert Gain(1, 1, 2, 1, 3) + Gain(1, 0, 1, 1, 1) == Gain(2, 1, 3, 2, 4)
