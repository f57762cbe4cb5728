from elearn.domain.overseers import Candidate, nearest


def test_the_head_of_the_learners_own_unit_comes_first():
    found = nearest([Candidate(7, 2), Candidate(5, 0), Candidate(6, 1)], learner_id=1)
    assert found == 5


def test_a_learner_heading_their_unit_answers_to_the_unit_above():
    assert nearest([Candidate(1, 0), Candidate(9, 1)], learner_id=1) == 9


def test_two_heads_of_one_unit_always_give_the_same_one():
    assert nearest([Candidate(12, 0), Candidate(4, 0)], learner_id=1) == 4


def test_nobody_above_is_none():
    assert nearest([], learner_id=1) is None
    assert nearest([Candidate(1, 0)], learner_id=1) is None
