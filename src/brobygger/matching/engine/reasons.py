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
    row_of = {int(g): k for k, g in enumerate(free_rows)}
    for i, person in enumerate(instance.mentees):
        if match_of[i] >= 0:
            continue
        if with_cap.size == 0:
            out.append(_make(person.id, "mentee", "no_partners", {"partner": "mentor"}))
            continue
        allowed = active_cols[q[row_of[i]] >= 0] if i in row_of else active_cols[:0]
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
    col_of = {int(g): k for k, g in enumerate(active_cols)}
    all_mentees = np.arange(len(instance.mentees), dtype=np.int64)
    for j, person in enumerate(instance.mentors):
        if load[j] > 0:
            continue
        if caps[j] == 0:
            out.append(_make(person.id, "mentor", "no_capacity", {}))
            continue
        if not instance.mentees:
            out.append(_make(person.id, "mentor", "no_partners", {"partner": "mentee"}))
            continue
        column = q[:, col_of[j]] >= 0 if j in col_of else np.zeros(free_rows.size, dtype=bool)
        if (column & unmatched_rows).any():
            out.append(_make(person.id, "mentor", "target_reached", {"target_pairs": target}))
            continue
        if column.any():
            out.append(_make(person.id, "mentor", "outcompeted", {"eligible": int(column.sum())}))
            continue
        reason = _rule_reason(instance, rf, "mentor", j, all_mentees)
        if reason is None:
            eligible = int(rf.eligible(all_mentees, np.full(all_mentees.size, j)).sum())
            out.append(_make(person.id, "mentor", "outcompeted", {"eligible": eligible}))
        else:
            out.append(_make(person.id, "mentor", reason[0], reason[1]))
    return out
