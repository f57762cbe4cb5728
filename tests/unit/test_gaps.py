"""Competency gaps: attained levels from valid certificates, gaps, recommendations, units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elearn.domain.gaps import (
    Attestation,
    CourseOffer,
    GapRow,
    UnitGap,
    attained_levels,
    gap_rows,
    recommendations,
    unit_gaps,
)

PROPERTY = settings(max_examples=100, deadline=None)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SLUGS = ["integritas", "kerja-sama", "komunikasi", "pelayanan-publik", "literasi-digital"]


# attained_levels ---------------------------------------------------------------------------


def test_attained_level_is_the_highest_of_several_valid_certificates():
    attestations = [
        Attestation("integritas", 2),
        Attestation("integritas", 4, expires_at=NOW + timedelta(days=30)),
        Attestation("integritas", 3),
        Attestation("komunikasi", 1),
    ]
    assert attained_levels(attestations, NOW) == {"integritas": 4, "komunikasi": 1}


def test_revoked_certificate_attests_nothing():
    attestations = [Attestation("integritas", 5, revoked=True), Attestation("integritas", 2)]
    assert attained_levels(attestations, NOW) == {"integritas": 2}
    assert attained_levels([Attestation("komunikasi", 3, revoked=True)], NOW) == {}


@pytest.mark.parametrize(
    ("expires_at", "counted"),
    [
        (None, True),
        (NOW + timedelta(microseconds=1), True),
        (NOW + timedelta(days=365), True),
        (NOW, False),  # expiring exactly now counts as expired
        (NOW - timedelta(microseconds=1), False),
        (NOW - timedelta(days=1), False),
    ],
)
def test_expired_certificate_attests_nothing(expires_at, counted):
    result = attained_levels([Attestation("integritas", 3, expires_at=expires_at)], NOW)
    assert result == ({"integritas": 3} if counted else {})


def test_revoked_wins_even_without_expiry():
    assert not Attestation("integritas", 3, expires_at=None, revoked=True).valid_at(NOW)
    assert not Attestation("integritas", 3, NOW + timedelta(days=1), revoked=True).valid_at(NOW)


def test_higher_but_invalid_certificates_do_not_raise_the_level():
    attestations = [
        Attestation("integritas", 1),
        Attestation("integritas", 5, expires_at=NOW - timedelta(days=1)),
        Attestation("integritas", 4, revoked=True),
    ]
    assert attained_levels(attestations, NOW) == {"integritas": 1}


def test_no_attestations_attain_nothing():
    assert attained_levels([], NOW) == {}
    assert attained_levels(iter([]), NOW) == {}


# gap_rows ----------------------------------------------------------------------------------


def test_gap_rows_cover_required_and_held_competencies():
    rows = gap_rows(
        {"integritas": 3, "komunikasi": 2, "kerja-sama": 2},
        {"integritas": 1, "komunikasi": 4, "literasi-digital": 2},
    )
    by = {row.competency: row for row in rows}
    assert set(by) == {"integritas", "komunikasi", "kerja-sama", "literasi-digital"}
    assert len(rows) == 4
    assert (by["integritas"].required, by["integritas"].attained, by["integritas"].gap) == (3, 1, 2)
    # held above the requirement: no gap, never negative
    assert (by["komunikasi"].required, by["komunikasi"].attained, by["komunikasi"].gap) == (2, 4, 0)
    # required but no valid certificate: attained 0
    assert (by["kerja-sama"].required, by["kerja-sama"].attained, by["kerja-sama"].gap) == (2, 0, 2)
    # held but not required: required 0, gap 0
    held = by["literasi-digital"]
    assert (held.required, held.attained, held.gap) == (0, 2, 0)


def test_gap_rows_of_nothing_is_empty():
    assert gap_rows({}, {}) == []


def test_gap_row_gap_is_required_minus_attained():
    assert GapRow("integritas", 4, 1).gap == 3
    assert GapRow("integritas", 3, 3).gap == 0
    assert GapRow("integritas", 1, 5).gap == 0
    assert GapRow("integritas", 0, 0).gap == 0


level_maps = st.dictionaries(st.sampled_from(SLUGS), st.integers(min_value=1, max_value=5))


@PROPERTY
@given(required=level_maps, attained=level_maps)
def test_gap_is_never_negative_and_at_most_five(required, attained):
    rows = gap_rows(required, attained)
    assert {row.competency for row in rows} == set(required) | set(attained)
    assert len(rows) == len(set(required) | set(attained))
    for row in rows:
        assert row.required == required.get(row.competency, 0)
        assert row.attained == attained.get(row.competency, 0)
        assert row.gap == max(0, row.required - row.attained)
        assert 0 <= row.gap <= 5


@PROPERTY
@given(
    attestations=st.lists(
        st.builds(
            Attestation,
            competency=st.sampled_from(SLUGS),
            level=st.integers(min_value=1, max_value=5),
            expires_at=st.none() | st.integers(-3, 3).map(lambda d: NOW + timedelta(days=d)),
            revoked=st.booleans(),
        ),
        max_size=12,
    )
)
def test_attained_level_is_the_max_over_valid_certificates(attestations):
    result = attained_levels(attestations, NOW)
    for slug in SLUGS:
        valid = [
            a.level
            for a in attestations
            if a.competency == slug
            and not a.revoked
            and (a.expires_at is None or a.expires_at > NOW)
        ]
        assert result.get(slug) == (max(valid) if valid else None)


# recommendations ---------------------------------------------------------------------------


OFFERS = [
    CourseOffer("integritas-lanjut", "integritas", 4),
    CourseOffer("integritas-dasar", "integritas", 2),
    CourseOffer("integritas-menengah", "integritas", 3),
    CourseOffer("anti-korupsi", "integritas", 5),
    CourseOffer("komunikasi-efektif", "komunikasi", 3),
    CourseOffer("layanan-prima", "pelayanan-publik", 4),
]


def test_recommendations_attest_at_or_above_the_requirement_sorted():
    rows = [GapRow("integritas", 3, 1)]
    assert recommendations(rows, OFFERS, set()) == {
        "integritas": ["anti-korupsi", "integritas-lanjut", "integritas-menengah"]
    }


def test_recommendations_leave_out_completed_courses():
    rows = [GapRow("integritas", 3, 1)]
    result = recommendations(rows, OFFERS, {"integritas-menengah", "anti-korupsi"})
    assert result == {"integritas": ["integritas-lanjut"]}


def test_recommendations_only_for_rows_with_a_gap():
    rows = [
        GapRow("integritas", 3, 3),  # met
        GapRow("komunikasi", 2, 4),  # exceeded
        GapRow("pelayanan-publik", 0, 2),  # held, not required
        GapRow("kerja-sama", 2, 0),  # a gap, but no course offers it
    ]
    assert recommendations(rows, OFFERS, set()) == {"kerja-sama": []}


def test_recommendations_do_not_mix_competencies_and_dedupe_courses():
    offers = [*OFFERS, CourseOffer("komunikasi-efektif", "komunikasi", 4)]
    rows = [GapRow("komunikasi", 3, 0), GapRow("pelayanan-publik", 5, 1)]
    assert recommendations(rows, offers, set()) == {
        "komunikasi": ["komunikasi-efektif"],
        "pelayanan-publik": [],
    }


def test_recommendations_accept_generators():
    rows = (r for r in [GapRow("integritas", 5, 0)])
    offers = (o for o in OFFERS)
    assert recommendations(rows, offers, set()) == {"integritas": ["anti-korupsi"]}


# unit_gaps ---------------------------------------------------------------------------------


def test_unit_gaps_aggregate_members_requiring_the_competency():
    andi = gap_rows({"integritas": 3, "komunikasi": 2}, {"integritas": 1, "komunikasi": 2})
    siti = gap_rows({"integritas": 3}, {"integritas": 4, "komunikasi": 1})
    budi = gap_rows({"integritas": 2, "kerja-sama": 2}, {})
    result = unit_gaps([andi, siti, budi])
    assert result == [
        UnitGap("integritas", members=3, below=2, total_gap=4),
        UnitGap("kerja-sama", members=1, below=1, total_gap=2),
        # siti holds komunikasi without needing it: only andi counts
        UnitGap("komunikasi", members=1, below=0, total_gap=0),
    ]
    by = {u.competency: u for u in result}
    assert by["integritas"].average_gap == pytest.approx(4 / 3)
    assert by["kerja-sama"].average_gap == 2.0
    assert by["komunikasi"].average_gap == 0.0


def test_unit_gaps_skip_competencies_nobody_requires():
    rows = gap_rows({}, {"integritas": 3})
    assert unit_gaps([rows, []]) == []
    assert unit_gaps([]) == []


def test_unit_gap_average_without_members_is_zero():
    assert UnitGap("integritas", 0, 0, 0).average_gap == 0.0


@PROPERTY
@given(members=st.lists(st.tuples(level_maps, level_maps), max_size=8))
def test_unit_gaps_match_a_direct_count(members):
    all_rows = [gap_rows(required, attained) for required, attained in members]
    result = unit_gaps(all_rows)
    assert [u.competency for u in result] == sorted({c for r, _ in members for c in r})
    for unit in result:
        relevant = [row for rows in all_rows for row in rows if row.competency == unit.competency]
        relevant = [row for row in relevant if row.required > 0]
        assert unit.members == len(relevant)
        assert unit.below == sum(1 for row in relevant if row.gap > 0)
        assert unit.total_gap == sum(row.gap for row in relevant)
        assert 0 <= unit.below <= unit.members
        assert 0.0 <= unit.average_gap <= 5.0
