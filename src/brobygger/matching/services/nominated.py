"""Pairs a company nominated (executive shadowing): the coordinator approves one, and it
becomes a pair at once, with its pair page and the "you are a pair" emails (one batch,
logged like any other). The matching engine is left for the nominees without a partner;
a person already in a pair is not offered to it again (``eligible_applications``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application, Nomination, NominationStatus
from brobygger.core.mailings import MailingPlan, PlannedEmail, send_mailing
from brobygger.core.services import log_activity
from brobygger.matching.reasons import lazy_role_label
from brobygger.matching.selectors.checks import check_pair
from brobygger.pairs.models import Pair
from brobygger.programs.selectors import reply_address
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User

APPROVE_NOMINATED_PAIR = "matching.approve_nominated_pair"
APPROVED_EMAIL = "applications/email/nominated_pair_approved"
#: a nominated pair can be approved from the time nominations come in until the year runs
APPROVABLE_COHORT_STATUSES = (
    CohortStatus.OPEN,
    CohortStatus.REVIEW,
    CohortStatus.MATCHING,
    CohortStatus.PUBLISHED,
    CohortStatus.RUNNING,
)


def _accept(application: Application, by: User, now: object) -> None:
    application.decision = Decision.ACCEPTED
    application.decided_by = by
    application.decided_at = now  # type: ignore[assignment]
    application.decision_released_at = now  # type: ignore[assignment]
    application.save(
        update_fields=[
            "decision",
            "decided_by",
            "decided_at",
            "decision_released_at",
            "updated_at",
        ]
    )


def _plan(pair: Pair, by: User, nomination: Nomination) -> MailingPlan:
    cohort = pair.cohort
    emails = []
    for role in ("mentee", "mentor"):
        me, partner = (pair.mentee, pair.mentor) if role == "mentee" else (pair.mentor, pair.mentee)
        emails.append(
            PlannedEmail.to(
                me,
                template_prefix=APPROVED_EMAIL,
                context={
                    "name": me.user.get_short_name(),
                    "cohort": cohort,
                    "role": lazy_role_label(cohort.kind, role),
                    "partner_name": partner.name,
                    "partner_role": lazy_role_label(
                        cohort.kind, "mentor" if role == "mentee" else "mentee"
                    ),
                    "pair_path": reverse("pairs:pair-detail", args=[pair.code]),
                },
                key=f"{nomination.code}:{role}",
            )
        )
    return MailingPlan(
        action=APPROVE_NOMINATED_PAIR,
        target=f"nomination:{nomination.code}",
        scope=str(cohort.code),
        title=_("Your pair is approved"),
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


@dataclass(frozen=True)
class Approval:
    pair: Pair
    #: why the rules could not be checked (a profile without birth year or experience)
    unchecked: list[str]


class BreaksRule(ValidationError):
    """The nominated pair breaks a rule of the programme year (``broken``, in words);
    approving it needs a reason, as a hand-made pair does."""

    def __init__(self, broken: list[str]) -> None:
        super().__init__(
            _("This pair breaks a rule: %(rules)s. Write a reason to approve it anyway.")
            % {"rules": "; ".join(broken)},
            code="breaks_rule",
        )
        self.broken = broken


@transaction.atomic
def approve_nominated_pair(
    *, nomination: Nomination, by: User, override_reason: str = ""
) -> Approval:
    """Approve a pair both nominees confirmed: both applications accepted, the pair made
    and published, both emailed (one logged batch), an activity-log row. Refused (a
    ValidationError, nothing changed) unless the nomination is confirmed by both, while
    the programme year can still take pairs, when the two work at different companies
    according to their profiles, or when either is already in a pair this year.

    The programme year's rules are checked as for a hand-made pair (``check_pair``): a
    pair that breaks one (the minimum gap, a conflict between companies, …) is refused
    with :class:`BreaksRule` unless ``override_reason`` says why; the override is logged.
    What a profile lacks the data to check (a nominee new to the network has no birth year,
    years of experience or languages yet) does not stop the pair: ``Approval.unchecked``
    says what could not be checked. The company vouched for the two, and the coordinator is
    told."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("cohort__initiative", "company")
        .get(pk=nomination.pk)
    )
    cohort = nomination.cohort
    nominees = {n.role: n for n in nomination.nominees.select_related("application__person")}
    if nomination.status != NominationStatus.CONFIRMED or set(nominees) != {"mentee", "mentor"}:
        raise ValidationError(
            _("Only a pair both nominees have confirmed can be approved."), code="not_confirmed"
        )
    if cohort.status not in APPROVABLE_COHORT_STATUSES:
        raise ValidationError(_("This programme year takes no new pairs now."), code="closed")
    mentee_app, mentor_app = nominees["mentee"].application, nominees["mentor"].application
    if (
        mentee_app is None
        or mentor_app is None
        or mentee_app.status != ApplicationStatus.SUBMITTED
        or mentor_app.status != ApplicationStatus.SUBMITTED
    ):
        raise ValidationError(
            _("Only a pair both nominees have confirmed can be approved."), code="not_confirmed"
        )
    talent, leader = mentee_app.person, mentor_app.person
    if talent.company_id != leader.company_id:
        raise ValidationError(
            _(
                "%(talent)s and %(leader)s work at different companies according to their "
                "profiles. Ask the company to change the nomination."
            )
            % {"talent": talent, "leader": leader},
            code="different_companies",
        )
    taken = (
        Pair.objects.filter(cohort=cohort, mentee=talent).exists()
        or Pair.objects.filter(cohort=cohort, mentor=leader).exists()
    )
    if taken:
        raise ValidationError(
            _("%(talent)s or %(leader)s is already in a pair this programme year.")
            % {"talent": talent, "leader": leader},
            code="already_paired",
        )
    now = timezone.now()
    _accept(mentee_app, by, now)
    _accept(mentor_app, by, now)
    # checked once both are accepted (the rule check reads the accepted applications); a
    # refusal rolls the acceptance back with everything else
    check = check_pair(cohort, mentee_app, mentor_app)
    override_reason = override_reason.strip()
    broken = check.broken_where_checked()
    if broken and not override_reason:
        raise BreaksRule(broken)
    if broken:
        log_activity(
            actor=by,
            action="matching.override",
            target=cohort,
            data={
                "nomination": str(nomination.code),
                "mentee": str(mentee_app.code),
                "mentor": str(mentor_app.code),
                "broken": broken,
                "reason": override_reason,
            },
        )
    pair = Pair(
        cohort=cohort,
        mentee=talent,
        mentor=leader,
        mentee_application=mentee_app,
        mentor_application=mentor_app,
        published_at=now,
        published_by=by,
    )
    pair.full_clean()
    pair.save()
    plan = _plan(pair, by, nomination)
    mailing = send_mailing(plan, token=plan.token, by=by)
    nomination.status = NominationStatus.APPROVED
    nomination.decided_at = now
    nomination.decided_by = by
    nomination.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    log_activity(
        actor=by,
        action="matching.nominated_pair_approve",
        target=cohort,
        data={
            "nomination": str(nomination.code),
            "pair": str(pair.code),
            "mailing": str(mailing.code),
            "unchecked": check.unchecked,
        },
    )
    return Approval(pair, check.unchecked)
