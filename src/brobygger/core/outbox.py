"""No email lost in a crash: every email is stored (``SentEmail``) before it is queued, and a
scheduled job sends those still unsent a few minutes later.

An email is queued after its transaction commits (``transaction.on_commit``). A process
killed between the commit and the queueing (or a lost task) leaves a stored, unsent email:
``send_unsent_emails`` (every 5 minutes, ``core/scheduled.py``) queues it again. The send
task first *claims* the row (``claimed_at``, one conditional UPDATE), so the original task
and a re-queued one never both send it; a claim older than ``CLAIM_EXPIRES`` (a task killed
mid-send) may be taken again.

**Held emails.** Inside :func:`hold_emails` (the demo loader, which plays a fictional story
through the services), an email is stored as usual but never queued: it is marked held back
with the reason (and failed, so neither the send task nor ``send_unsent_emails`` ever sends
it), and the send log shows what the product would have sent and that it was not. Emails a
service sends without storing them (a meeting's calendar invitation) are not queued either
(:func:`emails_held`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from brobygger.core.models import SentEmail

#: an unsent email is re-queued once it is this old (the normal path sends in seconds)
RESEND_AFTER = dt.timedelta(minutes=5)
#: a claim this old belongs to a task that died: the email may be taken again
CLAIM_EXPIRES = dt.timedelta(minutes=10)
#: older unsent emails are left alone (shown unsent in the send log): news of last week
#: is no news
RESEND_WITHIN = dt.timedelta(days=2)
#: emails carrying a secret (a sign-in code: ``keep_body=False``) are useless after this
SECRET_VALID_FOR = dt.timedelta(minutes=15)

#: why the emails stored now are held back ("": they are sent)
_held: ContextVar[str | Promise] = ContextVar("brobygger_emails_held", default="")


@contextmanager
def hold_emails(reason: str | Promise) -> Iterator[None]:
    """Every email stored inside is kept unsent for good, marked failed with ``reason``
    (shown in the send log, in the site's language: a lazily translated reason is); nothing
    is queued, now or after the transaction commits."""
    if not reason:
        raise ValueError("Say why the emails are held back.")
    token = _held.set(reason)
    try:
        yield
    finally:
        _held.reset(token)


def emails_held() -> str | Promise:
    """The reason the emails are held back now, or "" when they are sent."""
    return _held.get()


def _claimable(now: dt.datetime) -> Q:
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)


def claim_email(email_id: int, *, now: dt.datetime | None = None) -> bool:
    """Take the email for sending: True for exactly one caller while it is unsent."""
    now = now or timezone.now()
    taken = (
        SentEmail.objects.filter(pk=email_id, sent_at__isnull=True)
        .filter(_claimable(now))
        .update(claimed_at=now)
    )
    return taken == 1


def unsent_emails(*, now: dt.datetime) -> list[int]:
    """The stored emails a crash or a lost task left unsent (not failed: a refusal by the
    mail server is in the send log, for a person to look at)."""
    stale = SentEmail.objects.filter(
        sent_at__isnull=True,
        failed_at__isnull=True,
        created_at__lte=now - RESEND_AFTER,
        created_at__gte=now - RESEND_WITHIN,
    ).filter(_claimable(now))
    secret_too_old = Q(keep_body=False, created_at__lt=now - SECRET_VALID_FOR)
    return list(stale.exclude(secret_too_old).order_by("pk").values_list("pk", flat=True))


def send_unsent_emails(*, now: dt.datetime | None = None) -> int:
    """Queue the unsent emails again (the scheduled job); returns how many."""
    from brobygger.core.tasks import send_email

    ids = unsent_emails(now=now or timezone.now())
    for email_id in ids:
        send_email.enqueue(email_id=email_id)
    return len(ids)
