"""Soft score of a pair: a weighted mean of six terms in [0, 1], quantised to integers.

Every term is computed from exact integer counts, so a pair scores the same whether it is
computed inside a block of the score matrix or on its own (``pair_terms``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .model import SCALE, TERMS, Instance, Person
from .rules import IntArray, RuleFeatures, norm, rule_features
from .text import tfidf_vectors

FloatArray = npt.NDArray[np.float32]  # scores are computed in float32 (quantised after)
_F = np.float32
_DENSE_TEXT_FEATURES = 4096


def _incidence(
    a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """0/1 matrices (people x labels) for both sides over one shared label table."""
    table: dict[str, int] = {}
    lists = (*a, *b)
    raw = list(chain.from_iterable(lists))
    seen = {item: table.setdefault(norm(item), len(table)) for item in dict.fromkeys(raw)}
    flat = np.fromiter(map(seen.__getitem__, raw), dtype=np.int64, count=len(raw))
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    owner = np.repeat(np.arange(len(lists)), lengths)
    matrix = np.zeros((len(lists), max(1, len(table))), dtype=np.float32)
    matrix[owner, flat] = 1.0
    return matrix[: len(a)], matrix[len(a) :]


def _codes(values: Sequence[str | None], table: dict[str, int]) -> IntArray:
    seen = {
        v: -1 if not v or not v.strip() else table.setdefault(norm(v), len(table))
        for v in dict.fromkeys(values)
    }
    return np.fromiter(map(seen.__getitem__, values), dtype=np.int64, count=len(values))


@dataclass(frozen=True)
class ScoreFeatures:
    rules: RuleFeatures
    weights: FloatArray  # in TERMS order
    topics_e: npt.NDArray[np.float32]
    topics_m: npt.NDArray[np.float32]
    values_e: npt.NDArray[np.float32]
    values_m: npt.NDArray[np.float32]
    avail_e: npt.NDArray[np.float32]
    avail_m: npt.NDArray[np.float32]
    text_e: sp.csr_matrix
    text_m: sp.csr_matrix
    text_norm_e: npt.NDArray[np.float64]
    text_norm_m: npt.NDArray[np.float64]
    role_e: IntArray
    role_m: IntArray
    industry_e: IntArray
    industry_m: IntArray
    gap_cap: int
    wishes: sp.csr_matrix  # int8 offsets in quarter points, mentees x mentors
    dense_text: bool  # small vocabulary: BLAS on dense 0/w matrices (still exact integer sums)

    # per-person factors (derived in __post_init__)
    inv_wanted: FloatArray = field(init=False)
    inv_values_e: FloatArray = field(init=False)
    inv_values_m: FloatArray = field(init=False)
    inv_text_e: FloatArray = field(init=False)
    inv_text_m: FloatArray = field(init=False)
    has_role_e: FloatArray = field(init=False)
    has_role_m: FloatArray = field(init=False)
    has_industry_e: FloatArray = field(init=False)
    has_industry_m: FloatArray = field(init=False)
    birth_e: FloatArray = field(init=False)
    birth_m: FloatArray = field(init=False)
    gap_scale: np.float32 = field(init=False)
    scale: np.float32 = field(init=False)
    topic_bits_e: npt.NDArray[np.uint64] = field(init=False)
    topic_bits_m: npt.NDArray[np.uint64] = field(init=False)
    value_bits_e: npt.NDArray[np.uint64] = field(init=False)
    value_bits_m: npt.NDArray[np.uint64] = field(init=False)
    avail_bits_e: npt.NDArray[np.uint64] = field(init=False)
    avail_bits_m: npt.NDArray[np.uint64] = field(init=False)
    avail_n_e: FloatArray = field(init=False)  # number of slots given (0: unknown)
    avail_n_m: FloatArray = field(init=False)
    text_dense_e: npt.NDArray[np.float32] | None = field(init=False)
    text_dense_m: npt.NDArray[np.float32] | None = field(init=False)

    def __post_init__(self) -> None:
        def inv(x: npt.NDArray[np.float64]) -> FloatArray:
            return np.divide(1.0, x, out=np.zeros_like(x), where=x > 0).astype(_F)

        put = object.__setattr__
        put(self, "scale", _F(SCALE / float(self.weights.astype(np.float64).sum())))
        put(self, "inv_wanted", inv(self.topics_e.sum(axis=1, dtype=np.float64)))
        put(self, "inv_values_e", inv(self.values_e.sum(axis=1, dtype=np.float64)))
        put(self, "inv_values_m", inv(self.values_m.sum(axis=1, dtype=np.float64)))
        put(self, "inv_text_e", inv(np.sqrt(self.text_norm_e)))
        put(self, "inv_text_m", inv(np.sqrt(self.text_norm_m)))
        put(self, "has_role_e", (self.role_e >= 0).astype(_F))
        put(self, "has_role_m", (self.role_m >= 0).astype(_F))
        put(self, "has_industry_e", (self.industry_e >= 0).astype(_F))
        put(self, "has_industry_m", (self.industry_m >= 0).astype(_F))
        put(self, "birth_e", self.rules.mentee.birth_year.astype(_F))
        put(self, "birth_m", self.rules.mentor.birth_year.astype(_F))
        put(self, "gap_scale", _F(1.0) / _F(self.gap_cap))
        put(self, "topic_bits_e", _bits(self.topics_e))
        put(self, "topic_bits_m", _bits(self.topics_m))
        put(self, "value_bits_e", _bits(self.values_e))
        put(self, "value_bits_m", _bits(self.values_m))
        put(self, "avail_bits_e", _bits(self.avail_e))
        put(self, "avail_bits_m", _bits(self.avail_m))
        put(self, "avail_n_e", self.avail_e.sum(axis=1, dtype=np.float64).astype(_F))
        put(self, "avail_n_m", self.avail_m.sum(axis=1, dtype=np.float64).astype(_F))
        dense_e, dense_m = (
            _merged_text(self.text_e, self.text_m) if self.dense_text else (None, None)
        )
        put(self, "text_dense_e", dense_e)
        put(self, "text_dense_m", dense_m)

    # ----- terms, for pairs (equal-length index arrays) ---------------------------------------
    def pair_terms(self, e: IntArray, m: IntArray) -> list[FloatArray]:
        topics = _shared(self.topic_bits_e, self.topic_bits_m, e, m)
        values = _shared(self.value_bits_e, self.value_bits_m, e, m)
        if self.text_dense_e is not None and self.text_dense_m is not None:
            # exact integer sums, in any order
            text = np.einsum("ij,ji->i", self.text_dense_e[e], self.text_dense_m[:, m])
        else:
            text = np.asarray(self.text_e[e].multiply(self.text_m[m]).sum(axis=1)).ravel()
        wishes = np.asarray(self.wishes[e, m]).ravel()
        avail = _shared(self.avail_bits_e, self.avail_bits_m, e, m)
        return self._finish(e, m, topics, values, text.astype(_F), wishes.astype(_F), avail)

    def _finish(
        self,
        e: IntArray,
        m: IntArray,
        topics: FloatArray,
        values: FloatArray,
        text: FloatArray,
        wishes: FloatArray,
        avail: FloatArray,
    ) -> list[FloatArray]:
        """Terms from the exact shared counts; the same element-wise code for blocks and pairs."""
        topic_term = topics * self.inv_wanted[e]
        value_term = np.minimum(values * self.inv_values_e[e], values * self.inv_values_m[m])
        text_term = np.minimum(text * self.inv_text_e[e] * self.inv_text_m[m], _F(1.0))
        difference = (
            (self.role_e[e] != self.role_m[m]) * self.has_role_e[e] * self.has_role_m[m]
            + (self.industry_e[e] != self.industry_m[m])
            * self.has_industry_e[e]
            * self.has_industry_m[m]
            + np.minimum(np.abs(self.birth_e[e] - self.birth_m[m]), _F(self.gap_cap))
            * self.gap_scale
        ) * _F(1.0 / 3.0)
        wish_term = np.clip(wishes + _F(2.0), _F(0.0), _F(4.0)) * _F(0.25)
        return [
            topic_term,
            text_term,
            value_term,
            difference,
            wish_term,
            self.availability(e, m, avail),
        ]

    def availability(self, e: IntArray, m: IntArray, shared: FloatArray) -> FloatArray:
        """Shared slots / the smaller number of slots of the two; 0.5 (unknown) when either
        gave none. ``e``, ``m`` broadcast against ``shared`` (a block or a list of pairs)."""
        fewest = np.minimum(self.avail_n_e[e], self.avail_n_m[m])
        term: FloatArray = np.divide(shared, np.maximum(fewest, _F(1.0)), dtype=_F)
        np.copyto(term, _F(0.5), where=fewest == 0)
        return term

    def combine(self, terms: list[FloatArray]) -> npt.NDArray[np.int64]:
        """Quantised score: round(SCALE * weighted mean of the terms)."""
        w = self.weights
        total = terms[0] * w[0]
        for k in range(1, len(terms)):
            total += terms[k] * w[k]
        total *= self.scale
        micro: npt.NDArray[np.int64] = np.clip(np.floor(total + _F(0.5)), 0, SCALE).astype(np.int64)
        return micro


def _merged_text(
    text_e: sp.csr_matrix, text_m: sp.csr_matrix
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Dense text matrices with the same mentee x mentor products as ``text_e @ text_m.T``
    (exact integer sums of squared weights), but fewer columns: a feature absent from one
    side never adds to a product, and features present in exactly the same texts (a word
    and its own 4-grams) act as one column. Mentee side: the summed squared weights of the
    group; mentor side: presence (0/1)."""
    both = sp.vstack([text_e, text_m]).tocsc()
    both.sort_indices()
    n_e, n_cols = text_e.shape[0], both.shape[1]
    starts, rows = both.indptr, both.indices
    count = np.diff(starts)
    owner = np.repeat(np.arange(n_cols), count)  # column of each entry
    count_e = np.bincount(owner[rows < n_e], minlength=n_cols)
    keep = (count_e > 0) & (count_e < count)  # present on both sides
    # group identical columns: a hash of the row set, then an exact check of each member
    salt = np.random.default_rng(20240601).integers(0, 2**62, size=(2, both.shape[0]))
    signature = np.zeros((n_cols, 3), dtype=np.int64)
    signature[:, 0] = count
    if rows.size:
        nonempty = count > 0
        for k in range(2):
            sums = np.add.reduceat(salt[k][rows], starts[:-1][nonempty])
            signature[nonempty, k + 1] = sums
    cols = np.flatnonzero(keep)
    _, first, group = np.unique(signature[cols], axis=0, return_index=True, return_inverse=True)
    group = group.ravel()
    rep = cols[first]
    n_groups = rep.size
    # rule out hash collisions: a column whose row set differs from its representative's
    # (same length: the count is part of the signature) becomes a group of its own, numbered
    # in column order
    mine = rep[group]
    length = count[cols]
    offset = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    differ = (
        rows[np.repeat(starts[cols], length) + offset]
        != rows[np.repeat(starts[mine], length) + offset]
    )
    bad = np.flatnonzero(
        np.bincount(np.repeat(np.arange(cols.size), length)[differ], minlength=cols.size)
    )
    if bad.size:
        group[bad] = n_groups + np.arange(bad.size)
        rep = np.concatenate([rep, cols[bad]])
        n_groups += bad.size
    weight = np.zeros(n_cols, dtype=np.float64)
    weight[owner] = both.data
    width = max(1, n_groups)
    group_of = np.full(n_cols, -1, dtype=np.int64)
    group_of[cols] = group
    rep_of = np.full(n_cols, -1, dtype=np.int64)
    rep_of[rep] = np.arange(n_groups)
    # mentee side: the squared weights of a group's features summed per text; mentor side:
    # presence of the group's representative (exact integer sums in float64, then float32)
    e_rows = np.repeat(np.arange(n_e), np.diff(text_e.indptr))
    g = group_of[text_e.indices]
    ok = g >= 0
    sums_e = np.bincount(
        e_rows[ok] * width + g[ok], weights=weight[text_e.indices[ok]] ** 2, minlength=n_e * width
    )
    n_m = text_m.shape[0]
    m_rows = np.repeat(np.arange(n_m), np.diff(text_m.indptr))
    g = rep_of[text_m.indices]
    ok = g >= 0
    sums_m = np.bincount(g[ok] * n_m + m_rows[ok], minlength=width * n_m)
    dense_e = sums_e.reshape(n_e, width).astype(np.float32)
    dense_m = sums_m.reshape(width, n_m).astype(np.float32)
    return dense_e, np.ascontiguousarray(dense_m)


