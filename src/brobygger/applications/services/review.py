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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application, Review
from brobygger.applications.selectors.review import DECIDED, unreleased_decisions
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.matching.services.inputs import mark_matching_inputs_changed
from brobygger.programs.kinds import KIND_DEFAULTS
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
        mark_matching_inputs_changed(cohort=application.cohort_id)
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


DECISION_TEMPLATES: dict[str, str] = {
    Decision.ACCEPTED: "applications/email/decision_accepted",
    Decision.WAITLISTED: "applications/email/decision_waitlisted",
    Decision.REJECTED: "applications/email/decision_rejected",
}


@transaction.atomic
def release_decisions(*, cohort: Cohort, by: User) -> int:
    """Send every decided, not yet released decision of ``cohort``; returns how many.

    Side effects: one email per application, rendered in the applicant's language and
    sent after commit; ``decision_released_at`` set; one activity-log row for the
    release. Replaying it sends nothing twice: released applications are skipped.
    """
    queue = list(
        unreleased_decisions(cohort)
        .select_for_update()
        .select_related("person__user", "cohort__initiative")
        .order_by("pk")
    )
    now = timezone.now()
    for application in queue:
        _send_decision(application)
        application.decision_released_at = now
        application.save(update_fields=["decision_released_at", "updated_at"])
    log_activity(
        actor=by,
        action="cohort.release_decisions",
        target=cohort,
        data={"count": len(queue), "applications": [str(a.code) for a in queue]},
    )
    return len(queue)


def _send_decision(application: Application) -> None:
    user = application.person.user
    cohort = application.cohort
    send_templated_email(
        to=user.email,
        template_prefix=DECISION_TEMPLATES[application.decision],
        context={
            "name": user.get_short_name(),
            "cohort": cohort,
            "role": _role_label(application),
            "cohort_path": reverse("programs:cohort-detail", args=[cohort.code]),
        },
        language=user.language,
    )


def _role_label(application: Application) -> object:
    """Lazy, so that it renders in the recipient's language."""
    defaults = KIND_DEFAULTS[application.cohort.initiative.kind]
    return defaults.mentor_label if application.role == "mentor" else defaults.mentee_label


@transaction.atomic
def record_sensitive_read(*, application: Application, by: User, questions: list[int]) -> None:
    """Audit that ``by`` opened sensitive answers of ``application`` (the audit log lists it)."""
    log_activity(
        actor=by,
        action="application.read_sensitive",
        target=application,
        data={"questions": questions},
    )
