"""The block-wise shortcuts of the engine against their plain definitions: reasons of the
unmatched computed for blocks of people, spread cells looked for in a window first, the
candidates among heavily tied cells chosen without sorting, score terms of weight 0 skipped
by the block kernel, and phase 3's frontier Bellman-Ford."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from test_engine_fast_paths import random_instance

from brobygger.matching.engine import SolverOptions, load_instance, solve
from brobygger.matching.engine import matrix as matrix_module
from brobygger.matching.engine import reasons as reasons_module
from brobygger.matching.engine import solver as solver_module
from brobygger.matching.engine.matrix import build_matrix
from brobygger.matching.engine.rules import RULE_NAMES, rule_features
from brobygger.matching.engine.scoring import score_features


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "matching.py"
    spec = importlib.util.spec_from_file_location("bench_matching_blocks", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
FAMILIES = ("unpartnered", "mixed", "bottleneck", "sparse")


def _unmatched(data: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    result = solve(load_instance(data))
    return [(u.id, u.side, u.code, dict(u.params)) for u in result.unmatched]


@pytest.mark.parametrize("family", FAMILIES)
def test_reasons_do_not_depend_on_the_block_size(
    family: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = BENCH.make_family(family, 60, 3)
    expected = _unmatched(data)
    assert expected  # the families leave people unmatched
    for cells in (1, 7, 100):
        monkeypatch.setattr(reasons_module, "_BLOCK_CELLS", cells)
        assert _unmatched(data) == expected


@pytest.mark.parametrize("family", FAMILIES)
def test_rule_reasons_follow_the_definition(family: str) -> None:
    """An unmatched person without an allowed partner is named after the first rule (in
    RULE_NAMES order) that alone excludes some partner, with the number of those partners;
    ``no_eligible_combined`` when every partner breaks two rules or more."""
    data = BENCH.make_family(family, 40, 5)
    instance = load_instance(data)
    rf = rule_features(instance)
    result = solve(instance)
    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    checked = 0
    for u in result.unmatched:
        if not u.code.startswith("no_eligible"):
            continue
        if u.side == "mentee":
            i = e_index[u.id]
            failures = [rf.failures(i, j) for j in range(len(instance.mentors))]
            failures = [
                f for f, m in zip(failures, instance.mentors, strict=True) if m.capacity > 0
            ]
        else:
            j = m_index[u.id]
            failures = [rf.failures(i, j) for i in range(len(instance.mentees))]
        assert all(failures)  # nobody allowed
        alone = {name: sum(f == [name] for f in failures) for name in RULE_NAMES}
        binding = next((name for name in RULE_NAMES if alone[name]), None)
        if binding is None:
            assert u.code == "no_eligible_combined"
        else:
            assert u.code.startswith(f"no_eligible_{binding}")
            assert u.params["count"] == alone[binding]
        checked += 1
    assert checked


def _spread_reference(block: np.ndarray, start: int) -> np.ndarray:
    """The spread cells by their definition: the whole row rotated to start at the column
    ``row * 7919 mod m``, its first 3 allowed cells and its first 3 positive cells."""
    rows, m = block.shape
    shift = ((start + np.arange(rows, dtype=np.int64)) * 7919) % m
    out = []
    for r in range(rows):
        order = (np.arange(m) + shift[r]) % m
        for lowest in (0, 1):
            cols = [int(c) for c in order if block[r, c] >= lowest][: matrix_module._SPREAD]
            out.extend(r * m + c for c in cols)
    return np.array(sorted(out), dtype=np.int64)


@pytest.mark.parametrize("window", [1, 3, 64])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spread_cells_equal_the_whole_row_search(
    window: int, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    rows, m = 40, 90
    block = rng.integers(0, 4, size=(rows, m)).astype(np.int32) - 1  # -1, 0, 1, 2
    block[rng.random((rows, m)) < 0.3 * seed] = -1  # from a few to no allowed cells
    monkeypatch.setattr(matrix_module, "_SPREAD_WINDOW", window)
    found = np.sort(matrix_module._row_spread(block, 17))
    assert np.array_equal(found, _spread_reference(block, 17))


def _row_best_reference(block: np.ndarray, k: int, start: int) -> np.ndarray:
    """Each row's allowed cells at least as good as its k-th best, best first, then from the
    row's own index on (cyclically), at most TIES * k of them (all cells if the whole block
    has no more than TIES * k per row)."""
    rows, m = block.shape
    limit = matrix_module._TIES * k
    out, every = [], []
    for r in range(rows):
        allowed = [c for c in range(m) if block[r, c] >= 0]
        kth = sorted((int(block[r, c]) for c in allowed), reverse=True)[:k][-1:] or [0]
        good = [c for c in allowed if block[r, c] >= kth[0]]
        good.sort(key=lambda c: (-int(block[r, c]), (c - r - start) % m))
        out.extend(r * m + c for c in good[:limit])
        every.extend(r * m + c for c in good)
    return np.array(sorted(every if len(every) <= limit * rows else out), dtype=np.int64)


@pytest.mark.parametrize("wide", [False, True])  # wide: the rows' k-th best bounded by groups
@pytest.mark.parametrize("seed", range(8))
def test_row_best_among_ties_equals_the_definition(seed: int, wide: bool) -> None:
    rng = np.random.default_rng(seed)
    rows, m, k = int(rng.integers(5, 40)), int(rng.integers(8, 120)), int(rng.integers(1, 7))
    if wide:
        rows, m = rows // 4 + 1, 4 * 64 * k + int(rng.integers(0, 300))
    block = rng.integers(0, 1 + seed % 4, size=(rows, m)).astype(np.int32)  # 1-4 levels
    block[rng.random((rows, m)) < 0.1 * (seed % 5)] = -1
    if wide:  # some rows with more than k better cells in one group of columns
        step = (m - m % 64) // 64
        for r in rng.choice(rows, size=rows // 2 + 1, replace=False):
            cols = step * rng.choice(64, size=k + int(rng.integers(0, 4)), replace=False)
            block[r, cols] = rng.integers(5, 9, size=cols.size)
    start = int(rng.integers(0, 500))
    found = matrix_module._row_best(block, k, start)
    assert np.array_equal(found, _row_best_reference(block, k, start))


@pytest.mark.parametrize("seed", range(8))
def test_column_tops_among_ties_equal_the_definition(seed: int) -> None:
    """The k best cells of every column (higher score, then earlier row) fed block by block,
    many hits per block (heavy ties, the path without a sort) or few."""
    rng = np.random.default_rng(seed)
    n, m, k = int(rng.integers(10, 80)), int(rng.integers(1, 50)), int(rng.integers(1, 7))
    levels = (1, 2, 3, 1000)[seed % 4]
    q = rng.integers(0, levels, size=(n, m)).astype(np.int32)
    q[rng.random((n, m)) < 0.1 * (seed % 5)] = -1
    top = matrix_module._ColumnTop(m, k)
    step = int(rng.integers(k + 1, n + 1))
    for start in range(0, n, step):
        top.add(q[start : start + step], start)
    expected = []
    for c in range(m):
        cells = sorted((r for r in range(n) if q[r, c] >= 0), key=lambda r: (-int(q[r, c]), r))
        expected.extend(r * m + c for r in cells[:k])
    assert np.array_equal(np.sort(top.keys(m)), np.array(sorted(expected), dtype=np.int64))


@pytest.mark.parametrize(
    "weights",
    [
        {"topics": 1, "text": 0, "values": 0, "difference": 0, "wishes": 0, "availability": 0},
        {"topics": 0, "text": 2, "values": 0, "difference": 1, "wishes": 0, "availability": 0},
        {"topics": 0, "text": 0, "values": 1, "difference": 0, "wishes": 3, "availability": 1},
    ],
)
def test_block_kernel_skips_terms_of_weight_zero_exactly(weights: dict[str, int]) -> None:
    data = random_instance(45, 40, 11)
    data["weights"] = weights
    instance = load_instance(data)
    sf, rf = score_features(instance), rule_features(instance)
    rows, cols = np.arange(45), np.arange(40)
    e, m = np.repeat(rows, cols.size), np.tile(cols, rows.size)
    micro = sf.combine(sf.pair_terms(e, m))
    expected = np.where(rf.eligible(e, m), micro, -1).reshape(45, 40)
    assert np.array_equal(build_matrix(sf, rows, cols), expected)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_potentials_are_the_shortest_path_distances(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frontier Bellman-Ford gives the same potentials as full passes over every arc, from
    zero in the first pricing round and from the round before's potentials after it; and
    they are feasible: no arc of the residual graph has a negative reduced cost."""
    calls: list[tuple[Any, ...]] = []
    original = solver_module._potentials

    def spy(*args: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(solver_module, "_potentials", spy)
    data = random_instance(35, 30, seed)
    options = SolverOptions(
        candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0, dense_total_cells=0
    )
    solve(load_instance(data), options=options)
    assert len(calls) > 1
    assert calls[0][-1] is None
    assert all(call[-1] is not None for call in calls[1:])
    for shape, cap, e, j, w, used, start in calls:
        d_e, d_m, _ = original(shape, cap, e, j, w, used, start)
        ref_e, ref_m = _full_pass_potentials(shape, cap, e, j, w, used, start)
        assert np.array_equal(d_e, ref_e)
        assert np.array_equal(d_m, ref_m)
        # feasible: an edge out of the flow never gains (score <= d_e - d_m), one in it
        # never loses (score >= d_e - d_m)
        gain = w - d_e[e] + d_m[j]
        assert (gain[~used] <= 0).all()
        assert (gain[used] >= 0).all()


def _full_pass_potentials(
    shape: tuple[int, int],
    cap: np.ndarray,
    e: np.ndarray,
    j: np.ndarray,
    w: np.ndarray,
    used: np.ndarray,
    start: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Plain Bellman-Ford over the residual graph, one arc at a time, from ``start`` (every
    node's distance; None: zero)."""
    n, m = shape
    source, sink = n + m, n + m + 1
    matched = np.zeros(n, dtype=bool)
    matched[e[used]] = True
    load = np.bincount(j[used], minlength=m)
    arcs = []
    for i in range(n):
        arcs.append((i, source, 0) if matched[i] else (source, i, 0))
    for a, b, c, u in zip(e.tolist(), j.tolist(), w.tolist(), used.tolist(), strict=True):
        arcs.append((n + b, a, c) if u else (a, n + b, -c))
    for b in range(m):
        if load[b] < cap[b]:
            arcs.append((n + b, sink, 0))
        if load[b] > 0:
            arcs.append((sink, n + b, 0))
    dist = [0] * (n + m + 2) if start is None else start.tolist()
    changed = True
    while changed:
        changed = False
        for a, b, c in arcs:
            if dist[a] + c < dist[b]:
                dist[b] = dist[a] + c
                changed = True
    return np.array(dist[:n]), np.array(dist[n : n + m])
