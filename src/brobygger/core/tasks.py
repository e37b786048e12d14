"""Background tasks of the core app."""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from brobygger.core.models import SentEmail
from brobygger.core.outbox import claim_email
from brobygger.core.services import attach_calendar, deliver

logger = logging.getLogger(__name__)


@task()
def send_email(*, email_id: int) -> int:
    """Send one stored, already rendered email (rendered in the recipient's language).

    Takes the id only, so the task's arguments and result hold no personal data. An email
    erased before it went out is not sent. A refusal by the mail server is recorded on the
    row (``failed_at``, a short ``error``, shown in the send log), not lost.
    """
    if not claim_email(email_id):
        return 0  # sent, or another task is sending it right now
    email = SentEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    if email is None:
        return 0
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=email.addresses,
        reply_to=email.reply_to_addresses or None,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    if email.calendar:
        attach_calendar(message, email.calendar.encode())
    try:
        sent = deliver(message)
    except Exception as error:  # the network edge: SMTP refusals, timeouts, DNS
        email.failed_at = timezone.now()
        email.error = f"{type(error).__name__}: {error}"[:300]
        email.save(update_fields=["failed_at", "error"])
        logger.warning("Email %s failed: %s", email.pk, email.error)
        return 0
    email.sent_at = timezone.now()
    email.failed_at = None
    email.error = ""
    fields = ["sent_at", "failed_at", "error"]
    if not email.keep_body:
        email.body = email.html = ""
        fields += ["body", "html"]
    email.save(update_fields=fields)
    return sent


@task()
def run_scheduled_job(*, run_id: int) -> str:
    """One claimed slot of a scheduled job (``core.scheduler.tick`` queues it)."""
    from brobygger.core.scheduler import execute

    return execute(run_id)
