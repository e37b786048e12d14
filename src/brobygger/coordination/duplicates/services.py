"""Merging two records of the same human, with the programme years' rules checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.models import Application
from brobygger.pairs.models import Pair
from brobygger.people.services import merge_people
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import Person, User


def _cohorts_of(person: Person) -> set[int]:
    applied = Application.objects.filter(person=person).exclude(status=ApplicationStatus.WITHDRAWN)
    paired = Pair.objects.filter(Q(mentor=person) | Q(mentee=person))
    return set(applied.values_list("cohort_id", flat=True)) | set(
        paired.values_list("cohort_id", flat=True)
    )


@transaction.atomic
def merge_duplicate_people(*, person: Person, into: Person, by: User) -> Person:
    """Merge ``person`` into ``into`` (``people.services.merge_people``), refused, changing
    nothing, when both take part in the same programme year: one person applies to a
    programme year once, in one role."""
    shared = _cohorts_of(person) & _cohorts_of(into)
    if shared and person.pk != into.pk:
        cohorts = Cohort.objects.filter(pk__in=shared).select_related("initiative")
        raise ValidationError(
            _(
                "These two cannot be merged: both take part in %(cohorts)s, and a person "
                "takes part in a programme year once, in one role. Nothing was changed."
            )
            % {"cohorts": ", ".join(str(cohort) for cohort in cohorts)},
            code="same_cohort",
        )
    return merge_people(person=person, into=into, by=by)
