"""Reads of people and companies."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from allauth.mfa.models import Authenticator
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from brobygger.people.models import ApiToken, Company, CompanyContact, Person, User
from brobygger.people.tokens import token_digest
from brobygger.people.validators import normalise_company_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def person_for_user(user: User) -> Person | None:
    return Person.objects.select_related("company").filter(user=user).first()


def companies_for_choice(person: Person | None = None) -> QuerySet[Company]:
    """The employers a person may choose from: the confirmed companies, and her own employer
    even when a coordinator has not confirmed it yet. Names other applicants typed stay
    hidden until then."""
    offered = Q(confirmed=True)
    if person is not None and person.company_id:
        offered |= Q(pk=person.company_id)
    return Company.objects.filter(offered).order_by("name")


def company_named(name: str) -> Company | None:
    """The company a typed name means: the one with the same normalised name
    (``normalise_company_name``), a confirmed one first; None when there is none."""
    key = normalise_company_name(name)
    for company in Company.objects.order_by("-confirmed", "name", "pk"):
        if company.key == key:
            return company
    return None


# -- companies for the coordinators: confirm what applicants typed, merge duplicates -------


def can_manage_companies(user: User | AnonymousUser) -> bool:
    """Coordinators (of any initiative) and network admins (one query at most)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.coordinated_initiatives.exists()


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    near: list[Company]  # the near-duplicates: same normalised name or organisation number


@dataclass(frozen=True)
class CompanyOverview:
    unconfirmed: list[CompanyRow]
    duplicates: list[list[Company]]  # confirmed companies that look like one another
    companies: Sequence[Company] = field(default_factory=list)  # all, to merge into


def _near_duplicates(companies: Sequence[Company]) -> dict[int, list[Company]]:
    """Each company's near-duplicates, by name once normalised and by organisation number,
    followed through (A like B, B like C: A, B and C are one group)."""
    parent = {company.pk: company.pk for company in companies}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    first_with: dict[str, int] = {}
    for company in companies:
        for key in (f"name:{company.key}", f"org:{company.org_number}"):
            if key == "org:":
                continue
            other = first_with.setdefault(key, company.pk)
            parent[root(company.pk)] = root(other)
    groups: dict[int, list[Company]] = defaultdict(list)
    for company in companies:
        groups[root(company.pk)].append(company)
    return {
        company.pk: [other for other in groups[root(company.pk)] if other.pk != company.pk]
        for company in companies
    }


def company_overview(user: User | AnonymousUser) -> CompanyOverview:
    """The coordinators' companies page (one query): the unconfirmed companies with their
    near-duplicates and how many people work there, and the groups of confirmed companies
    that look like the same one. 404 for anyone but coordinators and network admins."""
    if not can_manage_companies(user):
        raise Http404(_("No such page."))
    companies = list(
        Company.objects.annotate(n_people=Count("people")).select_related("group").order_by("name")
    )
    near = _near_duplicates(companies)
    unconfirmed = [CompanyRow(c, near[c.pk]) for c in companies if not c.confirmed]
    duplicates: list[list[Company]] = []
    seen: set[int] = set()
    for company in companies:
        group = [company] + [c for c in near[company.pk] if c.confirmed]
        if company.confirmed and len(group) > 1 and company.pk not in seen:
            seen.update(c.pk for c in group)
            duplicates.append(group)
    return CompanyOverview(unconfirmed=unconfirmed, duplicates=duplicates, companies=companies)


def companies_to_merge_into(company: Company) -> QuerySet[Company]:
    return Company.objects.exclude(pk=company.pk).order_by("name")


def unconfirmed_company_count() -> int:
    return Company.objects.filter(confirmed=False).count()


def get_company_to_manage(user: User | AnonymousUser, code: Any) -> Company:
    """A company by code for a coordinator or network admin; 404 for anyone else."""
    company = Company.objects.filter(code=code).first() if can_manage_companies(user) else None
    if company is None:
        raise Http404(_("No such company."))
    return company


def is_company_contact(user: User | AnonymousUser) -> bool:
    """For the header's company links: one query for a signed-in user, none otherwise."""
    if not user.is_authenticated:
        return False
    return CompanyContact.objects.filter(person__user=user).exists()


