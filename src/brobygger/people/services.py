"""Writes of people and companies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.people.models import (
    API_TOKEN_EXPIRY_WARNING,
    API_TOKEN_LIFETIMES,
    DEFAULT_API_TOKEN_LIFETIME,
    ApiToken,
    Company,
    CompanyContact,
    Person,
)
from brobygger.people.tokens import new_token, token_digest, visible_prefix

if TYPE_CHECKING:
    from brobygger.people.models import User

USER_FIELDS = ("first_name", "last_name", "language")
PERSON_FIELDS = (
    "company",
    "job_title",
    "birth_year",
    "years_experience",
    "role_family",
    "industry",
    "languages",
    "city",
)


def ensure_person(*, user: User) -> Person:
    """The person behind an account, created on first use."""
    person, _created = Person.objects.get_or_create(user=user)
    return person


@transaction.atomic
def update_profile(*, person: Person, data: dict[str, Any], by: User) -> Person:
    """Save the profile fields present in ``data`` (validated before saving)."""
    user = person.user
    for field in USER_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    for field in PERSON_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    user.full_clean(exclude=["password"])
    person.full_clean()
    user.save()
    person.save()
    log_activity(actor=by, action="profile.update", target=person)
    return person


@transaction.atomic
def set_language(*, user: User, language: str) -> None:
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])


@transaction.atomic
def make_company_contact(*, person: Person, company: Company, by: User | None) -> CompanyContact:
    contact = CompanyContact(person=person, company=company)
    contact.full_clean()
    contact.save()
    log_activity(actor=by, action="company_contact.create", target=contact)
    return contact


@transaction.atomic
def remove_authenticator(
    *, authenticator: Authenticator, by: User, ip_address: str | None = None
) -> None:
    """A network admin removes a person's second factor (she lost her phone and her recovery
    codes): recovery codes left without an app go with it, as when she turns it off herself.
    Audited; she may sign in with her password or an emailed code and set it up again."""
    user = authenticator.user
    kind = str(authenticator.type)
    authenticator.delete()
    left = Authenticator.objects.filter(user=user)
    if not left.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
        left.delete()
    log_activity(
        actor=by,
        action="auth.mfa_removed_by_admin",
        target=user,
        data={"type": kind},
        ip_address=ip_address,
    )


# -- personal API tokens -----------------------------------------------------------------

TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


@transaction.atomic
def create_api_token(
    *,
    user: User,
    name: str,
    lifetime_days: int = DEFAULT_API_TOKEN_LIFETIME,
    ip_address: str | None = None,
) -> tuple[ApiToken, str]:
    """A new personal API token for ``user``, working for ``lifetime_days`` (30, 90 or 365)
    from now: the stored row and the token itself, which is returned this once and never
    stored (only its SHA-256 digest is). Audited."""
    if lifetime_days not in API_TOKEN_LIFETIMES:
        raise ValidationError({"expires_at": f"Unsupported token lifetime: {lifetime_days} days."})
    secret = new_token()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=visible_prefix(secret),
        digest=token_digest(secret),
        expires_at=timezone.now() + dt.timedelta(days=lifetime_days),
    )
    token.full_clean()
    token.save()
    log_activity(
        actor=user,
        action="api_token.create",
        target=token,
        data={"name": token.name, "prefix": token.prefix, "lifetime_days": lifetime_days},
        ip_address=ip_address,
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User, ip_address: str | None = None) -> ApiToken:
    """Revoke ``token`` for good (revoking twice changes nothing). Audited, with ``by`` as
    the actor: its owner on her profile page, or a network admin in the administration."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        log_activity(
            actor=by,
            action="api_token.revoke",
            target=token,
            data={"name": token.name, "prefix": token.prefix},
            ip_address=ip_address,
        )
    return token


def record_api_token_use(*, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Note that ``token`` was used: one write a minute at most, none in between."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def send_api_token_expiry_reminders(*, now: dt.datetime | None = None) -> int:
    """Email the owner of every token that stops working within ``API_TOKEN_EXPIRY_WARNING``
    (the profile page's "expires soon"), once per token, in her language: which token, when,
    and where to make a new one. Revoked and expired tokens, and inactive accounts, get
    nothing. Returns how many were sent; running it again sends nothing new."""
    now = now or timezone.now()
    due = (
        ApiToken.objects.active(now)
        .filter(
            expires_at__lte=now + API_TOKEN_EXPIRY_WARNING,
            expiry_reminded_at__isnull=True,
            user__is_active=True,
        )
        .select_for_update(of=("self",))
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for token in due:
        token.expiry_reminded_at = now
        token.save(update_fields=["expiry_reminded_at", "updated_at"])
        user = token.user
        send_templated_email(
            to=user.email,
            template_prefix="people/email/api_token_expires",
            context={
                "name": user.get_short_name(),
                "token_name": token.name,
                "prefix": token.prefix,
                "expires_at": token.expires_at,
                "profile_path": reverse("people:profile-edit"),
            },
            language=user.language,
        )
        log_activity(
            actor=None,
            action="api_token.expiry_reminder",
            target=token,
            data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
        )
        sent += 1
    return sent
