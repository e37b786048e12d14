"""Accepting a waitlisted applicant later, when a place opens (issue "When the plan changes").

She is told at once, in her language (one person: no mass-email preview), and her
application counts as accepted: she is in the matching pool of the programme year, so a
run made before is stale and the next round (a second round, once the pairs are
published) includes her.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application
from brobygger.applications.signals import matching_pool_changed
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.programs.selectors import reply_address

if TYPE_CHECKING:
    from brobygger.people.models import User

PLACE_OPENED_EMAIL = "applications/email/waitlist_accepted"


@transaction.atomic
def accept_from_waitlist(*, application: Application, by: User) -> Application:
    """Accept a waitlisted applicant of ``application.cohort`` now and tell her.

    Refused (``ValidationError``, nothing changed, nothing sent) unless the application is
    submitted, not withdrawn, waitlisted and its person not erased: a second click finds
    it accepted already. Side effects: the decision (accepted, released now: she is told
    here, not in the next release of decisions); the matching pool changed signal; one
    email after commit; an activity-log row.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("cohort__initiative", "person__user")
        .get(pk=application.pk)
    )
    if (
        application.status != ApplicationStatus.SUBMITTED
        or application.withdrawn_at is not None
        or application.decision != Decision.WAITLISTED
        or application.person.erased_at is not None
    ):
        raise ValidationError(
            _("%(name)s is not on the waitlist of this programme year.")
            % {"name": application.person},
            code="not_waitlisted",
        )
    now = timezone.now()
    application.decision = Decision.ACCEPTED
    application.decided_by = by
    application.decided_at = now
    application.decision_released_at = now
    application.full_clean()
    application.save()
    matching_pool_changed.send(sender=Application, cohort_id=application.cohort_id)
    cohort = application.cohort
    user = application.person.user
    reply_to = reply_address(cohort, by)
    send_templated_email(
        to=user.email,
        template_prefix=PLACE_OPENED_EMAIL,
        context={
            "name": user.get_short_name(),
            "cohort": cohort,
            "cohort_path": reverse("programs:cohort-detail", args=[cohort.code]),
        },
        language=user.language,
        recipient=user,
        reply_to=[reply_to] if reply_to else None,
    )
    log_activity(
        actor=by,
        action="application.accept_from_waitlist",
        target=application,
        data={"decision": Decision.ACCEPTED},
    )
    return application
