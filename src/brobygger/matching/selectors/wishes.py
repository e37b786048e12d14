"""Reads of participants' wishes: her own (the wishes page), the cohort's as the engine takes
them (``build_instance``: ``prefer`` and ``avoid`` per person, and every "not with" also a
forbidden pair), and the coordinator's list of them as reasons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from brobygger.applications.models import Application
from brobygger.matching.models import CompanyConflict, Wish, WishKind
from brobygger.programs.models import Cohort

#: why a pair may not be proposed (``instance.forbidden_pairs``): one asked not to be paired
WISH = "wish"
#: ... or their companies are declared client or competitor (the cohort's rule is "hard")
CONFLICT = "conflict"


def wishes_of(application: Application) -> QuerySet[Wish]:
    return Wish.objects.filter(application=application).select_related(
        "other__person__user", "company"
    )


def cohort_wishes(cohort: Cohort) -> QuerySet[Wish]:
    return (
        Wish.objects.filter(application__cohort=cohort)
        .select_related("application__person__user", "other__person__user", "company")
        .order_by("application__person__user__first_name", "application_id", "kind", "pk")
    )


@dataclass
class EngineWishes:
    """The cohort's wishes as application codes: per person ``prefer`` and ``avoid`` (of the
    other role), and the pairs (mentee, mentor) one of the two asked not to be in."""

    prefer: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    avoid: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    forbids: set[tuple[str, str]] = field(default_factory=set)
    conflicts: set[tuple[str, str]] = field(default_factory=set)  # by a company conflict

    @property
    def any(self) -> bool:
        return bool(self.prefer or self.avoid)


def engine_wishes(cohort: Cohort, applications: list[Application]) -> EngineWishes:
    """``applications``: the eligible ones (their people and companies loaded). A "not
    with" a company names everyone of the other role whose employer is that company (or
    its near-duplicate name)."""
    found = EngineWishes()
    by_pk = {a.pk: a for a in applications}
    by_company: dict[tuple[str, str], list[Application]] = defaultdict(list)
    for a in applications:
        if a.person.company is not None:
            by_company[(a.role, a.person.company.key)].append(a)
    for wish in Wish.objects.filter(application__in=applications).select_related("company"):
        me = by_pk[wish.application_id]
        other_role = "mentor" if me.role == "mentee" else "mentee"
        if wish.company is not None:
            named = by_company.get((other_role, wish.company.key), [])
        else:
            named = [by_pk[wish.other_id]] if wish.other_id in by_pk else []
        for other in named:
            if other.role != other_role or other.pk == me.pk:
                continue
            mine, theirs = str(me.code), str(other.code)
            target = found.prefer if wish.kind == WishKind.PREFER else found.avoid
            if theirs not in target[mine]:
                target[mine].append(theirs)
            if wish.kind == WishKind.AVOID:
                found.forbids.add((mine, theirs) if me.role == "mentee" else (theirs, mine))
    _add_conflicts(cohort, applications, found)
    found.prefer = dict(found.prefer)
    found.avoid = dict(found.avoid)
    return found


def _add_conflicts(cohort: Cohort, applications: list[Application], found: EngineWishes) -> None:
    """Declared client or competitor companies: their people kept apart, as forbidden pairs
    (the cohort's ``company_conflicts`` is "hard") or as ``avoid`` (soft)."""
    conflicts = list(CompanyConflict.objects.values_list("company_id", "other_id"))
    if not conflicts:
        return
    apart = {frozenset(pair) for pair in conflicts}
    mentees = [a for a in applications if a.role == "mentee" and a.person.company_id]
    mentors = [a for a in applications if a.role == "mentor" and a.person.company_id]
    hard = cohort.company_conflicts == "hard"
    for e in mentees:
        for m in mentors:
            if frozenset((e.person.company_id, m.person.company_id)) not in apart:
                continue
            pair = (str(e.code), str(m.code))
            if hard:
                found.conflicts.add(pair)
            else:
                for mine, theirs in (pair, pair[::-1]):
                    if theirs not in found.avoid[mine]:
                        found.avoid[mine].append(theirs)


def declared_conflicts(applications: list[Application]) -> list[CompanyConflict]:
    """The declared conflicts between companies of these applicants (the coordinator's list)."""
    companies = {a.person.company_id for a in applications if a.person.company_id}
    return list(
        CompanyConflict.objects.filter(company_id__in=companies, other_id__in=companies)
        .select_related("company", "other")
        .order_by("company__name", "other__name")
    )


def silent_terms(instance: dict[str, Any]) -> frozenset[str]:
    """Score terms that say nothing about this instance's pairs, left out of the tables:
    the wishes term when nobody gave a wish (it is the same 50 % for every pair)."""
    people = (*instance.get("mentees", []), *instance.get("mentors", []))
    if any(p.get("prefer") or p.get("avoid") for p in people):
        return frozenset()
    return frozenset({"wishes"})


def conflict_excluded_pairs(
    cohort: Cohort, applications: list[Application]
) -> list[tuple[Application, Application]]:
    """The pairs (mentee, mentor) a company conflict keeps out of matching (a hard rule)."""
    by_code = {str(a.code): a for a in applications}
    pairs = engine_wishes(cohort, applications).conflicts
    return sorted(
        ((by_code[e], by_code[m]) for e, m in pairs),
        key=lambda p: (p[0].person.name, p[1].person.name),
    )
