"""Background tasks of the core app."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, html: str | None = None) -> int:
    """Send one rendered email. Rendering happens before enqueueing, in the recipient's language."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
