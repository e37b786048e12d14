from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.models import Answer, Application, Question, Topic
from brobygger.programs.models import Cohort


def questions_for(cohort: Cohort, role: str) -> QuerySet[Question]:
    return Question.objects.filter(cohort=cohort, role=role).order_by("order", "id")


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("order", "name")


def role_label(cohort: Cohort, role: str) -> str:
    """What the initiative kind calls the role: mentor/mentee, host/talent."""
    from brobygger.programs.kinds import role_label as kind_role_label

    return str(kind_role_label(cohort.initiative.kind, role))


def previous_cohort_with_form(cohort: Cohort) -> Cohort | None:
    """The same initiative's latest other cohort that has questions (last year's form)."""
    return (
        Cohort.objects.filter(initiative=cohort.initiative, questions__isnull=False)
        .exclude(pk=cohort.pk)
        .order_by("-kickoff_on")
        .distinct()
        .first()
    )


def get_question(cohort: Cohort, question_id: int) -> Question:
    """A question of ``cohort`` (which came from a selector that checked the user), or 404."""
    question = Question.objects.filter(cohort=cohort, pk=question_id).first()
    if question is None:
        raise Http404(_("No such question."))
    return question


def question_has_answers(question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


def has_submitted_applications(cohort: Cohort) -> bool:
    """Whether anyone has submitted an application to the cohort (withdrawn ones count)."""
    submitted = Q(submitted_at__isnull=False) | Q(
        status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
    )
    return Application.objects.filter(submitted, cohort=cohort).exists()