def _bits(incidence: npt.NDArray[np.float32]) -> npt.NDArray[np.uint64]:
    """0/1 rows packed into 64-bit words (people x words)."""
    n, k = incidence.shape
    words = (k + 63) // 64
    padded = np.zeros((n, words * 64), dtype=np.uint8)
    padded[:, :k] = incidence > 0
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(np.uint64).reshape(n, words)


def _shared(
    a: npt.NDArray[np.uint64], b: npt.NDArray[np.uint64], e: IntArray, m: IntArray
) -> FloatArray:
    """Exact number of shared labels (popcount of the AND of the bit sets)."""
    count = np.bitwise_count(a[e, 0] & b[m, 0])
    for w in range(1, a.shape[1]):
        count += np.bitwise_count(a[e, w] & b[m, w])
    out: FloatArray = count.astype(_F)
    return out


def _wishes(instance: Instance) -> sp.csr_matrix:
    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    points: dict[tuple[int, int], int] = {}

    def add(person: Person, i_of: dict[str, int], mine: int, is_mentee: bool) -> None:
        for ids, delta in ((person.prefer, 1), (person.avoid, -2)):
            for ref in dict.fromkeys(ids):
                if ref in i_of:
                    key = (mine, i_of[ref]) if is_mentee else (i_of[ref], mine)
                    points[key] = points.get(key, 0) + delta

    for i, p in enumerate(instance.mentees):
        if p.prefer or p.avoid:
            add(p, m_index, i, True)
    for j, p in enumerate(instance.mentors):
        if p.prefer or p.avoid:
            add(p, e_index, j, False)
    keys = sorted(points)
    rows = np.array([k[0] for k in keys], dtype=np.int64)
    cols = np.array([k[1] for k in keys], dtype=np.int64)
    data = np.array([points[k] for k in keys], dtype=np.int8)
    shape = (len(instance.mentees), len(instance.mentors))
    return sp.csr_matrix((data, (rows, cols)), shape=shape, dtype=np.int8)


