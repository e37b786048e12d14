"""Publish a cohort's accepted proposals as pairs: once, atomically, race-safe."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.matching.models import Proposal, ProposalStatus
from brobygger.matching.reasons import lazy_role_label
from brobygger.matching.selectors.instance import eligible_applications
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.matching.services.proposals import refuse_if_stale
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def publish_pairs(*, cohort: Cohort, by: User | None) -> list[Pair]:
    """Turn every accepted proposal of ``cohort`` into a :class:`Pair`, in one transaction.

    The cohort row is locked first and its status checked, so a double click, a second
    coordinator or a replayed request finds the cohort already published and changes
    nothing. Refused when the latest run is stale (see ``refuse_if_stale``).

    Side effects: pairs created; proposals marked published (still pending ones withdrawn);
    the cohort moves to published ("matched, starts on …"), and on to running if its
    kickoff day has already come (otherwise ``start_programme_years`` moves it that day);
    a "you are matched" email to both people of each pair, after commit; an activity-log row.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    if cohort.status != CohortStatus.MATCHING:
        raise ValidationError(
            _("The pairs of this programme year are already published."),
            code="already_published",
        )
    refuse_if_stale(cohort, latest_done_run(cohort))
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
    eligible = set(eligible_applications(cohort).values_list("pk", flat=True))
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
    now = timezone.now()
    pairs = [_publish_one(proposal, now, by) for proposal in accepted]
    withdrawn = Proposal.objects.filter(cohort=cohort, status=ProposalStatus.PENDING).update(
        status=ProposalStatus.WITHDRAWN, updated_at=now
    )
    change_cohort_status(cohort=cohort, to=CohortStatus.PUBLISHED, by=by)
    if cohort.kickoff_on <= timezone.localdate():
        change_cohort_status(cohort=cohort, to=CohortStatus.RUNNING, by=by)
    log_activity(
        actor=by,
        action="matching.publish",
        target=cohort,
        data={"pairs": [str(p.code) for p in pairs], "withdrawn_proposals": withdrawn},
    )
    return pairs


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
    _tell(pair, "mentee")
    _tell(pair, "mentor")
    return pair


def _tell(pair: Pair, role: str) -> None:
    me, partner = (pair.mentee, pair.mentor) if role == "mentee" else (pair.mentor, pair.mentee)
    user = me.user
    kind = pair.cohort.kind
    send_templated_email(
        to=user.email,
        template_prefix="matching/email/matched",
        context={
            "name": user.get_short_name(),
            "cohort": pair.cohort,
            "role": lazy_role_label(kind, role),
            "books_first_meeting": role == "mentee",
            "partner_name": partner.name,
            "partner_role": lazy_role_label(kind, "mentor" if role == "mentee" else "mentee"),
            "pair_path": reverse("pairs:pair-detail", args=[pair.code]),
        },
        language=user.language,
    )
