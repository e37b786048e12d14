"""Every benchmark family (bench/matching.py) at sizes small enough for brute force: the
engine's objective equals enumeration on the complete path (every allowed pair, the default
up to 200 x 200) and on the certified candidate path (a forced 1-candidate graph and the
default candidate graph), and the same input gives the same bytes."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from engine_strategies import allowed, brute_force, effective_rules

from brobygger.matching.engine import SolverOptions, load_instance, solve

COMPLETE = SolverOptions(dense_below=10**9)
CANDIDATES = SolverOptions(dense_below=0, dense_total_cells=0)
SPARSE = SolverOptions(
    candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0, dense_total_cells=0
)
#: the candidate graphs for phases 1 and 2, phase 3 by one dense assignment (the default
#: below ``dense_total_cells``), and after one pricing round
DENSE_TOTAL = SolverOptions(dense_below=0)
SPARSE_DENSE_TOTAL = SolverOptions(candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0)
ONE_ROUND = SolverOptions(
    candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0, quick_rounds=1
)
MAX_LEAVES = 20_000


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "matching.py"
    spec = importlib.util.spec_from_file_location("bench_matching", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def _leaves(data: dict[str, Any], eff: dict[str, Any]) -> int:
    locked = {a for a, _ in data["locked"]}
    total = 1
    for e in data["mentees"]:
        if e["id"] not in locked:
            total *= 1 + sum(allowed(data, e, m, eff) for m in data["mentors"])
    return total


def _small(family: str, n: int, seed: int) -> dict[str, Any]:
    """The family's instance at size n, with pairs forbidden (last mentor first) until the
    brute force stays small; locks are kept allowed."""
    data: dict[str, Any] = BENCH.make_family(family, n, seed)
    data.setdefault("locked", [])
    eff = effective_rules(data)
    locks = {tuple(lock) for lock in data["locked"]}
    pairs = [(e, m) for e in data["mentees"] for m in reversed(data["mentors"])]
    while _leaves(data, eff) > MAX_LEAVES:
        e, m = next(
            (e, m) for e, m in pairs if allowed(data, e, m, eff) and (e["id"], m["id"]) not in locks
        )
        data["forbidden"].append([e["id"], m["id"]])
    return data


def _objective(data: dict[str, Any], options: SolverOptions) -> tuple[int, int | None, int]:
    o = solve(load_instance(data), options=options).objective
    return o.pairs, o.worst_free_score_micro, o.total_score_micro


CASES = [(f, n, seed) for f in BENCH.FAMILIES for n in (5, 7) for seed in range(4)]


@pytest.mark.parametrize(("family", "n", "seed"), CASES)
def test_family_objective_equals_brute_force(family: str, n: int, seed: int) -> None:
    data = _small(family, n, seed)
    expected = brute_force(data)
    assert _objective(data, COMPLETE) == expected
    assert _objective(data, CANDIDATES) == expected
    assert _objective(data, SPARSE) == expected
    assert _objective(data, DENSE_TOTAL) == expected
    assert _objective(data, SPARSE_DENSE_TOTAL) == expected
    assert _objective(data, ONE_ROUND) == expected


@pytest.mark.parametrize("family", BENCH.FAMILIES)
def test_family_output_is_byte_identical(family: str) -> None:
    data = _small(family, 7, 9)
    first = solve(load_instance(data), options=SPARSE).to_json(timings=False)
    assert solve(load_instance(data), options=SPARSE).to_json(timings=False) == first


def test_families_have_their_shape() -> None:
    """The generators make what their names say (at benchmark-like size)."""
    shapes = {}
    for family in BENCH.FAMILIES:
        data = BENCH.make_family(family, 300, 1)
        result = solve(load_instance(data))
        s = result.stats
        shapes[family] = (
            s["allowed_pairs"] / (s["free_mentees"] * s["mentors_with_free_capacity"]),
            len({p.score_micro for p in result.pairs}),
            sum(m.get("capacity", 1) == 2 for m in data["mentors"]),
            len(data.get("locked", [])),
            sum(u.code.startswith("no_eligible") for u in result.unmatched),
        )
    assert 0.3 <= 1 - shapes["sparse"][0] <= 0.7  # 30-70 % of the pairs forbidden
    assert shapes["ties"][1] <= 5
    assert shapes["mixed"][1] <= 5
    assert shapes["capacity"][2] == 30
    assert shapes["mixed"][2] == 30
    assert shapes["locks"][3] == 15
    assert shapes["mixed"][3] > 0
    assert shapes["unpartnered"][4] >= 60  # 10 % of each side with nobody allowed


@pytest.mark.parametrize(("family", "n", "seed"), [c for c in CASES if c[2] < 2])
def test_family_objective_with_the_fallbacks_forced(
    family: str, n: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No dense path search (straight to the compiled full matching), and phase 2 bisects on
    the full graph after its first round; phase 3 with OR-Tools' min-cost flow only."""
    from brobygger.matching.engine import solver

    monkeypatch.setattr(solver, "_SEARCHES", 0)
    monkeypatch.setattr(solver, "_BOTTLENECK_ROUNDS", 1)
    monkeypatch.setattr(solver, "_FEW_SCORES", 0)
    monkeypatch.setattr(solver, "_SQUARE_EXTRA_SHARE", 0)
    data = _small(family, n, seed)
    assert _objective(data, SPARSE) == brute_force(data)


def test_the_forced_fallbacks_are_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    from brobygger.matching.engine import solver

    monkeypatch.setattr(solver, "_SEARCHES", 0)
    monkeypatch.setattr(solver, "_BOTTLENECK_ROUNDS", 1)
    used = {"full_matchings": 0, "bottleneck_fallback": 0}
    for family, n, seed in CASES:
        stats = solve(load_instance(_small(family, n, seed)), options=SPARSE).stats
        for key in used:
            used[key] += stats.get(key, 0)
    assert used["full_matchings"] > 0
    assert used["bottleneck_fallback"] > 0


def test_the_dense_assignment_is_reached() -> None:
    """Phase 3's dense assignment runs on the families (with the most pairs wanted), also
    after a pricing round that did not converge, and never with a smaller target."""
    dense = dict.fromkeys((DENSE_TOTAL, ONE_ROUND), 0)
    for family, n, seed in CASES:
        data = _small(family, n, seed)
        for options in dense:
            dense[options] += solve(load_instance(data), options=options).stats.get(
                "dense_total", 0
            )
        target = len(data["locked"]) + 1
        data["rules"]["target_pairs"] = target
        result = solve(load_instance(data), options=DENSE_TOTAL)
        if "dense_total" in result.stats:  # only where the target is the most pairs anyway
            assert result.objective.max_pairs <= target
    assert dense[DENSE_TOTAL] > 0
    assert dense[ONE_ROUND] > 0
