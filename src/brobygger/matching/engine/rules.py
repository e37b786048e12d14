"""Hard pairing rules, vectorised over mentees x mentors.

Every check takes two index arrays ``e`` (mentees) and ``m`` (mentors) that broadcast against
each other: ``e[:, None], m[None, :]`` gives a block, two equal-length arrays give pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import Instance, Person, Rules

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Order in which rules are reported (the first binding rule names an unmatched person's reason).
RULE_NAMES: tuple[str, ...] = ("company", "direction", "language", "format", "forbidden")
_DIGITAL, _PHYSICAL, _EITHER = 0, 1, 2
_FORMATS = {"digital": _DIGITAL, "physical": _PHYSICAL, "either": _EITHER}


def sorted_unique(values: IntArray) -> IntArray:
    """``np.unique`` of integers by sorting (numpy's hash-based unique is slower here)."""
    out = np.sort(values)
    if out.size > 1:
        out = out[np.r_[True, out[1:] != out[:-1]]]
    return out


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _codes(values: Sequence[str | None], table: dict[str, int]) -> IntArray:
    seen = {}  # raw value -> code (names repeat a lot)
    for value in dict.fromkeys(values):
        code = -1
        if value is not None and value.strip():
            code = table.setdefault(norm(value), len(table))
        seen[value] = code
    return np.fromiter(map(seen.__getitem__, values), dtype=np.int64, count=len(values))


def _bitmasks(sets: Sequence[Sequence[str]], table: dict[str, int]) -> npt.NDArray[np.uint64]:
    seen: dict[tuple[str, ...], int] = {}  # label list -> bit set as a Python int
    masks = []
    for items in sets:
        key = tuple(items)
        mask = seen.get(key)
        if mask is None:
            mask = 0
            for item in items:
                mask |= 1 << table.setdefault(norm(item), len(table))
            seen[key] = mask
        masks.append(mask)
    words = max(1, (len(table) + 63) // 64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for w in range(words):
        out[:, w] = [(mask >> (64 * w)) & 0xFFFFFFFFFFFFFFFF for mask in masks]
    return out


@dataclass(frozen=True)
class Side:
    company: IntArray
    group: IntArray
    birth_year: IntArray
    experience: npt.NDArray[np.float64]
    languages: npt.NDArray[np.uint64]
    city: IntArray
    format: IntArray


@dataclass(frozen=True)
class RuleFeatures:
    rules: Rules
    mentee: Side
    mentor: Side
    n_mentors: int
    forbidden_keys: IntArray  # sorted mentee_index * n_mentors + mentor_index

    def company_ok(self, e: IntArray, m: IntArray) -> BoolArray:
        a, b = self.mentee, self.mentor
        same_company = a.company[e] == b.company[m]
        if self.rules.company == "same":
            return np.asarray(same_company, dtype=bool)
        if self.rules.company == "any":
            return np.ones(np.broadcast_shapes(e.shape, m.shape), dtype=bool)
        same_group = (a.group[e] == b.group[m]) & (a.group[e] >= 0)
        return np.asarray(~same_company & ~same_group, dtype=bool)

    def direction_ok(self, e: IntArray, m: IntArray) -> BoolArray:
        gap = self.rules.min_gap_years
        if self.rules.direction == "mentor_younger":
            return np.asarray((self.mentor.birth_year[m] - self.mentee.birth_year[e]) >= gap)
        if self.rules.direction == "mentor_more_experienced":
            diff = self.mentor.experience[m] - self.mentee.experience[e]
            return np.asarray(diff >= gap)
        return np.ones(np.broadcast_shapes(e.shape, m.shape), dtype=bool)

    def language_ok(self, e: IntArray, m: IntArray) -> BoolArray:
        if not self.rules.shared_language:
            return np.ones(np.broadcast_shapes(e.shape, m.shape), dtype=bool)
        a, b = self.mentee.languages, self.mentor.languages
        ok: BoolArray = np.asarray((a[e, 0] & b[m, 0]) != 0)
        for w in range(1, a.shape[1]):
            ok |= (a[e, w] & b[m, w]) != 0
        return ok

    def format_ok(self, e: IntArray, m: IntArray) -> BoolArray:
        fa, fb = self.mentee.format[e], self.mentor.format[m]
        clash = ((fa == _PHYSICAL) & (fb == _DIGITAL)) | ((fa == _DIGITAL) & (fb == _PHYSICAL))
        if not self.rules.physical_needs_same_city:
            return np.asarray(~clash, dtype=bool)
        meets = (fa != _DIGITAL) & (fb != _DIGITAL) & ((fa == _PHYSICAL) | (fb == _PHYSICAL))
        ca, cb = self.mentee.city[e], self.mentor.city[m]
        same_city = (ca == cb) & (ca >= 0)
        return np.asarray(~clash & ~(meets & ~same_city), dtype=bool)

    def forbidden_ok(self, e: IntArray, m: IntArray) -> BoolArray:
        shape = np.broadcast_shapes(e.shape, m.shape)
        forbidden = self.forbidden_keys
        if forbidden.size == 0:
            return np.ones(shape, dtype=bool)
        if len(shape) != 2 or not (_outer(e, m) or _outer(m, e)):
            return self._not_forbidden(e, m)
        # people x partners (either way round): only the rows and columns that hold a
        # forbidden pair's mentee and mentor can hold a forbidden pair
        fe, fm = np.divmod(forbidden, self.n_mentors)
        if _outer(e, m):
            rows, cols = np.isin(e[:, 0], fe), np.isin(m[0], fm)
        else:
            rows, cols = np.isin(m[:, 0], fm), np.isin(e[0], fe)
        ok = np.ones(shape, dtype=bool)
        cells = np.ix_(np.flatnonzero(rows), np.flatnonzero(cols))
        ok[cells] = self._not_forbidden(
            np.broadcast_to(e, shape)[cells], np.broadcast_to(m, shape)[cells]
        )
        return ok

    def _not_forbidden(self, e: IntArray, m: IntArray) -> BoolArray:
        """A binary search in the few sorted forbidden keys (np.isin sorts all the keys)."""
        forbidden, keys = self.forbidden_keys, e * self.n_mentors + m
        at = np.minimum(np.searchsorted(forbidden, keys), forbidden.size - 1)
        return np.asarray(forbidden[at] != keys, dtype=bool)

    def check(self, name: str) -> Callable[[IntArray, IntArray], BoolArray]:
        checks: dict[str, Callable[[IntArray, IntArray], BoolArray]] = {
            "company": self.company_ok,
            "direction": self.direction_ok,
            "language": self.language_ok,
            "format": self.format_ok,
            "forbidden": self.forbidden_ok,
        }
        return checks[name]

    def eligible(self, e: IntArray, m: IntArray, *, with_forbidden: bool = True) -> BoolArray:
        ok = self.company_ok(e, m) & self.direction_ok(e, m)
        ok &= self.language_ok(e, m)
        ok &= self.format_ok(e, m)
        if with_forbidden and self.forbidden_keys.size:
            ok &= self.forbidden_ok(e, m)
        return ok

    def failures(self, e: int, m: int) -> list[str]:
        """The names of the hard rules that forbid the pair (empty if allowed)."""
        ei, mi = np.array([e]), np.array([m])
        return [name for name in RULE_NAMES if not bool(self.check(name)(ei, mi)[0])]


def _outer(a: IntArray, b: IntArray) -> bool:
    """``a`` varies along the rows only and ``b`` along the columns only (an outer product)."""
    return a.ndim == 2 and b.ndim == 2 and a.shape[1] == 1 and b.shape[0] == 1


def _side(people: Sequence[Person], tables: dict[str, dict[str, int]]) -> Side:
    experience = [np.nan if p.years_experience is None else p.years_experience for p in people]
    return Side(
        company=_codes([p.company for p in people], tables["company"]),
        group=_codes([p.group for p in people], tables["group"]),
        birth_year=np.array([p.birth_year for p in people], dtype=np.int64),
        experience=np.array(experience, dtype=np.float64),
        languages=_bitmasks([p.languages for p in people], tables["language"]),
        city=_codes([p.city for p in people], tables["city"]),
        format=np.array([_FORMATS[p.format] for p in people], dtype=np.int64),
    )


def rule_features(instance: Instance) -> RuleFeatures:
    tables: dict[str, dict[str, int]] = {k: {} for k in ("company", "group", "language", "city")}
    languages, seen = tables["language"], set()
    for people in (instance.mentees, instance.mentors):
        for p in people:  # fill the language table first so both sides have the same width
            if p.languages not in seen:
                seen.add(p.languages)
                for lang in p.languages:
                    languages.setdefault(norm(lang), len(languages))
    mentee, mentor = _side(instance.mentees, tables), _side(instance.mentors, tables)
    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    n = len(instance.mentors)
    keys = sorted({e_index[a] * n + m_index[b] for a, b in instance.forbidden})
    return RuleFeatures(
        rules=instance.rules,
        mentee=mentee,
        mentor=mentor,
        n_mentors=n,
        forbidden_keys=np.array(keys, dtype=np.int64),
    )
