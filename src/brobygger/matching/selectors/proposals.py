"""Reads of proposals: the coordinator's overview and the personal answer link."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.choices import MatchingField
from brobygger.applications.models import Answer, Topic
from brobygger.core.scheduler import Due
from brobygger.matching.models import Proposal, ProposalSide, ProposalStatus
from brobygger.programs.models import Cohort

OPEN_STATUSES = (ProposalStatus.PENDING, ProposalStatus.ACCEPTED)


def proposals_of(cohort: Cohort) -> QuerySet[Proposal]:
    sides = ProposalSide.objects.select_related("person__user").order_by("role")
    return (
        Proposal.objects.filter(cohort=cohort)
        .select_related(
            "mentee_application__person__user",
            "mentee_application__person__company",
            "mentor_application__person__user",
            "mentor_application__person__company",
        )
        .prefetch_related(Prefetch("sides", queryset=sides))
        .order_by("-created_at", "-id")
    )


def is_overdue(side: ProposalSide) -> bool:
    """Reminded once and still unanswered."""
    return bool(side.reminded_at and not side.answered_at)


def get_side_for_link(code: Any, token: str) -> ProposalSide:
    """The proposal side behind a personal link; another person's code or token is 404."""
    side = (
        ProposalSide.objects.filter(code=code, asked_at__isnull=False)
        .select_related(
            "person__user",
            "proposal__cohort__initiative",
            "proposal__mentee_application__person__user",
            "proposal__mentee_application__person__company",
            "proposal__mentor_application__person__user",
            "proposal__mentor_application__person__company",
        )
        .first()
    )
    if side is None or not secrets.compare_digest(side.token.encode(), token.encode()):
        raise Http404(_("No such proposal."))
    return side


@dataclass(frozen=True)
class PartnerSummary:
    """What a person may see of the proposed partner: the profile summary only."""

    name: str
    job_title: str
    company: str
    city: str
    languages: list[str]
    topics: list[str]


def partner_summary(side: ProposalSide) -> PartnerSummary:
    proposal = side.proposal
    partner_app = (
        proposal.mentor_application if side.role == "mentee" else proposal.mentee_application
    )
    person = partner_app.person
    slugs = [
        slug
        for value in Answer.objects.filter(
            application=partner_app, question__matching_field=MatchingField.TOPICS
        ).values_list("value", flat=True)
        if isinstance(value, list)
        for slug in value
    ]
    names = {t.slug: t.display_name for t in Topic.objects.filter(slug__in=slugs)}
    return PartnerSummary(
        name=person.name,
        job_title=person.job_title,
        company=person.company.name if person.company else "",
        city=person.city,
        languages=person.language_labels(),
        topics=[names.get(s, s) for s in slugs],
    )


def sides_to_remind(now: dt.datetime | None = None) -> QuerySet[ProposalSide]:
    """Asked, unanswered, never reminded sides of pending proposals.

    The service compares ``asked_at`` with each cohort's ``proposal_reminder_days``.
    """
    return ProposalSide.objects.filter(
        proposal__status=ProposalStatus.PENDING,
        asked_at__isnull=False,
        answered_at__isnull=True,
        reminded_at__isnull=True,
    ).select_related("person__user", "proposal__cohort__initiative")


def proposal_reminders_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """How many people of ``cohort`` ``send_proposal_reminders`` would remind if it ran now
    (for the coordinator's cohort page; the scheduler's ``count_due``)."""
    asked_before = now - dt.timedelta(days=cohort.proposal_reminder_days)
    sides = sides_to_remind().filter(proposal__cohort=cohort, asked_at__lte=asked_before)
    return Due(sides.order_by().values("person").distinct().count())
