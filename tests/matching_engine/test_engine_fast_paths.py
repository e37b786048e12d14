"""The fast paths give exactly what the plain definitions give.

* the fused block kernel of the score matrix = the pair path (``pair_terms`` + ``combine``) and
  the hard rules cell by cell, with or without its lookup tables, in one or several stripes;
* the candidate graph does not depend on how the rows are split into blocks and stripes;
* the sparse solver (candidates, certificates, incremental pricing) reaches the objective of
  the solver on every allowed pair, on random instances larger than the brute-force ones;
* the compiled schema check (jsonschema-rs) accepts only documents the full walk finds no
  fault in.
"""

from __future__ import annotations

import copy
import math
import random
from typing import Any

import numpy as np
import pytest

from brobygger.matching.engine import SolverOptions, load_instance, solve
from brobygger.matching.engine import matrix as matrix_module
from brobygger.matching.engine import solver as solver_module
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
SLOTS = ["early", "morning", "lunch", "afternoon", "after_work"]


def random_instance(n_e: int, n_m: int, seed: int, kind: str = "reverse") -> dict[str, Any]:
    rng = random.Random(seed)
    slots = seed % 4 != 0  # every fourth instance: nobody gives availability

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
            "availability": rng.sample(SLOTS, rng.randint(0, 3)) if slots else [],
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
        "weights": {
            t: rng.randint(0, 3) for t in ("topics", "text", "values", "difference", "availability")
        },
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
    # the hard-rule table with the company rule in it, whatever its size
    monkeypatch.setattr(matrix_module, "_COMPANY_TABLE_SHARE", 1)
    assert np.array_equal(build_matrix(sf, rows, cols), expected)
    # the tables spread by several workers
    monkeypatch.setattr(matrix_module, "_PARALLEL_CELLS", 0)
    monkeypatch.setattr(matrix_module, "_THREADS", 3)
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
    for chunk, threads, parallel in ((200, 1, 1), (300, 2, 1), (1000, 3, 1), (1 << 20, 2, 0)):
        monkeypatch.setattr(matrix_module, "_CHUNK_CELLS", chunk)
        monkeypatch.setattr(matrix_module, "_THREADS", threads)
        monkeypatch.setattr(matrix_module, "_PARALLEL_CELLS", parallel)
        q2, keys2 = build_matrix_and_candidates(sf, rows, cols, 4, 3)
        assert np.array_equal(q, q2)
        assert np.array_equal(keys, keys2)
    # every row's best allowed cell and every column's best allowed cell is a candidate
    best_row = np.where(q.max(axis=1) >= 0, q.argmax(axis=1), -1)
    for i, j in enumerate(best_row):
        if j >= 0:
            assert q[i, j] == q.ravel()[keys[keys // 80 == i]].max()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_forbidden_check_equals_the_set_lookup(seed: int) -> None:
    """The forbidden-pair rule on people x partners (either way round, repeated people
    included) and on any other shapes is exactly "the pair's key is not a forbidden key"."""
    data = random_instance(40, 30, seed)
    rf = rule_features(load_instance(data))
    assert rf.forbidden_keys.size > 0
    rng = np.random.default_rng(seed)
    for _ in range(50):
        k, width = rng.integers(1, 12, 2)
        shapes = [
            ((k, 1), (1, width)),
            ((1, width), (k, 1)),
            ((k, width), (k, width)),
            ((k,), (k,)),
        ]
        for shape_e, shape_m in shapes:
            e, m = rng.integers(0, 40, shape_e), rng.integers(0, 30, shape_m)
            expected = ~np.isin(e * 30 + m, rf.forbidden_keys)
            assert np.array_equal(rf.forbidden_ok(e, m), expected)


def test_text_vectors_equal_the_definition() -> None:
    """tfidf_vectors (token table x sparse products) = feature sets text by text."""
    data = random_instance(60, 50, 7)
    a = [p["text"] for p in data["mentees"]] + ["", "  ", "Data-analyse, 24!"]
    b = [p["text"] for p in data["mentors"]] + ["KUNSTIG  intelligens"]
    text_e, text_m, norm_e, norm_m = text_module.tfidf_vectors(a, b)
    sets = [text_module.features(t) for t in (*a, *b)]
    vocab = list(dict.fromkeys(f for t in (*a, *b) for f in _ordered_features(t)))
    df = {f: sum(f in s for s in sets) for f in vocab}
    n = len(sets)
    both = np.vstack([text_e.toarray(), text_m.toarray()])
    assert both.shape == (n, len(vocab))
    for row, feats in zip(both, sets, strict=True):
        expected = np.zeros(len(vocab), dtype=np.float32)
        for k, f in enumerate(vocab):
            if f in feats:
                expected[k] = min(15, 1 + round(2 * math.log((1 + n) / (1 + df[f]))))
        assert np.array_equal(row, expected)
    norms = (both.astype(np.float64) ** 2).sum(axis=1)
    assert np.array_equal(np.concatenate([norm_e, norm_m]), norms)
    for m in (text_e, text_m):
        assert m.has_sorted_indices
    assert text_module.tfidf_vectors([], [])[0].shape[0] == 0


def _ordered_features(text: str) -> list[str]:
    """A text's features in order of first appearance (the column order)."""
    out: list[str] = []
    for token in text.casefold().split():
        for word in text_module._WORD.findall(token):
            out.extend(text_module._word_features(word))
    return out


SPARSE = SolverOptions(
    candidates_per_mentee=1, candidates_per_mentor=1, dense_below=0, dense_total_cells=0
)
COMPLETE = SolverOptions(dense_below=10**9)
#: the default candidate graph, also on instances small enough for the complete path
CANDIDATES = SolverOptions(dense_below=0, dense_total_cells=0)


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
    one_violator = SolverOptions(violators_per_row=1, dense_below=0, dense_total_cells=0)
    dense_total = SolverOptions(dense_below=0)
    for options in (SPARSE, CANDIDATES, one_violator, dense_total):
        result = solve(load_instance(data), options=options)
        assert result.objective == full.objective
        assert result.optimal


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pricing_in_parallel_blocks_gives_the_same_result(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phase 3's pricing passes, split into small blocks shared among the workers, find
    exactly what one pass finds: the same pairs, statistics and reasons."""
    data = random_instance(45, 40, 200 + seed)
    options = SolverOptions(violators_per_row=1, dense_below=0, dense_total_cells=0)
    expected = solve(load_instance(data), options=options).to_json(timings=False)
    monkeypatch.setattr(solver_module, "_CHUNK_CELLS", 64)
    monkeypatch.setattr(solver_module, "_PARALLEL_PRICING_CELLS", 0)
    assert solve(load_instance(data), options=options).to_json(timings=False) == expected


def test_distinct_counts_equal_the_plain_definition() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        values = rng.integers(0, rng.integers(1, 200), rng.integers(0, 6000))
        for array in (values, np.sort(values)):
            distinct = np.unique(array).size
            assert solver_module._distinct_count(array) == distinct
            for limit in (0, 1, 10, 64, 150):
                assert solver_module._at_most_distinct(array, limit) == (distinct <= limit)


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


def test_compiled_people_columns_accept_only_what_the_full_walk_accepts() -> None:
    """The list-of-people check works key by key over the whole list (column checks); on
    random single-value mutations it never accepts what the full walk rejects, and it accepts
    the valid documents (mixed null / string columns, float years, open meta)."""
    from brobygger.matching.engine.schema import _check, instance_schema

    def full_walk_errors(doc: dict[str, Any]) -> list[tuple[str, str]]:
        errors: list[tuple[str, str]] = []
        root = instance_schema()
        _check(doc, root, "", root, errors)
        return errors

    rng = random.Random(5)
    values: list[Any] = [
        None, "", "x", "x" * 201, 0, -1, 1930, 2016, 2.5, 3.0, float("nan"), True, [], [""],
        ["nb"], ["nb", 3], [["a"]], {}, {"x": 1}, "digital", "video",
    ]  # fmt: skip
    keys = ["id", "company", "group", "birth_year", "years_experience", "role_family", "meta",
            "languages", "city", "format", "topics", "text", "values", "capacity", "prefer",
            "avoid", "name", "colour"]  # fmt: skip
    base = random_instance(8, 7, 21)
    accepted = 0
    for _ in range(600):
        doc = copy.deepcopy(base)
        side = rng.choice(["mentors", "mentees"])
        person = doc[side][rng.randrange(len(doc[side]))]
        if rng.random() < 0.05:
            doc[side][0] = rng.choice(values)
        elif rng.random() < 0.1:
            person.pop(rng.choice(keys), None)
        else:
            person[rng.choice(keys)] = rng.choice(values)
        if _compiled()(doc):
            accepted += 1
            assert full_walk_errors(doc) == []
        elif not full_walk_errors(doc) and not _has_nan(doc):
            # conservative rejections are allowed (a NaN is not JSON: jsonschema-rs refuses
            # it, the walk does not look), but not for these common valid shapes
            pytest.fail(f"a valid document was rejected: {doc[side]}")
    assert accepted > 100


def _has_nan(doc: Any) -> bool:
    if isinstance(doc, float):
        return doc != doc
    if isinstance(doc, dict):
        return any(_has_nan(v) for v in doc.values())
    if isinstance(doc, list):
        return any(_has_nan(v) for v in doc)
    return False


def test_people_are_the_dataclass_built_normally() -> None:
    from brobygger.matching.engine.model import Person
    from brobygger.matching.engine.validate import _person

    data = random_instance(30, 30, 9)
    data["mentees"][0]["name"] = "Ada"
    data["mentees"][1]["meta"] = {"x": 1}
    data["mentors"][2]["capacity"] = 2.0
    data["mentors"][3]["birth_year"] = 1990.0
    for raw in data["mentees"] + data["mentors"]:
        fields = {k: v for k, v in raw.items() if k not in ("name", "meta")}
        for key in ("languages", "topics", "values", "availability", "prefer", "avoid"):
            if key in fields:
                fields[key] = tuple(fields[key])
        fields["birth_year"] = int(fields["birth_year"])
        if "capacity" in fields:
            fields["capacity"] = int(fields["capacity"])
        person = _person(raw)
        expected = Person(**fields)
        assert person == expected
        assert hash(person) == hash(expected)
        assert vars(person) == vars(expected)
        assert type(person.birth_year) is int
        assert type(person.capacity) is int


def test_class_tables_partition_like_a_row_unique() -> None:
    rng = np.random.default_rng(4)
    small = rng.integers(-1, 3, size=(200, 4))
    # 9 columns of ~200 distinct values: more classes than a mixed-radix int64 can number
    huge = np.concatenate([small[:, :1], rng.integers(0, 10**6, size=(200, 9))], axis=1)
    for key in (small, huge, small[:1], small[:0]):
        rep, cls = matrix_module._classes(key)
        if key.shape[0] == 0:
            assert rep.size == cls.size == 0
            continue
        # the same rows share a class, the representative is the first of its class
        assert np.array_equal(key[rep[cls]], key)
        _, first = np.unique(key, axis=0, return_index=True)
        assert np.array_equal(np.sort(rep), np.sort(first))


def test_merged_text_columns_survive_hash_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a salt of zeros every column with the same count collides: the exact check must
    split them again, and the merged products must still be the exact text products."""
    from brobygger.matching.engine import scoring as scoring_module

    data = random_instance(40, 35, 12)
    sf = score_features(load_instance(data))
    exact = (sf.text_e @ sf.text_m.T).toarray()

    class ZeroSalt:
        def __init__(self, seed: int) -> None:
            pass

        def integers(self, low: int, high: int, size: tuple[int, int]) -> np.ndarray:
            return np.zeros(size, dtype=np.int64)

    for salted in (False, True):
        if salted:
            monkeypatch.setattr(scoring_module.np.random, "default_rng", ZeroSalt)
        dense_e, dense_m = scoring_module._merged_text(sf.text_e, sf.text_m)
        assert np.array_equal(dense_e.astype(np.float64) @ dense_m.astype(np.float64), exact)


@pytest.mark.parametrize("seed", range(8))
def test_full_assignment_equals_the_min_cost_flow(seed: int) -> None:
    """Phase 3's sparse LAPJV and OR-Tools' square assignment find a matching as good as
    OR-Tools' min-cost flow on the same edges: a valid assignment with the same total score,
    with every mentee paired or fewer pairs (unpaired mentees, empty seats)."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 40)), int(rng.integers(3, 30))
    cap = rng.integers(1, 4, size=m)
    if seed % 2 == 0:  # as many seats as mentees, one each
        m, cap = n, np.ones(n, dtype=np.int64)
    # every mentee keeps a few edges, and a random assignment guarantees a full matching
    seats = np.repeat(np.arange(m), cap)
    while seats.size < n:
        cap[rng.integers(m)] += 1
        seats = np.repeat(np.arange(m), cap)
    sure = rng.permutation(seats)[:n]
    extra_e = rng.integers(0, n, size=4 * n)
    extra_m = rng.integers(0, m, size=4 * n)
    keys = np.unique(np.concatenate([np.arange(n) * m + sure, extra_e * m + extra_m]))
    e, j = keys // m, keys % m
    w = rng.integers(0, 1_000_001, size=keys.size)
    w[: keys.size // 3] = 500_000  # ties
    lapjv = solver_module._full_assignment((n, m), cap, e, j, w, n)
    flow = solver_module._flow_assignment((n, m), cap, e, j, w, n)
    assert np.bincount(e[lapjv], minlength=n).tolist() == [1] * n
    assert (np.bincount(j[lapjv], minlength=m) <= cap).all()
    assert int(w[lapjv].sum()) == int(w[flow].sum())
    square = solver_module._square_assignment((n, m), cap, e, j, w, n)
    assert int(w[square].sum()) == int(w[flow].sum())
    # the LAPJV is taken when the scores are few (heavy ties); OR-Tools' assignment when the
    # square problem adds at most one arc per four edge copies (here every mentee is paired:
    # an empty seat adds one arc per seat), its min-cost flow otherwise
    few = np.unique(w).size <= solver_module._FEW_SCORES
    seats = int(cap[np.unique(j)].sum())
    small = 4 * (seats - n) * seats <= int(cap[j].sum())
    chosen = lapjv if few else square if small else flow
    assert solver_module._min_cost_flow((n, m), cap, e, j, w, n).tolist() == chosen.tolist()
    # fewer pairs than mentees (a target, or mentees left over): the unpaired slots
    for k in (n - 1, n // 2, 1):
        lapjv = solver_module._full_assignment((n, m), cap, e, j, w, k)
        flow = solver_module._flow_assignment((n, m), cap, e, j, w, k)
        square = solver_module._square_assignment((n, m), cap, e, j, w, k)
        for used in (lapjv, square):
            assert int(used.sum()) == k
            assert np.bincount(e[used], minlength=n).max() <= 1
            assert (np.bincount(j[used], minlength=m) <= cap).all()
            assert int(w[used].sum()) == int(w[flow].sum())


def _plain_augmenting_path(
    q: np.ndarray, cap: np.ndarray, t: int, match: np.ndarray, load: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """The breadth-first search by its definition: every layer reads the whole rows of its
    mentees; each mentor reached takes the first of them (in the frontier's order) as parent."""
    m = q.shape[1]
    frontier = np.flatnonzero(match < 0)
    reached = np.zeros(m, dtype=bool)
    parent = np.full(m, -1, dtype=np.int64)
    while frontier.size:
        block = q[frontier] >= max(t, 0)
        block[:, reached] = False
        new = np.flatnonzero(block.any(axis=0))
        if new.size == 0:
            return None
        parent[new] = frontier[block[:, new].argmax(axis=0)]
        reached[new] = True
        free = new[load[new] < cap[new]]
        if free.size:
            return solver_module._trace(int(free[0]), parent, match)
        found = np.zeros(m, dtype=bool)
        found[new] = True
        frontier = np.flatnonzero((match >= 0) & found[np.maximum(match, 0)])
    return None


@pytest.mark.parametrize("seed", range(6))
def test_augmenting_path_search_equals_the_plain_search(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phase 1 and 2's search over the dense rows, which reads only the mentors not reached
    yet when they are few, in blocks of any size, finds the same path as the plain search,
    or none when the plain search finds none; and growing a matching with it finds the same
    pairs whether the counting bound is read first (as it was) or only when needed (as now)."""
    rng = np.random.default_rng(300 + seed)
    n, m = int(rng.integers(30, 90)), int(rng.integers(20, 80))
    density = [0.05, 0.3, 0.8][seed % 3]
    q = np.where(rng.random((n, m)) < density, rng.integers(0, 4, size=(n, m)), -1).astype(np.int32)
    cap = rng.integers(0, 3, size=m)
    # a greedy matching to start from, leaving augmenting paths to find
    match = np.full(n, -1, dtype=np.int64)
    load = np.zeros(m, dtype=np.int64)
    for i in rng.permutation(n)[: n // 2]:
        for j in np.flatnonzero(q[i] >= 1):
            if load[j] < cap[j]:
                match[i], load[j] = j, load[j] + 1
                break
    for chunk in (1 << 21, 7 * m, m):
        monkeypatch.setattr(solver_module, "_CHUNK_CELLS", chunk)
        for t in (0, 1, 3):
            got = solver_module._augmenting_path(q, cap, t, match.copy(), load.copy())
            want = _plain_augmenting_path(q, cap, t, match.copy(), load.copy())
            if want is None:
                assert got is None
            else:
                assert got is not None
                assert got[0].tolist() == want[0].tolist()
                assert got[1].tolist() == want[1].tolist()
    monkeypatch.setattr(solver_module, "_CHUNK_CELLS", 1 << 21)
    keys = np.flatnonzero(match >= 0) * m + match[match >= 0]
    for t in (0, 1):
        stats = {"augmenting_paths": 0}
        grown, grown_keys = solver_module._complete_matching(
            q, cap, t, match.copy(), keys.copy(), None, stats
        )
        # the same pairs as the plain searches until no path is left (or the bound is hit)
        plain, plain_load = match.copy(), load.copy()
        bound = solver_module._upper_bound(q, cap, t)
        paths = 0
        while int((plain >= 0).sum()) < bound:
            path = _plain_augmenting_path(q, cap, t, plain, plain_load)
            if path is None or paths == solver_module._SEARCHES:
                break
            plain_load[path[1][0]] += 1
            plain[path[0]] = path[1]
            paths += 1
        # the candidate keys hold every pair of the grown matching
        pairs = np.flatnonzero(grown >= 0) * m + grown[grown >= 0]
        assert np.isin(pairs, grown_keys).all()
        if paths < solver_module._SEARCHES:
            assert grown.tolist() == plain.tolist()
            assert stats["augmenting_paths"] == paths
        assert int((grown >= 0).sum()) == int((solver_module.full_matching(q, cap, t) >= 0).sum())
