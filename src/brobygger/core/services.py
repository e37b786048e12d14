"""Writes shared by every app: the activity log and outgoing email."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from brobygger.core.models import ActivityLog


def log_activity(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that ``actor`` did ``action`` to ``target``. Call inside the service's transaction."""
    entry = ActivityLog(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def send_email_on_commit(
    *, to: list[str], subject: str, body: str, html: str | None = None
) -> None:
    """Enqueue an already rendered email once the surrounding transaction commits."""
    from brobygger.core.tasks import send_email

    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, body=body, html=html))
