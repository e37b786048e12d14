"""Writes of people and companies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from django.db import transaction

from brobygger.core.services import log_activity
from brobygger.people.models import Company, CompanyContact, Person

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
