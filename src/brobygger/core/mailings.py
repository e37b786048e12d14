"""Mass email she can trust: plan → preview → confirm → one batch → a send log per person.

An action that emails more than one person builds a :class:`MailingPlan` in its app (a
selector: who gets which template with which context). The preview page renders the plan
with :func:`preview_mailing`; its confirm form carries :attr:`MailingPlan.token`, a signed
fingerprint of the recipient list. On confirm, the action's service locks the object that
guards the action, rebuilds the plan and calls :func:`send_mailing`, which refuses when the
list changed since the preview and sends nothing twice. See docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from brobygger.core.emails import render_email, send_templated_email
from brobygger.core.models import Mailing, SentEmail
from brobygger.core.services import log_activity
from brobygger.core.wording import language_in_sentence, language_name

_SALT = "brobygger.mailing"


@dataclass(frozen=True)
class PlannedEmail:
    """One email of a plan: to whom, in which language, rendered from which template."""

    user: Any
    name: str
    address: str
    language: str
    template_prefix: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # What makes this email this email, beyond the recipient and the template (e.g. the
    # decision and when it was taken): a change to it changes the fingerprint.
    key: str = ""
    # What kind of email of the batch this is, for the preview's column and its samples
    # (a decision: "Offered a place"); empty when every email of the batch is alike.
    label: Any = field(default="", compare=False, hash=False)
    # An .ics file attached to the email (an invitation, update or cancellation).
    calendar: bytes = field(default=b"", compare=False, hash=False)

    @classmethod
    def to(cls, person: Any, **rest: Any) -> PlannedEmail:
        """An email to ``person`` (a Person: her account's address and language)."""
        user = person.user
        return cls(
            user=user, name=str(person.name), address=user.email, language=user.language, **rest
        )

    @property
    def ref(self) -> str:
        """A short opaque reference for a URL (never the address or an id)."""
        raw = f"{getattr(self.user, 'pk', '')}:{self.address.lower()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:12]

    @property
    def language_name(self) -> str:
        """The language's name as the site lists it, in the reader's language."""
        return language_name(self.language)

    @property
    def language_in_sentence(self) -> str:
        """The language's name inside a sentence («på norsk bokmål», "in English")."""
        return language_in_sentence(self.language)


@dataclass(frozen=True)
class MailingPlan:
    """The emails one action would send now. ``target`` and ``scope`` are strings:
    ``target`` names the object (``"cohort:<code>"``), ``scope`` the programme year whose
    coordinators may read the send log (the cohort's code). ``reply_to``: where replies to
    every email of the batch go (a programme year's batch: ``programs.selectors.reply_address``,
    the one rule). ``label_heading``: the preview's column for the emails' ``label``."""

    action: str
    target: str
    scope: str
    title: str
    emails: list[PlannedEmail]
    reply_to: str = ""
    label_heading: Any = ""

    @property
    def count(self) -> int:
        return len(self.emails)

    @property
    def digest(self) -> str:
        rows = sorted(
            [
                str(getattr(e.user, "pk", "")),
                e.address.lower(),
                e.template_prefix,
                e.key,
            ]
            for e in self.emails
        )
        raw = json.dumps([self.action, self.target, rows], separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def token(self) -> str:
        """What the confirm form carries: the fingerprint, signed. The same plan always
        gives the same token (no timestamp), so the page and its context never differ."""
        return signing.Signer(salt=_SALT).sign(self.digest)


@dataclass(frozen=True)
class RenderedEmail:
    recipient: PlannedEmail
    subject: str
    body: str


@dataclass(frozen=True)
class MailingPreview:
    plan: MailingPlan
    recipients: list[PlannedEmail]
    samples: list[RenderedEmail]  # one per kind of email and language present
    shown: RenderedEmail | None  # the recipient she picked, if any

    @property
    def token(self) -> str:
        return self.plan.token


def render_planned(email: PlannedEmail) -> RenderedEmail:
    subject, body = render_email(email.template_prefix, email.context, email.language)
    return RenderedEmail(recipient=email, subject=subject, body=body)


def preview_mailing(plan: MailingPlan, *, show: str | None = None) -> MailingPreview:
    """The recipients by name; one rendered copy per kind of email (its template: accepted,
    waitlisted, not offered) and language present, the kinds in the plan's order and the
    languages in the site's; and her pick (``show``: a recipient's :attr:`PlannedEmail.ref`)."""
    recipients = sorted(plan.emails, key=lambda e: (e.name.casefold(), e.address.lower()))
    kinds = list(dict.fromkeys(e.template_prefix for e in plan.emails))
    languages = [code for code, _name in settings.LANGUAGES]
    first: dict[tuple[str, str], PlannedEmail] = {}
    for email in recipients:
        first.setdefault((email.template_prefix, email.language), email)
    order = sorted(
        first,
        key=lambda k: (
            kinds.index(k[0]),
            languages.index(k[1]) if k[1] in languages else len(languages),
            k[1],
        ),
    )
    samples = [render_planned(first[k]) for k in order]
    picked = next((e for e in recipients if show and e.ref == show), None)
    return MailingPreview(
        plan=plan,
        recipients=recipients,
        samples=samples,
        shown=render_planned(picked) if picked else None,
    )


class MailingRefused(ValidationError):
    """The confirmed preview no longer matches what would be sent; nothing was sent."""


def _confirmed_digest(token: str) -> str:
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return ""


@transaction.atomic
def send_mailing(plan: MailingPlan, *, token: str, by: Any) -> Mailing:
    """Send ``plan`` once, if it is what she previewed (``token``); returns the batch.

    Call inside the action's transaction, after locking the row that guards the action and
    rebuilding the plan from the locked state. Refused (``MailingRefused``, nothing sent)
    when the recipient list changed since the preview, when it was already sent, or when
    there is no one to send to.
    """
    confirmed = _confirmed_digest(token)
    if confirmed and confirmed != plan.digest:
        earlier = Mailing.objects.filter(
            action=plan.action, target=plan.target, digest=confirmed
        ).exists()
        if earlier:
            raise MailingRefused(
                _("These emails have already been sent. See the send log."), code="already_sent"
            )
    if not plan.emails:
        raise MailingRefused(_("There is no one to send to."), code="empty")
    if confirmed != plan.digest:
        raise MailingRefused(
            _("The recipient list has changed since the preview. Review it and confirm again."),
            code="changed",
        )
    try:
        mailing = _record_and_send(plan, by=by)
    except IntegrityError:
        raise MailingRefused(
            _("These emails have already been sent. See the send log."), code="already_sent"
        ) from None
    log_activity(
        actor=by,
        action="mailing.send",
        target=mailing,
        data={"action": plan.action, "target": plan.target, "count": plan.count},
    )
    return mailing


def _record_and_send(plan: MailingPlan, *, by: Any) -> Mailing:
    """The batch row, then each email on commit (``IntegrityError``: sent before)."""
    with transaction.atomic():
        mailing = Mailing.objects.create(
            action=plan.action,
            target=plan.target,
            scope=plan.scope,
            title=plan.title[:200],
            created_by=by if getattr(by, "pk", None) else None,
            recipient_count=plan.count,
            digest=plan.digest,
        )
    for email in plan.emails:
        send_templated_email(
            to=email.address,
            template_prefix=email.template_prefix,
            context=email.context,
            language=email.language,
            mailing=mailing,
            recipient=email.user,
            reply_to=[plan.reply_to] if plan.reply_to else None,
            calendar=email.calendar,
        )
    return mailing


@transaction.atomic
def send_scheduled_mailing(plan: MailingPlan) -> Mailing | None:
    """Send a scheduled job's batch (no one to confirm it): the same plan the coordinator's
    read-only preview shows, with a send log. Nothing when the plan is empty or exactly this
    batch was sent before (same action, target and fingerprint)."""
    if not plan.emails:
        return None
    try:
        mailing = _record_and_send(plan, by=None)
    except IntegrityError:
        return None
    log_activity(
        actor=None,
        action="mailing.send",
        target=mailing,
        data={"action": plan.action, "target": plan.target, "count": plan.count},
    )
    return mailing


# -- the send log ------------------------------------------------------------------------


def mailings_in(scope: str) -> models.QuerySet[Mailing]:
    """The batches sent for one programme year, newest first."""
    return Mailing.objects.filter(scope=scope).select_related("created_by")


def get_mailing_in(scope: str, code: Any) -> Mailing:
    """One batch of ``scope``; another programme year's batch does not exist here."""
    try:
        return mailings_in(scope).get(code=code)
    except (Mailing.DoesNotExist, ValidationError, ValueError):
        raise Mailing.DoesNotExist from None


def send_log(mailing: Mailing) -> list[SentEmail]:
    """Per person: address, subject, and queued / sent / failed with the time."""
    return list(mailing.emails.order_by("to", "id"))


def reply_addresses(emails: list[SentEmail]) -> list[str]:
    """Where replies to a batch's emails go (its Reply-To), each address once, in order."""
    return list(dict.fromkeys(a for email in emails for a in email.reply_to_addresses))
