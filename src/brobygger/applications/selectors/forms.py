from __future__ import annotations

from django.db.models import QuerySet

from brobygger.applications.models import Question, Topic
from brobygger.programs.models import Cohort


def questions_for(cohort: Cohort, role: str) -> QuerySet[Question]:
    return Question.objects.filter(cohort=cohort, role=role).order_by("order", "id")


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("order", "name")


def role_label(cohort: Cohort, role: str) -> str:
    """What the initiative kind calls the role: mentor/mentee, host/talent."""
    from brobygger.programs.kinds import KIND_DEFAULTS

    defaults = KIND_DEFAULTS[cohort.initiative.kind]
    return str(defaults.mentor_label if role == "mentor" else defaults.mentee_label)


def previous_cohort_with_form(cohort: Cohort) -> Cohort | None:
    """The same initiative's latest other cohort that has questions (last year's form)."""
    return (
        Cohort.objects.filter(initiative=cohort.initiative, questions__isnull=False)
        .exclude(pk=cohort.pk)
        .order_by("-kickoff_on")
        .distinct()
        .first()
    )
