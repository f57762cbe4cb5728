from hypothesis import given
from hypothesis import strategies as st

from elearn.domain.org import closure_rows


def test_closure_of_a_small_tree():
    parents = {1: None, 2: 1, 3: 2, 4: 1}
    rows = set(closure_rows(parents))
    assert rows == {
        (1, 1, 0), (2, 2, 0), (3, 3, 0), (4, 4, 0),
        (1, 2, 1), (2, 3, 1), (1, 3, 2), (1, 4, 1),
    }  # fmt: skip


def test_a_cycle_does_not_loop_forever():
    rows = closure_rows({1: 2, 2: 1})
    assert (1, 1, 0) in rows and (2, 1, 1) in rows
    assert len(rows) == 4


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=30))
def test_every_unit_descends_from_its_root(links):
    # Unit i+1's parent is some earlier unit: always a tree.
    parents = {0: None}
    for index, pick in enumerate(links, start=1):
        parents[index] = pick % index
    rows = closure_rows(parents)
    assert {(a, d) for a, d, _ in rows if a == 0} == {(0, d) for d in parents}
    assert all(n == 0 for a, d, n in rows if a == d)
