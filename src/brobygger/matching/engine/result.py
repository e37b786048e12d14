"""Result and explanation types; ``to_dict`` gives the stable JSON shape."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .model import SCALE

RESULT_FORMAT = 1


def as_score(micro: int) -> float:
    return micro / SCALE


@dataclass(frozen=True)
class Term:
    name: str
    value: float  # in [0, 1]
    weight: float
    contribution: float  # weight * value / sum of weights

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": round(self.value, 6),
            "weight": self.weight,
            "contribution": round(self.contribution, 6),
        }


@dataclass(frozen=True)
class Pair:
    mentee: str
    mentor: str
    score_micro: int  # score * 1_000_000, the exact value the solver optimised
    locked: bool
    terms: tuple[Term, ...]

    @property
    def score(self) -> float:
        return as_score(self.score_micro)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentee": self.mentee,
            "mentor": self.mentor,
            "score": self.score,
            "score_micro": self.score_micro,
            "locked": self.locked,
            "terms": [t.to_dict() for t in self.terms],
        }


@dataclass(frozen=True)
class Unmatched:
    id: str
    side: str  # "mentee" | "mentor"
    code: str
    params: dict[str, Any]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "side": self.side,
            "code": self.code,
            "params": self.params,
            "message": self.message,
        }


@dataclass(frozen=True)
class Objective:
    pairs: int  # including locked pairs
    locked_pairs: int
    max_pairs: int  # the most pairs possible (locked included)
    target_pairs: int | None
    worst_free_score_micro: int | None  # phase (2) optimises this: unlocked pairs only
    worst_score_micro: int | None  # all pairs, locked included (reported, not optimised)
    total_score_micro: int  # all pairs, locked included

    def to_dict(self) -> dict[str, Any]:
        def score(v: int | None) -> float | None:
            return None if v is None else as_score(v)

        return {
            "pairs": self.pairs,
            "locked_pairs": self.locked_pairs,
            "max_pairs": self.max_pairs,
            "target_pairs": self.target_pairs,
            "worst_free_score": score(self.worst_free_score_micro),
            "worst_score": score(self.worst_score_micro),
            "total_score": score(self.total_score_micro),
            "worst_free_score_micro": self.worst_free_score_micro,
            "worst_score_micro": self.worst_score_micro,
            "total_score_micro": self.total_score_micro,
        }


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    objective: Objective
    optimal: bool
    certificate: tuple[str, ...]
    stats: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    warnings: tuple[tuple[str, str], ...] = ()

    def to_dict(self, *, timings: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": RESULT_FORMAT,
            "optimal": self.optimal,
            "certificate": list(self.certificate),
            "objective": self.objective.to_dict(),
            "pairs": [p.to_dict() for p in self.pairs],
            "unmatched": [u.to_dict() for u in self.unmatched],
            "warnings": [{"path": p, "message": m} for p, m in self.warnings],
            "stats": dict(self.stats),
        }
        if timings:
            out["timings_ms"] = {k: round(v * 1000, 3) for k, v in self.timings.items()}
        return out

    def to_json(self, *, timings: bool = True) -> str:
        return json.dumps(self.to_dict(timings=timings), ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class BrokenRule:
    rule: str
    message: str


@dataclass(frozen=True)
class PairExplanation:
    mentee: str
    mentor: str
    allowed: bool  # no hard rule forbids the pair
    broken_rules: tuple[BrokenRule, ...]
    locked: bool
    score_micro: int  # computed even when a rule forbids the pair
    terms: tuple[Term, ...]

    @property
    def score(self) -> float:
        return as_score(self.score_micro)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentee": self.mentee,
            "mentor": self.mentor,
            "allowed": self.allowed,
            "broken_rules": [{"rule": b.rule, "message": b.message} for b in self.broken_rules],
            "locked": self.locked,
            "score": self.score,
            "score_micro": self.score_micro,
            "terms": [t.to_dict() for t in self.terms],
        }
