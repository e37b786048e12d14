"""A coordinator's message: a mass email (``core.mailings``) she previewed and confirmed, kept
in the cohort's message log with its send log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from brobygger.core.mailings import send_mailing
from brobygger.core.services import log_activity
from brobygger.gatherings.models import Gathering
from brobygger.pairs.models import Message, Pair
from brobygger.pairs.selectors.messages import message_mailing
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def send_message(
    *,
    cohort: Cohort,
    cohorts: Sequence[Cohort],
    audience: str,
    subject: str,
    body: str,
    token: str,
    by: User,
    role: str = "",
    gathering: Gathering | None = None,
    pair: Pair | None = None,
) -> Message:
    """Send the message she previewed (``token``, from ``message_mailing``) and keep it.

    The cohort row is locked, so two confirms of one preview send once; a recipient list
    changed since the preview is refused (``MailingRefused``), nothing sent or stored.
    """
    cohort = (
        Cohort.objects.select_related("initiative", "contact")
        .select_for_update(of=("self",))
        .get(pk=cohort.pk)
    )
    cohorts = list(cohorts) or [cohort]
    plan = message_mailing(
        cohort=cohort,
        cohorts=cohorts,
        audience=audience,
        role=role,
        gathering=gathering,
        pair=pair,
        subject=subject,
        body=body,
        by=by,
    )
    mailing = send_mailing(plan, token=token, by=by)
    message = Message(
        cohort=cohort,
        audience=audience,
        role=role,
        gathering=gathering,
        pair=pair,
        subject=subject.strip(),
        body=body.strip(),
        sent_by=by,
        recipient_count=plan.count,
        mailing=mailing,
    )
    message.full_clean()
    message.save()
    message.cohorts.set(cohorts)
    log_activity(
        actor=by,
        action="cohort.message.send",
        target=message,
        data={"audience": audience, "recipients": plan.count, "mailing": str(mailing.code)},
    )
    return message
