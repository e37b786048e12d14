"""The one ORM → engine adapter: a cohort's accepted applicants as an engine instance.

Who goes in: submitted, not withdrawn applications with ``decision="accepted"``, both roles,
of people without a partner in the programme year (:func:`matching_pool`: in a second
round, the people of the published pairs are left out, so no run can touch their pairs).
What goes in: the person's profile (company and corporate group, birth year, experience,
role family, industry, languages, city), the application's meeting format and capacity, and
the answers of questions marked for matching (topics, free text, work values, availability:
the slot codes of the times the person can meet). The cohort's effective rules and weights,
the coordinator's locks and forbids, the state of sent proposals (pending and accepted
ones are locked, declined ones forbidden), when the cohort avoids them, earlier pairs
(the same two people paired in an earlier programme year: forbidden) and the people's own
wishes (``prefer`` and ``avoid``; a "not with" is also forbidden) complete it.

People the engine cannot take (no birth year; no experience under an experience rule;
left out by the coordinator) are listed in ``meta.excluded`` with a reason code, and
hand-made pairs that break a rule (overridden with a reason) in ``meta.manual``: the
engine would refuse them, so they are kept out of its input and added to the proposal.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from brobygger.applications.choices import ApplicationStatus, Decision, MatchingField
from brobygger.applications.models import Answer, Application
from brobygger.matching.models import (
    ConstraintKind,
    MatchConstraint,
    Proposal,
    ProposalStatus,
)
from brobygger.matching.selectors.earlier import avoided_earlier_pairs
from brobygger.matching.selectors.wishes import CONFLICT, WISH, EngineWishes, engine_wishes
from brobygger.pairs.models import AfterEnd, Pair, PairStatus
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

MATCHING_FIELDS = (
    MatchingField.TOPICS,
    MatchingField.TEXT,
    MatchingField.VALUES,
    MatchingField.AVAILABILITY,
)
#: the engine's documented defaults (docs/matching.md); a cohort overrides any of them
DEFAULT_WEIGHTS: dict[str, float] = {
    "topics": 3.0,
    "text": 1.0,
    "values": 1.0,
    "difference": 1.0,
    "wishes": 1.0,
    "availability": 1.0,
}


def eligible_applications(cohort: Cohort) -> QuerySet[Application]:
    """Accepted, submitted, not withdrawn applications of both roles, of people not erased
    (every list the coordinator picks people from in matching reads this)."""
    return (
        Application.objects.filter(
            cohort=cohort,
            status=ApplicationStatus.SUBMITTED,
            decision=Decision.ACCEPTED,
            withdrawn_at__isnull=True,
            person__erased_at__isnull=True,
        )
        .exclude(pk__in=_paired_before_matching(cohort))
        .select_related("person__user", "person__company__group")
        .order_by("submitted_at", "pk")
    )


def _paired_before_matching(cohort: Cohort) -> list[int]:
    """Applications already in a pair made without the engine (a nominated pair the
    coordinator approved, executive shadowing): never offered to the matching again."""
    if cohort.status not in (CohortStatus.OPEN, CohortStatus.REVIEW, CohortStatus.MATCHING):
        return []  # published: every pair came from the matching or was made before it
    ids: list[int] = []
    for mentee, mentor in Pair.objects.filter(cohort=cohort).values_list(
        "mentee_application_id", "mentor_application_id"
    ):
        ids += [pk for pk in (mentee, mentor) if pk is not None]
    return ids


#: the pairs are published and the year has not closed: a second round matches the people
#: without a partner, and every published pair stays as it is
SECOND_ROUND_STATUSES = (CohortStatus.PUBLISHED, CohortStatus.RUNNING)


def is_second_round(cohort: Cohort) -> bool:
    return cohort.status in SECOND_ROUND_STATUSES


def people_with_a_partner(cohort: Cohort) -> set[int]:
    """The people (``Person`` ids) of ``cohort`` the pairs keep out of its matching pool:
    everyone in an active or completed pair; and everyone whose latest pair ended early
    unless she was offered a new partner (she left the programme year, or nobody decided).
    """
    out: set[int] = set()
    freed: dict[int, bool] = {}
    rows = (
        Pair.objects.filter(cohort=cohort)
        .order_by("ended_at", "pk")
        .values_list("mentee_id", "mentor_id", "status", "mentee_after_end", "mentor_after_end")
    )
    for mentee, mentor, status, mentee_after, mentor_after in rows:
        if status != PairStatus.ENDED_EARLY:
            out |= {mentee, mentor}
            continue
        freed[mentee] = mentee_after == AfterEnd.NEXT_ROUND
        freed[mentor] = mentor_after == AfterEnd.NEXT_ROUND
    return out | {person for person, again in freed.items() if not again}


def matching_pool(cohort: Cohort) -> QuerySet[Application]:
    """Who the matching may pair now: the eligible applications (accepted, submitted, not
    withdrawn, not erased) of people without a partner in this programme year.

    Before publishing that is every eligible application. In a second round (the year is
    published or running) the people of every published pair are left out, so a run, a
    lock, a proposal or a publication can never touch a published pair: the pool holds the
    accepted who were not matched, the waitlisted she accepted since, and the people whose
    pair ended and who were offered a new partner.
    """
    applications = eligible_applications(cohort)
    # the same people as ``people_with_a_partner``, but the pairs kept as subqueries: a
    # running year's thousand ids as parameters cost more to build and send than the query
    kept = Pair.objects.filter(cohort=cohort).exclude(status=PairStatus.ENDED_EARLY).order_by()
    applications = applications.exclude(person_id__in=kept.values("mentee_id")).exclude(
        person_id__in=kept.values("mentor_id")
    )
    left = _left_after_ending_early(cohort)
    return applications.exclude(person_id__in=left) if left else applications


def _left_after_ending_early(cohort: Cohort) -> set[int]:
    """The people whose latest pair in ``cohort`` ended early without the offer of a new
    partner (a few: the pairs that ended early)."""
    freed: dict[int, bool] = {}
    rows = (
        Pair.objects.filter(cohort=cohort, status=PairStatus.ENDED_EARLY)
        .order_by("ended_at", "pk")
        .values_list("mentee_id", "mentor_id", "mentee_after_end", "mentor_after_end")
    )
    for mentee, mentor, mentee_after, mentor_after in rows:
        freed[mentee] = mentee_after == AfterEnd.NEXT_ROUND
        freed[mentor] = mentor_after == AfterEnd.NEXT_ROUND
    return {person for person, again in freed.items() if not again}


def fingerprint(applications: list[Application]) -> str:
    """Changes when an applicant is withdrawn or a decision changes (the eligible set)."""
    ids = ",".join(str(pk) for pk in sorted(a.pk for a in applications))
    return hashlib.sha256(ids.encode()).hexdigest()


def current_fingerprint(cohort: Cohort) -> str:
    return fingerprint(list(matching_pool(cohort).select_related(None).only("pk")))


def matching_weights(cohort: Cohort) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (cohort.matching_weights or {}).items():
        if name in weights and isinstance(value, int | float):
            weights[name] = float(value)
    return weights


def matching_rules(cohort: Cohort) -> dict[str, Any]:
    return {
        "company": cohort.effective_company_rule(),
        "direction": cohort.effective_direction_rule(),
        "min_gap_years": cohort.effective_min_gap_years(),
        "target_pairs": cohort.target_pairs,
    }


def _answers(applications: list[Application]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = defaultdict(lambda: {str(f): [] for f in MATCHING_FIELDS})
    rows = Answer.objects.filter(
        application__in=applications, question__matching_field__in=MATCHING_FIELDS
    ).values_list("application_id", "question__matching_field", "value")
    for application_id, field, value in rows.order_by("question__order", "question_id"):
        bucket = found[application_id][field]
        if isinstance(value, list):
            bucket.extend(str(v) for v in value if str(v).strip())
        elif value not in (None, ""):
            bucket.append(str(value))
    return found


def _company_names(applications: list[Application]) -> dict[int, str]:
    """Each employer's name as the company rule compares it: near-duplicates ("Fjordkraft",
    "Fjord Kraft AS": the same name once normalised) go under one name, a confirmed one's,
    until a coordinator merges them; a typo does not make two colleagues "different
    companies"."""
    companies = {a.person.company for a in applications if a.person.company is not None}
    by_key: dict[str, str] = {}
    for company in sorted(companies, key=lambda c: (not c.confirmed, c.name)):
        by_key.setdefault(company.key, company.name)
    return {company.pk: by_key[company.key] for company in companies}


