"""Privacy providers for the privacy app itself, for core (audit log, sent email) and for
the third-party apps that hold personal data (allauth's addresses and two-factor
authenticators, Django's sessions).

Core's provider lives here rather than in ``core/privacy.py`` because core imports no
other Brobygger app (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from brobygger.core.models import ActivityLog, SentEmail
from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.people.models import Person
from brobygger.privacy.audit import email_fingerprint
from brobygger.privacy.exports import delete_export_file
from brobygger.privacy.models import Consent, DataSubjectRequest
from brobygger.privacy.redaction import REDACTED, needles_for, redact_everywhere

_AUDIT = "audit: who did what, when and from where"
_AUDIT_RETENTION = "kept; redacted when the person is erased"
_UNTIL_ERASED = "until the account is deleted"
_HERS_DELETED = "hers deleted with the row"


def identifiers(person: Person) -> list[str]:
    """Strings that name the person: her addresses and her full name."""
    user = person.user
    values = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if user.get_full_name():
        values.add(user.get_full_name())
    return sorted(value for value in values if value)


#: how long the copy of an email to an address without an account is kept
UNCLAIMED_EMAIL_RETENTION = dt.timedelta(days=90)


@register
class CorePrivacy(PrivacyProvider):
    app_label = "core"
    not_personal = [
        "ActivityLog.action",
        "ActivityLog.target_id",
        "SentEmail.template",
        # the scheduler's claims: a job's name, its outcome and its counts
        "ScheduledRun.job",
        "ScheduledRun.outcome",
        "ScheduledRun.detail",
        # A mass email batch: the action, the object and programme year as codes, a title
        # from the action ("Decisions"), and a one-way fingerprint of the whole list.
        "Mailing.action",
        "Mailing.target",
        "Mailing.scope",
        "Mailing.title",
        "Mailing.digest",
    ]
    erase_order = 90  # after the other apps, before the identity goes
    fields = [
        PersonalField(
            "core.ActivityLog",
            "actor_label",
            _AUDIT,
            "legitimate interest",
            _AUDIT_RETENTION,
            "redacted",
        ),
        PersonalField(
            "core.ActivityLog",
            "target_repr",
            _AUDIT,
            "legitimate interest",
            _AUDIT_RETENTION,
            "redacted",
        ),
        PersonalField(
            "core.ActivityLog", "data", _AUDIT, "legitimate interest", _AUDIT_RETENTION, "redacted"
        ),
        PersonalField(
            "core.ActivityLog",
            "ip_address",
            _AUDIT,
            "legitimate interest",
            _AUDIT_RETENTION,
            "redacted",
        ),
        PersonalField(
            "core.SentEmail",
            "to",
            "sending email; her copy of what was sent",
            "contract",
            _UNTIL_ERASED,
            "deleted with the row",
        ),
        PersonalField(
            "core.SentEmail",
            "subject",
            "sending email",
            "contract",
            _UNTIL_ERASED,
            _HERS_DELETED + "; her name redacted in others' copies",
        ),
        PersonalField(
            "core.SentEmail",
            "body",
            "sending email (sign-in codes are not kept)",
            "contract",
            _UNTIL_ERASED,
            _HERS_DELETED + "; others' copies that name her redacted whole",
        ),
        PersonalField(
            "core.SentEmail",
            "html",
            "sending email",
            "contract",
            _UNTIL_ERASED,
            _HERS_DELETED + "; others' copies that name her redacted whole",
        ),
        PersonalField(
            "core.SentEmail",
            "reply_to",
            "sending email: where replies go (the programme year's contact person, else "
            "the coordinator who sent the batch)",
            "legitimate interest",
            _UNTIL_ERASED,
            "her address removed from others' copies",
        ),
        PersonalField(
            "core.SentEmail",
            "calendar",
            "sending calendar invitations, updates and cancellations (the names and "
            "addresses of those invited)",
            "contract",
            _UNTIL_ERASED,
            _HERS_DELETED + "; others' copies that name her cleared",
        ),
        PersonalField(
            "core.SentEmail",
            "error",
            "sending email: why it failed (the mail server's answer names the address)",
            "contract",
            _UNTIL_ERASED,
            "deleted with the row",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        user = person.user
        # Her own actions, with where she acted from; entries by others about her are not
        # hers to export (they name other people) beyond what the other apps export.
        own = ActivityLog.objects.filter(actor=user).order_by("created_at", "id")
        emails = SentEmail.objects.filter(recipient=user).order_by("created_at", "id")
        return {
            "core.ActivityLog": rows(
                own, ["created_at", "action", "actor_label", "target_repr", "data", "ip_address"]
            ),
            "core.SentEmail": rows(
                emails,
                [
                    "created_at",
                    "sent_at",
                    "failed_at",
                    "error",
                    "to",
                    "reply_to",
                    "subject",
                    "body",
                    "html",
                    "calendar",
                    "template",
                ],
            ),
        }

    def erase(self, person: Person) -> dict[str, int]:
        """Her emails are deleted and the audit entries by or about her redacted; then every
        other row that still names her (her partner's copy of an email, a coordinator's
        message) is redacted (``redaction.redact_everywhere``)."""
        user = person.user
        needles = identifiers(person)
        by_address = Q()
        for address in needles:
            by_address |= Q(to__iexact=address)
        emails, _ = SentEmail.objects.filter(Q(recipient=user) | by_address).delete()
        counts = {"core.SentEmail": emails, "core.ActivityLog": redact_log(person, needles)}
        addresses = [n for n in needles if "@" in n]
        own = [  # erased after this provider (their providers run later)
            Person.objects.filter(pk=person.pk),
            type(user).objects.filter(pk=user.pk),
            EmailAddress.objects.filter(user=user),
        ]
        swept = redact_everywhere(needles_for(person, addresses), skip=own)
        return counts | {f"{label} (named her, redacted)": n for label, n in swept.items()}

    def apply_retention(self, today: dt.date) -> dict[str, int]:
        """Copies of emails to an address without an account (an invitation, a nomination,
        a sign-up that was never finished) are kept 90 days: nobody can ask for them by
        signing in, and nothing else keeps them."""
        cutoff = dt.datetime.combine(
            today - UNCLAIMED_EMAIL_RETENTION, dt.time.min, tzinfo=timezone.get_current_timezone()
        )
        old = SentEmail.objects.filter(recipient__isnull=True, created_at__lt=cutoff)
        deleted, _ = old.delete()
        return {"core.SentEmail (no account, over 90 days)": deleted} if deleted else {}


def redact_log(person: Person, needles: list[str]) -> int:
    """Redact, never delete, the audit entries by or about ``person``."""
    user = person.user
    matches = (
        Q(actor=user)
        | Q(target_type=ContentType.objects.get_for_model(user), target_id=str(user.pk))
        | Q(target_type=ContentType.objects.get_for_model(person), target_id=str(person.pk))
        | Q(data__email_hash__in=[email_fingerprint(n) for n in needles if "@" in n])
    )
    for needle in needles:
        escaped = json.dumps(needle)[1:-1]
        matches |= Q(target_repr__icontains=needle) | Q(actor_label__iexact=needle)
        matches |= Q(data_text__icontains=needle) | Q(data_text__icontains=escaped)
    entries = ActivityLog.objects.annotate(data_text=Cast("data", TextField())).filter(matches)
    lowered = {n.lower() for n in needles} | {json.dumps(n)[1:-1].lower() for n in needles}
    targets = {
        (ContentType.objects.get_for_model(user).pk, str(user.pk)),
        (ContentType.objects.get_for_model(person).pk, str(person.pk)),
    }

    def mentions(text: str) -> bool:
        return any(needle in text.lower() for needle in lowered)

    now = timezone.now()
    count = 0
    for entry in entries:
        if entry.actor_id == user.pk or mentions(entry.actor_label):
            entry.actor_label = REDACTED
            entry.ip_address = None
        if (entry.target_type_id, entry.target_id) in targets or mentions(entry.target_repr):
            entry.target_repr = REDACTED
        entry.data = {"redacted": True}  # what she did, or what was done to her
        entry.redacted_at = now
        entry.save(
            update_fields=["actor_label", "ip_address", "target_repr", "data", "redacted_at"]
        )
        count += 1
    return count


@register
class AccountPrivacy(PrivacyProvider):
    """django-allauth's email addresses (and their confirmations, deleted with them)."""

    app_label = "account"
    erase_order = 95  # after core, which looks for her stored emails by every address
    not_personal = ["EmailConfirmation.key"]  # random; deleted with the address
    fields = [
        PersonalField(
            "account.EmailAddress",
            "email",
            "sign-in by code, verified address",
            "contract",
            _UNTIL_ERASED,
            "deleted with the row",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        addresses = EmailAddress.objects.filter(user=person.user).order_by("email")
        return {"account.EmailAddress": rows(addresses, ["email", "verified", "primary"])}

    def erase(self, person: Person) -> dict[str, int]:
        deleted, _ = EmailAddress.objects.filter(user=person.user).delete()
        return {"account.EmailAddress": deleted}


_MFA = "two-factor sign-in (protects her account and the data she can see)"
_MFA_RETENTION = "until she turns it off or the account is deleted"
WITHHELD = "[withheld: a secret that signs in]"


def _authenticator_row(authenticator: Authenticator) -> dict[str, Any]:
    """A passkey by the name she gave it, without its credential (its id and public key: no
    secret, but of no use to her); other authenticators without their secrets."""
    row: dict[str, Any] = rows([authenticator], ["type", "created_at", "last_used_at"])[0]
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return {**row, "name": str(authenticator.data.get("name", ""))}
    return {**row, "data": WITHHELD}


@register
class MfaPrivacy(PrivacyProvider):
    """django-allauth's two-factor authenticators. The export says which she has turned on and
    when they were last used; their secrets never leave the database."""

    app_label = "mfa"
    fields = [
        PersonalField(
            "mfa.Authenticator",
            "type",
            _MFA,
            "legitimate interest",
            _MFA_RETENTION,
            "deleted with the row",
        ),
        PersonalField(
            "mfa.Authenticator",
            "data",
            _MFA
            + ": the app's secret and the recovery codes, encrypted, never exported; a passkey's"
            " name (exported) and its public key and credential id (never exported)",
            "legitimate interest",
            _MFA_RETENTION,
            "deleted with the row",
        ),
        PersonalField(
            "mfa.Authenticator",
            "last_used_at",
            _MFA,
            "legitimate interest",
            _MFA_RETENTION,
            "deleted with the row",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        authenticators = Authenticator.objects.filter(user=person.user).order_by("created_at")
        return {"mfa.Authenticator": [_authenticator_row(a) for a in authenticators]}

    def erase(self, person: Person) -> dict[str, int]:
        deleted, _ = Authenticator.objects.filter(user=person.user).delete()
        return {"mfa.Authenticator": deleted}


def _sessions_of(person: Person, needles: list[str]) -> list[tuple[Session, dict[str, Any]]]:
    """Live sessions signed in as ``person`` or mid-sign-in with her address."""
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        text = json.dumps(data, default=str).lower()
        if str(data.get("_auth_user_id")) == str(person.user_id) or any(
            n.lower() in text for n in needles
        ):
            found.append((session, data))
    return found


@register
class SessionsPrivacy(PrivacyProvider):
    app_label = "sessions"
    not_personal = ["Session.session_key"]  # random; the row goes with the person
    fields = [
        PersonalField(
            "sessions.Session",
            "session_data",
            "keeping her signed in; the state of a sign-in by code",
            "contract",
            "until sign-out or expiry (two weeks)",
            "deleted with the row",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        sessions = _sessions_of(person, identifiers(person))
        # The keys only: the values are secrets (the session's authentication hash).
        return {
            "sessions.Session": [
                {"expire_date": s.expire_date.isoformat(), "session_data": sorted(data)}
                for s, data in sessions
            ]
        }

    def erase(self, person: Person) -> dict[str, int]:
        sessions = _sessions_of(person, identifiers(person))
        Session.objects.filter(pk__in=[s.pk for s, _ in sessions]).delete()
        return {"sessions.Session": len(sessions)}


@register
class PrivacyPrivacy(PrivacyProvider):
    app_label = "privacy"
    not_personal = [
        "PrivacyNotice.text",
        "PrivacyNotice.text_en",
        "DataSubjectRequest.status",
        "DataSubjectRequest.token",  # random, emptied when used, expired or erased
        "DataSubjectRequest.summary",  # counts per table
        "CohortAnonymisation.counts",
    ]
    fields = [
        PersonalField(
            "privacy.Consent",
            "purpose",
            "proof of consent",
            "legal obligation",
            "as long as the processing it allows, then kept anonymous",
            "kept anonymous",
        ),
        PersonalField(
            "privacy.Consent",
            "notice",
            "proof of consent (version consented to)",
            "legal obligation",
            "as long as the processing it allows",
            "kept anonymous",
        ),
        PersonalField(
            "privacy.Consent",
            "given_at",
            "proof of consent",
            "legal obligation",
            "as long as the processing it allows",
            "kept anonymous",
        ),
        PersonalField(
            "privacy.Consent",
            "withdrawn_at",
            "proof of withdrawal",
            "legal obligation",
            "as long as the processing it allows",
            "kept anonymous",
        ),
        PersonalField(
            "privacy.DataSubjectRequest",
            "kind",
            "register of requests",
            "legal obligation",
            "kept anonymous",
            "kept anonymous",
        ),
        PersonalField(
            "privacy.DataSubjectRequest",
            "file_name",
            "her export (24 hours)",
            "legal obligation",
            "24 hours or until downloaded",
        ),
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        consents = Consent.objects.filter(person=person).select_related("notice")
        requests = DataSubjectRequest.objects.filter(person=person).order_by("created_at")
        return {
            "privacy.Consent": [
                {
                    "purpose": c.purpose,
                    "notice": c.notice.version,
                    "given_at": c.given_at.isoformat(),
                    "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                }
                for c in consents
            ],
            "privacy.DataSubjectRequest": rows(
                requests, ["kind", "status", "created_at", "completed_at", "file_name"]
            ),
        }

    def erase(self, person: Person) -> dict[str, int]:
        requests = list(DataSubjectRequest.objects.filter(person=person).exclude(file_name=""))
        for request in requests:
            delete_export_file(request)
        DataSubjectRequest.objects.filter(person=person).update(token="")
        return {"privacy.DataSubjectRequest": len(requests)}
