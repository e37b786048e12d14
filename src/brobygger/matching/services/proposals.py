"""Send the proposal, answer it from a personal link, remind once.

Who is asked when is data, not a branch per kind: the kind's profile names the role asked
first (``programs.kinds.KindProfile.asks_first``); the other role is asked after that
person approves. A kind without one asks both at once. The personal link is a capability:
it works without signing in (senior executives answer from their phone in a few clicks),
only for that person and that proposal, and an answer, once given, is final (replays change
nothing).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.core.emails import send_templated_email
from brobygger.core.mailings import send_mailing, send_scheduled_mailing
from brobygger.core.services import log_activity
from brobygger.matching.models import (
    MatchRun,
    Proposal,
    ProposalSide,
    ProposalStatus,
    RunStatus,
    SideAnswer,
)
from brobygger.matching.reasons import lazy_role_label
from brobygger.matching.selectors.instance import is_second_round
from brobygger.matching.selectors.introduction import side_introduction
from brobygger.matching.selectors.mailings import (
    PROPOSAL_EMAIL,
    PairToPropose,
    pairs_to_propose,
    proposal_context,
    proposal_email,
    proposal_plan,
    roles_asked_first,
)
from brobygger.matching.selectors.proposals import OPEN_STATUSES, sides_to_remind
from brobygger.matching.selectors.reminders import answer_path, reminder_plan, sides_due
from brobygger.matching.selectors.runs import is_stale, latest_done_run
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.core.models import Mailing
    from brobygger.people.models import Person, User


def _ask(side: ProposalSide, *, reminder: bool = False) -> None:
    """One email to one person (asked after the other approved, or reminded)."""
    proposal = side.proposal
    partner_app = (
        proposal.mentor_application if side.role == "mentee" else proposal.mentee_application
    )
    user = side.person.user
    send_templated_email(
        to=user.email,
        template_prefix="matching/email/proposal_reminder" if reminder else PROPOSAL_EMAIL,
        context=proposal_context(
            user=user,
            cohort=proposal.cohort,
            role=side.role,
            partner=partner_app.person,
            answer_path=answer_path(side),
            introduction=None if reminder else side_introduction(side, timezone.now()),
        ),
        language=user.language,
    )


def _tell_coordinators_of_decline(proposal: Proposal, side: ProposalSide) -> None:
    """One email per coordinator, in her language: which cohort, who declined (the role),
    the link to the matching page. The decline reason stays on the page, out of email."""
    cohort = Cohort.objects.select_related("initiative").get(pk=proposal.cohort_id)
    path = reverse("matching:cohort", args=[cohort.code])
    for coordinator in cohort.initiative.coordinators.filter(is_active=True).order_by("pk"):
        send_templated_email(
            to=coordinator.email,
            template_prefix="matching/email/proposal_declined",
            context={
                "name": coordinator.get_short_name(),
                "cohort": cohort,
                "role": lazy_role_label(cohort.kind, side.role),
                "matching_path": path,
            },
            language=coordinator.language,
        )


def _new_proposal(
    cohort: Cohort, run: MatchRun, item: PairToPropose, by: User | None
) -> tuple[Proposal, list[ProposalSide]]:
    """The proposal and its two sides; returns the sides asked now (not emailed here)."""
    pair = item.pair
    proposal = Proposal(
        cohort=cohort,
        run=run,
        mentee_application=item.mentee,
        mentor_application=item.mentor,
        score=pair.get("score"),
        terms=pair.get("terms", []),
        override_reason=pair.get("reason", ""),
        sent_by=by,
    )
    proposal.full_clean()
    proposal.save()
    now = timezone.now()
    asked_now = roles_asked_first(cohort)
    asked = []
    for role in ("mentee", "mentor"):
        app = item.mentee if role == "mentee" else item.mentor
        side = ProposalSide(proposal=proposal, role=role, person=app.person)
        if role in asked_now:
            side.asked_at = now
            asked.append(side)
        side.full_clean()
        side.save()
    return proposal, asked


def refuse_if_stale(cohort: Cohort, run: MatchRun | None) -> MatchRun:
    if run is None or run.status != RunStatus.DONE:
        raise ValidationError(_("Run the matching first."), code="no_run")
    if is_stale(run):
        raise ValidationError(
            _(
                "The matching changed after the last run (a lock, a forbidden pair, a swap, "
                "a hand-made pair, a person left out, a setting, a withdrawal or a decision), "
                "so its pairs may no longer hold. Run the matching again."
            ),
            code="stale",
        )
    return run


def check_sendable(cohort: Cohort) -> MatchRun:
    """The run whose proposals may go out now, or a ValidationError: only while matching
    or in a second round, and never a stale run (the preview asks this too)."""
    if cohort.status != CohortStatus.MATCHING and not is_second_round(cohort):
        raise ValidationError(_("Proposals can be sent while matching only."), code="status")
    return refuse_if_stale(cohort, latest_done_run(cohort))


@transaction.atomic
def send_proposals(*, cohort: Cohort, token: str, by: User | None) -> Mailing:
    """Send the proposals she previewed (``token``, from ``proposal_mailing``): every pair
    of the latest run that has no open proposal yet; returns the batch.

    The cohort row is locked, so two coordinators confirming at once send one set. Refused
    (``ValidationError``, nothing sent) unless matching, when the latest run is stale (a
    lock, forbid, swap, hand-made pair, removal, setting, withdrawal or decision changed
    since), and (``MailingRefused``) when the list changed since the preview or was already
    sent. A pair that may no longer be proposed (forbidden, declined, an avoided earlier
    pair) is never sent.

    Side effects: a ``Proposal`` with two ``ProposalSide`` rows per pair; an email with a
    personal link to each person asked now (``selectors.mailings.roles_asked_first``), after commit,
    logged in the batch; an activity-log row.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    run = check_sendable(cohort)
    sent = [_new_proposal(cohort, run, item, by) for item in pairs_to_propose(cohort, run)]
    emails = [
        proposal_email(
            cohort=cohort,
            run=run,
            mentee=proposal.mentee_application,
            mentor=proposal.mentor_application,
            role=side.role,
            answer_path=answer_path(side),
        )
        for proposal, asked in sent
        for side in asked
    ]
    mailing = send_mailing(proposal_plan(cohort, emails, by), token=token, by=by)
    log_activity(
        actor=by,
        action="matching.send",
        target=cohort,
        data={
            "run": str(run.code),
            "proposals": [str(p.code) for p, _asked in sent],
            "mailing": str(mailing.code),
        },
    )
    return mailing


