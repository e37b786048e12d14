"""Writes of people and companies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity, move_references, reference_conflicts
from brobygger.people.models import (
    API_TOKEN_EXPIRY_WARNING,
    API_TOKEN_LIFETIMES,
    DEFAULT_API_TOKEN_LIFETIME,
    PROFILE_FIELDS,
    ApiToken,
    Company,
    Person,
)
from brobygger.people.selectors import company_named
from brobygger.people.tokens import new_token, token_digest, visible_prefix

if TYPE_CHECKING:
    from brobygger.people.models import User

USER_FIELDS = ("first_name", "last_name", "language")
PERSON_FIELDS = PROFILE_FIELDS


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


# -- companies typed by applicants; merging duplicates -----------------------------------


def company_for_name(name: str, *, by: User | None) -> Company:
    """The company an applicant means by the name she typed: an existing one with the same
    name once normalised (``normalise_company_name``), or a new, unconfirmed one that is
    offered to nobody else until a coordinator confirms it (or merges it)."""
    name = " ".join(name.split())
    company = company_named(name)
    if company is not None:
        return company
    company = Company(name=name, is_partner=False, confirmed=False)
    company.full_clean()
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:  # typed at the same moment by someone else
        found = company_named(name)
        if found is None:
            raise
        return found
    log_activity(actor=by, action="company.create_unconfirmed", target=company)
    return company


@transaction.atomic
def confirm_company(*, company: Company, by: User) -> Company:
    """A coordinator confirms a typed company: from now on everyone may choose it."""
    if not company.confirmed:
        company.confirmed = True
        company.save(update_fields=["confirmed", "updated_at"])
        log_activity(actor=by, action="company.confirm", target=company)
    return company


def _refuse_conflicts(conflicts: list[str]) -> None:
    if conflicts:
        raise ValidationError(
            _(
                "These two cannot be merged: both have something that may exist only once "
                "(%(things)s). Nothing was changed."
            )
            % {"things": ", ".join(conflicts)},
            code="conflict",
        )


@transaction.atomic
def merge_companies(*, company: Company, into: Company, by: User) -> Company:
    """Merge ``company``, a duplicate, into ``into``.

    Side effects: every reference to the duplicate (employees, company contacts, survey
    invitations, anything with a foreign key to a company) moves to ``into``; ``into`` takes
    over the organisation number, corporate group, industry and city it lacks, and is a
    partner if either was; the duplicate is deleted; an activity-log row names both.
    """
    if company.pk == into.pk:
        raise ValidationError(_("A company cannot be merged into itself."), code="same")
    locked = {
        c.pk: c for c in Company.objects.select_for_update().filter(pk__in=[company.pk, into.pk])
    }
    company, into = locked[company.pk], locked[into.pk]
    _refuse_conflicts(reference_conflicts(company, into))
    moved = move_references(company, into)
    for name in ("group", "industry", "city"):
        if not getattr(into, name) and getattr(company, name):
            setattr(into, name, getattr(company, name))
    org_number = "" if into.org_number else company.org_number
    into.is_partner = into.is_partner or company.is_partner
    merged = {"merged": company.name, "merged_code": str(company.code), "into": into.name}
    company.delete()  # before its organisation number moves: it is unique
    into.org_number = into.org_number or org_number
    into.full_clean()
    into.save()
    log_activity(actor=by, action="company.merge", target=into, data={**merged, "moved": moved})
    return into


PERSON_NOT_MOVED = ("people.Person.user",)  # the duplicate's own profile, deleted


@transaction.atomic
def merge_people(*, person: Person, into: Person, by: User) -> Person:
    """Merge ``person``, a second record of the same human, into ``into``.

    Side effects: every reference to the duplicate person and to her account (applications
    with their answers, pairs, consents, invitations, email addresses, reviews, tokens…)
    moves to ``into`` and her account; ``into`` takes over the profile details she lacks;
    the duplicate's address stays on the kept account, as a secondary address; the
    duplicate person and account are deleted; an activity-log row names both. Refused,
    changing nothing, when the move would break a uniqueness rule (both applied to the same
    programme year in the same role, both are company contacts…).
    """
    if person.pk == into.pk:
        raise ValidationError(_("Choose two different people."), code="same")
    if person.erased_at or into.erased_at:
        raise ValidationError(_("An erased person cannot be merged."), code="erased")
    user, kept = person.user, into.user
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("%(name)s is a network administrator: keep her record and merge the other one.")
            % {"name": person.name},
            code="admin",
        )
    if user.is_coordinator:
        raise ValidationError(
            _("%(name)s coordinates an initiative: keep her record and merge the other one.")
            % {"name": person.name},
            code="coordinator",
        )
    EmailAddress.objects.filter(user=user).update(primary=False)  # undone if refused
    _refuse_conflicts(
        reference_conflicts(person, into) + reference_conflicts(user, kept, skip=PERSON_NOT_MOVED)
    )
    moved = move_references(person, into)
    moved |= move_references(user, kept, skip=PERSON_NOT_MOVED)
    for name in PERSON_FIELDS:
        if getattr(into, name) in (None, "", []) and getattr(person, name) not in (None, "", []):
            setattr(into, name, getattr(person, name))
    merged = {"merged": str(person.code), "merged_name": person.name, "into": str(into.code)}
    address = user.email
    person.delete()
    user.delete()
    if not EmailAddress.objects.filter(user=kept, email__iexact=address).exists():
        EmailAddress.objects.create(user=kept, email=address, primary=False, verified=False)
    into.full_clean()
    into.save()
    log_activity(actor=by, action="person.merge", target=into, data={**merged, "moved": moved})
    return into
