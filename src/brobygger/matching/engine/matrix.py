"""The dense score matrix of the free part of an instance (mentees x mentors).

The matrix is built in blocks of whole rows by a fused float32 kernel that performs, cell by
cell, exactly the element-wise operations of ``ScoreFeatures.pair_terms`` + ``combine`` (so a
pair scores the same here and in ``explain``), only cheaper:

* the shared-label counts (topics, values, text) come from one matrix product each (exact
  small integers in float32, the same numbers as the popcounts of the pair path);
* the ``difference`` term takes few values (role/industry part 0-2 x capped birth-year gap):
  it is read from a table computed with the very same float32 operations;
* the ``wishes`` term is 0.5 for every pair without a wish; the few pairs with a wish are
  recomputed by the pair path and written over the block;
* the ``availability`` term is 0.5 for every pair when nobody gave a slot (one constant);
  otherwise the shared slots come from one more matrix product;
* the language / format / city rules are read from a table over the distinct combinations.

The best candidates of every row (mentee) and column (mentor) are taken in the same pass.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .blas import single_threaded_blas
from .model import SCALE
from .rules import BoolArray, IntArray, RuleFeatures, sorted_unique
from .scoring import FloatArray, ScoreFeatures

QArray = npt.NDArray[np.int32]
NOT_ALLOWED = -1
_CHUNK_CELLS = 1 << 18
_THREADS = min(4, os.cpu_count() or 1)
_F = np.float32
_MAX_TABLE_CELLS = 1 << 26
#: the hard-rule table takes the company rule in only when it has at most 1 row per 8
#: mentees: a bigger one costs more to build and spread, in one thread, than the block
#: kernel's company check costs in all (10,000 people, 3,756 classes: 1.8 against 1.1 s)
_COMPANY_TABLE_SHARE = 8
#: from this many cells on, the rows are split so that every worker gets a stripe
_PARALLEL_CELLS = 1 << 16
_POOL: tuple[int, ThreadPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()


def worker_pool() -> ThreadPoolExecutor:
    """The workers, started once per process (a re-solve after every click should not pay
    for thread start-up); a forked child starts its own."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():
            pool = ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="matching")
            _POOL = (os.getpid(), pool)
        return _POOL[1]


def build_matrix(features: ScoreFeatures, rows: IntArray, cols: IntArray) -> QArray:
    """Quantised scores of every (row mentee, col mentor) pair; ``NOT_ALLOWED`` (-1) where a
    hard rule forbids the pair."""
    return build_matrix_and_candidates(features, rows, cols, 0, 0)[0]


