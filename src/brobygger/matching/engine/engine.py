"""Orchestration: features -> score matrix -> exact solver -> result with reasons."""

from __future__ import annotations

from time import perf_counter

import numpy as np

from .errors import InstanceError
from .matrix import build_matrix, build_matrix_and_candidates
from .model import TERMS, Instance
from .reasons import unmatched_reasons
from .result import BrokenRule, Objective, Pair, PairExplanation, Result, Term
from .rules import IntArray, rule_features
from .scoring import ScoreFeatures, score_features
from .solver import SolverOptions, solve_core, uses_all_pairs
from .validate import RULE_MESSAGES

CERTIFICATE_COMPLETE = (
    "all allowed pairs were given to the exact flow solvers (max-flow, binary search on the "
    "worst score, min-cost flow)"
)
CERTIFICATE_PRICED = (
    "cardinality: no augmenting path exists in the full allowed graph",
    "worst score: the full graph above the chosen worst score has no matching of that size",
    "total: every allowed pair above the worst score has a non-positive reduced profit under "
    "the min-cost-flow potentials",
)


def solve(instance: Instance, *, options: SolverOptions | None = None) -> Result:
    """Find the optimal pairs of a validated instance (see docs/matching.md for the objective)."""
    timings: dict[str, float] = {}
    started = clock = perf_counter()
    rf = rule_features(instance)
    sf = score_features(instance, rf)
    timings["features"] = perf_counter() - clock

    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    lock_e = np.array([e_index[a] for a, _ in instance.locked], dtype=np.int64)
    lock_m = np.array([m_index[b] for _, b in instance.locked], dtype=np.int64)
    caps = np.array([p.capacity for p in instance.mentors], dtype=np.int64)
    free_cap = caps - np.bincount(lock_m, minlength=caps.size)
    is_free = np.ones(len(instance.mentees), dtype=bool)
    is_free[lock_e] = False
    rows, cols = np.flatnonzero(is_free), np.flatnonzero(free_cap > 0)

    clock = perf_counter()
    opts = options or SolverOptions()
    if uses_all_pairs((rows.size, cols.size), opts):
        q, candidates = build_matrix(sf, rows, cols), None
    else:
        per_row, per_col = opts.candidates_per_mentee, opts.candidates_per_mentor
        q, candidates = build_matrix_and_candidates(sf, rows, cols, per_row, per_col)
    timings["scores"] = perf_counter() - clock

    target = instance.rules.target_pairs
    free_target = None if target is None else target - lock_e.size
    core = solve_core(q, free_cap[cols], free_target, opts, candidates)
    timings.update(core.seconds)

    clock = perf_counter()
    pair_e = np.concatenate([lock_e, rows[core.e]])
    pair_m = np.concatenate([lock_m, cols[core.m]])
    order = np.argsort(pair_e, kind="stable")
    pair_e, pair_m = pair_e[order], pair_m[order]
    pairs = _pairs(instance, sf, pair_e, pair_m)
    match_of = np.full(len(instance.mentees), -1, dtype=np.int64)
    match_of[pair_e] = pair_m
    load = np.bincount(pair_m, minlength=caps.size)
    unmatched = unmatched_reasons(instance, rf, q, rows, cols, match_of, load)
    timings["explain"] = perf_counter() - clock
    timings["total"] = perf_counter() - started

    free_scores = [p.score_micro for p in pairs if not p.locked]
    all_scores = [p.score_micro for p in pairs]
    objective = Objective(
        pairs=len(pairs),
        locked_pairs=int(lock_e.size),
        max_pairs=core.max_pairs + int(lock_e.size),
        target_pairs=target,
        worst_free_score_micro=min(free_scores) if free_scores else None,
        worst_score_micro=min(all_scores) if all_scores else None,
        total_score_micro=sum(all_scores),
    )
    stats = {
        "mentees": len(instance.mentees),
        "mentors": len(instance.mentors),
        "free_mentees": int(rows.size),
        "mentors_with_free_capacity": int(cols.size),
        "allowed_pairs": int(np.count_nonzero(q >= 0)),
        **core.stats,
    }
    complete = core.stats.get("initial_candidates", 0) == stats["allowed_pairs"]
    return Result(
        pairs=tuple(pairs),
        unmatched=tuple(unmatched),
        objective=objective,
        optimal=True,
        certificate=(CERTIFICATE_COMPLETE,) if complete else CERTIFICATE_PRICED,
        stats=stats,
        timings=timings,
        warnings=instance.warnings,
    )


