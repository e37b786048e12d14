"""A coordinator's message: recipients fixed when sent, each copy delivered once, in the
background, and the message kept in the cohort's message log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.gatherings.models import Gathering
from brobygger.pairs.models import Message, MessageDelivery, Pair
from brobygger.pairs.selectors.messages import recipients
from brobygger.pairs.tasks import deliver_message
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
    by: User,
    role: str = "",
    gathering: Gathering | None = None,
    pair: Pair | None = None,
) -> Message:
    """Store the message and one delivery per recipient; the worker sends them after commit."""
    cohorts = list(cohorts) or [cohort]
    people = recipients(
        cohorts=cohorts, audience=audience, role=role, gathering=gathering, pair=pair
    )
    if not people:
        raise ValidationError(_("Nobody would get this message."), code="no_recipients")
    message = Message(
        cohort=cohort,
        audience=audience,
        role=role,
        gathering=gathering,
        pair=pair,
        subject=subject.strip(),
        body=body.strip(),
        sent_by=by,
        recipient_count=len(people),
    )
    message.full_clean()
    message.save()
    message.cohorts.set(cohorts)
    MessageDelivery.objects.bulk_create(
        [MessageDelivery(message=message, person=person) for person in people]
    )
    log_activity(
        actor=by,
        action="cohort.message.send",
        target=message,
        data={"audience": audience, "recipients": len(people)},
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message_id=message.pk))
    return message


def deliver(*, message_id: int) -> int:
    """Send the copies not sent yet; safe to run twice or concurrently (each copy once)."""
    message = Message.objects.select_related("sent_by", "cohort__initiative").get(pk=message_id)
    pending = MessageDelivery.objects.filter(message=message, sent_at__isnull=True)
    sent = 0
    for delivery_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            delivery = (
                MessageDelivery.objects.select_for_update(skip_locked=True)
                .select_related("person__user")
                .filter(pk=delivery_id, sent_at__isnull=True)
                .first()
            )
            if delivery is None:
                continue
            user = delivery.person.user
            send_templated_email(
                to=user.email,
                template_prefix="pairs/email/message",
                context={"name": user.get_short_name(), "message": message},
                language=user.language,
            )
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            sent += 1
    return sent
