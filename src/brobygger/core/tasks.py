"""Background tasks of the core app."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from brobygger.core.models import SentEmail
from brobygger.core.services import deliver


@task()
def send_email(*, email_id: int) -> int:
    """Send one stored, already rendered email (rendered in the recipient's language).

    Takes the id only, so the task's arguments and result hold no personal data. An email
    erased before it went out is not sent.
    """
    email = SentEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    if email is None:
        return 0
    message = EmailMultiAlternatives(subject=email.subject, body=email.body, to=email.addresses)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    sent = deliver(message)
    email.sent_at = timezone.now()
    fields = ["sent_at"]
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
