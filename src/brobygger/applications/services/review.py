"""Writes of the coordinator's side: scores, decisions, releasing decision emails.

Decisions are queued, not sent: an application with a decision and no
``decision_released_at`` waits for :func:`release_decisions`. Changing a decision after
it was released clears ``decision_released_at``, so the next release sends the new
decision (and only that one); editing only the reason of a released decision sends
nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application, Review
from brobygger.applications.selectors.review import (
    DECIDED,
    decision_mailing,
    decisions_window_open,
    unreleased_decisions,
)
from brobygger.applications.signals import matching_pool_changed
from brobygger.core.mailings import send_mailing
from brobygger.core.models import Mailing
from brobygger.core.services import log_activity
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


def _refuse_unless_submitted(application: Application) -> None:
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("%(name)s’s application is %(status)s and cannot be reviewed or decided.")
            % {
                "name": application.person,
                "status": application.get_status_display().lower(),
            },
            code="not_decidable",
        )


@transaction.atomic
def score_application(*, application: Application, score: int, comment: str, by: User) -> Review:
    """Record (or change) ``by``'s score 1–5 and comment on ``application``."""
    _refuse_unless_submitted(application)
    review = Review.objects.filter(application=application, reviewer=by).first()
    review = review or Review(application=application, reviewer=by)
    review.score = score
    review.comment = comment
    review.full_clean()
    review.save()
    log_activity(actor=by, action="application.score", target=application, data={"score": score})
    return review


def _decide(application: Application, decision: str, reason: str, by: User) -> Application:
    if decision not in DECIDED:
        raise ValidationError(_("Choose accept, waitlist or reject."), code="invalid_decision")
    if application.decision != decision:
        application.decision_released_at = None  # the new decision waits for the next release
    if (application.decision == Decision.ACCEPTED) != (decision == Decision.ACCEPTED):
        # who is matched changes: the cohort's latest matching run is stale
        matching_pool_changed.send(sender=Application, cohort_id=application.cohort_id)
    application.decision = decision
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def decide_application(
    *, application: Application, decision: str, reason: str, by: User
) -> Application:
    """Accept, waitlist or reject one submitted application; the email waits for release."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _refuse_unless_submitted(application)
    _decide(application, decision, reason, by)
    log_activity(
        actor=by, action="application.decide", target=application, data={"decision": decision}
    )
    return application


@transaction.atomic
def decide_applications(
    *, cohort: Cohort, applications: Sequence[Application], decision: str, reason: str, by: User
) -> list[Application]:
    """The same decision for several applications of ``cohort``: all or nothing.

    Raises ``ValidationError`` naming every application that cannot be decided
    (withdrawn, not submitted, or of another cohort); then nothing is changed.
    """
    if not applications:
        raise ValidationError(_("Select at least one application."), code="empty")
    locked = list(
        Application.objects.select_for_update()
        .select_related("person__user")
        .filter(pk__in=[a.pk for a in applications])
        .order_by("pk")
    )
    refused = [
        a for a in locked if a.cohort_id != cohort.pk or a.status != ApplicationStatus.SUBMITTED
    ]
    if refused:
        raise ValidationError(
            _("Nothing was changed. These applications cannot be decided: %(names)s.")
            % {"names": ", ".join(f"{a.person} ({a.get_status_display()})" for a in refused)},
            code="not_decidable",
        )
    for application in locked:
        _decide(application, decision, reason, by)
        log_activity(
            actor=by,
            action="application.decide",
            target=application,
            data={"decision": decision, "bulk": True},
        )
    return locked


@transaction.atomic
def release_decisions(
    *, cohort: Cohort, token: str, by: User, window_confirmed: bool = False
) -> Mailing:
    """Send the decision emails she previewed (``token``: the preview's signed recipient
    list); returns the batch, whose send log shows each email.

    The cohort row is locked, so two coordinators confirming at once send one set. Refused
    (``ValidationError``, nothing sent) while the application deadline has not passed
    unless ``window_confirmed``, and when the list changed since the preview (a decision
    changed, an applicant withdrew). Side effects: one email per application, rendered in
    the applicant's language and sent after commit; ``decision_released_at`` set; one
    activity-log row for the release.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    if decisions_window_open(cohort) and not window_confirmed:
        raise ValidationError(
            _(
                "The application deadline has not passed yet. Confirm that you want to send "
                "the decisions anyway."
            ),
            code="window_open",
        )
    queue = list(unreleased_decisions(cohort).select_for_update().order_by("pk"))
    plan = decision_mailing(cohort, by)
    mailing = send_mailing(plan, token=token, by=by)
    Application.objects.filter(pk__in=[a.pk for a in queue]).update(
        decision_released_at=timezone.now(), updated_at=timezone.now()
    )
    log_activity(
        actor=by,
        action="cohort.release_decisions",
        target=cohort,
        data={
            "count": len(queue),
            "applications": [str(a.code) for a in queue],
            "mailing": str(mailing.code),
        },
    )
    return mailing


@transaction.atomic
def record_sensitive_read(*, application: Application, by: User, questions: list[int]) -> None:
    """Audit that ``by`` opened sensitive answers of ``application`` (the audit log lists it)."""
    log_activity(
        actor=by,
        action="application.read_sensitive",
        target=application,
        data={"questions": questions},
    )