def _person(
    application: Application, answers: dict[str, Any], company_names: dict[int, str]
) -> dict[str, Any]:
    person = application.person
    company = person.company
    mentor = application.role == "mentor"
    return {
        "id": str(application.code),
        "name": person.name,
        "company": company_names[company.pk] if company else f"({application.code})",
        "group": company.group.name if company and company.group else None,
        "birth_year": person.birth_year,
        "years_experience": person.years_experience,
        "role_family": person.role_family or None,
        "industry": person.industry or (company.industry if company else "") or None,
        "languages": [str(code) for code in person.languages or []],
        "city": person.city or None,
        "format": application.meeting_format,
        "topics": sorted(set(answers["topics"])),
        "text": "\n".join(answers["text"]),
        "values": sorted(set(answers["values"])),
        "availability": sorted(set(answers["availability"])),
        "capacity": application.capacity if mentor else 1,
    }


def people_of(applications: list[Application]) -> dict[str, dict[str, Any]]:
    """These applications' people as the engine sees them (code -> the instance's person),
    for words about a pair built from the same data as its score."""
    answers = _answers(applications)
    company_names = _company_names(applications)
    return {str(a.code): _person(a, answers[a.pk], company_names) for a in applications}


@dataclass
class _Fixed:
    locked: list[list[str]]
    forbidden: list[list[str]]
    manual: list[dict[str, str]]
    removed: set[str]


