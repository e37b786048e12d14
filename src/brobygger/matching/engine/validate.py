"""Load and validate an instance: schema first, then the rules the schema cannot express."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import MISSING, fields, replace
from pathlib import Path
from typing import Any, cast

from .errors import InstanceError
from .model import DEFAULT_WEIGHTS, KIND_DEFAULTS, Instance, Kind, Person, Rules
from .rules import RULE_NAMES, rule_features
from .schema import validate_schema

Errors = list[tuple[str, str]]

RULE_MESSAGES = {
    "company": "breaks the company rule",
    "direction": "breaks the direction rule (age or experience gap)",
    "language": "the two share no language",
    "format": "meeting formats or cities are incompatible",
    "forbidden": "the pair is forbidden",
    "capacity": "the mentor's capacity is 0",
}


def load_instance(source: str | os.PathLike[str] | Mapping[str, Any]) -> Instance:
    """Read (from a path or an already parsed dict) and validate an instance.

    Raises ``InstanceError`` listing every problem as ``(json_path, message)``.
    """
    data = _read(source) if isinstance(source, str | os.PathLike) else source
    errors: Errors = validate_schema(data)
    if errors:
        raise InstanceError(errors)
    data = cast(Mapping[str, Any], data)
    warnings: Errors = []
    rules = _rules(data, errors)
    weights = {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in data.get("weights", {}).items()}}
    if sum(weights.values()) <= 0:
        errors.append(("weights", "expected at least one weight above 0"))
    mentees = tuple(_person(p) for p in data["mentees"])
    mentors = tuple(_person(p) for p in data["mentors"])
    _check_people(data, mentees, mentors, rules, errors, warnings)
    if errors:
        raise InstanceError(errors)
    instance = Instance(
        kind=cast(Kind, data["kind"]),
        rules=rules,
        weights=weights,
        mentees=mentees,
        mentors=mentors,
        locked=tuple((a, b) for a, b in data.get("locked", [])),
        forbidden=tuple((a, b) for a, b in data.get("forbidden", [])),
        warnings=tuple(warnings),
    )
    _check_locks(instance, errors)
    if errors:
        raise InstanceError(errors)
    return instance


def _read(path: str | os.PathLike[str]) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError([("(file)", f"cannot read {os.fspath(path)}: {exc}")]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InstanceError([("(file)", f"not valid JSON at {where}: {exc.msg}")]) from exc


def _rules(data: Mapping[str, Any], errors: Errors) -> Rules:
    given = dict(data.get("rules", {}))
    merged: dict[str, Any] = {**KIND_DEFAULTS[data["kind"]], **given}
    if merged.get("target_pairs") is not None:
        merged["target_pairs"] = int(merged["target_pairs"])
    return Rules(**merged)


_PERSON_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(Person) if f.default is not MISSING
}
_TUPLE_FIELDS = ("languages", "topics", "values", "availability", "prefer", "avoid")


def _person(raw: Mapping[str, Any]) -> Person:
    """A Person from a schema-checked dict (required keys present, no unknown keys).

    Equal to ``Person(**fields)``; the frozen dataclass's ``__init__`` (one
    ``object.__setattr__`` per field) is skipped because it dominates at 1,000s of people.
    """
    values = {**_PERSON_DEFAULTS, **raw}
    values.pop("name", None)
    values.pop("meta", None)
    for key in _TUPLE_FIELDS:
        if key in raw:
            values[key] = tuple(raw[key])
    values["birth_year"] = int(values["birth_year"])
    values["capacity"] = int(values["capacity"])
    person = object.__new__(Person)
    person.__dict__.update(values)
    return person


def _check_people(
    data: Mapping[str, Any],
    mentees: tuple[Person, ...],
    mentors: tuple[Person, ...],
    rules: Rules,
    errors: Errors,
    warnings: Errors,
) -> None:
    mentor_ids = {p.id for p in mentors}
    mentee_ids = {p.id for p in mentees}
    for side, people, ids in (("mentees", mentees, mentee_ids), ("mentors", mentors, mentor_ids)):
        if len(ids) == len(people):
            continue
        counts = Counter(p.id for p in people)
        for k, p in enumerate(people):
            if counts[p.id] > 1:
                errors.append((f"{side}[{k}].id", f"duplicate id {p.id!r}"))
    if mentee_ids & mentor_ids or any(p.capacity != 1 for p in mentees):
        for k, p in enumerate(mentees):
            if p.id in mentor_ids:
                msg = f"{p.id!r} is listed both as mentee and as mentor"
                errors.append((f"mentees[{k}].id", msg))
            if "capacity" in data["mentees"][k] and p.capacity != 1:
                errors.append((f"mentees[{k}].capacity", "expected 1 (a mentee has one mentor)"))
    strict = bool(data.get("strict", False))
    vocab = {k: set(data[k]) for k in ("topics_vocabulary", "values_vocabulary") if k in data}
    need_experience = rules.direction == "mentor_more_experienced"
    check_labels = strict and bool(vocab)
    for side, people, others in (
        ("mentees", mentees, mentor_ids),
        ("mentors", mentors, mentee_ids),
    ):
        for k, p in enumerate(people):
            if not (
                p.prefer
                or p.avoid
                or (need_experience and p.years_experience is None)
                or (check_labels and (p.topics or p.values))
            ):
                continue  # nothing below can apply to this person
            where = f"{side}[{k}]"
            if need_experience and p.years_experience is None:
                errors.append((f"{where}.years_experience", "is required by the direction rule"))
            for field, key in (("topics", "topics_vocabulary"), ("values", "values_vocabulary")):
                if strict and key in vocab:
                    for n, label in enumerate(getattr(p, field)):
                        if label not in vocab[key]:
                            errors.append(
                                (f"{where}.{field}[{n}]", f"unknown {field[:-1]} {label!r}")
                            )
            for field in ("prefer", "avoid"):
                for n, ref in enumerate(getattr(p, field)):
                    if ref not in others:
                        partner = "mentor" if side == "mentees" else "mentee"
                        msg = f"{ref!r} is not a {partner}"
                        (errors if strict else warnings).append((f"{where}.{field}[{n}]", msg))
    for key in ("locked", "forbidden"):
        for k, (a, b) in enumerate(data.get(key, [])):
            if a not in mentee_ids:
                errors.append((f"{key}[{k}][0]", f"{a!r} is not a mentee"))
            if b not in mentor_ids:
                errors.append((f"{key}[{k}][1]", f"{b!r} is not a mentor"))


def _check_locks(instance: Instance, errors: Errors) -> None:
    if not instance.locked:  # nothing to check but the target (no rule tables needed)
        _check_target(instance, errors)
        return
    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    # the hard rules of the locked pairs only: features of the people in a lock (the codes and
    # language bits are built over these people alone, which keeps every comparison the same)
    lock_e = list(dict.fromkeys(e_index[a] for a, _ in instance.locked))
    lock_m = list(dict.fromkeys(m_index[b] for _, b in instance.locked))
    local_e = {i: k for k, i in enumerate(lock_e)}
    local_m = {j: k for k, j in enumerate(lock_m)}
    features = rule_features(
        replace(
            instance,
            mentees=tuple(instance.mentees[i] for i in lock_e),
            mentors=tuple(instance.mentors[j] for j in lock_m),
            locked=(),
            forbidden=(),  # a lock on a forbidden pair is reported below
        )
    )
    forbidden = {tuple(p): k for k, p in enumerate(instance.forbidden)}
    seen: dict[str, int] = {}
    load: Counter[str] = Counter()
    for k, (a, b) in enumerate(instance.locked):
        where = f"locked[{k}]"
        if a in seen:
            errors.append((where, f"mentee {a!r} is already locked in locked[{seen[a]}]"))
            continue
        seen[a] = k
        load[b] += 1
        if load[b] == instance.mentors[m_index[b]].capacity + 1:
            cap = instance.mentors[m_index[b]].capacity
            errors.append((where, f"mentor {b!r} is locked more often than the capacity {cap}"))
        if (a, b) in forbidden:
            errors.append((where, f"the pair is also forbidden (forbidden[{forbidden[(a, b)]}])"))
            continue
        for rule in features.failures(local_e[e_index[a]], local_m[m_index[b]]):
            assert rule in RULE_NAMES
            errors.append((where, f"locked pair {a!r}-{b!r}: {RULE_MESSAGES[rule]}"))
    _check_target(instance, errors)


def _check_target(instance: Instance, errors: Errors) -> None:
    target = instance.rules.target_pairs
    if target is not None and target < len(instance.locked):
        n = len(instance.locked)
        errors.append(
            ("rules.target_pairs", f"expected at least the {n} locked pairs, got {target}")
        )
