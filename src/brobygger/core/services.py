"""Writes shared by every app: the activity log and outgoing email.

Every email the platform sends leaves through :func:`deliver`, and every stored one is
recorded by :func:`send_email_on_commit`: both drop the address of an erased person, so
nothing is ever sent to one, whoever the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from email.message import MIMEPart
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation

from brobygger.core.models import ActivityLog, Mailing, SentEmail
from brobygger.core.outbox import emails_held

#: An erased person's account keeps a placeholder address in this domain (``.invalid`` is
#: reserved: it never reaches anyone). No email is ever sent to it.
ERASED_EMAIL_DOMAIN = "erased.invalid"


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


def is_erased_address(address: str) -> bool:
    """Whether ``address`` is an erased person's placeholder address."""
    return address.strip().lower().endswith(f"@{ERASED_EMAIL_DOMAIN}")


def deliverable(addresses: Iterable[str]) -> list[str]:
    """``addresses`` without the empty ones and those of erased people: the one check."""
    return [address for address in addresses if address and not is_erased_address(address)]


def deliver(message: EmailMessage) -> int:
    """Send ``message`` now: the only place the platform hands an email to the mail server.

    Erased people's addresses are dropped from every recipient field; with nobody left,
    nothing is sent (0).
    """
    message.to = deliverable(message.to)
    message.cc = deliverable(message.cc)
    message.bcc = deliverable(message.bcc)
    if not message.recipients():
        return 0
    return message.send()


def calendar_method(ics: bytes) -> str:
    """The ``METHOD`` of an .ics file (``PUBLISH`` when it names none)."""
    for line in ics.decode().splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    return "PUBLISH"


def attach_calendar(message: EmailMessage, ics: bytes, filename: str = "") -> None:
    """Attach an .ics file as calendar programs expect it: ``text/calendar`` with the
    ``method`` its ``METHOD`` names (``REQUEST``: a new or changed event, ``CANCEL``: a
    cancelled one) and ``charset=UTF-8``, as Outlook wants it, and its bytes untouched
    (base64), so the CRLF line endings RFC 5545 requires survive (a text attachment would
    have them turned into bare LF)."""
    method = calendar_method(ics)
    part = MIMEPart()
    part.set_content(
        ics,
        maintype="text",
        subtype="calendar",
        cte="base64",
        disposition="attachment",
        filename=filename or ("cancel.ics" if method == "CANCEL" else "invite.ics"),
        params={"method": method, "charset": "UTF-8"},
    )
    message.attach(part)


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
    reply_to: list[str] | None = None,
    calendar: bytes = b"",
) -> SentEmail:
    """Store an outgoing email; its recipient is the account with that address, if any.

    ``calendar``: an .ics file (its ``METHOD`` says invitation, update or cancellation),
    attached when the email is sent."""
    if recipient is None and len(to) == 1:
        recipient = get_user_model().objects.filter(email__iexact=to[0]).first()
    return SentEmail.objects.create(
        recipient=recipient,
        to="\n".join(to),
        reply_to="\n".join(address for address in reply_to or [] if address),
        subject=subject[:300],
        body=body,
        html=html or "",
        template=template,
        keep_body=keep_body,
        mailing=mailing,
        calendar=calendar.decode(),
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
    reply_to: list[str] | None = None,
    calendar: bytes = b"",
) -> SentEmail | None:
    """Store an already rendered email now; enqueue sending it once the transaction commits.

    The task gets the stored email's id only. ``keep_body=False`` clears the body after
    sending (for emails carrying a secret such as a sign-in code). An erased person's address
    is dropped; an email to nobody else is neither stored nor sent. ``reply_to``: where the
    recipient's reply goes (e.g. the coordinator who wrote a message). Inside
    ``core.outbox.hold_emails`` the email is stored marked failed, with the reason, and
    never queued.
    """
    from brobygger.core.tasks import send_email

    to = deliverable(to)
    if not to:
        return None
    held = emails_held()
    email = record_email(
        to=to,
        subject=subject,
        body=body,
        html=html,
        template=template,
        keep_body=keep_body,
        mailing=mailing,
        recipient=recipient,
        reply_to=reply_to,
        calendar=calendar,
    )
    if held:  # stored, never sent (``core.outbox.hold_emails``), said in the site's language
        email.failed_at = timezone.now()
        email.held_back = True
        with translation.override(settings.LANGUAGE_CODE):
            email.error = str(held)[:300]  # why (the send log says "Not sent" beside it)
        email.save(update_fields=["failed_at", "held_back", "error"])
        return email
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email


