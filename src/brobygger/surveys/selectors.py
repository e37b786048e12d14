"""Reads of surveys: the only way views fetch them. Others' objects answer 404."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import Decision
from brobygger.applications.models import Application
from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.core.scheduler import Due
from brobygger.people.models import Person
from brobygger.people.selectors import company_contact_for
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_coordinated_by, reply_address
from brobygger.programs.status import CohortStatus
from brobygger.surveys.models import Answer, Invitation, PublishedResult, Question, Survey
from brobygger.surveys.reports import data as report_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import Company, User

KIND_ORDER = {"baseline": 0, "midpoint": 1, "closing": 2}


def surveys_of(cohort: Cohort) -> list[Survey]:
    """The cohort's surveys in programme order, with questions and invitation counts."""
    surveys = (
        Survey.objects.filter(cohort=cohort)
        .annotate(
            n_invited=Count("invitations"),
            n_answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
        )
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
    )
    for survey in surveys:
        survey.cohort = cohort  # its role label reads the kind without a query
    return sorted(surveys, key=lambda s: (KIND_ORDER.get(s.kind, 9), s.role != "mentee"))


def get_survey_for_coordinator(user: User | AnonymousUser, code: Any) -> Survey:
    survey = (
        Survey.objects.select_related("cohort__initiative")
        .filter(code=code, cohort__in=cohorts_coordinated_by(user))
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
        .first()
    )
    if survey is None:
        raise Http404(_("No such survey."))
    return survey


def get_question_for_coordinator(survey: Survey, code: Any) -> Question:
    question = Question.objects.filter(survey=survey, code=code).first()
    if question is None:
        raise Http404(_("No such question."))
    return question


def question_has_answers(question: Question) -> bool:
    return Answer.objects.filter(question=question).exists()


def survey_has_answers(survey: Survey) -> bool:
    return Answer.objects.filter(question__survey=survey).exists()


def results_published(survey: Survey) -> bool:
    """Whether the survey's figures have been published (and so are frozen for good)."""
    return PublishedResult.objects.filter(survey=survey, company__isnull=True).exists()


def cohorts_with_results_due(today: dt.date) -> QuerySet[Cohort]:
    """Cohorts with a closed survey or a closed programme year: ``publish_results`` checks
    what of theirs is still unpublished."""
    closed = (CohortStatus.CLOSED, CohortStatus.ARCHIVED)
    return (
        Cohort.objects.filter(Q(surveys__closes_on__lt=today) | Q(status__in=closed))
        .distinct()
        .order_by("pk")
    )


def earlier_survey(cohort: Cohort, kind: str, role: str) -> Survey | None:
    """The same survey in the initiative's latest earlier cohort, to copy as a template."""
    return (
        Survey.objects.filter(
            cohort__initiative=cohort.initiative,
            cohort__kickoff_on__lt=cohort.kickoff_on,
            kind=kind,
            role=role,
        )
        .order_by("-cohort__kickoff_on")
        .first()
    )


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a personal link; a wrong or revoked link answers 404."""
    invitation = (
        Invitation.objects.select_related("survey__cohort__initiative", "person__user")
        .filter(token=token, person__isnull=False)
        .first()
    )
    if invitation is None:
        raise Http404(_("This link does not work. Ask the coordinator for a new one."))
    return invitation


def answers_of(invitation: Invitation) -> dict[int, Any]:
    """Question id → the stored answer of this invitation."""
    return dict(invitation.answers.values_list("question_id", "value"))


def invitations_for(user: User) -> list[Invitation]:
    """The person's surveys that are open now or closed in the last 30 days."""
    today = timezone.localdate()
    return list(
        Invitation.objects.select_related("survey__cohort__initiative")
        .filter(
            person__user=user,
            survey__opens_on__lte=today,
            survey__closes_on__gte=today - dt.timedelta(days=30),
        )
        .order_by("survey__closes_on")
    )


def companies_cohorts(user: User | AnonymousUser) -> tuple[Company, QuerySet[Cohort]] | None:
    """For a company contact: her company and the cohorts it has taken part in."""
    if not user.is_authenticated:
        return None
    contact = company_contact_for(user)
    if contact is None:
        return None
    company = contact.company
    # accepted, and told so: her employer does not learn it before she does
    accepted = Application.objects.filter(
        cohort=OuterRef("pk"),
        person__company=company,
        decision=Decision.ACCEPTED,
        decision_released_at__isnull=False,
    )
    invited = Invitation.objects.filter(survey__cohort=OuterRef("pk"), company=company)
    # two EXISTS, not an OR across two joins with DISTINCT (whose intermediate rows grow
    # with applications × invitations on PostgreSQL)
    cohorts = (
        Cohort.objects.select_related("initiative")
        .exclude(status=CohortStatus.DRAFT)
        .filter(Exists(accepted) | Exists(invited))
        .order_by("-kickoff_on", "-pk")
    )
    return company, cohorts


def get_company_cohort(user: User | AnonymousUser, code: Any) -> tuple[Company, Cohort]:
    found = companies_cohorts(user)
    cohort = found[1].filter(code=code).first() if found else None
    if found is None or cohort is None:
        raise Http404(_("No such cohort."))
    return found[0], cohort


