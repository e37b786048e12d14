"""Property tests: the engine's objective equals brute-force enumeration on small instances."""

from __future__ import annotations

from typing import Any

from engine_strategies import allowed, brute_force, effective_rules, instances
from hypothesis import HealthCheck, given, settings

from brobygger.matching.engine import SolverOptions, load_instance, solve

PROFILE = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: forces the sparse path: tiny candidate graph, then certification and pricing on the full matrix
SPARSE = SolverOptions(
    candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0, dense_total_cells=0
)
#: the 1-candidate graph for phases 1 and 2, then phase 3 by the dense assignment
SPARSE_DENSE_TOTAL = SolverOptions(candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0)


def _objective(data: dict[str, Any], options: SolverOptions | None) -> tuple[int, int | None, int]:
    result = solve(load_instance(data), options=options)
    o = result.objective
    return o.pairs, o.worst_free_score_micro, o.total_score_micro


@PROFILE
@given(instances())
def test_objective_equals_brute_force(data: dict[str, Any]) -> None:
    expected = brute_force(data)
    assert _objective(data, None) == expected
    assert _objective(data, SPARSE) == expected
    assert _objective(data, SPARSE_DENSE_TOTAL) == expected


@PROFILE
@given(instances())
def test_hard_rules_locks_and_capacities_hold(data: dict[str, Any]) -> None:
    result = solve(load_instance(data), options=SPARSE)
    eff = effective_rules(data)
    mentees = {p["id"]: p for p in data["mentees"]}
    mentors = {p["id"]: p for p in data["mentors"]}
    pairs = [(p.mentee, p.mentor) for p in result.pairs]
    assert all(allowed(data, mentees[a], mentors[b], eff) for a, b in pairs)
    assert len({a for a, _ in pairs}) == len(pairs)
    for mid, mentor in mentors.items():
        assert sum(b == mid for _, b in pairs) <= mentor["capacity"]
    assert {tuple(lock) for lock in data["locked"]} <= set(pairs)
    assert {(p.mentee, p.mentor) for p in result.pairs if p.locked} == {
        tuple(lock) for lock in data["locked"]
    }
    matched = {a for a, _ in pairs} | {b for _, b in pairs}
    assert sorted(u.id for u in result.unmatched) == sorted((set(mentees) | set(mentors)) - matched)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(instances())
def test_same_input_gives_byte_identical_output(data: dict[str, Any]) -> None:
    first = solve(load_instance(data)).to_json(timings=False)
    second = solve(load_instance(data)).to_json(timings=False)
    assert first == second