@transaction.atomic
def withdraw_open_proposals(
    *, cohort: Cohort, mentee: Application, mentor: Application, by: User | None
) -> int:
    """Withdraw the pending or accepted proposal of this pair (the pair was forbidden).

    Side effects: the proposal is withdrawn (its links say it is no longer open); each
    person already asked gets an email saying so, in her language; an activity-log row.
    """
    proposals = list(
        Proposal.objects.select_for_update(of=("self",))
        .filter(
            cohort=cohort,
            mentee_application=mentee,
            mentor_application=mentor,
            status__in=OPEN_STATUSES,
        )
        .order_by("pk")
    )
    for proposal in proposals:
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        sides = proposal.sides.filter(asked_at__isnull=False).select_related("person__user")
        for side in sides.order_by("role"):
            _tell_withdrawn(proposal, side)
        log_activity(actor=by, action="matching.proposal_withdraw", target=proposal)
    return len(proposals)


def _tell_withdrawn(proposal: Proposal, side: ProposalSide) -> None:
    partner_app = (
        proposal.mentor_application if side.role == "mentee" else proposal.mentee_application
    )
    user = side.person.user
    send_templated_email(
        to=user.email,
        template_prefix="matching/email/proposal_withdrawn",
        context={
            "name": user.get_short_name(),
            "cohort": proposal.cohort,
            "partner_name": partner_app.person.name,
        },
        language=user.language,
    )