def company_contact_for(user: User) -> CompanyContact | None:
    return (
        CompanyContact.objects.select_related("company", "person").filter(person__user=user).first()
    )


def _authenticator_apps(user_id: Any) -> QuerySet[Authenticator]:
    apps: QuerySet[Authenticator] = Authenticator.objects.filter(
        user_id=user_id, type=Authenticator.Type.TOTP
    )
    return apps


def _second_factors(user_id: Any) -> QuerySet[Authenticator]:
    """Her authenticator apps and passkeys; recovery codes alone are no second factor."""
    factors: QuerySet[Authenticator] = Authenticator.objects.filter(
        user_id=user_id, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )
    return factors


def second_factor_count(user: User) -> int:
    """How many authenticator apps and passkeys she has (one query)."""
    return _second_factors(user.pk).count()


def second_factor_types(user: User) -> set[str]:
    """Which kinds of second factor she has: "totp", "webauthn" (one query)."""
    return set(_second_factors(user.pk).values_list("type", flat=True).distinct())


def has_totp(user: User) -> bool:
    """Whether the user signs in with an authenticator app (one query)."""
    return _authenticator_apps(user.pk).exists()


def missing_mfa_duty(user: User) -> str | None:
    """Why ``user`` must use two-factor authentication and does not yet: ``"coordinator"``
    (she coordinates an initiative), ``"admin"`` (a network admin, or an old staff account),
    or None (not required, or she has an authenticator app or a passkey: a passkey cannot be
    phished). One query."""
    coordinates = User.coordinated_initiatives.through.objects.filter(user_id=OuterRef("pk"))
    factors = _second_factors(OuterRef("pk"))
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(coordinates=Exists(coordinates), has_factor=Exists(factors))
        .values("coordinates", "has_factor")
        .first()
    )
    if row is None or row["has_factor"]:
        return None
    if row["coordinates"]:
        return "coordinator"
    if user.is_staff or user.is_superuser:
        return "admin"
    return None


# -- passkeys ----------------------------------------------------------------------------
# A passkey is addressed by an opaque reference, never by its row's sequential id: a digest of
# the random credential id its authenticator chose, signed for this purpose and this person.
# Another person's reference does not verify for her, so it answers 404.

_PASSKEY_SALT = "brobygger.people.passkey"


@dataclass(frozen=True)
class Passkey:
    name: str
    reference: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


def _passkey_key(authenticator: Authenticator) -> str:
    credential_id = str(authenticator.data.get("credential", {}).get("id", ""))
    return hashlib.sha256(credential_id.encode()).hexdigest()[:20]


def _passkey_signer(user: User) -> signing.Signer:
    return signing.Signer(salt=f"{_PASSKEY_SALT}:{user.pk}")


def _passkeys_qs(user: User) -> QuerySet[Authenticator]:
    passkeys: QuerySet[Authenticator] = Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.WEBAUTHN
    ).order_by("created_at", "pk")
    return passkeys


def passkey_reference(user: User, authenticator: Authenticator) -> str:
    return _passkey_signer(user).sign(_passkey_key(authenticator))


def passkeys_of(user: User) -> list[Passkey]:
    """Her passkeys, oldest first, each with its reference (one query)."""
    return [
        Passkey(
            name=str(authenticator.data.get("name", "")),
            reference=passkey_reference(user, authenticator),
            created_at=authenticator.created_at,
            last_used_at=authenticator.last_used_at,
        )
        for authenticator in _passkeys_qs(user)
    ]


def get_passkey_for(user: User, reference: str) -> Authenticator:
    """One of her own passkeys by its reference, or 404."""
    try:
        key = _passkey_signer(user).unsign(reference)
    except signing.BadSignature:
        raise Http404(_("No such passkey.")) from None
    for authenticator in _passkeys_qs(user):
        if constant_time_compare(_passkey_key(authenticator), key):
            return authenticator
    raise Http404(_("No such passkey."))


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


def require_recent_sign_in(request: Any) -> None:
    """Before something that cannot be undone or that hands out access (deleting the
    account, creating an API token): she proves it is her again (password, a code by email
    or her second factor) unless she did so in the last few minutes. allauth's middleware
    sends her to confirm, then carries out the held request."""
    raise_if_reauthentication_required(request, app="")  # no app setting: always required
