"""Who has no partner in a programme year, and why; the "what happens now" email to them.

Two groups (issue "When the plan changes"): the accepted applicants in the matching pool
with no open proposal (the engine left them without a partner, they were accepted after
the last run, or their pair ended), each with the engine's reason in words from the latest
run that had them; and the waitlist, best score first. The coordinator tells a choice of
them, kindly and in their language, what happens now: kept for a second round this year,
offered a place next year, or offered another initiative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.models import Application
from brobygger.applications.selectors.waitlist import waitlist
from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.matching.models import MatchRun, Proposal, RunStatus
from brobygger.matching.reasons import lazy_role_label, reason_text
from brobygger.matching.selectors.instance import matching_pool
from brobygger.matching.selectors.proposals import OPEN_STATUSES
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.pairs.models import AfterEnd, Pair, PairStatus
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import reply_address

if TYPE_CHECKING:
    from brobygger.people.models import User

TELL_WITHOUT_PARTNER = "matching.tell_without_partner"
WITHOUT_PARTNER_EMAIL = "matching/email/without_partner"


class Outcome(models.TextChoices):
    """What happens now for a person without a partner (the email says it)."""

    SECOND_ROUND = "second_round", pgettext_lazy("without a partner", "Kept for a second round")
    NEXT_YEAR = "next_year", pgettext_lazy("without a partner", "Offered a place next year")
    OTHER_INITIATIVE = (
        "other_initiative",
        pgettext_lazy("without a partner", "Offered another initiative"),
    )

    @property
    def is_second_round(self) -> bool:
        return self is Outcome.SECOND_ROUND

    @property
    def is_next_year(self) -> bool:
        return self is Outcome.NEXT_YEAR

    @property
    def is_other_initiative(self) -> bool:
        return self is Outcome.OTHER_INITIATIVE


#: the two groups
UNMATCHED = "unmatched"
WAITLISTED = "waitlisted"


@dataclass(frozen=True)
class PersonWithoutPartner:
    application: Application
    group: str  # UNMATCHED | WAITLISTED
    reason: str  # in words: the engine's, or why she is here
    score: float | None = None  # the reviewers' average (the waitlist)

    @property
    def code(self) -> str:
        return str(self.application.code)


def _reasons(cohort: Cohort, codes: set[str]) -> dict[str, str]:
    """The engine's reason for each code, from the latest finished run that had her."""
    found: dict[str, str] = {}
    runs = MatchRun.objects.filter(cohort=cohort, status=RunStatus.DONE).order_by(
        "-created_at", "-id"
    )
    for run in runs.only("instance", "result", "cohort_id")[:10]:
        meta = run.instance.get("meta", {})
        for row in [*meta.get("excluded", []), *(run.result or {}).get("unmatched", [])]:
            if row["id"] in codes and row["id"] not in found:
                found[row["id"]] = reason_text(cohort.kind, row["code"], row.get("params", {}))
        if codes <= set(found):
            break
    return found


def people_without_partner(cohort: Cohort) -> list[PersonWithoutPartner]:
    """The accepted without a partner (no open proposal either), then the waitlist by
    score. A fixed number of queries, whatever the size of the year (at most ten runs)."""
    busy = Proposal.objects.filter(cohort=cohort, status__in=OPEN_STATUSES)
    busy_ids = set(busy.values_list("mentee_application_id", flat=True)) | set(
        busy.values_list("mentor_application_id", flat=True)
    )
    pool = [
        a for a in matching_pool(cohort).select_related("person__company") if a.pk not in busy_ids
    ]
    ended = set()
    for mentee, mentor, mentee_after, mentor_after in Pair.objects.filter(
        cohort=cohort, status=PairStatus.ENDED_EARLY
    ).values_list("mentee_id", "mentor_id", "mentee_after_end", "mentor_after_end"):
        if mentee_after == AfterEnd.NEXT_ROUND:
            ended.add(mentee)
        if mentor_after == AfterEnd.NEXT_ROUND:
            ended.add(mentor)
    reasons = _reasons(cohort, {str(a.code) for a in pool})
    latest = latest_done_run(cohort)
    proposed = {
        code
        for pair in ((latest.result or {}).get("pairs", []) if latest else [])
        for code in (pair["mentee"], pair["mentor"])
    }
    rows = []
    for application in pool:
        if str(application.code) in proposed:
            reason = _("Paired in the latest run: the proposal is not sent yet")
        elif application.person_id in ended:
            reason = _("Their pair ended; offered a new partner")
        else:
            reason = reasons.get(str(application.code)) or _("Not in a matching run yet")
        rows.append(PersonWithoutPartner(application, UNMATCHED, reason))
    for application in waitlist(cohort):
        score = application.average_score  # type: ignore[attr-defined]
        rows.append(PersonWithoutPartner(application, WAITLISTED, _("On the waitlist"), score))
    return rows


def without_partner_email(
    cohort: Cohort, row: PersonWithoutPartner, outcome: str, other: str
) -> PlannedEmail:
    application = row.application
    return PlannedEmail.to(
        application.person,
        template_prefix=WITHOUT_PARTNER_EMAIL,
        context={
            "name": application.person.user.get_short_name(),
            "cohort": cohort,
            "role": lazy_role_label(cohort.kind, application.role),
            "waitlisted": row.group == WAITLISTED,
            "outcome": Outcome(outcome),
            "other_initiative": other,
        },
        key=f"{outcome}:{other}:{application.code}:{row.group}",
        label=Outcome(outcome).label,
    )


def without_partner_mailing(
    cohort: Cohort,
    codes: list[str],
    outcome: str,
    other: str = "",
    by: User | None = None,
) -> MailingPlan:
    """The "what happens now" emails to the chosen people who are still without a partner
    (someone paired or withdrawn since she chose is left out)."""
    chosen = set(codes)
    rows = [row for row in people_without_partner(cohort) if row.code in chosen]
    return MailingPlan(
        action=TELL_WITHOUT_PARTNER,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("What happens now"),
        emails=[without_partner_email(cohort, row, outcome, other) for row in rows],
        reply_to=reply_address(cohort, by),
        label_heading=_("What happens now"),
    )