def comparable_cohorts(user: User | AnonymousUser, cohort: Cohort, by: str) -> list[Cohort]:
    """Cohorts the user coordinates to compare with: the same initiative over the years,
    or every initiative in the cohort's kickoff year."""
    qs = cohorts_coordinated_by(user)
    if by == "initiatives":
        qs = qs.filter(kickoff_on__year=cohort.kickoff_on.year).order_by("initiative__order")
    else:
        qs = qs.filter(initiative=cohort.initiative).order_by("kickoff_on")
    return list(qs)


def surveys_open_on(day: dt.date) -> QuerySet[Survey]:
    return Survey.objects.select_related("cohort__initiative").filter(
        opens_on__lte=day, closes_on__gte=day
    )


#: those who have not answered are reminded, once, this many days before a survey closes
REMIND_DAYS_BEFORE_CLOSE = 3


def invitations_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """How many people ``send_invitations`` would email about the cohort's next survey: if
    one is open, the participants not yet invited and those due a reminder now; else, those
    who will be invited when the next one opens (for the coordinator's cohort page)."""
    today = timezone.localdate(now)
    for survey in cohort.surveys.filter(closes_on__gte=today).order_by("opens_on", "pk"):
        people = {person for person, _company in report_data.participants(cohort, survey.role)}
        rows = survey.invitations.filter(person__isnull=False).values_list(
            "person_id", "invited_at", "answered_at", "reminded_at"
        )
        invited = {person for person, invited_at, _a, _r in rows if invited_at is not None}
        due = (people | {person for person, *_rest in rows}) - invited
        if not survey.is_open(today):
            if due:
                opens = timezone.make_aware(dt.datetime.combine(survey.opens_on, dt.time.min))
                return Due(len(due), not_before=opens)
            continue
        if today >= survey.closes_on - dt.timedelta(days=REMIND_DAYS_BEFORE_CLOSE):
            due |= {
                person
                for person, invited_at, answered_at, reminded_at in rows
                if invited_at is not None
                and answered_at is None
                and reminded_at is None
                and timezone.localdate(invited_at) < today
            }
        if due:
            return Due(len(due))
    return Due(0)


# -- the coordinator's "send invitations now": a mass email (core.mailings) ----------------

SEND_INVITATIONS = "surveys.send_invitations"
INVITATION_EMAIL = "surveys/email/invitation"
REMINDER_EMAIL = "surveys/email/reminder"
_LINK_NOT_MADE_YET = "…"  # the preview of a person without an invitation row yet


def invitation_mailing(survey: Survey, today: dt.date | None = None) -> MailingPlan:
    """What sending now would send: an invitation to each participant not invited yet,
    and, in the last days before the survey closes, one reminder to those who were invited
    before today and have not answered. Nothing while the survey is not open."""
    today = today or timezone.localdate()
    emails: list[PlannedEmail] = []
    if survey.is_open(today):
        invitations = {
            i.person_id: i
            for i in Invitation.objects.filter(survey=survey, person__isnull=False)
            .select_related("person__user")
            .order_by("pk")
        }
        taking_part = [pid for pid, _ in report_data.participants(survey.cohort, survey.role)]
        not_yet = Person.objects.filter(
            pk__in=[pid for pid in taking_part if pid not in invitations]
        ).select_related("user")
        for person in not_yet:
            emails.append(_planned(survey, person, None, INVITATION_EMAIL))
        for invitation in invitations.values():
            if invitation.invited_at is None:
                emails.append(_planned(survey, invitation.person, invitation, INVITATION_EMAIL))
        if today >= survey.closes_on - dt.timedelta(days=REMIND_DAYS_BEFORE_CLOSE):
            for invitation in invitations.values():
                if (
                    invitation.answered_at is None
                    and invitation.reminded_at is None
                    and invitation.invited_at is not None
                    and timezone.localdate(invitation.invited_at) < today
                ):
                    emails.append(_planned(survey, invitation.person, invitation, REMINDER_EMAIL))
    return MailingPlan(
        action=SEND_INVITATIONS,
        target=f"survey:{survey.code}",
        scope=str(survey.cohort.code),
        title=str(survey),
        emails=emails,
        reply_to=reply_address(survey.cohort),
    )


def _planned(
    survey: Survey, person: Any, invitation: Invitation | None, template: str
) -> PlannedEmail:
    user = person.user
    token = invitation.token if invitation else _LINK_NOT_MADE_YET
    return PlannedEmail.to(
        person,
        template_prefix=template,
        context={
            "name": user.first_name or person.name,
            "survey": survey,
            "cohort": survey.cohort,
            "link_path": reverse("surveys:answer", args=[token]),
        },
        key=f"{person.pk}",
    )


def scheduled_invitation_mailings(cohort: Cohort, *, now: dt.datetime) -> list[MailingPlan]:
    """What the daily job would send about ``cohort``'s surveys if it ran at ``now`` (the
    scheduler's ``plans``): per open survey, its invitations and reminders."""
    today = timezone.localdate(now)
    surveys = cohort.surveys.filter(opens_on__lte=today, closes_on__gte=today).order_by("pk")
    return [plan for plan in (invitation_mailing(s, today) for s in surveys) if plan.emails]
