"""Who a coordinator's message goes to, and the cohort's message log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from brobygger.gatherings.models import Gathering
from brobygger.gatherings.selectors import invitees_of, participants_of
from brobygger.pairs.models import Audience, Message, Pair, PairRole
from brobygger.pairs.selectors.health import at_risk_pairs
from brobygger.people.models import Person
from brobygger.programs.models import Cohort

PARTICIPATING = ("active", "completed")


def recipients(
    *,
    cohorts: Sequence[Cohort],
    audience: str,
    role: str = "",
    gathering: Gathering | None = None,
    pair: Pair | None = None,
) -> list[Person]:
    """The people a message reaches, each once, in name order; never an erased person."""
    people: Any
    if audience == Audience.EVERYONE:
        people = participants_of(cohorts)
    elif audience == Audience.ROLE:
        relation = "pairs_as_mentor" if role == PairRole.MENTOR else "pairs_as_mentee"
        ids = Person.objects.filter(
            **{f"{relation}__cohort__in": cohorts, f"{relation}__status__in": PARTICIPATING},
            erased_at__isnull=True,
        ).values("pk")
        people = Person.objects.filter(pk__in=ids).select_related("user")
    elif audience == Audience.GATHERING and gathering is not None:
        people = invitees_of(gathering, cohorts=cohorts)
    elif audience == Audience.AT_RISK:
        people = [p for pair in at_risk_pairs(list(cohorts)) for p in pair.members]
    elif audience == Audience.PAIR and pair is not None:
        people = list(pair.members)
    else:
        people = []
    unique = {p.pk: p for p in people if p.erased_at is None}
    return sorted(unique.values(), key=lambda p: (p.user.first_name, p.user.last_name, p.pk))


def message_log(cohort: Cohort) -> QuerySet[Message]:
    return (
        Message.objects.filter(cohort=cohort)
        .select_related("sent_by", "gathering", "pair__mentor__user", "pair__mentee__user")
        .prefetch_related("cohorts__initiative")
        .order_by("-created_at")
    )