def score_features(instance: Instance, rules: RuleFeatures | None = None) -> ScoreFeatures:
    rf = rules if rules is not None else rule_features(instance)
    es, ms = instance.mentees, instance.mentors
    topics_e, topics_m = _incidence([p.topics for p in es], [p.topics for p in ms])
    values_e, values_m = _incidence([p.values for p in es], [p.values for p in ms])
    avail_e, avail_m = _incidence([p.availability for p in es], [p.availability for p in ms])
    role_table: dict[str, int] = {}
    industry_table: dict[str, int] = {}
    text_e, text_m, norm_e, norm_m = tfidf_vectors([p.text for p in es], [p.text for p in ms])
    weights = np.array([instance.weights[t] for t in TERMS], dtype=_F)
    return ScoreFeatures(
        rules=rf,
        weights=weights,
        topics_e=topics_e,
        topics_m=topics_m,
        values_e=values_e,
        values_m=values_m,
        avail_e=avail_e,
        avail_m=avail_m,
        text_e=text_e,
        text_m=text_m,
        text_norm_e=norm_e,
        text_norm_m=norm_m,
        role_e=_codes([p.role_family for p in es], role_table),
        role_m=_codes([p.role_family for p in ms], role_table),
        industry_e=_codes([p.industry for p in es], industry_table),
        industry_m=_codes([p.industry for p in ms], industry_table),
        gap_cap=instance.rules.difference_gap_cap_years,
        wishes=_wishes(instance),
        # the score matrix skips a term of weight 0: then only the chosen pairs need the
        # text term, and the sparse pair path gives them the same exact integer sums
        dense_text=bool(weights[TERMS.index("text")]) and text_e.shape[1] <= _DENSE_TEXT_FEATURES,
    )