@transaction.atomic
def answer_proposal(*, side: ProposalSide, answer: str, reason: str) -> ProposalSide:
    """Record one person's approval or decline. A second answer changes nothing.

    Approving in a senior-first kind asks the other person; both approving accepts the
    proposal; a decline ends it (both return to the pool, and the pair is forbidden in
    later runs) and emails each coordinator of the initiative, without the reason.
    """
    proposal = Proposal.objects.select_for_update().get(pk=side.proposal_id)
    side = ProposalSide.objects.select_related("person__user").get(pk=side.pk)
    if side.answer or proposal.status != ProposalStatus.PENDING:
        return side
    if answer not in (SideAnswer.APPROVED, SideAnswer.DECLINED):
        raise ValidationError(_("Approve or decline."), code="invalid")
    if answer == SideAnswer.DECLINED and not reason.strip():
        raise ValidationError({"reason": _("Please tell us briefly why.")}, code="reason")
    side.answer = answer
    side.reason = reason.strip()
    side.answered_at = timezone.now()
    side.save(update_fields=["answer", "reason", "answered_at", "updated_at"])
    others = list(proposal.sides.select_related("person__user").exclude(pk=side.pk))
    if answer == SideAnswer.DECLINED:
        proposal.status = ProposalStatus.DECLINED
    elif all(o.answer == SideAnswer.APPROVED for o in others):
        proposal.status = ProposalStatus.ACCEPTED
    else:
        for other in others:
            if other.asked_at is None:
                other.asked_at = timezone.now()
                other.save(update_fields=["asked_at", "updated_at"])
                _ask(other)
    proposal.save(update_fields=["status", "updated_at"])
    if proposal.status == ProposalStatus.DECLINED:
        _tell_coordinators_of_decline(proposal, side)
    log_activity(
        actor=side.person.user,
        action="matching.proposal_answer",
        target=proposal,
        data={"role": side.role, "answer": answer},
    )
    return side


@transaction.atomic
def send_proposal_reminders(*, now: dt.datetime | None = None) -> int:
    """One reminder per unanswered side, ``proposal_reminder_days`` after it was asked: per
    cohort one batch with a send log (``core.mailings.send_scheduled_mailing``), built by
    the same plan as the coordinator's preview of the next batch."""
    now = now or timezone.now()
    locked = sides_to_remind().select_for_update(of=("self",)).order_by("pk")
    cohort_ids = sorted({side.proposal.cohort_id for side in locked})
    sent = 0
    for cohort in Cohort.objects.filter(pk__in=cohort_ids).select_related("initiative"):
        sides = list(sides_due(cohort, now=now))
        if not sides:
            continue
        ProposalSide.objects.filter(pk__in=[s.pk for s in sides]).update(
            reminded_at=now, updated_at=now
        )
        send_scheduled_mailing(reminder_plan(cohort, sides))
        for side in sides:
            log_activity(
                actor=None,
                action="matching.proposal_remind",
                target=side.proposal,
                data={"role": side.role},
            )
        sent += len(sides)
    return sent


@transaction.atomic
def withdraw_proposals_of_leaver(*, person: Person, by: User | None) -> list[Proposal]:
    """Withdraw the open proposals (waiting for answers, or accepted by both) of ``person``,
    who has left the programme (her account deleted, her data erased).

    Side effects: each proposal withdrawn, an activity row; after commit, a kind email to the
    other person if she had been asked (it does not name the one who left), and one to each
    coordinator of the initiative (no names). Her application no longer counts as eligible,
    so the latest matching run is stale and the coordinator runs the matching again.
    """
    mine = Q(mentee_application__person=person) | Q(mentor_application__person=person)
    proposals = list(
        Proposal.objects.select_for_update(of=("self",))
        .filter(mine, status__in=OPEN_STATUSES)
        .select_related("cohort__initiative")
        .order_by("pk")
    )
    for proposal in proposals:
        proposal.status = ProposalStatus.WITHDRAWN
        proposal.save(update_fields=["status", "updated_at"])
        log_activity(
            actor=by, action="matching.proposal_withdraw", target=proposal, data={"left": True}
        )
        others = proposal.sides.select_related("person__user").exclude(person=person)
        for side in others.filter(asked_at__isnull=False):
            user = side.person.user
            send_templated_email(
                to=user.email,
                template_prefix="matching/email/proposal_partner_left",
                context={"name": user.get_short_name(), "cohort": proposal.cohort},
                language=user.language,
            )
        _tell_coordinators_of_withdrawal(proposal)
    return proposals


def _tell_coordinators_of_withdrawal(proposal: Proposal) -> None:
    cohort = proposal.cohort
    path = reverse("matching:cohort", args=[cohort.code])
    for coordinator in cohort.initiative.coordinators.filter(is_active=True).order_by("pk"):
        send_templated_email(
            to=coordinator.email,
            template_prefix="matching/email/proposal_withdrawn_coordinator",
            context={"name": coordinator.get_short_name(), "cohort": cohort, "matching_path": path},
            language=coordinator.language,
        )
