"""Publish a cohort's accepted proposals as pairs: once, atomically, race-safe."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.mailings import send_mailing
from brobygger.core.services import log_activity
from brobygger.matching.models import Proposal, ProposalStatus
from brobygger.matching.selectors.instance import is_second_round, matching_pool
from brobygger.matching.selectors.mailings import matched_email, publish_plan
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.matching.services.proposals import refuse_if_stale
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.core.models import Mailing
    from brobygger.people.models import User


def check_publishable(cohort: Cohort) -> None:
    """A ValidationError unless the pairs may be published now: while matching, or in a
    second round while the year is published or running (a second publication of the same
    proposals finds nothing accepted left); never from a stale run (the preview asks too)."""
    already = cohort.status != CohortStatus.MATCHING and not is_second_round(cohort)
    if is_second_round(cohort):
        # a second round publishes accepted proposals only: none left, nothing new
        accepted = Proposal.objects.filter(cohort=cohort, status=ProposalStatus.ACCEPTED)
        already = not accepted.exists()
    if already:
        raise ValidationError(
            _("The pairs of this programme year are already published."),
            code="already_published",
        )
    refuse_if_stale(cohort, latest_done_run(cohort))


@transaction.atomic
def publish_pairs(
    *, cohort: Cohort, token: str, by: User | None, now: dt.datetime | None = None
) -> tuple[list[Pair], Mailing]:
    """Turn every accepted proposal of ``cohort`` into a :class:`Pair`, in one transaction,
    and send the "you are matched" emails she previewed (``token``, from
    ``publish_mailing``); returns the pairs and the batch.

    The cohort row is locked first and its status checked, so a double click, a second
    coordinator or a replayed request finds the cohort already published and changes
    nothing. Refused (``ValidationError``, nothing changed, nothing sent) when the latest
    run is stale (see ``refuse_if_stale``), and (``MailingRefused``) when the list of
    accepted proposals changed since the preview.

    Side effects: pairs created; proposals marked published (still pending ones withdrawn);
    the cohort moves to published ("matched, starts on …"), and on to running if its
    kickoff day has already come (otherwise ``start_programme_years`` moves it that day);
    a "you are matched" email to both people of each pair, after commit, logged in the
    batch; an activity-log row. In a second round (the year already published or running)
    only the new pairs are created and emailed; the status stays, unanswered proposals
    stay open, and the published pairs are never read or written (their people are not in
    the matching pool, so none of their proposals can be accepted now). ``now``: when she
    publishes (the demo's story; otherwise the clock).
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    check_publishable(cohort)
    accepted = list(
        Proposal.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=ProposalStatus.ACCEPTED)
        .select_related(
            "mentee_application__person__user",
            "mentor_application__person__user",
            "mentee_application__person__company",
            "mentor_application__person__company",
        )
        .order_by("pk")
    )
    if not accepted:
        raise ValidationError(
            _("No proposal has been accepted by both people yet."), code="nothing_accepted"
        )
    eligible = set(matching_pool(cohort).values_list("pk", flat=True))
    gone = [
        p for p in accepted if not {p.mentee_application_id, p.mentor_application_id} <= eligible
    ]
    if gone:
        raise ValidationError(
            _(
                "An applicant of an accepted proposal is no longer accepted. "
                "Run the matching again."
            ),
            code="stale",
        )
    now = now or timezone.now()
    for proposal in accepted:
        proposal.cohort = cohort
    pairs = [_publish_one(proposal, now, by) for proposal in accepted]
    emails = [
        matched_email(proposal, role, pair_path=reverse("pairs:pair-detail", args=[pair.code]))
        for proposal, pair in zip(accepted, pairs, strict=True)
        for role in ("mentee", "mentor")
    ]
    mailing = send_mailing(publish_plan(cohort, emails, by), token=token, by=by)
    second_round = is_second_round(cohort)
    withdrawn = 0
    if not second_round:
        # a second round leaves its unanswered proposals open: they may be published later
        withdrawn = Proposal.objects.filter(cohort=cohort, status=ProposalStatus.PENDING).update(
            status=ProposalStatus.WITHDRAWN, updated_at=now
        )
        change_cohort_status(cohort=cohort, to=CohortStatus.PUBLISHED, by=by)
        if cohort.kickoff_on <= timezone.localdate(now):
            change_cohort_status(cohort=cohort, to=CohortStatus.RUNNING, by=by)
    log_activity(
        actor=by,
        action="matching.publish",
        target=cohort,
        data={
            "pairs": [str(p.code) for p in pairs],
            "withdrawn_proposals": withdrawn,
            "second_round": second_round,
            "mailing": str(mailing.code),
        },
    )
    return pairs, mailing


def _publish_one(proposal: Proposal, now: dt.datetime, by: User | None) -> Pair:
    mentee_app, mentor_app = proposal.mentee_application, proposal.mentor_application
    pair = Pair(
        cohort=proposal.cohort,
        mentee=mentee_app.person,
        mentor=mentor_app.person,
        mentee_application=mentee_app,
        mentor_application=mentor_app,
        score=proposal.score,
        published_at=now,
        published_by=by,
    )
    pair.full_clean()
    pair.save()
    proposal.status = ProposalStatus.PUBLISHED
    proposal.save(update_fields=["status", "updated_at"])
    return pair
