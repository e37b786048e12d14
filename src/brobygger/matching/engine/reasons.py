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


Reason = tuple[str, dict[str, Any]]
#: cells (people x partners) per block of the rule checks
_BLOCK_CELLS = 1 << 20


def _rule_reasons(
    instance: Instance, rf: RuleFeatures, side: str, people: IntArray, others: IntArray
) -> list[tuple[Reason | None, int]]:
    """For each of ``people``: the binding hard rule when no partner in ``others`` is allowed
    (None if one is), and the number of allowed partners. Block by block over the people."""
    out: list[tuple[Reason | None, int]] = []
    step = max(1, _BLOCK_CELLS // max(1, others.size))
    for start in range(0, people.size, step):
        block = people[start : start + step][:, None]
        e, m = (block, others[None, :]) if side == "mentee" else (others[None, :], block)
        shape = (block.size, others.size)
        broken = [~np.broadcast_to(rf.check(name)(e, m), shape) for name in RULE_NAMES]
        count = np.add.reduce([b.view(np.int8) for b in broken], dtype=np.int8)
        allowed = np.count_nonzero(count == 0, axis=1)
        # a partner who breaks only rule k: without k the person would have had a partner;
        # counted only for the people with no allowed partner
        none = np.flatnonzero(allowed == 0)
        alone = np.zeros((len(RULE_NAMES), block.size), dtype=np.int64)
        if none.size:
            once = count[none] == 1
            for k, b in enumerate(broken):
                alone[k, none] = np.count_nonzero(once & b[none], axis=1)
        for row in range(block.size):
            reason = None
            if not allowed[row]:
                reason = _reason(instance, side, alone[:, row].tolist())
            out.append((reason, int(allowed[row])))
    return out


def _reason(instance: Instance, side: str, alone: list[int]) -> Reason:
    """The first rule (in ``RULE_NAMES`` order) whose removal alone leaves ``alone[k]``
    partners, as a reason code and its params."""
    partner = "mentor" if side == "mentee" else "mentee"
    for name, count in zip(RULE_NAMES, alone, strict=True):
        if count:
            params: dict[str, Any] = {"partner": partner, "count": count}
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
    mentees: list[tuple[int, str, dict[str, Any]] | int] = []  # an index: rules decide
    for i in np.flatnonzero(match_of < 0).tolist():
        if with_cap.size == 0:
            mentees.append((i, "no_partners", {"partner": "mentor"}))
            continue
        allowed = active_cols[q[row_of[i]] >= 0] if row_of[i] >= 0 else active_cols[:0]
        if allowed.size and (load[allowed] < caps[allowed]).any():
            mentees.append((i, "target_reached", {"target_pairs": target}))
        elif allowed.size:
            mentees.append((i, "capacity_full", {"eligible": int(allowed.size)}))
        else:
            mentees.append(i)
    by_rules = [i for i in mentees if isinstance(i, int)]
    ruled = iter(_rule_reasons(instance, rf, "mentee", np.array(by_rules, np.int64), with_cap))
    for item in mentees:
        if not isinstance(item, int):
            i, code, params = item
            out.append(_make(instance.mentees[i].id, "mentee", code, params))
            continue
        reason, eligible = next(ruled)
        if reason is None:
            reason = "capacity_full", {"eligible": eligible}
        out.append(_make(instance.mentees[item].id, "mentee", reason[0], reason[1]))
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
    mentors: list[tuple[int, str, dict[str, Any]] | int] = []  # an index: rules decide
    for j in idle.tolist():
        if caps[j] == 0:
            mentors.append((j, "no_capacity", {}))
        elif not instance.mentees:
            mentors.append((j, "no_partners", {"partner": "mentee"}))
        elif eligible_unmatched[j] > 0:
            mentors.append((j, "target_reached", {"target_pairs": target}))
        elif eligible_free[j] > 0:
            mentors.append((j, "outcompeted", {"eligible": int(eligible_free[j])}))
        else:
            mentors.append(j)
    by_rules = [j for j in mentors if isinstance(j, int)]
    ruled = iter(_rule_reasons(instance, rf, "mentor", np.array(by_rules, np.int64), all_mentees))
    for item in mentors:
        if not isinstance(item, int):
            j, code, params = item
            out.append(_make(instance.mentors[j].id, "mentor", code, params))
            continue
        reason, eligible = next(ruled)
        if reason is None:
            reason = "outcompeted", {"eligible": eligible}
        out.append(_make(instance.mentors[item].id, "mentor", reason[0], reason[1]))
    return out