# -- moving every reference from one row to another (merging duplicates) -----------------


def _references(model: type[models.Model]) -> Iterator[models.ForeignObjectRel]:
    """Every foreign key and one-to-one field pointing at ``model``, hidden ones included
    (``related_name="+"``, and the rows of many-to-many tables)."""
    for relation in model._meta.get_fields(include_hidden=True):
        if isinstance(relation, models.ForeignObjectRel) and not relation.many_to_many:
            yield relation


def _unique_sets(relation: models.ForeignObjectRel) -> Iterator[tuple[list[str], Q | None]]:
    """The uniqueness rules of the referring model that include the referring field: the
    other fields of each rule, and its condition."""
    field, meta = relation.field, relation.related_model._meta
    if field.unique:
        yield [], None
    for names in meta.unique_together:
        if field.name in names:
            yield [name for name in names if name != field.name], None
    for constraint in meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and field.name in fields:
            yield [name for name in fields if name != field.name], constraint.condition


def _clashing(relation: models.ForeignObjectRel, source: models.Model, target: models.Model) -> Q:
    """The source's referring rows that would break a uniqueness rule once moved to target."""
    field, manager = relation.field, relation.related_model._base_manager
    clash = Q(pk__in=[])
    for others, condition in _unique_sets(relation):
        mine = manager.filter(**{field.name: source}).filter(condition or Q())
        theirs = manager.filter(**{field.name: target}).filter(condition or Q())
        if not others:
            if theirs.exists():
                clash |= Q(pk__in=mine.values("pk"))
            continue
        taken = {values for values in theirs.values_list(*others) if None not in values}
        for pk, *values in mine.values_list("pk", *others):
            if tuple(values) in taken:
                clash |= Q(pk=pk)
    return clash


def reference_conflicts(
    source: models.Model, target: models.Model, *, skip: tuple[str, ...] = ()
) -> list[str]:
    """What moving every reference from ``source`` to ``target`` would duplicate against a
    uniqueness rule: the names of the kinds of rows, empty when nothing would. Rows of a
    many-to-many table (a coordinator of the same initiative twice) are not conflicts: the
    duplicate row is dropped. ``skip`` names referring fields (``"app.Model.field"``) left
    out."""
    found: list[str] = []
    for relation in _references(type(source)):
        meta = relation.related_model._meta
        if meta.auto_created or f"{meta.label}.{relation.field.name}" in skip:
            continue
        if relation.related_model._base_manager.filter(
            _clashing(relation, source, target)
        ).exists():
            name = str(meta.verbose_name)
            if name not in found:
                found.append(name)
    return found


def move_references(
    source: models.Model, target: models.Model, *, skip: tuple[str, ...] = ()
) -> dict[str, int]:
    """Point every foreign key that names ``source`` at ``target`` instead (check
    :func:`reference_conflicts` first). Returns the number of rows moved per referring
    field, the ones that moved any."""
    moved: dict[str, int] = {}
    for relation in _references(type(source)):
        model, field = relation.related_model, relation.field
        label = f"{model._meta.label}.{field.name}"
        if label in skip:
            continue
        if model._meta.auto_created:  # a many-to-many row the target already has goes
            model._base_manager.filter(_clashing(relation, source, target)).delete()
        count = model._base_manager.filter(**{field.name: source}).update(**{field.name: target})
        if count:
            moved[label] = count
    return moved
