"""Typed, validated instance of a matching problem (see docs/matching.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["reverse", "classic", "shadowing"]
CompanyRule = Literal["different", "same", "any"]
Direction = Literal["mentor_younger", "mentor_more_experienced", "none"]
Format = Literal["digital", "physical", "either"]
Side = Literal["mentee", "mentor"]

TERMS: tuple[str, ...] = ("topics", "text", "values", "difference", "wishes", "availability")
SCALE = 1_000_000  # scores are quantised to integers: round(score * SCALE)


@dataclass(frozen=True)
class Rules:
    company: CompanyRule
    direction: Direction
    min_gap_years: float
    shared_language: bool = True
    physical_needs_same_city: bool = True
    target_pairs: int | None = None
    difference_gap_cap_years: int = 30


#: Defaults per kind; anything given in the instance's ``rules`` overrides them. The app's
#: kind profiles (``brobygger.programs.kinds.PROFILES``) must say the same: a test compares
#: them. A new kind gets a row here and a name in ``Kind`` above.
KIND_DEFAULTS: dict[str, dict[str, object]] = {
    "reverse": {"company": "different", "direction": "mentor_younger", "min_gap_years": 10},
    "classic": {"company": "different", "direction": "mentor_more_experienced", "min_gap_years": 5},
    "shadowing": {"company": "same", "direction": "mentor_more_experienced", "min_gap_years": 5},
}

DEFAULT_WEIGHTS: dict[str, float] = {
    "topics": 3.0,
    "text": 1.0,
    "values": 1.0,
    "difference": 1.0,
    "wishes": 1.0,
    "availability": 1.0,
}


@dataclass(frozen=True)
class Person:
    id: str
    company: str
    birth_year: int
    languages: tuple[str, ...]
    group: str | None = None
    years_experience: float | None = None
    role_family: str | None = None
    industry: str | None = None
    city: str | None = None
    format: Format = "either"
    topics: tuple[str, ...] = ()
    text: str = ""
    values: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    capacity: int = 1
    prefer: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instance:
    kind: Kind
    rules: Rules
    weights: dict[str, float]
    mentees: tuple[Person, ...]
    mentors: tuple[Person, ...]
    locked: tuple[tuple[str, str], ...] = ()
    forbidden: tuple[tuple[str, str], ...] = ()
    warnings: tuple[tuple[str, str], ...] = field(default=())

    def mentee_index(self) -> dict[str, int]:
        return {p.id: i for i, p in enumerate(self.mentees)}

    def mentor_index(self) -> dict[str, int]:
        return {p.id: j for j, p in enumerate(self.mentors)}
