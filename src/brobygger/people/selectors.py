"""Reads of people and companies."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet

from brobygger.people.models import Company, CompanyContact, Person, User


def person_for_user(user: User) -> Person | None:
    return Person.objects.select_related("company").filter(user=user).first()


def companies_for_choice() -> QuerySet[Company]:
    return Company.objects.order_by("name")


def company_contact_for(user: User) -> CompanyContact | None:
    return (
        CompanyContact.objects.select_related("company", "person").filter(person__user=user).first()
    )


def has_totp(user: User) -> bool:
    """Whether the user signs in with an authenticator app (one query)."""
    return bool(
        Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )


def missing_mfa_duty(user: User) -> str | None:
    """Why ``user`` must use an authenticator app and does not yet: ``"coordinator"`` (she
    coordinates an initiative), ``"admin"`` (staff or superuser), or None (not required, or
    already active). One query."""
    coordinates = User.coordinated_initiatives.through.objects.filter(user_id=OuterRef("pk"))
    totp = Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(coordinates=Exists(coordinates), has_totp=Exists(totp))
        .values("coordinates", "has_totp")
        .first()
    )
    if row is None or row["has_totp"]:
        return None
    if row["coordinates"]:
        return "coordinator"
    if user.is_staff or user.is_superuser:
        return "admin"
    return None
