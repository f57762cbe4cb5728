"""bench/learners.py's own logic: the recovery time it reports after each fault, and the
failed answers it counts."""

from __future__ import annotations

from bench.learners import Phase, phase_line, recovery


def test_recovery_is_the_longest_stretch_from_a_fault_to_its_last_failure():
    phase = Phase("worker-killed", faults=[10.0, 20.0, 30.0])
    # After the first fault failures until 12.5; none after the second; one after the third.
    failures = [9.0, 10.2, 12.5, 30.4]
    assert recovery(phase, failures) == 2.5
    assert recovery(phase, []) == 0.0


def test_the_phase_line_counts_broken_connections_and_5xx_but_not_4xx():
    phase = Phase("postgres-restart", faults=[100.0], finished=2)
    phase.answers = [(99.0, 200, 10.0), (101.0, 0, 5.0), (103.0, 502, 7.0), (104.0, 422, 9.0)]
    line = phase_line(phase, 3)
    assert line.split()[:3] == ["postgres-restart", "2/3", "4"]
    assert line.endswith("3.0 s  502: 1, conn: 1")
