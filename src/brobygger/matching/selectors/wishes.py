"""Reads of participants' wishes: her own (the wishes page), the cohort's as the engine takes
them (``build_instance``: ``prefer`` and ``avoid`` per person, and every "not with" also a
forbidden pair), and the coordinator's list of them as reasons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from brobygger.applications.models import Application
from brobygger.matching.models import Wish, WishKind
from brobygger.programs.models import Cohort

#: why a pair may not be proposed (``instance.forbidden_pairs``): one asked not to be paired
WISH = "wish"


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
    found.prefer = dict(found.prefer)
    found.avoid = dict(found.avoid)
    return found


def silent_terms(instance: dict[str, Any]) -> frozenset[str]:
    """Score terms that say nothing about this instance's pairs, left out of the tables:
    the wishes term when nobody gave a wish (it is the same 50 % for every pair)."""
    people = (*instance.get("mentees", []), *instance.get("mentors", []))
    if any(p.get("prefer") or p.get("avoid") for p in people):
        return frozenset()
    return frozenset({"wishes"})
