"""Why a person is unmatched: a stable ``code``, its ``params`` and an English sentence."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .model import Instance
from .result import Unmatched
from .rules import RULE_NAMES, IntArray, RuleFeatures

#: code -> English template; placeholders are the keys of ``params``
MESSAGES: dict[str, str] = {
    "no_partners": "there is no {partner} with capacity in this programme",
    "no_capacity": "this mentor's capacity is 0",
    "no_eligible_company_different": (
        "every {partner} who meets the other rules works at the same company or in the same group"
    ),
    "no_eligible_company_same": "no {partner} who meets the other rules works at the same company",
    "no_eligible_direction_mentor_younger": (
        "every {partner} who meets the other rules is less than {min_gap_years} years "
        "{younger_older}"
    ),
    "no_eligible_direction_mentor_more_experienced": (
        "every {partner} who meets the other rules has less than {min_gap_years} years "
        "{more_less} experience"
    ),
    "no_eligible_language": "no {partner} who meets the other rules shares a language",
    "no_eligible_format": (
        "every {partner} who meets the other rules has an incompatible meeting format "
        "or lives in another city"
    ),
    "no_eligible_forbidden": "every {partner} who meets the other rules is a forbidden pair",
    "no_eligible_combined": "every {partner} breaks at least two pairing rules",
    "capacity_full": "all {eligible} eligible mentors are at full capacity with other mentees",
    "outcompeted": "all {eligible} eligible mentees were matched with other mentors",
    "target_reached": "the target of {target_pairs} pairs was reached",
}


def _make(pid: str, side: str, code: str, params: dict[str, Any]) -> Unmatched:
    return Unmatched(pid, side, code, params, MESSAGES[code].format(**params))


def _rule_reason(
    instance: Instance, rf: RuleFeatures, side: str, person: int, others: IntArray
) -> tuple[str, dict[str, Any]] | None:
    """The binding hard rule when no partner in ``others`` is allowed (None if one is)."""
    me = np.full(others.size, person, dtype=np.int64)
    e, m = (me, others) if side == "mentee" else (others, me)
    ok = {name: rf.check(name)(e, m) for name in RULE_NAMES}
    if np.logical_and.reduce(list(ok.values())).any():
        return None
    partner = "mentor" if side == "mentee" else "mentee"
    for name in RULE_NAMES:
        rest = np.logical_and.reduce([v for k, v in ok.items() if k != name])
        if rest.any():
            params: dict[str, Any] = {"partner": partner, "count": int(rest.sum())}
            code = f"no_eligible_{name}"
            r = instance.rules
            if name == "company":
                code += f"_{r.company}"
            elif name == "direction":
                code += f"_{r.direction}"
                params["min_gap_years"] = r.min_gap_years
                params["younger_older"] = "younger" if side == "mentee" else "older"
                params["more_less"] = "more" if side == "mentee" else "less"
            return code, params
    return "no_eligible_combined", {"partner": partner}


def unmatched_reasons(
    instance: Instance,
    rf: RuleFeatures,
    q: npt.NDArray[np.int32],
    free_rows: IntArray,
    active_cols: IntArray,
    match_of: IntArray,
    load: IntArray,
) -> list[Unmatched]:
    """Reasons for every mentee without a mentor and every mentor with no mentee.

    ``q`` is the score matrix of the free mentees (rows) x the mentors with free capacity
    (cols), -1 where not allowed; ``match_of`` is each mentee's mentor (global index or -1),
    ``load`` each mentor's number of pairs.
    """
    out: list[Unmatched] = []
    caps = np.array([p.capacity for p in instance.mentors], dtype=np.int64)
    with_cap = np.flatnonzero(caps > 0)
    target = instance.rules.target_pairs
    row_of = np.full(len(instance.mentees), -1, dtype=np.int64)
    row_of[free_rows] = np.arange(free_rows.size)
    for i in np.flatnonzero(match_of < 0).tolist():
        person = instance.mentees[i]
        if with_cap.size == 0:
            out.append(_make(person.id, "mentee", "no_partners", {"partner": "mentor"}))
            continue
        allowed = active_cols[q[row_of[i]] >= 0] if row_of[i] >= 0 else active_cols[:0]
        if allowed.size and (load[allowed] < caps[allowed]).any():
            out.append(_make(person.id, "mentee", "target_reached", {"target_pairs": target}))
            continue
        if allowed.size:
            params = {"eligible": int(allowed.size)}
            out.append(_make(person.id, "mentee", "capacity_full", params))
            continue
        reason = _rule_reason(instance, rf, "mentee", i, with_cap)
        if reason is None:
            eligible = int(rf.eligible(np.full(with_cap.size, i), with_cap).sum())
            out.append(_make(person.id, "mentee", "capacity_full", {"eligible": eligible}))
        else:
            out.append(_make(person.id, "mentee", reason[0], reason[1]))
    unmatched_rows = match_of[free_rows] < 0
    col_of = np.full(len(instance.mentors), -1, dtype=np.int64)
    col_of[active_cols] = np.arange(active_cols.size)
    all_mentees = np.arange(len(instance.mentees), dtype=np.int64)
    idle = np.flatnonzero(load <= 0)
    # the allowed free mentees of every idle mentor with free capacity, all columns at once
    local = col_of[idle]
    inside = idle[local >= 0]
    eligible_free = np.zeros(load.size, dtype=np.int64)
    eligible_unmatched = np.zeros(load.size, dtype=np.int64)
    step = max(1, (1 << 22) // max(1, free_rows.size))
    for start in range(0, inside.size, step):
        part = inside[start : start + step]
        allowed = q[:, col_of[part]] >= 0
        eligible_free[part] = allowed.sum(axis=0)
        eligible_unmatched[part] = allowed[unmatched_rows].sum(axis=0)
    for j in idle.tolist():
        person = instance.mentors[j]
        if caps[j] == 0:
            out.append(_make(person.id, "mentor", "no_capacity", {}))
            continue
        if not instance.mentees:
            out.append(_make(person.id, "mentor", "no_partners", {"partner": "mentee"}))
            continue
        if eligible_unmatched[j] > 0:
            out.append(_make(person.id, "mentor", "target_reached", {"target_pairs": target}))
            continue
        if eligible_free[j] > 0:
            params = {"eligible": int(eligible_free[j])}
            out.append(_make(person.id, "mentor", "outcompeted", params))
            continue
        reason = _rule_reason(instance, rf, "mentor", j, all_mentees)
        if reason is None:
            eligible = int(rf.eligible(all_mentees, np.full(all_mentees.size, j)).sum())
            out.append(_make(person.id, "mentor", "outcompeted", {"eligible": eligible}))
        else:
            out.append(_make(person.id, "mentor", reason[0], reason[1]))
    return out
