"""The proposal reminders as a mailing plan (``core.mailings``): what the scheduled job
``matching.send_proposal_reminders`` sends about a cohort, and what its coordinator's
read-only preview of the next batch shows (the same function)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.matching.models import ProposalSide
from brobygger.matching.selectors.mailings import proposal_context
from brobygger.matching.selectors.proposals import sides_to_remind
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address

PROPOSAL_REMINDER = "matching.proposal_reminder"
REMINDER_EMAIL = "matching/email/proposal_reminder"


def answer_path(side: ProposalSide) -> str:
    """The personal link a proposal email and its reminder carry."""
    return reverse("matching:proposal-answer", args=[side.code, side.token])


def sides_due(cohort: Cohort, *, now: dt.datetime) -> QuerySet[ProposalSide]:
    """The sides of ``cohort`` to remind at ``now``: asked ``proposal_reminder_days`` ago or
    longer, unanswered, never reminded."""
    asked_before = now - dt.timedelta(days=cohort.proposal_reminder_days)
    return (
        sides_to_remind()
        .filter(proposal__cohort=cohort, asked_at__lte=asked_before)
        .select_related(
            "proposal__mentee_application__person__user",
            "proposal__mentee_application__person__company",
            "proposal__mentor_application__person__user",
            "proposal__mentor_application__person__company",
        )
        .order_by("pk")
    )


def reminder_plan(cohort: Cohort, sides: list[ProposalSide]) -> MailingPlan:
    """One reminder to each side, with her personal link, in her language."""
    emails = []
    for side in sides:
        proposal = side.proposal
        partner = (
            proposal.mentor_application if side.role == "mentee" else proposal.mentee_application
        ).person
        user = side.person.user
        emails.append(
            PlannedEmail.to(
                side.person,
                template_prefix=REMINDER_EMAIL,
                context=proposal_context(
                    user=user,
                    cohort=cohort,
                    role=side.role,
                    partner=partner,
                    answer_path=answer_path(side),
                ),
                key=str(side.code),
            )
        )
    return MailingPlan(
        action=PROPOSAL_REMINDER,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Reminders about match proposals"),
        emails=emails,
        reply_to=reply_address(cohort),
    )


def proposal_reminder_mailings(cohort: Cohort, *, now: dt.datetime) -> list[MailingPlan]:
    """What ``send_proposal_reminders`` would send about ``cohort`` if it ran at ``now``
    (the scheduler's ``plans``)."""
    return [reminder_plan(cohort, list(sides_due(cohort, now=now)))]