def build_matrix_and_candidates(
    features: ScoreFeatures, rows: IntArray, cols: IntArray, per_row: int, per_col: int
) -> tuple[QArray, IntArray]:
    """The matrix, and the sorted keys (``row * cols.size + col``) of the allowed cells among
    the ``per_row`` best of every row and the ``per_col`` best of every column.

    Ties: a row keeps every cell tied with its ``per_row``-th best; a column keeps the best
    values, earlier rows first. Both depend on the input only (not on threads)."""
    n, m = rows.size, cols.size
    q = np.empty((n, m), dtype=np.int32)
    if q.size == 0:
        return q, np.zeros(0, dtype=np.int64)
    kernel = _Kernel(features, rows, cols)
    step = max(1, _CHUNK_CELLS // m)
    if _THREADS > 1 and n * m >= _PARALLEL_CELLS:  # at least one block per worker
        step = min(step, -(-n // _THREADS))
    starts = list(range(0, n, step))
    per_row, per_col = min(per_row, m), min(per_col, n)
    # Stripes of consecutive blocks, each with its own running column top list; the stripes
    # are fixed by the sizes only, so the merged result does not depend on scheduling.
    n_stripes = min(len(starts), _THREADS if len(starts) > 1 else 1)
    bounds = np.linspace(0, len(starts), n_stripes + 1).astype(int)

    def stripe(k: int) -> tuple[list[IntArray], _ColumnTop]:
        row_keys: list[IntArray] = []
        top = _ColumnTop(m, per_col)
        for start in starts[bounds[k] : bounds[k + 1]]:
            stop = min(n, start + step)
            block = q[start:stop]
            kernel.fill(start, stop, block)
            if per_row:
                row_keys.append(_row_best(block, per_row, start) + start * m)
                row_keys.append(_row_spread(block, start) + start * m)
            if per_col:
                top.add(block, start)
        return row_keys, top

    with single_threaded_blas():  # the stripes are the parallelism
        parts = list(worker_pool().map(stripe, range(n_stripes))) if n_stripes > 1 else [stripe(0)]
    if not per_row and not per_col:
        return q, np.zeros(0, dtype=np.int64)
    keys = [k for row_keys, _ in parts for k in row_keys]
    if per_col:
        merged = _ColumnTop(m, per_col)
        for _, top in parts:
            merged.merge(top)
        keys.append(merged.keys(m))
    return q, sorted_unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)


_LOW = (1 << 32) - 1
#: a row's candidates: its k best cells, plus cells tied with the k-th, up to TIES * k in all
_TIES = 2
#: spread cells per mentee and level (allowed; positive score)
_SPREAD = 3


def _row_best(block: QArray, k: int, start: int = 0) -> IntArray:
    """Flat indices of the allowed cells of each row at least as good as its k-th best (at
    most ``TIES * k`` of them; ``start`` is the block's first row)."""
    rows, m = block.shape
    group = 64
    if m >= 4 * group * k:
        # the k-th largest of the maxima of column groups is a lower bound of the k-th best
        # value; only the cells above it need ranking
        width = m - m % group  # groups: columns j, j + width / 64, j + 2 * width / 64, ...
        peaks = block[:, :width].reshape(rows, group, width // group).max(axis=1)
        bound = np.partition(peaks, peaks.shape[1] - k, axis=1)[:, peaks.shape[1] - k]
        low = np.maximum(bound, 0)
        flat = np.flatnonzero(block >= low[:, None])
        if flat.size > _TIES * k * rows:
            return _tied_best(block, _kth_above(block, low, k), k, start)
    else:
        kth = np.maximum(np.partition(block, m - k, axis=1)[:, m - k], 0)
        flat = np.flatnonzero(block >= kth[:, None])
        if flat.size <= _TIES * k * rows:
            return flat
        return _tied_best(block, kth, k, start)
    if flat.size == 0:
        return flat
    r = flat // m
    value = block.ravel()[flat].astype(np.int64)
    # per row: best first; among equal scores, the columns from the row's own index on
    # (cyclically), so that tied rows spread over the columns instead of all taking the first
    spread = (flat % m - r - start) % m
    order = np.lexsort((spread, -value, r))
    r, value, flat = r[order], value[order], flat[order]
    first = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    size = np.diff(np.r_[first, r.size])
    # the k-th best value of each row (or its worst, with fewer than k allowed cells)
    kth = value[first + np.minimum(size, k) - 1]
    keep = value >= np.repeat(kth, size)
    # heavy ties (few distinct scores): a row keeps at most TIES * k cells (the certificates
    # find any pair left out)
    slot = np.arange(r.size) - np.repeat(first, size)
    keep &= slot < _TIES * k
    out: IntArray = np.sort(flat[keep])
    return out


def _tied_best(block: QArray, kth: IntArray, k: int, start: int) -> IntArray:
    """``_row_best`` when the cells at least as good as each row's k-th best (``kth``, at
    least 0) are many (heavy ties), without sorting them: a row keeps every cell above its
    k-th best value (fewer than k) and, of the cells equal to it, the first ones from its own
    index on (cyclically) up to ``TIES * k`` cells in all: the order of the general path
    (best first, then from the row's own index on), found by rotating each row's run."""
    rows, m = block.shape
    above = block > kth[:, None]
    need = _TIES * k - np.count_nonzero(above, axis=1)
    flat = np.flatnonzero(block == kth[:, None])
    r, _, rank = _cyclic_rank(flat, m, (start + np.arange(rows, dtype=np.int64)) % m)
    out: IntArray = np.sort(np.concatenate([np.flatnonzero(above), flat[rank < need[r]]]))
    return out


def _kth_above(block: QArray, low: IntArray, k: int) -> IntArray:
    """The k-th best value of every row (at least 0), given ``low`` (at least 0), which at
    least k cells of the row reach or, where it is 0, every allowed cell: it is ``low`` where
    fewer than k cells are above it, else found by partitioning those rows only (numpy's
    partition of a heavily tied row is slow)."""
    kth = low.copy()
    over = np.flatnonzero(np.count_nonzero(block > low[:, None], axis=1) >= k)
    if over.size:
        m = block.shape[1]
        kth[over] = np.partition(block[over], m - k, axis=1)[:, m - k]
    return kth


def _cyclic_rank(flat: IntArray, m: int, shift: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Row, column and rank of each of the flat indices ``flat`` (increasing) of a block
    with ``m`` columns, the cells of a row ranked from column ``shift[row]`` on, cyclically
    (the run of a row in column order, rotated: no sort)."""
    r, c = np.divmod(flat, m)
    size = np.bincount(r, minlength=shift.size)
    position = np.arange(flat.size) - (np.cumsum(size) - size)[r]
    before = np.bincount(r[c < shift[r]], minlength=shift.size)  # left of the row's start
    return r, c, (position - before[r]) % size[r]


def _row_spread(block: QArray, start: int) -> IntArray:
    """Flat indices of a few cells of each row wherever its best ones are contested: the
    first ``_SPREAD`` allowed cells and the first ``_SPREAD`` cells with a positive score,
    from a column that depends on the row (``row * 7919 mod m``, cyclically). With heavy ties
    the best cells of many mentees are the same few mentors; these spread cells let the
    candidates carry a maximum matching (measured on ties: at 2,000, 1,978 pairs without
    them, 1,992 = the full graph's with; at 10,000, 9,979 without, 9,987 = full with 3)."""
    rows, m = block.shape
    shift = ((start + np.arange(rows, dtype=np.int64)) * 7919) % m
    every = np.arange(rows)
    width = min(m, _SPREAD_WINDOW)
    return np.concatenate([_first_cells(block, every, shift, lowest, width) for lowest in (0, 1)])


#: columns looked at from each row's starting column before the whole row is
_SPREAD_WINDOW = 64


def _first_cells(
    block: QArray, rows: IntArray, shift: IntArray, lowest: int, width: int
) -> IntArray:
    """Flat indices of the first ``_SPREAD`` cells >= ``lowest`` of each of ``rows``, looking
    from column ``shift[row]`` on (cyclically) among ``width`` columns; a row with fewer of
    them there is looked at whole."""
    m = block.shape[1]
    cols = (np.arange(width)[None, :] + shift[rows, None]) % m
    ok = block[rows[:, None], cols] >= lowest
    rank = np.cumsum(ok, axis=1, dtype=np.int32)
    r, c = np.nonzero(ok & (rank <= _SPREAD))
    keys: IntArray = rows[r] * m + cols[r, c]
    short = rank[:, -1] < _SPREAD
    if width < m and short.any():
        # the whole of these rows: their cells in column order, ranked from the start column
        few = rows[short]
        r_few, c_few, rank_few = _cyclic_rank(np.flatnonzero(block[few] >= lowest), m, shift[few])
        kept = rank_few < _SPREAD
        keys = np.concatenate([keys[~short[r]], few[r_few[kept]] * m + c_few[kept]])
    return keys


class _ColumnTop:
    """The ``k`` best cells of every column, fed block by block (rows in increasing order).

    A cell is ranked by ``value << 32 | (2**32 - 1 - row)``: a higher value first, then the
    earlier row; these keys are unique, so the selection does not depend on how the rows
    were split into blocks or stripes. ``-1`` marks an empty slot.
    """

    def __init__(self, m: int, k: int) -> None:
        self.k = k
        self.best = np.full((m, k), -1, dtype=np.int64)  # ascending per column
        self.threshold = np.full(m, -1, dtype=np.int32)  # value of the k-th best (-1: none)

    def add(self, block: QArray, start: int) -> None:
        flat = np.flatnonzero(block > self.threshold[None, :])
        if flat.size == 0:
            return
        rows, m = block.shape
        if flat.size > 2 * m and rows > self.k:  # many hits (first blocks)
            self._add_many(block, start)
            return
        r, c = np.divmod(flat, m)
        rank = (block.ravel()[flat].astype(np.int64) << 32) | (_LOW - start - r)
        order = np.lexsort((-rank, c))
        c, rank = c[order], rank[order]
        first = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
        size = np.diff(np.r_[first, c.size])
        slot = np.arange(c.size) - np.repeat(first, size)
        keep = slot < self.k
        cols = c[first]
        new = np.full((cols.size, self.k), -1, dtype=np.int64)
        new[np.repeat(np.arange(cols.size), size)[keep], slot[keep]] = rank[keep]
        self._keep(cols, new)

    def _add_many(self, block: QArray, start: int) -> None:
        """``add`` without sorting the hits: a cell below the k-th best value of its column
        in this block cannot make the column's top k, the cells above it (fewer than k) all
        do, and of the cells equal to it (heavy ties: many) the earliest rows do. The
        columns' cells are read in column order (then row order), so a column's kept cells
        are a run, each ranked by its place in the run."""
        k, rows = self.k, block.shape[0]
        by_col = np.ascontiguousarray(block.T)
        kth = np.partition(by_col, rows - k, axis=1)[:, rows - k]
        bound = np.maximum(self.threshold, kth - 1)
        flat = np.flatnonzero(by_col > bound[:, None])  # value >= kth and > the threshold
        if flat.size == 0:
            return
        c, r = np.divmod(flat, rows)
        value = by_col.ravel()[flat]
        tied = value == kth[c]
        # cells above the k-th best value come first; the tied ones fill the rest in row order
        need = k - np.bincount(c[~tied], minlength=kth.size)
        tied_before = np.cumsum(tied) - tied
        size = np.bincount(c, minlength=kth.size)
        first_of = np.cumsum(size) - size
        tied_rank = tied_before - tied_before[first_of[c]]
        keep = ~tied | (tied_rank < need[c])
        c, r, value = c[keep], r[keep], value[keep]
        rank = (value.astype(np.int64) << 32) | (_LOW - start - r)
        first = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
        size = np.diff(np.r_[first, c.size])
        slot = np.arange(c.size) - np.repeat(first, size)
        new = np.full((first.size, k), -1, dtype=np.int64)
        new[np.repeat(np.arange(first.size), size), slot] = rank
        self._keep(c[first], new)

    def merge(self, other: _ColumnTop) -> None:
        self._keep(np.arange(self.best.shape[0]), other.best)

    def _keep(self, cols: IntArray, new: npt.NDArray[np.int64]) -> None:
        both = np.concatenate([self.best[cols], new], axis=1)
        width = both.shape[1]
        top = np.partition(both, width - self.k, axis=1)[:, width - self.k :]
        top.sort(axis=1)
        self.best[cols] = top
        low = top[:, 0]
        self.threshold[cols] = np.where(low >= 0, low >> 32, -1).astype(np.int32)

    def keys(self, m: int) -> IntArray:
        c, slot = np.nonzero(self.best >= 0)
        rank = self.best[c, slot]
        row = _LOW - (rank & _LOW)
        out: IntArray = row * m + c
        return out


def _spread[T: np.generic](small: npt.NDArray[T], class_m: IntArray) -> npt.NDArray[T]:
    """``small[:, class_m]``, the rows shared among the workers from a million cells on."""
    out = np.empty((small.shape[0], class_m.size), dtype=small.dtype)
    parts = min(_THREADS, small.shape[0]) if out.size >= _PARALLEL_CELLS << 4 else 1
    bounds = np.linspace(0, small.shape[0], parts + 1).astype(int)

    def part(k: int) -> None:
        low, high = bounds[k], bounds[k + 1]
        np.take(small[low:high], class_m, axis=1, out=out[low:high])

    if parts > 1:
        list(worker_pool().map(part, range(parts)))
    else:
        part(0)
    return out


@dataclass
class _Kernel:
    """Per-instance constants of the fused block kernel (mentor side already restricted to
    the columns)."""

    features: ScoreFeatures
    rows: IntArray
    cols: IntArray

    def __post_init__(self) -> None:
        sf, rf, cols, rows = self.features, self.features.rules, self.cols, self.rows
        self.w = sf.weights
        self.topics_m = np.ascontiguousarray(sf.topics_m[cols].T)
        self.values_m = np.ascontiguousarray(sf.values_m[cols].T)
        # availability: a constant 0.5 when nobody gave a slot, else a product per block
        self.avail_m = np.ascontiguousarray(sf.avail_m[cols].T)
        self.avail_n_m = sf.avail_n_m[cols]
        self.avail_at_least_1_m = np.maximum(self.avail_n_m, _F(1.0))[None, :]
        self.avail_none_m = np.flatnonzero(self.avail_n_m == 0)
        self.avail_known = bool(sf.avail_n_e[rows].any() and self.avail_n_m.any())
        half = np.full(1, _F(0.5), dtype=_F)
        self.avail_add = (half * self.w[5]).astype(_F)[0]  # 0.5 * weight, as in ``combine``
        self.text_m = (
            np.ascontiguousarray(sf.text_dense_m[:, cols]) if sf.text_dense_m is not None else None
        )
        # (a text term of weight 0 is not computed: no mentor side needed)
        self.text_m_sparse = (
            sf.text_m[cols].T.tocsr() if self.text_m is None and self.w[1] else None
        )
        self.inv_values_m = sf.inv_values_m[cols]
        self.inv_text_m = sf.inv_text_m[cols]
        t4 = np.clip(np.zeros(1, dtype=_F) + _F(2.0), _F(0.0), _F(4.0)) * _F(0.25)
        self.wish_add = (t4 * self.w[4]).astype(_F)[0]  # the wishes term of a pair with no wish
        # difference (times its weight): one row per distinct (role, industry, birth year)
        key = np.stack([sf.role_e[rows], sf.industry_e[rows], rf.mentee.birth_year[rows]], axis=1)
        rep, self.diff_class = _classes(key)
        self.diff_table: FloatArray | None = None
        if 2 * rep.size <= rows.size and self.w[3]:
            # computed once per distinct mentor (role, industry, birth year), then spread
            key_m = np.stack([sf.role_m[cols], sf.industry_m[cols], rf.mentor.birth_year[cols]], 1)
            rep_m, class_m = _classes(key_m)
            small = self.difference(rows[rep], cols[rep_m])
            self.diff_table = _spread(small, class_m)
        # hard rules but the direction: one row per distinct (company, group, languages,
        # format, city); without company and group when those would make the table too big
        e, m = rf.mentee, rf.mentor
        self.company_in_table = False
        self.bad_table: BoolArray | None = None
        for with_company in (True, False):
            parts = [e.languages[rows].view(np.int64), e.format[rows, None], e.city[rows, None]]
            if with_company:
                parts += [e.company[rows, None], e.group[rows, None]]
            rep, self.bad_class = _classes(np.concatenate(parts, axis=1))
            share = _COMPANY_TABLE_SHARE if with_company else 2
            if share * rep.size <= rows.size and rep.size * cols.size <= _MAX_TABLE_CELLS:
                self.company_in_table = with_company
                parts_m = [
                    m.languages[cols].view(np.int64),
                    m.format[cols, None],
                    m.city[cols, None],
                ]
                if with_company:
                    parts_m += [m.company[cols, None], m.group[cols, None]]
                rep_m, class_m = _classes(np.concatenate(parts_m, axis=1))
                small_bad = self.base_bad(rows[rep], with_company, cols[rep_m])
                self.bad_table = _spread(small_bad, class_m)
                break
        self.comp_m = m.company[cols]
        self.group_m = np.where(m.group < 0, -2, m.group)[cols]  # -2: never equals a mentee's
        self.birth_m = m.birth_year[cols]
        self.wish_rows, self.wish_cols, self.wish_micro = _wish_cells(sf, rows, cols)
        self.forbid_rows, self.forbid_cols = _forbidden_cells(rf, rows, cols)

    def difference(self, e: IntArray, m: IntArray | None = None) -> FloatArray:
        """``difference * weight`` of mentees ``e`` x mentors ``m`` (default: the columns):
        the operations of ``ScoreFeatures._finish`` (0/1 parts are exact either way)."""
        sf = self.features
        m = self.cols if m is None else m
        a, b = e[:, None], m[None, :]
        part = (sf.role_e[a] != sf.role_m[b]) & (sf.role_e[a] >= 0) & (sf.role_m[b] >= 0)
        other = (sf.industry_e[a] != sf.industry_m[b]) & (sf.industry_e[a] >= 0)
        other &= sf.industry_m[b] >= 0
        # role part + industry part: exact small integers, added before the one conversion
        out: FloatArray = np.add(part.view(np.int8), other.view(np.int8)).astype(_F)
        gap = np.subtract(sf.birth_e[a], sf.birth_m[b])
        np.abs(gap, out=gap)
        np.minimum(gap, _F(sf.gap_cap), out=gap)
        gap *= sf.gap_scale
        out += gap
        out *= _F(1.0 / 3.0)
        out *= self.w[3]
        return out

    def base_bad(self, e: IntArray, with_company: bool, m: IntArray | None = None) -> BoolArray:
        """Mentees ``e`` x mentors ``m`` (default: the columns) break the language or format
        rule (or the company rule, ``with_company``)."""
        rf, a = self.features.rules, e[:, None]
        b = (self.cols if m is None else m)[None, :]
        ok = rf.language_ok(a, b) & rf.format_ok(a, b)
        if with_company:
            ok &= rf.company_ok(a, b)
        return ~ok

    def fill(self, start: int, stop: int, out: QArray) -> None:
        """Write rows ``start:stop`` of the matrix into ``out``."""
        sf, w = self.features, self.w
        r = self.rows[start:stop]
        # total = t0*w0 + t1*w1 + t2*w2 + t3*w3 + t4*w4 + t5*w5, in that order, as ``combine``;
        # a term of weight 0 adds exactly +0.0 to a finite total >= 0, so it is skipped
        total = sf.topics_e[r] @ self.topics_m  # shared-label counts: exact integers
        total *= sf.inv_wanted[r][:, None]
        if w[0] != 1:
            total *= w[0]
        text: FloatArray | None = None
        if w[1]:
            if self.text_m is not None and sf.text_dense_e is not None:
                text = sf.text_dense_e[r] @ self.text_m
            else:
                assert self.text_m_sparse is not None
                text = np.asarray((sf.text_e[r] @ self.text_m_sparse).toarray(), dtype=_F)
            text *= sf.inv_text_e[r][:, None]
            text *= self.inv_text_m[None, :]
            np.minimum(text, _F(1.0), out=text)
            if w[1] != 1:  # x * 1 == x exactly: the pass is skipped, not the operation changed
                text *= w[1]
            total += text
        if w[2]:
            values = sf.values_e[r] @ self.values_m
            other = np.multiply(values, sf.inv_values_e[r][:, None], out=text)
            values *= self.inv_values_m[None, :]
            np.minimum(other, values, out=other)
            if w[2] != 1:
                other *= w[2]
            total += other
        if w[3]:
            if self.diff_table is not None:
                total += self.diff_table[self.diff_class[start:stop]]
            else:
                total += self.difference(r)
        if w[4]:
            total += self.wish_add
        if not w[5]:
            pass
        elif self.avail_known:
            # shared / max(fewest, 1), and 0.5 where either gave no slot (as ``availability``;
            # max(min(a, b), 1) = min(max(a, 1), max(b, 1)); rows and columns, not a mask)
            shared = sf.avail_e[r] @ self.avail_m
            n_e = sf.avail_n_e[r]
            fewest = np.minimum(np.maximum(n_e, _F(1.0))[:, None], self.avail_at_least_1_m)
            term = np.divide(shared, fewest, out=shared)
            term[:, self.avail_none_m] = _F(0.5)
            term[n_e == 0] = _F(0.5)
            if w[5] != 1:
                term *= w[5]
            total += term
        else:
            total += self.avail_add
        total *= sf.scale
        total += _F(0.5)
        # = clip(floor(total), 0, SCALE) as in ``combine``: every term and weight is >= 0, so
        # total >= 0.5 here, and for x >= 0 the float -> int cast (truncation) is the floor
        np.minimum(total, _F(SCALE), out=total)
        np.copyto(out, total, casting="unsafe")
        self._wishes(start, stop, out)
        # out = where(not allowed, -1, out), in integer arithmetic (a masked write is ten
        # times slower): (out + 1) * allowed - 1
        allowed = ~self._not_allowed(start, stop, r)
        out += 1
        np.multiply(out, allowed, out=out)
        out -= 1
        self._forbidden(start, stop, out)

    def _not_allowed(self, start: int, stop: int, r: IntArray) -> BoolArray:
        rf = self.features.rules
        e = rf.mentee
        if self.bad_table is not None:
            bad = self.bad_table[self.bad_class[start:stop]]
        else:
            bad = self.base_bad(r, False)
        if not self.company_in_table:
            if rf.rules.company == "different":
                bad |= e.company[r][:, None] == self.comp_m[None, :]
                bad |= e.group[r][:, None] == self.group_m[None, :]  # -1 never equals -2
            elif rf.rules.company == "same":
                bad |= e.company[r][:, None] != self.comp_m[None, :]
        direction, gap = rf.rules.direction, rf.rules.min_gap_years
        if direction == "mentor_younger":
            # birth_m - birth_e >= gap  <=>  birth_m >= birth_e + ceil(gap) (integer years)
            bound = e.birth_year[r] + math.ceil(gap)
            bad |= self.birth_m[None, :] < bound[:, None]
        elif direction == "mentor_more_experienced":
            bad |= ~rf.direction_ok(r[:, None], self.cols[None, :])
        return bad

    def _wishes(self, start: int, stop: int, out: QArray) -> None:
        lo, hi = np.searchsorted(self.wish_rows, [start, stop])
        if hi > lo:
            out[self.wish_rows[lo:hi] - start, self.wish_cols[lo:hi]] = self.wish_micro[lo:hi]

    def _forbidden(self, start: int, stop: int, out: QArray) -> None:
        lo, hi = np.searchsorted(self.forbid_rows, [start, stop])
        if hi > lo:
            out[self.forbid_rows[lo:hi] - start, self.forbid_cols[lo:hi]] = NOT_ALLOWED


def _classes(key: npt.NDArray[np.int64]) -> tuple[IntArray, IntArray]:
    """A representative row of every distinct key row, and each row's class."""
    if key.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # one integer per row (mixed radix over the codes of each column) when it fits: a 1-d
    # unique is much cheaper than a row-wise one; any numbering of the classes will do
    code = np.zeros(key.shape[0], dtype=np.int64)
    radix = 1
    for column in key.T:
        levels, which = np.unique(column, return_inverse=True)
        radix *= levels.size
        if radix >= 1 << 62:
            _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
            return first.astype(np.int64), inverse.ravel().astype(np.int64)
        code = code * levels.size + which.ravel()
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    return first.astype(np.int64), inverse.ravel().astype(np.int64)


def _wish_cells(
    sf: ScoreFeatures, rows: IntArray, cols: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """Local (row, col) of the pairs with a wish, sorted by row, and their scores computed by
    the pair path (the block kernel assumes no wish)."""
    coo = sf.wishes.tocoo()
    keep = coo.data != 0
    return _local_cells(coo.row[keep], coo.col[keep], rows, cols, sf)


def _forbidden_cells(rf: RuleFeatures, rows: IntArray, cols: IntArray) -> tuple[IntArray, IntArray]:
    keys = rf.forbidden_keys
    e, m = keys // rf.n_mentors, keys % rf.n_mentors
    li, lj, _ = _local_cells(e, m, rows, cols, None)
    return li, lj


def _local_cells(
    e: IntArray, m: IntArray, rows: IntArray, cols: IntArray, sf: ScoreFeatures | None
) -> tuple[IntArray, IntArray, IntArray]:
    n_e = int(max(rows.max(initial=-1), e.max(initial=-1))) + 1
    n_m = int(max(cols.max(initial=-1), m.max(initial=-1))) + 1
    row_of = np.full(n_e, -1, dtype=np.int64)
    row_of[rows] = np.arange(rows.size)
    col_of = np.full(n_m, -1, dtype=np.int64)
    col_of[cols] = np.arange(cols.size)
    e, m = e.astype(np.int64), m.astype(np.int64)
    li, lj = row_of[e], col_of[m]
    keep = (li >= 0) & (lj >= 0)
    e, m, li, lj = e[keep], m[keep], li[keep], lj[keep]
    order = np.lexsort((lj, li))
    e, m, li, lj = e[order], m[order], li[order], lj[order]
    micro = sf.combine(sf.pair_terms(e, m)) if sf is not None and e.size else np.zeros(0, np.int64)
    return li, lj, micro
