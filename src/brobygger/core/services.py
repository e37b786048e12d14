"""Writes shared by every app: the activity log and outgoing email."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from brobygger.core.models import ActivityLog, Mailing, SentEmail


def log_activity(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> ActivityLog:
    """Record that ``actor`` did ``action`` to ``target``. Call inside the service's transaction.

    ``ip_address`` is where the request came from, when a view passes it on.
    """
    has_actor = bool(getattr(actor, "pk", None))
    entry = ActivityLog(
        actor=actor if has_actor else None,
        actor_label=(getattr(actor, "email", "") or "")[:254] if has_actor else "",
        action=action,
        data=data or {},
        ip_address=ip_address or None,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def client_ip(request: Any) -> str | None:
    """The client's address as the web server saw it (the proxy sets ``REMOTE_ADDR``)."""
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or None


def record_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    template: str = "",
    keep_body: bool = True,
    mailing: Mailing | None = None,
    recipient: Any | None = None,
) -> SentEmail:
    """Store an outgoing email; its recipient is the account with that address, if any."""
    if recipient is None and len(to) == 1:
        recipient = get_user_model().objects.filter(email__iexact=to[0]).first()
    return SentEmail.objects.create(
        recipient=recipient,
        to="\n".join(to),
        subject=subject[:300],
        body=body,
        html=html or "",
        template=template,
        keep_body=keep_body,
        mailing=mailing,
    )


def send_email_on_commit(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    template: str = "",
    keep_body: bool = True,
    mailing: Mailing | None = None,
    recipient: Any | None = None,
) -> SentEmail:
    """Store an already rendered email now; enqueue sending it once the transaction commits.

    The task gets the stored email's id only. ``keep_body=False`` clears the body after
    sending (for emails carrying a secret such as a sign-in code).
    """
    from brobygger.core.tasks import send_email

    email = record_email(
        to=to,
        subject=subject,
        body=body,
        html=html,
        template=template,
        keep_body=keep_body,
        mailing=mailing,
        recipient=recipient,
    )
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email
