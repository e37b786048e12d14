"""The dense score matrix of the free part of an instance (mentees x mentors)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

from .rules import IntArray
from .scoring import FloatArray, ScoreFeatures

QArray = npt.NDArray[np.int32]
NOT_ALLOWED = -1
_CHUNK_CELLS = 1 << 18
_THREADS = min(4, os.cpu_count() or 1)


def build_matrix(features: ScoreFeatures, rows: IntArray, cols: IntArray) -> QArray:
    """Quantised scores of every (row mentee, col mentor) pair; ``NOT_ALLOWED`` (-1) where a
    hard rule forbids the pair."""
    q = np.empty((rows.size, cols.size), dtype=np.int32)
    if q.size == 0:
        return q
    step = max(1, _CHUNK_CELLS // max(1, cols.size))
    rf = features.rules

    def fill(start: int, text: FloatArray) -> None:
        r = rows[start : start + step]
        ok = rf.eligible(r[:, None], cols[None, :], with_forbidden=False)
        block = features.combine(features.block_finish(r, cols, text))
        q[start : start + r.size] = np.where(ok, block, NOT_ALLOWED)

    starts = range(0, rows.size, step)
    if len(starts) > 1 and _THREADS > 1:
        # The text product (BLAS) runs in this thread; the element-wise rest in workers (numpy
        # releases the GIL). Blocks are disjoint, so the result does not depend on scheduling.
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            futures = [
                pool.submit(fill, s, features.block_text(rows[s : s + step], cols)) for s in starts
            ]
            for future in futures:
                future.result()
    else:
        for start in starts:
            fill(start, features.block_text(rows[start : start + step], cols))
    _apply_forbidden(q, features, rows, cols)
    return q


def _apply_forbidden(q: QArray, features: ScoreFeatures, rows: IntArray, cols: IntArray) -> None:
    keys = features.rules.forbidden_keys
    if keys.size == 0:
        return
    n = features.rules.n_mentors
    row_of = np.full(int(rows.max(initial=-1)) + 1 if rows.size else 0, -1, dtype=np.int64)
    row_of[rows] = np.arange(rows.size)
    col_of = np.full(n, -1, dtype=np.int64)
    col_of[cols] = np.arange(cols.size)
    e, m = keys // n, keys % n
    inside = e < row_of.size
    e, m = e[inside], m[inside]
    li, lj = row_of[e], col_of[m]
    keep = (li >= 0) & (lj >= 0)
    q[li[keep], lj[keep]] = NOT_ALLOWED