#: why a pair may not be proposed now (see :func:`forbidden_pairs`)
FORBIDDEN = "forbidden"  # the coordinator forbade it
DECLINED = "declined"  # one of the two declined its proposal
EARLIER = "earlier"  # paired in an earlier programme year (the cohort avoids earlier pairs)
ENDED = "ended"  # their pair in this programme year ended early
# WISH (selectors.wishes): one of the two asked not to be paired with the other


@dataclass
class _Decisions:
    """The coordinator's and the people's decisions on pairs, as application codes."""

    locks: list[tuple[str, str, str]]  # (mentee, mentor, override reason), proposals first
    forbids: dict[tuple[str, str], str]  # (mentee, mentor) -> FORBIDDEN | DECLINED | EARLIER
    removed: set[str]


def _earlier_forbids(cohort: Cohort, applications: list[Application]) -> dict[tuple[str, str], str]:
    return {
        (str(p.mentee.code), str(p.mentor.code)): EARLIER
        for p in avoided_earlier_pairs(cohort, applications)
    }


def _ended_forbids(cohort: Cohort) -> dict[tuple[str, str], str]:
    """Two people whose pair ended early in this programme year are not paired again."""
    ended = Pair.objects.filter(cohort=cohort, status=PairStatus.ENDED_EARLY).values_list(
        "mentee_id", "mentor_id"
    )
    pairs = set(ended)
    if not pairs:
        return {}
    people = {p for pair in pairs for p in pair}
    codes = {
        (person, role): str(code)
        for person, role, code in Application.objects.filter(
            cohort=cohort, person_id__in=people
        ).values_list("person_id", "role", "code")
    }
    return {
        (codes[(e, "mentee")], codes[(m, "mentor")]): ENDED
        for e, m in pairs
        if (e, "mentee") in codes and (m, "mentor") in codes
    }


def _decisions(cohort: Cohort, applications: list[Application]) -> _Decisions:
    """Locks (sent proposals first), forbids and removals, as the engine is to take them.

    A pending or accepted proposal is a lock; a declined one a forbid. A lock wins over a
    forbid of the same pair (the coordinator locked it after all), so a pair is never both.
    """
    decisions = _Decisions([], {}, set())
    constraints = MatchConstraint.objects.filter(cohort=cohort).select_related(
        "mentee_application", "mentor_application"
    )
    proposals = Proposal.objects.filter(cohort=cohort).select_related(
        "mentee_application", "mentor_application"
    )
    for p in proposals:
        e, m = str(p.mentee_application.code), str(p.mentor_application.code)
        if p.status in (ProposalStatus.PENDING, ProposalStatus.ACCEPTED):
            decisions.locks.append((e, m, p.override_reason))
    declined: dict[tuple[str, str], str] = {}
    for p in proposals:
        if p.status == ProposalStatus.DECLINED:
            declined[(str(p.mentee_application.code), str(p.mentor_application.code))] = DECLINED
    for c in constraints:
        e, m = c.codes()
        if c.kind == ConstraintKind.REMOVE:
            decisions.removed.add(e or m)
        elif c.kind == ConstraintKind.FORBID:
            decisions.forbids.setdefault((e, m), FORBIDDEN)
        else:
            decisions.locks.append((e, m, c.override_reason))
    wishes = engine_wishes(cohort, applications)
    wished = {
        **dict.fromkeys(wishes.conflicts, CONFLICT),
        **dict.fromkeys(wishes.forbids, WISH),
    }
    for key, why in [
        *declined.items(),
        *_ended_forbids(cohort).items(),
        *_earlier_forbids(cohort, applications).items(),
        *wished.items(),
    ]:
        decisions.forbids.setdefault(key, why)
    locked = {(e, m) for e, m, _reason in decisions.locks}
    decisions.forbids = {k: v for k, v in decisions.forbids.items() if k not in locked}
    return decisions


