"""Reads of people and companies."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.people.models import ApiToken, Company, CompanyContact, Person, User
from brobygger.people.tokens import token_digest


def person_for_user(user: User) -> Person | None:
    return Person.objects.select_related("company").filter(user=user).first()


def companies_for_choice() -> QuerySet[Company]:
    return Company.objects.order_by("name")


def company_contact_for(user: User) -> CompanyContact | None:
    return (
        CompanyContact.objects.select_related("company", "person").filter(person__user=user).first()
    )


def _authenticator_apps(user_id: Any) -> QuerySet[Authenticator]:
    apps: QuerySet[Authenticator] = Authenticator.objects.filter(
        user_id=user_id, type=Authenticator.Type.TOTP
    )
    return apps


def has_totp(user: User) -> bool:
    """Whether the user signs in with an authenticator app (one query)."""
    return _authenticator_apps(user.pk).exists()


def missing_mfa_duty(user: User) -> str | None:
    """Why ``user`` must use an authenticator app and does not yet: ``"coordinator"`` (she
    coordinates an initiative), ``"admin"`` (staff or superuser), or None (not required, or
    already active). One query."""
    coordinates = User.coordinated_initiatives.through.objects.filter(user_id=OuterRef("pk"))
    totp = _authenticator_apps(OuterRef("pk"))
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


# -- personal API tokens -----------------------------------------------------------------


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first, revoked ones included (one query)."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def get_api_token_for(user: User, code: Any) -> ApiToken:
    """One of the user's own tokens, or 404 (another person's token does not exist for her)."""
    token = api_tokens_of(user).filter(code=code).first()
    if token is None:
        raise Http404(_("No such API token."))
    return token


def api_token_by_secret(secret: str) -> ApiToken | None:
    """The token whose digest matches ``secret``, with its owner; revoked ones too, so that
    the API can say why it refuses one. The lookup is by digest, never by the token."""
    return ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()


def roles_of(user: User) -> tuple[list[Any], CompanyContact | None]:
    """What a person is in the network: the initiatives she coordinates and her company-contact
    role, if any (two queries)."""
    initiatives = list(user.coordinated_initiatives.order_by("order", "name"))
    return initiatives, company_contact_for(user)
