"""The welcome emails of a programme year's kickoff day, as a plan (``core.mailings``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.core.models import Mailing
from brobygger.core.scheduler import Due
from brobygger.core.services import is_erased_address
from brobygger.matching.reasons import lazy_role_label
from brobygger.pairs.models import Pair, PairStatus
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address
from brobygger.programs.status import CohortStatus

WELCOME = "matching.welcome"
WELCOME_EMAIL = "matching/email/welcome"


def welcome_mailing(cohort: Cohort) -> MailingPlan:
    """A welcome to both people of each active pair of ``cohort``, with the pair's page."""
    pairs = (
        Pair.objects.filter(cohort=cohort, status=PairStatus.ACTIVE)
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )
    emails = []
    for pair in pairs:
        for role in ("mentee", "mentor"):
            me, partner = pair.member(role), pair.member("mentor" if role == "mentee" else "mentee")
            user = me.user
            if not user.email or is_erased_address(user.email):
                continue
            emails.append(
                PlannedEmail.to(
                    me,
                    template_prefix=WELCOME_EMAIL,
                    context={
                        "name": user.get_short_name(),
                        "cohort": cohort,
                        "role": lazy_role_label(cohort.kind, role),
                        "partner_name": partner.name,
                        "pair_path": reverse("pairs:pair-detail", args=[pair.code]),
                    },
                    key=f"{pair.code}:{role}",
                )
            )
    return MailingPlan(
        action=WELCOME,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Welcome at kickoff"),
        emails=emails,
        reply_to=reply_address(cohort),
    )


def is_welcomed(cohort: Cohort) -> bool:
    return Mailing.objects.filter(action=WELCOME, target=f"cohort:{cohort.code}").exists()


def _waits_for_welcome(cohort: Cohort, today: dt.date) -> bool:
    """Matched and not started yet, or started today and not welcomed (a same-day retry)."""
    if cohort.status == CohortStatus.PUBLISHED:
        return True
    return cohort.status == CohortStatus.RUNNING and cohort.kickoff_on == today


def welcome_due(cohort: Cohort, *, now: dt.datetime) -> Due:
    """The welcome of a matched programme year: to each person of its active pairs, not
    before its kickoff day (the scheduler's ``count_due``, for the coordinator's list of
    the next automatic emails)."""
    today = timezone.localtime(now).date()
    if not _waits_for_welcome(cohort, today) or is_welcomed(cohort):
        return Due(0)
    kickoff = timezone.make_aware(dt.datetime.combine(cohort.kickoff_on, dt.time.min))
    return Due(len(welcome_mailing(cohort).emails), not_before=kickoff)


def welcome_mailings(cohort: Cohort, *, now: dt.datetime) -> list[MailingPlan]:
    """What goes out on ``cohort``'s kickoff day (the scheduler's ``plans``)."""
    if not welcome_due(cohort, now=now).recipients:
        return []
    return [welcome_mailing(cohort)]