def forbidden_pairs(cohort: Cohort) -> dict[tuple[str, str], str]:
    """Pairs (mentee code, mentor code) that must not be proposed now, with why: forbidden
    by the coordinator, declined, or paired in an earlier year (when the cohort avoids
    that). Never a pair that is locked or has an open proposal."""
    return _decisions(cohort, list(matching_pool(cohort))).forbids


def _fixed_pairs(cohort: Cohort, applications: list[Application], *, with_manual: bool) -> _Fixed:
    ids = {str(a.code) for a in applications}
    decisions = _decisions(cohort, applications)
    fixed = _Fixed([], [], [], decisions.removed)
    taken: set[str] = set()
    for e, m, reason in decisions.locks:
        if e not in ids or m not in ids or e in fixed.removed or m in fixed.removed:
            continue
        if e not in taken:
            taken.add(e)
            if reason and with_manual:
                fixed.manual.append({"mentee": e, "mentor": m, "reason": reason})
            else:
                fixed.locked.append([e, m])
    for e, m in decisions.forbids:
        if e in ids and m in ids and e not in fixed.removed and m not in fixed.removed:
            fixed.forbidden.append([e, m])
    return fixed


def _exclusion(person: dict[str, Any], rules: dict[str, Any]) -> str:
    if person["birth_year"] is None:
        return "missing_birth_year"
    if rules["direction"] == "mentor_more_experienced" and person["years_experience"] is None:
        return "missing_experience"
    return ""


def _add_wishes(
    sides: dict[str, list[dict[str, Any]]], wishes: EngineWishes, present: set[str]
) -> None:
    """Each person's ``prefer`` and ``avoid`` (the wishes term); a "not with" is also a
    forbidden pair (``_decisions``), so it is never proposed whatever the weights."""
    for person in (*sides["mentee"], *sides["mentor"]):
        for key, found in (("prefer", wishes.prefer), ("avoid", wishes.avoid)):
            named = [code for code in found.get(person["id"], []) if code in present]
            if named:
                person[key] = named


@dataclass(frozen=True)
class BuiltInstance:
    instance: dict[str, Any]
    fingerprint: str
    applications: dict[str, Application]

    @property
    def people(self) -> int:
        return len(self.applications)

    def count(self, role: str) -> int:
        return sum(1 for a in self.applications.values() if a.role == role)


def build_instance(cohort: Cohort, *, for_check: bool = False) -> BuiltInstance:
    """The engine instance of the cohort as it is now (see the module docstring).

    ``for_check``: every eligible person goes in and no pair is locked, so that any pair
    can be explained (a hand-made pair being checked before it is saved).
    """
    applications = list(matching_pool(cohort))
    answers = _answers(applications)
    company_names = _company_names(applications)
    rules = matching_rules(cohort)
    by_id = {str(a.code): a for a in applications}
    fixed = _fixed_pairs(cohort, applications, with_manual=not for_check)
    excluded: list[dict[str, Any]] = []
    sides: dict[str, list[dict[str, Any]]] = {"mentee": [], "mentor": []}
    manual_mentors: dict[str, int] = defaultdict(int)
    manual_mentees = {pair["mentee"] for pair in fixed.manual}
    for pair in fixed.manual:
        manual_mentors[pair["mentor"]] += 1
    for application in applications:
        person = _person(application, answers[application.pk], company_names)
        code = _exclusion(person, rules)
        if not for_check and not code and person["id"] in fixed.removed:
            code = "removed"
        if code:
            excluded.append({"id": person["id"], "side": application.role, "code": code})
            continue
        if person["id"] in manual_mentees:
            continue
        person["capacity"] -= manual_mentors.get(person["id"], 0)
        if (
            application.role == "mentor"
            and person["capacity"] <= 0
            and manual_mentors.get(person["id"])
        ):
            continue
        sides[application.role].append(person)
    present = {p["id"] for side in sides.values() for p in side}
    _add_wishes(sides, engine_wishes(cohort, applications), present)
    instance = {
        "kind": cohort.kind,
        "rules": rules,
        "weights": matching_weights(cohort),
        "mentees": sides["mentee"],
        "mentors": sides["mentor"],
        "locked": [] if for_check else [p for p in fixed.locked if set(p) <= present],
        "forbidden": [p for p in fixed.forbidden if set(p) <= present],
        "meta": {
            "cohort": str(cohort.code),
            "cohort_name": str(cohort),
            "excluded": excluded,
            "manual": fixed.manual,
        },
    }
    return BuiltInstance(instance, fingerprint(applications), by_id)
