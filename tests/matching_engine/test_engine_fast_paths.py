"""The fast paths give exactly what the plain definitions give.

* the fused block kernel of the score matrix = the pair path (``pair_terms`` + ``combine``) and
  the hard rules cell by cell, with or without its lookup tables, in one or several stripes;
* the candidate graph does not depend on how the rows are split into blocks and stripes;
* the sparse solver (candidates, certificates, incremental pricing) reaches the objective of
  the solver on every allowed pair, on random instances larger than the brute-force ones;
* the compiled schema check accepts only documents the full walk finds no fault in.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import numpy as np
import pytest

from brobygger.matching.engine import SolverOptions, load_instance, solve
from brobygger.matching.engine import matrix as matrix_module
from brobygger.matching.engine import text as text_module
from brobygger.matching.engine.matrix import build_matrix, build_matrix_and_candidates
from brobygger.matching.engine.rules import rule_features
from brobygger.matching.engine.schema import _compiled, validate_schema
from brobygger.matching.engine.scoring import score_features

WORDS = [
    "kunstig",
    "intelligens",
    "ledelse",
    "video",
    "sosiale",
    "medier",
    "data",
    "analyse",
    "dataanalyse",
    "learning",
    "leadership",
    "bærekraft",
    "kultur",
    "tiktok",
    "podcast",
]
COMPANIES = [f"Company {k}" for k in range(8)]
TOPICS = ["ai", "tiktok", "lead", "data", "video", "ethics"]


def random_instance(n_e: int, n_m: int, seed: int, kind: str = "reverse") -> dict[str, Any]:
    rng = random.Random(seed)

    def person(pid: str, mentor: bool) -> dict[str, Any]:
        company = rng.choice(COMPANIES)
        return {
            "id": pid,
            "company": company,
            "group": rng.choice([None, None, "G1", "G2"]),
            "birth_year": rng.randint(1985, 2003) if mentor else rng.randint(1960, 1995),
            "years_experience": rng.randint(0, 30),
            "role_family": rng.choice([None, "eng", "sales", "hr"]),
            "industry": rng.choice([None, "energy", "bank", "media"]),
            "languages": rng.sample(["nb", "en", "se"], rng.randint(1, 2)),
            "city": rng.choice([None, "Oslo", "Bergen", "Tromsø"]),
            "format": rng.choice(["digital", "physical", "either", "either"]),
            "topics": rng.sample(TOPICS, rng.randint(0, 4)),
            "text": " ".join(rng.choices(WORDS, k=rng.randint(0, 9))) + rng.choice(["", ", 24!"]),
            "values": rng.sample(["open", "brave", "kind", "curious"], rng.randint(0, 3)),
            "capacity": rng.randint(0, 3) if mentor else 1,
        }

    mentors = [person(f"m{k}", True) for k in range(n_m)]
    mentees = [person(f"s{k}", False) for k in range(n_e)]
    for p in mentees:
        if mentors and rng.random() < 0.3:
            p["prefer"] = [rng.choice(mentors)["id"]]
        if mentors and rng.random() < 0.1:
            p["avoid"] = [rng.choice(mentors)["id"]]
    for p in mentors:
        if mentees and rng.random() < 0.2:
            p["prefer"] = [rng.choice(mentees)["id"]]
    data: dict[str, Any] = {
        "kind": kind,
        "rules": {"min_gap_years": rng.choice([0, 5, 10, 7.5])},
        "weights": {t: rng.randint(0, 3) for t in ("topics", "text", "values", "difference")},
        "mentors": mentors,
        "mentees": mentees,
    }
    data["weights"]["wishes"] = rng.randint(1, 3)
    if mentees and mentors:
        data["forbidden"] = [
            [rng.choice(mentees)["id"], rng.choice(mentors)["id"]] for _ in range(n_e // 4)
        ]
    return data


def reference_matrix(data: dict[str, Any], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Every cell by the pair path and the rule checks (the plain definitions)."""
    instance = load_instance(data)
    sf = score_features(instance)
    rf = rule_features(instance)
    e, m = np.repeat(rows, cols.size), np.tile(cols, rows.size)
    micro = sf.combine(sf.pair_terms(e, m))
    ok = rf.eligible(e, m)
    return np.where(ok, micro, -1).reshape(rows.size, cols.size).astype(np.int32)


CASES = [
    (40, 30, 1, "reverse"),
    (25, 60, 2, "classic"),
    (50, 50, 3, "shadowing"),
    (1, 70, 4, "reverse"),
    (70, 1, 5, "classic"),
]


