"""The one reminder to a nominee who has not answered her nomination (executive shadowing):
sent once, ``NOMINEE_REMIND_AFTER`` after her latest email, while the programme year still
takes nominations. The scheduled job (``applications/scheduled.py``) sends the same plans
the coordinator previews with the next automatic emails."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from brobygger.applications.models import NominationStatus, Nominee, NomineeAnswer
from brobygger.applications.selectors.forms import role_label
from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.core.scheduler import Due
from brobygger.people.models import User
from brobygger.programs.kinds import CompanyRule
from brobygger.programs.selectors import reply_address
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort

#: a nominee who has not answered this long after her latest email is reminded, once
NOMINEE_REMIND_AFTER = dt.timedelta(days=5)
NOMINEE_REMINDER = "applications.nominee_reminder"
REMINDER_EMAIL = "applications/email/nominee_reminder"


def _takes_nominations(cohort: Cohort, now: dt.datetime) -> bool:
    return cohort.effective_company_rule() == CompanyRule.SAME and cohort.applications_are_open(now)


def nominees_to_remind(cohort: Cohort, *, now: dt.datetime) -> QuerySet[Nominee]:
    """The nominees of ``cohort`` to remind now: not answered, asked at least
    ``NOMINEE_REMIND_AFTER`` ago, never reminded, their nomination still waiting."""
    if not _takes_nominations(cohort, now):
        return Nominee.objects.none()
    return (
        Nominee.objects.filter(
            nomination__cohort=cohort,
            nomination__status=NominationStatus.WAITING,
            answer=NomineeAnswer.PENDING,
            reminded_at__isnull=True,
            emailed_at__lte=now - NOMINEE_REMIND_AFTER,
        )
        .select_related("nomination__company", "nomination__nominated_by__person")
        .order_by("emailed_at", "pk")
    )


def _email(nominee: Nominee, cohort: Cohort) -> PlannedEmail:
    # her language if she has an account (reading it tells the company nothing)
    user = User.objects.filter(email__iexact=nominee.email).only("language").first()
    nomination = nominee.nomination
    contact = nomination.nominated_by
    return PlannedEmail(
        user=None,
        name=nominee.name,
        address=nominee.email,
        language=user.language if user is not None else "",
        template_prefix=REMINDER_EMAIL,
        context={
            "name": nominee.first_name,
            "contact": contact.person.name if contact else nomination.company.name,
            "company": nomination.company.name,
            "cohort": cohort,
            "role": role_label(cohort, nominee.role),
            "deadline": cohort.applications_close_at,
            "url": reverse("applications:nominee-answer", args=[nominee.code]),
        },
        key=str(nominee.code),
    )


def nominee_reminder_mailing(cohort: Cohort, nominees: list[Nominee]) -> MailingPlan:
    return MailingPlan(
        action=NOMINEE_REMINDER,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=str(_("Reminder: you have been nominated")),
        emails=[_email(n, cohort) for n in nominees],
        reply_to=reply_address(cohort),
    )


def nominee_reminder_mailings(cohort: Cohort, *, now: dt.datetime) -> list[MailingPlan]:
    """The scheduler's ``plans``: what the job would send about ``cohort`` now."""
    return [nominee_reminder_mailing(cohort, list(nominees_to_remind(cohort, now=now)))]


def nominee_reminders_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """The scheduler's ``count_due``: how many nominees of ``cohort`` it would remind now."""
    return Due(nominees_to_remind(cohort, now=now).count())


def cohorts_with_nominations() -> QuerySet[Cohort]:
    from brobygger.programs.models import Cohort

    return Cohort.objects.filter(
        status=CohortStatus.OPEN, nominations__status=NominationStatus.WAITING
    ).distinct()