def _terms(sf: ScoreFeatures, e: IntArray, m: IntArray) -> tuple[list[tuple[Term, ...]], list[int]]:
    if e.size == 0:
        return [], []
    values = sf.pair_terms(e, m)
    micro = sf.combine(values)
    total_weight = float(sf.weights.sum())
    columns = []
    for t, name in enumerate(TERMS):
        # a Term is immutable: pairs with the same value share one (the same float32
        # operations as term by term: weight * value / total weight)
        levels, which = np.unique(values[t], return_inverse=True)
        weight = float(sf.weights[t])
        contribution = (sf.weights[t] * levels / total_weight).tolist()
        shared = [
            _term(name, v, weight, c) for v, c in zip(levels.tolist(), contribution, strict=True)
        ]
        columns.append(list(map(shared.__getitem__, which.ravel().tolist())))
    return list(zip(*columns, strict=True)), micro.tolist()


def _term(name: str, value: float, weight: float, contribution: float) -> Term:
    """``Term(name, value, weight, contribution)`` without the frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field: most of the cost of the breakdowns)."""
    term = object.__new__(Term)
    term.__dict__.update(name=name, value=value, weight=weight, contribution=contribution)
    return term


def _pairs(instance: Instance, sf: ScoreFeatures, e: IntArray, m: IntArray) -> list[Pair]:
    terms, micro = _terms(sf, e, m)
    locked = set(instance.locked)
    mentees, mentors = instance.mentees, instance.mentors
    out = []
    new = object.__new__
    for i, j, score, breakdown in zip(e.tolist(), m.tolist(), micro, terms, strict=True):
        mentee, mentor = mentees[i].id, mentors[j].id
        # = Pair(mentee, mentor, score, locked, breakdown), without the frozen __init__
        pair = new(Pair)
        pair.__dict__.update(
            mentee=mentee,
            mentor=mentor,
            score_micro=score,
            locked=(mentee, mentor) in locked,
            terms=breakdown,
        )
        out.append(pair)
    return out


def explain(instance: Instance, mentee_id: str, mentor_id: str) -> PairExplanation:
    """The score breakdown of any pair, and the hard rules that forbid it (if any)."""
    e_index, m_index = instance.mentee_index(), instance.mentor_index()
    problems = []
    if mentee_id not in e_index:
        problems.append(("mentee_id", f"{mentee_id!r} is not a mentee"))
    if mentor_id not in m_index:
        problems.append(("mentor_id", f"{mentor_id!r} is not a mentor"))
    if problems:
        raise InstanceError(problems)
    rf = rule_features(instance)
    sf = score_features(instance, rf)
    i, j = e_index[mentee_id], m_index[mentor_id]
    broken = tuple(BrokenRule(rule, RULE_MESSAGES[rule]) for rule in rf.failures(i, j))
    if instance.mentors[j].capacity == 0:
        broken += (BrokenRule("capacity", RULE_MESSAGES["capacity"]),)
    terms, micro = _terms(sf, np.array([i]), np.array([j]))
    return PairExplanation(
        mentee=mentee_id,
        mentor=mentor_id,
        allowed=not broken,
        broken_rules=broken,
        locked=(mentee_id, mentor_id) in set(instance.locked),
        score_micro=micro[0],
        terms=terms[0],
    )
