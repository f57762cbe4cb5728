"""Who reviews a learner's workplace task, with real rows: the unit head of their unit,
walking up the tree when it has none (never themself), else HR of their scope."""

from __future__ import annotations

from elearn.extensions import db
from elearn.reporting.overseers import reviewer_of, supervisor_of
from elearn.tasks.services import may_review


def test_the_reviewer_walks_up_the_tree_then_falls_back_to_hr(app, make_user, org):
    learner_a1 = make_user("a1", ("learner",), "Ani", unit_id=org["PKM-A1"])
    learner_a2 = make_user("a2", ("learner",), "Budi", unit_id=org["PKM-A2"])
    learner_kel = make_user("kel", ("learner",), "Cici", unit_id=org["KEL-A1"])
    kapus = make_user("kapus", ("supervisor",), "Kapus", unit_id=org["PKM-A1"])
    kadis = make_user("kadis", ("supervisor",), "Kadis", scope_unit_id=org["DINKES-A"])
    hr_kota = make_user("hr-kota", ("hr",), "SDM Kota", scope_unit_id=org["KOTA-A"])
    hr_b = make_user("hr-b", ("hr",), "SDM Bakung", scope_unit_id=org["KOTA-B"])

    assert reviewer_of(learner_a1).id == kapus.id  # the head of their own unit
    assert reviewer_of(learner_a2).id == kadis.id  # PKM-A2 has none: the dinas head
    assert reviewer_of(kapus).id == kadis.id  # a head answers to the unit above
    assert supervisor_of(learner_kel) is None  # no head up the kecamatan branch
    assert reviewer_of(learner_kel).id == hr_kota.id

    kadis.active = False
    db.session.commit()
    assert reviewer_of(learner_a2).id == hr_kota.id  # an inactive head is skipped

    assert may_review(kapus, learner_a1)
    assert not may_review(kapus, learner_a2)  # another unit's learner
    assert may_review(hr_kota, learner_a2)  # HR of the scope, whoever the reviewer is
    assert not may_review(hr_b, learner_a2)  # HR of another government
    assert not may_review(learner_a1, learner_a1)
