"""Soft score of a pair: a weighted mean of five terms in [0, 1], quantised to integers.

Every term is computed from exact integer counts, so a pair scores the same whether it is
computed inside a block of the score matrix or on its own (``pair_terms``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    for items in (*a, *b):
        for item in items:
            table.setdefault(norm(item), len(table))
    out = []
    for lists in (a, b):
        matrix = np.zeros((len(lists), max(1, len(table))), dtype=np.float32)
        for k, items in enumerate(lists):
            for item in items:
                matrix[k, table[norm(item)]] = 1.0
        out.append(matrix)
    return out[0], out[1]


def _codes(values: Sequence[str | None], table: dict[str, int]) -> IntArray:
    return np.array(
        [-1 if not v or not v.strip() else table.setdefault(norm(v), len(table)) for v in values],
        dtype=np.int64,
    )


@dataclass(frozen=True)
class ScoreFeatures:
    rules: RuleFeatures
    weights: FloatArray  # in TERMS order
    topics_e: npt.NDArray[np.float32]
    topics_m: npt.NDArray[np.float32]
    values_e: npt.NDArray[np.float32]
    values_m: npt.NDArray[np.float32]
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
        dense = self.dense_text
        put(self, "text_dense_e", self.text_e.toarray() if dense else None)
        put(self, "text_dense_m", np.ascontiguousarray(self.text_m.toarray().T) if dense else None)

    # ----- terms, for a block (rows x all mentors) -------------------------------------------
    def block_terms(self, rows: IntArray, cols: IntArray) -> list[FloatArray]:
        return self.block_finish(rows, cols, self.block_text(rows, cols))

    def block_text(self, rows: IntArray, cols: IntArray) -> FloatArray:
        """Shared-feature weight sums of a block (BLAS when the vocabulary is small)."""
        if self.text_dense_e is not None and self.text_dense_m is not None:
            out: FloatArray = self.text_dense_e[rows] @ self.text_dense_m[:, cols]
            return out
        return np.asarray((self.text_e[rows] @ self.text_m[cols].T).toarray(), dtype=_F)

    def block_finish(self, rows: IntArray, cols: IntArray, text: FloatArray) -> list[FloatArray]:
        e, m = rows[:, None], cols[None, :]
        topics = _shared(self.topic_bits_e, self.topic_bits_m, e, m)
        values = _shared(self.value_bits_e, self.value_bits_m, e, m)
        wishes = self.wishes[rows][:, cols].toarray().astype(_F)
        return self._finish(e, m, topics, values, text, wishes)

    # ----- terms, for pairs (equal-length index arrays) ---------------------------------------
    def pair_terms(self, e: IntArray, m: IntArray) -> list[FloatArray]:
        topics = _shared(self.topic_bits_e, self.topic_bits_m, e, m)
        values = _shared(self.value_bits_e, self.value_bits_m, e, m)
        text = np.asarray(self.text_e[e].multiply(self.text_m[m]).sum(axis=1)).ravel()
        wishes = np.asarray(self.wishes[e, m]).ravel()
        return self._finish(e, m, topics, values, text.astype(_F), wishes.astype(_F))

    def _finish(
        self,
        e: IntArray,
        m: IntArray,
        topics: FloatArray,
        values: FloatArray,
        text: FloatArray,
        wishes: FloatArray,
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
        return [topic_term, text_term, value_term, difference, wish_term]

    def combine(self, terms: list[FloatArray]) -> npt.NDArray[np.int64]:
        """Quantised score: round(SCALE * weighted mean of the terms)."""
        w = self.weights
        total = terms[0] * w[0]
        for k in range(1, len(terms)):
            total += terms[k] * w[k]
        total *= self.scale
        micro: npt.NDArray[np.int64] = np.clip(np.floor(total + _F(0.5)), 0, SCALE).astype(np.int64)
        return micro


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
        add(p, m_index, i, True)
    for j, p in enumerate(instance.mentors):
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
    role_table: dict[str, int] = {}
    industry_table: dict[str, int] = {}
    text_e, text_m, norm_e, norm_m = tfidf_vectors([p.text for p in es], [p.text for p in ms])
    return ScoreFeatures(
        rules=rf,
        weights=np.array([instance.weights[t] for t in TERMS], dtype=_F),
        topics_e=topics_e,
        topics_m=topics_m,
        values_e=values_e,
        values_m=values_m,
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
        dense_text=text_e.shape[1] <= _DENSE_TEXT_FEATURES,
    )
