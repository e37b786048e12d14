"""Exact lexicographic b-matching on a dense score matrix.

Objective, in order: (1) the most pairs (or exactly ``target`` if fewer), (2) the highest
worst-pair score, (3) the highest total score. Scores are integers (quantised), so every
comparison is exact.

The work happens on a sparse *candidate* graph (the best few mentors of every mentee and
mentees of every mentor). Each phase is then certified against the full matrix:

1. max cardinality: no augmenting path exists in the full graph (König), found by a
   breadth-first search over dense rows, or the counting bound; a path found is added to
   the candidates;
2. bottleneck threshold ``t``: the full graph restricted to scores > ``t`` has no matching of
   the required size (same search, or a counting bound);
3. max total at cardinality ``K`` and scores >= ``t``: a min-cost flow (or an assignment) on
   the candidates, whose node potentials (shortest-path distances in the residual graph)
   price every pair of the full matrix; pairs with positive reduced profit are added and the
   flow is re-solved until none is left (LP duality proves optimality).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from time import perf_counter

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from ortools.graph.python import linear_sum_assignment as sum_assignment
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from .matrix import QArray, worker_pool
from .model import SCALE
from .rules import IntArray, sorted_unique

_CHUNK_CELLS = 1 << 21
#: a pricing pass over this many cells or more shares its blocks among the matrix workers
_PARALLEL_PRICING_CELLS = 1 << 22
#: with heavy ties (at most this many distinct scores) phase 3 uses scipy's sparse LAPJV up
#: to ``_LAPJV_TIES_MAX_EDGES`` edges
_FEW_SCORES = 64
_LAPJV_TIES_MAX_EDGES = 1_000_000
#: otherwise OR-Tools' linear sum assignment when making the problem square adds at most one
#: arc per this many edges (few mentees left unpaired, few seats left empty), else OR-Tools'
#: min-cost flow (measured on phase 3's rounds at 2,000 people: 6-9 against 15-20 ms with
#: no arc added, sparse family; 135 against 18 ms with 4.6 added per edge, bottleneck
#: family); 0: never
_SQUARE_EXTRA_SHARE = 4
#: alternating-path searches over the dense matrix before one compiled maximum matching
_SEARCHES = 6
#: phase 2 rounds (candidate search + full-graph certificate) before bisecting on the full graph
_BOTTLENECK_ROUNDS = 3


@dataclass(frozen=True)
class SolverOptions:
    candidates_per_mentee: int = 6
    candidates_per_mentor: int = 6
    #: up to this many cells (200 x 200: the programme years the tool serves), every allowed
    #: pair goes to the exact solvers and no certificate is needed; measured as fast as the
    #: candidate path there (CPU medians 5-26 ms either way on the benchmark's families),
    #: slower above (300 x 300: 42 against 32 ms)
    dense_below: int = 40_000
    max_rounds: int = 30
    violators_per_row: int = 5
    #: when the free matrix (mentees x seats) has at most ``dense_total_cells`` cells and the
    #: phase looks for the most pairs (no smaller target), phase 3 runs this many pricing
    #: rounds on the candidates and, if they have not converged, one dense assignment
    #: (scipy's LAPJV on the thresholded matrix) finishes it. At 500 people the dense
    #: assignment alone (0 rounds) was the fastest on 6 of 8 benchmark families (CPU 7-34 ms
    #: against 5-48 ms for the pricing rounds); at 2,000 it costs about what scipy's plain
    #: assignment costs, more than the rounds.
    quick_rounds: int = 0
    dense_total_cells: int = 600_000


@dataclass
class CoreSolution:
    e: IntArray
    m: IntArray
    max_pairs: int
    threshold: int | None
    stats: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def uses_all_pairs(shape: tuple[int, int], options: SolverOptions | None = None) -> bool:
    """Whether every allowed pair is a candidate (small instances: no certificate needed)."""
    n, m = shape
    return n * m <= (options or SolverOptions()).dense_below or n == 0 or m == 0


def solve_core(
    q: QArray,
    cap: IntArray,
    target: int | None,
    options: SolverOptions | None = None,
    candidates: IntArray | None = None,
) -> CoreSolution:
    """Solve the free part. ``q`` is mentees x mentors (``-1`` = not allowed), ``cap`` the
    free capacity of each mentor, ``target`` the wanted number of pairs (None = maximum).
    ``candidates`` (sorted keys ``row * m + col``) replaces the initial candidate graph when
    the caller built it along with ``q``."""
    opts = options or SolverOptions()
    clock = perf_counter()
    complete = uses_all_pairs(q.shape, opts)
    if complete:
        keys = _all_allowed(q, 0)
    elif candidates is not None:
        keys = candidates
    else:
        keys = _initial_candidates(q, cap, opts)
    stats = {"initial_candidates": int(keys.size), "augmenting_paths": 0, "pricing_rounds": 0}
    seconds = {"candidates": perf_counter() - clock}

    clock = perf_counter()
    match = _max_matching(q, cap, keys, 0)
    if not complete:
        match, keys = _complete_matching(q, cap, 0, match, keys, None, stats)
    max_pairs = int((match >= 0).sum())
    k = max_pairs if target is None else min(target, max_pairs)
    seconds["phase1_cardinality"] = perf_counter() - clock
    if k == 0:
        empty = np.zeros(0, dtype=np.int64)
        return CoreSolution(empty, empty, max_pairs, None, stats, seconds)

    clock = perf_counter()
    threshold, keys = _bottleneck(q, cap, keys, k, complete, stats)
    seconds["phase2_bottleneck"] = perf_counter() - clock

    clock = perf_counter()
    e, j, keys = _max_total(q, cap, keys, k, threshold, complete, opts, stats, k == max_pairs)
    seconds["phase3_total"] = perf_counter() - clock
    stats["candidates"] = int(keys.size)
    return CoreSolution(e, j, max_pairs, threshold, stats, seconds)


# ----- candidate graph ------------------------------------------------------------------------


def _all_allowed(q: QArray, t: int) -> IntArray:
    return np.flatnonzero(q.ravel() >= max(t, 0)).astype(np.int64)


def _initial_candidates(q: QArray, cap: IntArray, opts: SolverOptions) -> IntArray:
    n, m = q.shape
    parts: list[IntArray] = []
    kr = min(m, opts.candidates_per_mentee)
    step = max(1, _CHUNK_CELLS // m)
    for start in range(0, n, step):
        block = q[start : start + step]
        top = np.argpartition(block, m - kr, axis=1)[:, m - kr :]
        rows = np.arange(start, start + block.shape[0])[:, None]
        ok = block[rows - start, top] >= 0
        parts.append((rows * m + top)[ok])
    kc = min(n, opts.candidates_per_mentor)
    step = max(1, _CHUNK_CELLS // n)
    for start in range(0, m, step):
        block = np.ascontiguousarray(q[:, start : start + step].T)
        top = np.argpartition(block, n - kc, axis=1)[:, n - kc :]
        cols = np.arange(start, start + block.shape[0])[:, None]
        ok = block[cols - start, top] >= 0
        parts.append((top * m + cols)[ok])
    return sorted_unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _edges(q: QArray, keys: IntArray, t: int) -> tuple[IntArray, IntArray, IntArray]:
    m = q.shape[1]
    e, j = keys // m, keys % m
    w = q[e, j].astype(np.int64)
    keep = w >= max(t, 0)
    return e[keep], j[keep], w[keep]


# ----- phase 1 and 2: cardinality ------------------------------------------------------------


def _max_matching(q: QArray, cap: IntArray, keys: IntArray, t: int) -> IntArray:
    """Maximum matching of the candidate edges with score >= t: mentor (or -1) per mentee."""
    e, j, _ = _edges(q, keys, t)
    return _matching_of_edges(q.shape, cap, e, j)


def _seat_copies(seats: IntArray, j: IntArray) -> tuple[IntArray, IntArray, int]:
    """Every edge once per seat of its mentor (``j[edge]``, with ``seats[mentor]`` seats, the
    seats numbered mentor by mentor): the edge of each copy, the copy's seat, and how many
    seats there are."""
    first_seat = np.zeros(seats.size + 1, dtype=np.int64)
    np.cumsum(seats, out=first_seat[1:])
    copies = seats[j]
    edge_of = np.repeat(np.arange(j.size), copies)
    rank = np.arange(edge_of.size) - np.repeat(np.cumsum(copies) - copies, copies)
    return edge_of, first_seat[j[edge_of]] + rank, int(first_seat[-1])


def _matching_of_edges(shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray) -> IntArray:
    """A maximum matching of the edges (mentor or -1 per mentee), by scipy's compiled
    Hopcroft-Karp on the graph with every mentor repeated once per seat."""
    n, m = shape
    match = np.full(n, -1, dtype=np.int64)
    if e.size == 0:
        return match
    seats = cap.astype(np.int64)
    edge_of, seat_of_copy, total_seats = _seat_copies(seats, j)
    graph = sp.csr_matrix(
        (np.ones(edge_of.size, dtype=np.int8), (e[edge_of], seat_of_copy)),
        shape=(n, total_seats),
    )
    seat = maximum_bipartite_matching(graph, perm_type="column")
    mentor_of_seat = np.repeat(np.arange(m), seats)
    hit = seat >= 0
    match[hit] = mentor_of_seat[seat[hit]]
    return match


def _upper_bound(q: QArray, cap: IntArray, t: int) -> int:
    """min(mentees with an edge >= t, sum over mentors of min(capacity, edges >= t))."""
    n, m = q.shape
    rows, per_col = 0, np.zeros(m, dtype=np.int64)
    step = max(1, _CHUNK_CELLS // max(1, m))
    for start in range(0, n, step):
        ok = q[start : start + step] >= max(t, 0)
        rows += int(ok.any(axis=1).sum())
        per_col += ok.sum(axis=0)
    return min(rows, int(np.minimum(per_col, cap).sum()))


def _complete_matching(
    q: QArray,
    cap: IntArray,
    t: int,
    match: IntArray,
    keys: IntArray,
    need: int | None,
    stats: dict[str, int],
) -> tuple[IntArray, IntArray]:
    """Grow ``match`` to a maximum matching of the *full* graph of scores >= t (unless it
    already has ``need`` pairs or reaches the counting bound), adding the edges it gains to
    ``keys``. At most ``_SEARCHES`` alternating-path searches over the dense rows (array
    passes, each at most one sweep of the matrix; a search that finds no path proves the
    maximum, König); if paths keep turning up, one compiled maximum matching of the full
    graph (Hopcroft-Karp) finishes. The cost is bounded whatever the candidates missed."""
    # the counting bound reads the whole matrix; a search that finds no path proves the
    # maximum too, at most as costly (often much less: it reads only the rows it reaches), so
    # the bound is computed only before the compiled matching, which it may spare
    bound = min(q.shape[0], int(cap.sum()))
    counted = False
    load = np.bincount(match[match >= 0], minlength=q.shape[1])
    added: list[IntArray] = []
    for _ in range(_SEARCHES + 1):
        size = int((match >= 0).sum())
        if size >= bound or (need is not None and size >= need):
            break
        if len(added) == _SEARCHES and not counted:
            bound, counted = min(bound, _upper_bound(q, cap, t)), True
            if size >= bound:
                break
        if len(added) == _SEARCHES:
            stats["full_matchings"] = stats.get("full_matchings", 0) + 1
            full = full_matching(q, cap, t)
            found = np.flatnonzero(full >= 0)
            stats["augmenting_paths"] += int(found.size) - size
            match = full
            added.append(found * q.shape[1] + full[found])
            break
        path = _augmenting_path(q, cap, t, match, load)
        if path is None:
            break
        stats["augmenting_paths"] += 1
        pe, pm = path
        load[pm[0]] += 1
        match[pe] = pm
        added.append(pe * q.shape[1] + pm)
    if added:
        keys = sorted_unique(np.concatenate([keys, *added]))
    return match, keys


def _augmenting_path(
    q: QArray, cap: IntArray, t: int, match: IntArray, load: IntArray
) -> tuple[IntArray, IntArray] | None:
    """Breadth-first search for an augmenting path over the dense rows of ``q >= t``.

    Returns the path as (mentees, mentors): pairing mentees[k] with mentors[k] and dropping
    each mentee's old mentor augments the matching by one.
    """
    m = q.shape[1]
    t = max(t, 0)
    frontier = np.flatnonzero(match < 0)
    reached = np.zeros(m, dtype=bool)
    parent = np.full(m, -1, dtype=np.int64)
    while frontier.size:
        found = np.zeros(m, dtype=bool)
        start = 0
        while start < frontier.size:
            # only the mentors not reached yet matter: when they are few (a dense graph is
            # mostly reached after a layer or two), read just their cells of each row
            open_cols = np.flatnonzero(~(reached | found))
            if open_cols.size == 0:
                break
            sparse = 2 * open_cols.size < m
            step = max(1, _CHUNK_CELLS // (open_cols.size if sparse else m))
            rows = frontier[start : start + step]
            start += step
            if sparse:
                block = q[rows[:, None], open_cols[None, :]] >= t
                local = np.flatnonzero(block.any(axis=0))
                hit = open_cols[local]
            else:
                block = q[rows] >= t
                block[:, reached | found] = False
                local = hit = np.flatnonzero(block.any(axis=0))
            if hit.size:
                # the first row of the frontier (in its order) that reaches each mentor
                parent[hit] = rows[block[:, local].argmax(axis=0)]
                found[hit] = True
        new = np.flatnonzero(found)
        if new.size == 0:
            return None
        reached[new] = True
        free = new[load[new] < cap[new]]
        if free.size:
            return _trace(int(free[0]), parent, match)
        # mentees matched to the newly reached mentors; each is reached exactly once
        frontier = np.flatnonzero((match >= 0) & found[np.maximum(match, 0)])
    return None


def _trace(j: int, parent: IntArray, match: IntArray) -> tuple[IntArray, IntArray]:
    es, ms = [], []
    while True:
        i = int(parent[j])
        es.append(i)
        ms.append(j)
        if match[i] < 0:
            break
        j = int(match[i])
    return np.array(es, dtype=np.int64), np.array(ms, dtype=np.int64)


def full_matching(q: QArray, cap: IntArray, t: int) -> IntArray:
    """A maximum matching (mentor or -1 per mentee) of every pair with score >= t, by scipy's
    compiled Hopcroft-Karp (``maximum_bipartite_matching``) on the thresholded sparse graph,
    each mentor repeated once per seat (built block by block from the dense matrix)."""
    n, m = q.shape
    t = max(t, 0)
    seats = cap.astype(np.int64)
    total_seats = int(seats.sum())
    expand = bool(seats.max(initial=0) > 1 or seats.min(initial=1) < 1)
    counts, parts = [], []
    step = max(1, _CHUNK_CELLS // max(1, m))
    for start in range(0, n, step):
        ok = q[start : start + step] >= t
        r, c = np.nonzero(ok)
        if expand:
            copy_of, c, _ = _seat_copies(seats, c)
            r = r[copy_of]
        counts.append(np.bincount(r, minlength=ok.shape[0]))
        parts.append(c.astype(np.int32))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts), out=indptr[1:])
    cols = np.concatenate(parts)
    graph = sp.csr_matrix((np.ones(cols.size, dtype=np.int8), cols, indptr), shape=(n, total_seats))
    seat = maximum_bipartite_matching(graph, perm_type="column")
    mentor_of_seat = np.repeat(np.arange(m), seats)
    match = np.full(n, -1, dtype=np.int64)
    hit = seat >= 0
    match[hit] = mentor_of_seat[seat[hit]]
    return match


def _bottleneck(
    q: QArray, cap: IntArray, keys: IntArray, k: int, complete: bool, stats: dict[str, int]
) -> tuple[int, IntArray]:
    """The highest threshold t such that the edges >= t still carry a matching of size k."""
    lower, rounds = 0, 0
    while True:
        e, j, w = _edges(q, keys, lower)
        values = sorted_unique(w)
        probe = _Probes(q.shape, cap, e, j, w)
        # no threshold above the k-th best of the rows' best edges (or of the mentors' best
        # `capacity` edges) can leave k pairs: the search starts below both
        order = np.argsort(-w, kind="stable")
        best_first_e, best_first_j, best_first_w = e[order], j[order], w[order]
        top = min(
            _kth_best(best_first_e, best_first_w, np.ones(q.shape[0], dtype=np.int64), k),
            _kth_best(best_first_j, best_first_w, cap, k),
        )
        lo, hi = 0, int(np.searchsorted(values, top, side="right")) - 1
        hi = max(hi, 0)  # values[lo] is feasible (the candidates carry k pairs)

        # Feasibility is monotone in the threshold: values[lo] is feasible, everything above
        # values[hi] is not. The answer is often at or just below the counting bound, so
        # probe downwards from hi (steps 1, 2, 4) before bisecting the bracket left: a few
        # matchings when the bound is close, about log2(values) more when it is not.
        for step in (1, 2, 4):
            if lo >= hi:
                break
            mid = max(lo + 1, hi - step + 1)
            if probe.carries(int(values[mid]), k):
                lo = mid
                break
            hi = mid - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if probe.carries(int(values[mid]), k):
                lo = mid
            else:
                hi = mid - 1
        t = int(values[lo])
        if complete:
            return t, keys
        above = _max_matching(q, cap, keys, t + 1)
        above, keys = _complete_matching(q, cap, t + 1, above, keys, k, stats)
        if int((above >= 0).sum()) < k:
            return t, keys
        lower = t + 1
        rounds += 1
        if rounds >= _BOTTLENECK_ROUNDS:
            # the candidates keep missing edges: bisect on the full graph instead, every
            # probe one compiled matching (at most about 20 probes: scores are in [0, SCALE])
            stats["bottleneck_fallback"] = 1
            t = _full_bottleneck(q, cap, k, lower)
            # phase 3 works on the candidates >= t: they must carry k pairs too
            full = full_matching(q, cap, t)
            found = np.flatnonzero(full >= 0)
            return t, sorted_unique(np.concatenate([keys, found * q.shape[1] + full[found]]))


def _full_bottleneck(q: QArray, cap: IntArray, k: int, lo: int) -> int:
    """The highest t >= lo whose full graph of scores >= t carries k pairs (lo does)."""
    hi = SCALE
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _upper_bound(q, cap, mid) < k:
            hi = mid - 1
            continue
        if int((full_matching(q, cap, mid) >= 0).sum()) >= k:
            lo = mid
        else:
            hi = mid - 1
    return lo


class _Probes:
    """Whether the edges with score >= t carry k pairs, for many t: the edges (each mentor
    repeated once per seat) are sorted once by mentee, best first, so the edges >= t of every
    mentee are a prefix of its run and each probe builds its sparse graph without sorting."""

    def __init__(
        self, shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray, w: IntArray
    ) -> None:
        edge_of, seat, total_seats = _seat_copies(cap.astype(np.int64), j)
        order = np.lexsort((-w[edge_of], e[edge_of]))
        edge_of, seat = edge_of[order], seat[order]
        self.rows = e[edge_of]
        self.seat = seat.astype(np.int32)
        self.w = w[edge_of]
        self.n, self.seats = shape[0], total_seats

    def carries(self, t: int, k: int) -> bool:
        keep = self.w >= t
        indptr = np.zeros(self.n + 1, dtype=np.int32)
        np.cumsum(np.bincount(self.rows[keep], minlength=self.n), out=indptr[1:])
        indices = self.seat[keep]
        graph = sp.csr_matrix(
            (np.ones(indices.size, dtype=np.int8), indices, indptr), shape=(self.n, self.seats)
        )
        seat = maximum_bipartite_matching(graph, perm_type="column")
        return int(np.count_nonzero(seat >= 0)) >= k


def _kth_best(owner: IntArray, w: IntArray, cap: IntArray, k: int) -> int:
    """The k-th largest score among each owner's ``cap[owner]`` best edges (edges sorted by
    score, best first); -1 if there are fewer than k such edges."""
    if w.size == 0:
        return -1
    order = np.argsort(owner, kind="stable")  # keeps the best-first order per owner
    o, ws = owner[order], w[order]
    first = np.flatnonzero(np.r_[True, o[1:] != o[:-1]])
    rank = np.arange(o.size) - np.repeat(first, np.diff(np.r_[first, o.size]))
    kept = np.sort(ws[rank < cap[o]])[::-1]
    return int(kept[k - 1]) if kept.size >= k else -1


def _max_total(
    q: QArray,
    cap: IntArray,
    keys: IntArray,
    k: int,
    t: int,
    complete: bool,
    opts: SolverOptions,
    stats: dict[str, int],
    maximum: bool = False,
) -> tuple[IntArray, IntArray, IntArray]:
    """Max-total matching of exactly k pairs among edges >= t, priced against the full matrix.
    ``maximum``: k is the largest number of pairs (no smaller target), so the dense
    assignment may finish the phase."""
    dense = maximum and not complete and q.shape[0] * int(cap.sum()) <= opts.dense_total_cells
    # Invariant after each pricing round: every pair >= t outside the candidates and outside
    # the ``dirty`` rows (rows with more violators than were added) has a non-positive
    # reduced profit under the round's potentials. The next round re-prices only the dirty
    # rows and the pairs whose reduced profit can have grown: rows whose potential fell below
    # the largest rise of a column potential, and in them the columns that rose more.
    previous: tuple[IntArray, IntArray] | None = None
    distances: IntArray | None = None  # every node's potential in the round before
    dirty = np.zeros(0, dtype=np.int64)
    for rounds in range(opts.max_rounds):
        if dense and rounds >= opts.quick_rounds:
            stats["dense_total"] = 1
            e, j = _dense_assignment(q, cap, t, k)
            return e, j, keys
        e, j, w = _edges(q, keys, t)
        used = _min_cost_flow(q.shape, cap, e, j, w, k)
        if complete:
            return e[used], j[used], keys
        stats["pricing_rounds"] += 1
        d_e, d_m, distances = _potentials(q.shape, cap, e, j, w, used, distances)
        partner = np.full(q.shape[0], -1, dtype=np.int64)
        partner[e[used]] = j[used]
        per_row = opts.violators_per_row
        if previous is None:
            new, dirty = _price(q, t, d_e, d_m, partner, per_row, None, None)
        else:
            parts = [_price(q, t, d_e, d_m, partner, per_row, dirty, None)]
            for rows, cols in _grown(d_e - previous[0], d_m - previous[1], dirty):
                parts.append(_price(q, t, d_e, d_m, partner, per_row, rows, cols))
            new = np.concatenate([p[0] for p in parts])
            dirty = np.concatenate([p[1] for p in parts])
        previous = (d_e, d_m)
        if new.size == 0:
            return e[used], j[used], keys
        keys = sorted_unique(np.concatenate([keys, new]))
    stats["pricing_fallback"] = 1
    keys = _all_allowed(q, t)
    e, j, w = _edges(q, keys, t)
    used = _min_cost_flow(q.shape, cap, e, j, w, k)
    return e[used], j[used], keys


def _dense_assignment(q: QArray, cap: IntArray, t: int, k: int) -> tuple[IntArray, IntArray]:
    """The max-total matching of the pairs >= t when it has k pairs, k being the most the
    pairs >= t can carry: one LAPJV (scipy's ``linear_sum_assignment``) on the dense matrix,
    each mentor repeated once per seat. A pair >= t costs ``SCALE - score``, every other
    cell ``huge``, more than any sum of pair costs, so an optimum first uses as few other
    cells as possible (it uses k pairs >= t: every matching of the pairs >= t extends to a
    full assignment), then has the largest total. The costs are integers far below 2**53,
    exact in float64."""
    n = q.shape[0]
    seats = np.repeat(np.arange(q.shape[1]), cap)
    scores = q[:, seats] if seats.size != q.shape[1] else q
    huge = float((n + 1) * (SCALE + 1))
    cost = np.where(scores >= max(t, 0), np.float64(SCALE) - scores, huge)
    rows, slots = linear_sum_assignment(cost)
    keep = cost[rows, slots] < huge
    if int(keep.sum()) != k:
        raise RuntimeError("dense assignment: the pairs above the threshold do not carry k")
    rows, mentors = rows[keep], seats[slots[keep]]
    return rows.astype(np.int64), mentors.astype(np.int64)


def _grown(up_e: IntArray, up_m: IntArray, skip: IntArray) -> list[tuple[IntArray, IntArray]]:
    """Blocks (rows, cols) covering every pair whose reduced profit ``q - d_e + d_m`` grew
    (``up_m[col] > up_e[row]``), rows in ``skip`` left out."""
    rows = np.flatnonzero(up_e < up_m.max(initial=0))
    rows = np.setdiff1d(rows, skip)
    if rows.size == 0:
        return []
    rows = rows[np.argsort(-up_e[rows], kind="stable")]  # fewest columns first
    rising = np.sort(up_m)
    width = up_m.size - np.searchsorted(rising, up_e[rows], side="right")  # nondecreasing
    out = []
    start = 0
    while start < rows.size:
        stop = start + 1
        while stop < rows.size and (stop + 1 - start) * width[stop] <= _CHUNK_CELLS:
            stop += 1
        cols = np.flatnonzero(up_m > up_e[rows[stop - 1]])
        out.append((np.sort(rows[start:stop]), cols))
        start = stop
    return out


def _min_cost_flow(
    shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray, w: IntArray, k: int
) -> npt.NDArray[np.bool_]:
    """Which edges carry flow in a max-weight matching with exactly k pairs."""
    rows = _distinct_count(e)
    copies = int(cap[j].sum())  # the edges, one per seat of the mentor
    # OR-Tools' solvers slow down by one to two orders of magnitude on heavy ties (few
    # distinct scores); the LAPJV does not (measured: 1.2 s against 0.1 s at 2,000 people)
    if copies + rows * (rows - k) <= _LAPJV_TIES_MAX_EDGES and _at_most_distinct(w, _FEW_SCORES):
        return _full_assignment(shape, cap, e, j, w, k)
    has_edge = np.zeros(shape[1], dtype=bool)
    has_edge[j] = True
    seats = int(cap[has_edge].sum())
    extra = (rows - k) * rows + (seats - k) * seats
    if _SQUARE_EXTRA_SHARE and extra * _SQUARE_EXTRA_SHARE <= copies:
        return _square_assignment(shape, cap, e, j, w, k)
    return _flow_assignment(shape, cap, e, j, w, k)


def _distinct_count(values: IntArray) -> int:
    """How many distinct values (one pass when they are sorted, as the edges' mentees are)."""
    if values.size and bool((values[1:] >= values[:-1]).all()):
        return 1 + int(np.count_nonzero(values[1:] != values[:-1]))
    return int(np.unique(values).size)


def _at_most_distinct(values: IntArray, limit: int) -> bool:
    """Whether ``values`` hold at most ``limit`` distinct values: a first slice with more
    answers without sorting them all (a 25 ms sort a round at 10,000 people)."""
    if np.unique(values[: 64 * limit]).size > limit:
        return False
    return bool(np.unique(values).size <= limit)


def _flow_assignment(
    shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray, w: IntArray, k: int
) -> npt.NDArray[np.bool_]:
    """``_min_cost_flow`` by OR-Tools' min-cost flow (any k)."""
    n, m = shape
    source, sink = n + m, n + m + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([np.full(n, source), e, n + np.arange(m)])
    heads = np.concatenate([np.arange(n), n + j, np.full(m, sink)])
    caps = np.concatenate([np.ones(n + e.size, dtype=np.int64), cap.astype(np.int64)])
    costs = np.concatenate([np.zeros(n, dtype=np.int64), -w, np.zeros(m, dtype=np.int64)])
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source], supplies[sink] = k, -k
    flow.set_nodes_supplies(np.arange(n + m + 2), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost-flow solver failed with status {status}")
    used: npt.NDArray[np.bool_] = flow.flows(arcs[n : n + e.size]) > 0
    return used


def _square_assignment(
    shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray, w: IntArray, k: int
) -> npt.NDArray[np.bool_]:
    """``_min_cost_flow`` by OR-Tools' linear sum assignment (cost scaling) on a square
    problem: the mentees with an edge and one *spare* row per seat left empty, against the
    seats of the mentors with an edge (each mentor repeated once per seat) and one *unpaired*
    column per mentee left without a mentor. An edge costs ``SCALE - score``; a spare row
    joins every seat and an unpaired column every mentee at cost 0. A perfect matching uses
    exactly k edges, so the cheapest has the largest total score."""
    n, m = shape
    rows, local = np.unique(e, return_inverse=True)
    has_edge = np.zeros(m, dtype=bool)
    has_edge[j] = True
    mentors = np.flatnonzero(has_edge)
    by_mentor = np.cumsum(has_edge)[j] - 1  # the mentor's place among those with an edge
    seats = cap[mentors].astype(np.int64)
    edge_of, seat_of_copy, total_seats = _seat_copies(seats, by_mentor)
    unpaired, spare = rows.size - k, total_seats - k
    tails = np.concatenate(
        [
            local[edge_of],
            np.repeat(np.arange(rows.size), unpaired),
            rows.size + np.repeat(np.arange(spare), total_seats),
        ]
    )
    heads = np.concatenate(
        [
            seat_of_copy,
            total_seats + np.tile(np.arange(unpaired), rows.size),
            np.tile(np.arange(total_seats), spare),
        ]
    )
    costs = np.concatenate(
        [SCALE - w[edge_of], np.zeros(unpaired * rows.size + spare * total_seats, np.int64)]
    )
    assignment = sum_assignment.SimpleLinearSumAssignment()
    assignment.add_arcs_with_cost(tails, heads, costs)
    status = assignment.solve()
    if status != assignment.OPTIMAL:
        raise RuntimeError(f"linear sum assignment failed with status {status}")
    slot = np.fromiter(map(assignment.right_mate, range(rows.size)), np.int64, rows.size)
    paired = slot < total_seats
    match = np.full(n, -1, dtype=np.int64)
    match[rows[paired]] = np.repeat(mentors, seats)[slot[paired]]
    used: npt.NDArray[np.bool_] = match[e] == j
    return used


def _full_assignment(
    shape: tuple[int, int], cap: IntArray, e: IntArray, j: IntArray, w: IntArray, k: int
) -> npt.NDArray[np.bool_]:
    """Which edges a max-weight matching with exactly k pairs uses: scipy's sparse LAPJV
    (``min_weight_full_bipartite_matching``) on the mentees with an edge, each mentor repeated
    once per seat, plus one *unpaired* slot per mentee left without a mentor (joined to every
    such mentee at cost 1). A real edge costs ``big + SCALE + 1 - score`` with ``big`` larger
    than any total score, so an optimum fills every unpaired slot (exactly k real pairs) and
    then has the largest total score. Integer costs stay exact in float64 (below 2**53)."""
    n, m = shape
    rows, local = np.unique(e, return_inverse=True)
    extra = rows.size - k
    big = 0 if extra == 0 else (SCALE + 1) * (k + 1)
    seats = cap.astype(np.int64)
    edge_of, col_ids, total_seats = _seat_copies(seats, j)
    cost = (big + SCALE + 1 - w[edge_of]).astype(np.float64)
    row_ids = local[edge_of]
    if extra:
        slot_rows = np.repeat(np.arange(rows.size), extra)
        slot_cols = total_seats + np.tile(np.arange(extra), rows.size)
        row_ids = np.concatenate([row_ids, slot_rows])
        col_ids = np.concatenate([col_ids, slot_cols])
        cost = np.concatenate([cost, np.ones(slot_rows.size)])
    graph = sp.csr_matrix((cost, (row_ids, col_ids)), shape=(rows.size, total_seats + extra))
    matched_rows, slots = min_weight_full_bipartite_matching(graph)
    real = slots < total_seats
    mentor_of_seat = np.repeat(np.arange(m), seats)
    match = np.full(n, -1, dtype=np.int64)
    match[rows[matched_rows[real]]] = mentor_of_seat[slots[real]]
    used: npt.NDArray[np.bool_] = match[e] == j
    return used


def _potentials(
    shape: tuple[int, int],
    cap: IntArray,
    e: IntArray,
    j: IntArray,
    w: IntArray,
    used: npt.NDArray[np.bool_],
    start: IntArray | None = None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Shortest-path distances in the residual graph of an optimal flow (Bellman-Ford from a
    virtual root joined to every node at cost 0, or at cost ``start[node]``: the potentials
    of the round before, which most arcs still respect, so few passes change few of them and
    the next pricing has fewer pairs to look at). They are feasible node potentials: the
    mentees', the mentors', and every node's (mentees, mentors, source, sink) for the next
    round's ``start``."""
    n, m = shape
    source, sink = n + m, n + m + 1
    mentees = np.arange(n)
    matched = np.zeros(n, dtype=bool)
    matched[e[used]] = True
    load = np.bincount(j[used], minlength=m)
    spare = np.flatnonzero(load < cap)
    busy = np.flatnonzero(load > 0)
    tails = np.concatenate(
        [
            np.where(matched, mentees, source),
            e[~used],
            n + j[used],
            n + spare,
            np.full(busy.size, sink),
        ]
    )
    heads = np.concatenate(
        [
            np.where(matched, source, mentees),
            n + j[~used],
            e[used],
            np.full(spare.size, sink),
            n + busy,
        ]
    )
    costs = np.concatenate(
        [
            np.zeros(n, dtype=np.int64),
            -w[~used],
            w[used],
            np.zeros(spare.size + busy.size, dtype=np.int64),
        ]
    )
    # Bellman-Ford, each pass relaxing only the arcs out of the nodes whose distance fell in
    # the pass before (the first pass: every arc; the distances are the same as with full
    # passes, in fewer operations)
    nodes = n + m + 2
    order = np.argsort(tails, kind="stable")
    heads, costs = heads[order], costs[order]
    first_arc = np.zeros(nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=nodes), out=first_arc[1:])
    dist = np.zeros(nodes, dtype=np.int64) if start is None else start.copy()
    frontier = np.arange(nodes)
    for _ in range(nodes + 1):
        count = first_arc[frontier + 1] - first_arc[frontier]
        total = int(count.sum())
        if total == 0:
            return dist[:n], dist[n : n + m], dist
        arc = np.arange(total) + np.repeat(first_arc[frontier] - np.cumsum(count) + count, count)
        reach = np.repeat(dist[frontier], count) + costs[arc]
        before = dist.copy()
        np.minimum.at(dist, heads[arc], reach)
        frontier = np.flatnonzero(dist < before)
    raise RuntimeError("negative cycle in the residual graph: the flow is not optimal")


def _price(
    q: QArray,
    t: int,
    d_e: IntArray,
    d_m: IntArray,
    partner: IntArray,
    per_row: int,
    rows: IntArray | None,
    cols: IntArray | None,
) -> tuple[IntArray, IntArray]:
    """Pairs >= t (in ``rows`` x ``cols``; None = all) whose reduced profit ``q - d_e + d_m``
    is positive (they could improve the flow), the ``per_row`` largest of each row; and the
    rows that had more of them."""
    n, m = q.shape
    t = max(t, 0)
    # exact in int32 when the potentials are small enough (they are path lengths of scores)
    small = max(int(np.abs(d_e).max(initial=0)), int(np.abs(d_m).max(initial=0))) < 2**30
    dtype = np.int32 if small else np.int64
    col_ids = np.arange(m) if cols is None else cols
    width = col_ids.size
    count = n if rows is None else rows.size
    out: list[IntArray] = []
    dirty: list[IntArray] = []
    if width == 0 or count == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # many of the columns (sorted): whole rows, the other columns masked out, cost less
    # than gathering the cells (2.7 against 6.4 ns a cell at 2,000 people)
    masked = cols is not None and 2 * width >= m
    if masked:
        col_mask = np.zeros(m, dtype=bool)
        col_mask[col_ids] = True
        col_ids, width = np.arange(m), m
    dm = d_m[col_ids].astype(dtype)
    if cols is not None and not masked:
        local_col = np.full(m, -1, dtype=np.int64)
        local_col[cols] = np.arange(width)
    step = max(1, _CHUNK_CELLS // width)

    def price_block(start: int) -> tuple[IntArray, IntArray] | None:
        if rows is None:
            ids = np.arange(start, min(count, start + step))
            block = q[start : start + step]
        else:
            ids = rows[start : start + step]
        if cols is not None and not masked:
            block = q[ids[:, None], cols[None, :]]
        elif rows is not None:
            block = q[ids]
        # value of each cell against its row's potential: q + d_m
        value = np.add(block, dm[None, :], dtype=dtype)
        over = np.greater(value, d_e[ids].astype(dtype)[:, None])
        over &= block >= t  # (a masked write of the excluded cells is much slower)
        if masked:
            over &= col_mask[None, :]
        in_cols = cols is None or masked
        mate = partner[ids] if in_cols else local_col[np.maximum(partner[ids], 0)]
        has = np.flatnonzero((partner[ids] >= 0) & (mate >= 0))
        over[has, mate[has]] = False  # the pair in the flow
        hit = np.flatnonzero(over)
        if hit.size == 0:
            return None
        r, c = np.divmod(hit, width)
        gain = value.ravel()[hit].astype(np.int64) - d_e[ids[r]]
        order = np.lexsort((-gain, r))
        r, c = r[order], c[order]
        first = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
        size = np.diff(np.r_[first, r.size])
        slot = np.arange(r.size) - np.repeat(first, size)
        keep = slot < per_row
        return ids[r[keep]] * m + col_ids[c[keep]], ids[r[first[size > per_row]]]

    starts = range(0, count, step)
    if count * width >= _PARALLEL_PRICING_CELLS and len(starts) > 1:
        # the blocks are independent; the workers' results are joined in block order
        found = list(worker_pool().map(price_block, starts))
    else:
        found = [price_block(start) for start in starts]
    for part in found:
        if part is not None:
            out.append(part[0])
            dirty.append(part[1])
    if not out:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return sorted_unique(np.concatenate(out)), np.concatenate(dirty)
