"""Reads of the coordinators' duplicates pages: people who may be one human twice.

Companies are read in ``people.selectors`` (``company_overview``); people live here, as a
coordinator sees people through the applications to the programme years she coordinates.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.applications.selectors.review import REVIEWABLE_STATUSES, coordinates_any
from brobygger.people.models import Person
from brobygger.programs.selectors import cohorts_coordinated_by

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def _visible_applications(user: User | AnonymousUser) -> QuerySet[Application]:
    cohorts = cohorts_coordinated_by(user).values("pk")
    return Application.objects.filter(cohort__in=cohorts, status__in=REVIEWABLE_STATUSES)


def people_to_merge(user: User | AnonymousUser) -> QuerySet[Person]:
    """The people a coordinator may merge: those who applied to a programme year she
    coordinates (submitted or withdrawn: what her review list shows), not erased; everyone
    for a network admin. 404 for anyone who coordinates nothing."""
    if not coordinates_any(user):
        raise Http404(_("No such page."))
    people = Person.objects.filter(erased_at__isnull=True)
    if user.is_superuser:
        return people
    return people.filter(pk__in=_visible_applications(user).values("person"))


def get_person_to_merge(user: User | AnonymousUser, code: Any) -> Person:
    person = people_to_merge(user).select_related("user").filter(code=code).first()
    if person is None:
        raise Http404(_("No such person."))
    return person


def name_key(person: Person) -> str:
    """The full name as compared: case and spacing ignored."""
    return " ".join(person.user.get_full_name().casefold().split())


def duplicate_people(user: User | AnonymousUser) -> list[list[Person]]:
    """Groups of people she may merge who have the same name, oldest record first, each
    with her employer and her applications to the coordinator's programme years
    (``shown_applications``). Three queries."""
    applications = _visible_applications(user).select_related("cohort__initiative")
    people = (
        people_to_merge(user)
        .select_related("user", "company")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=applications.order_by("cohort__kickoff_on", "role"),
                to_attr="shown_applications",
            )
        )
        .order_by("created_at", "pk")
    )
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if key := name_key(person):
            groups[key].append(person)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: name_key(g[0]))