@pytest.mark.parametrize(("n_e", "n_m", "seed", "kind"), CASES)
def test_block_kernel_equals_pair_path(
    n_e: int, n_m: int, seed: int, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = random_instance(n_e, n_m, seed, kind)
    sf = score_features(load_instance(data))
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(n_e, size=max(1, n_e * 3 // 4), replace=False))
    cols = np.sort(rng.choice(n_m, size=max(1, n_m * 2 // 3), replace=False))
    expected = reference_matrix(data, rows, cols)
    assert np.array_equal(build_matrix(sf, rows, cols), expected)
    # no lookup tables, small blocks, several stripes
    monkeypatch.setattr(matrix_module, "_MAX_TABLE_CELLS", 0)
    monkeypatch.setattr(matrix_module, "_CHUNK_CELLS", 64)
    monkeypatch.setattr(matrix_module, "_THREADS", 3)
    assert np.array_equal(build_matrix(sf, rows, cols), expected)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_do_not_depend_on_blocks_or_stripes(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = random_instance(90, 80, seed)
    sf = score_features(load_instance(data))
    rows, cols = np.arange(90), np.arange(80)
    q, keys = build_matrix_and_candidates(sf, rows, cols, 4, 3)
    allowed = q.ravel() >= 0
    assert allowed[keys].all()
    for chunk, threads in ((200, 1), (300, 2), (1000, 3), (1 << 20, 2)):
        monkeypatch.setattr(matrix_module, "_CHUNK_CELLS", chunk)
        monkeypatch.setattr(matrix_module, "_THREADS", threads)
        q2, keys2 = build_matrix_and_candidates(sf, rows, cols, 4, 3)
        assert np.array_equal(q, q2)
        assert np.array_equal(keys, keys2)
    # every row's best allowed cell and every column's best allowed cell is a candidate
    best_row = np.where(q.max(axis=1) >= 0, q.argmax(axis=1), -1)
    for i, j in enumerate(best_row):
        if j >= 0:
            assert q[i, j] == q.ravel()[keys[keys // 80 == i]].max()


def test_text_features_dense_and_sorted_presence_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    data = random_instance(60, 50, 7)
    a = [p["text"] for p in data["mentees"]]
    b = [p["text"] for p in data["mentors"]]
    first = text_module.tfidf_vectors(a, b)
    monkeypatch.setattr(text_module, "_DENSE_PRESENCE_CELLS", 0)
    second = text_module.tfidf_vectors(a, b)
    for x, y in zip(first[:2], second[:2], strict=True):
        assert (x != y).nnz == 0
    for x, y in zip(first[2:], second[2:], strict=True):
        assert np.array_equal(x, y)


SPARSE = SolverOptions(candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0)
COMPLETE = SolverOptions(dense_below=10**9)


@pytest.mark.parametrize("seed", range(12))
def test_sparse_solver_reaches_the_complete_objective(seed: int) -> None:
    rng = random.Random(seed)
    data = random_instance(rng.randint(20, 45), rng.randint(15, 40), 100 + seed)
    full = solve(load_instance(data), options=COMPLETE)
    if seed % 3 == 0 and full.pairs:  # lock a few pairs of the optimum, keep the rest free
        data["locked"] = [[p.mentee, p.mentor] for p in full.pairs[::4]]
    if seed % 4 == 1:
        data["rules"]["target_pairs"] = len(data.get("locked", [])) + rng.randint(0, 6)
    full = solve(load_instance(data), options=COMPLETE)
    for options in (SPARSE, None, SolverOptions(violators_per_row=1)):
        result = solve(load_instance(data), options=options)
        assert result.objective == full.objective
        assert result.optimal


def test_compiled_schema_check_rejects_every_faulty_document() -> None:
    base = random_instance(6, 5, 11)
    assert _compiled()(base)
    assert validate_schema(base) == []
    mutations: list[tuple[str, Any]] = [
        ("birth_year", 1800),
        ("birth_year", "1990"),
        ("birth_year", True),
        ("birth_year", 1990.5),
        ("capacity", -1),
        ("company", ""),
        ("format", "video"),
        ("languages", ["nb", 3]),
        ("languages", "nb"),
        ("colour", "red"),
        ("text", "x" * 20001),
        ("years_experience", float("inf")),
    ]
    for key, value in mutations:
        doc = copy.deepcopy(base)
        doc["mentors"][1][key] = value
        assert not _compiled()(doc)
        assert validate_schema(doc) != []
    missing = copy.deepcopy(base)
    del missing["mentees"][0]["company"]
    assert not _compiled()(missing)
    assert validate_schema(missing)
    assert not _compiled()({**base, "kind": "other"})
    assert not _compiled()({**base, "locked": [["s1"]]})
