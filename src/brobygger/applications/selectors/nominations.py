from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.models import (
    Application,
    Nomination,
    NominationStatus,
    Nominee,
)
from brobygger.people.models import CompanyContact, Person
from brobygger.people.selectors import company_contact_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import Company, User
    from brobygger.programs.models import Cohort

#: a nomination in these statuses holds its nominees (a second one of her is refused)
LIVE_NOMINATION_STATUSES = (
    NominationStatus.WAITING,
    NominationStatus.CONFIRMED,
    NominationStatus.CHANGE_REQUESTED,
    NominationStatus.APPROVED,
)

#: addresses anyone can have: never a company's "known" domain
PRIVATE_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.no",
        "outlook.com",
        "live.com",
        "live.no",
        "yahoo.com",
        "yahoo.no",
        "icloud.com",
        "me.com",
        "online.no",
        "protonmail.com",
        "proton.me",
    }
)


def get_company_contact(user: User | AnonymousUser) -> CompanyContact:
    """The signed-in company contact, or 404 for everyone else."""
    contact = company_contact_for(user) if user.is_authenticated else None
    if contact is None:
        raise Http404(_("Only company contacts can nominate."))
    return contact


def nominations_for(contact: CompanyContact) -> QuerySet[Application]:
    """Single-person nominations (applications) made by anyone at the contact's company:
    never another company's, and never an erased person's."""
    return (
        Application.objects.filter(
            nominated_by__company=contact.company, person__erased_at__isnull=True
        )
        .select_related("person__user", "cohort__initiative", "nominated_by__person__user")
        .order_by("-created_at")
    )


def pair_nominations_for(contact: CompanyContact) -> QuerySet[Nomination]:
    """Her company's nominations, newest first, with their nominees: never another
    company's (another company's nomination answers 404 through :func:`get_nomination_for`)."""
    return (
        Nomination.objects.filter(company=contact.company)
        .select_related("cohort__initiative", "nominated_by__person__user")
        .prefetch_related(Prefetch("nominees", queryset=Nominee.objects.order_by("role")))
        .order_by("-created_at")
    )


def get_nomination_for(contact: CompanyContact, code: Any) -> Nomination:
    try:
        return pair_nominations_for(contact).get(code=code)
    except (Nomination.DoesNotExist, ValidationError, ValueError):
        raise Http404(_("No such nomination.")) from None


def get_nominee_for_link(code: Any) -> Nominee:
    """The nominee behind a random link (anyone holding it; the link is her key)."""
    try:
        return Nominee.objects.select_related(
            "nomination__cohort__initiative",
            "nomination__company",
            "nomination__nominated_by__person__user",
        ).get(code=code)
    except (Nominee.DoesNotExist, ValidationError, ValueError):
        raise Http404(_("No such nomination.")) from None


def cohort_nominations(cohort: Cohort) -> QuerySet[Nomination]:
    """A programme year's nominations for its coordinators: who has not answered, who has."""
    return (
        Nomination.objects.filter(cohort=cohort)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("company", "nominated_by__person__user")
        .prefetch_related(Prefetch("nominees", queryset=Nominee.objects.order_by("role")))
        .order_by("company__name", "created_at")
    )


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def _domains(people: QuerySet[Person]) -> set[str]:
    emails = people.exclude(user__email="").values_list("user__email", flat=True)
    return {domain_of(e) for e in emails} - PRIVATE_DOMAINS


def known_domains(company: Company, *, also: str = "") -> set[str]:
    """The email domains her company's people use (and her own), without private
    providers. Domains only: which person uses one is never told."""
    domains = _domains(Person.objects.filter(company=company, erased_at__isnull=True))
    if also and domain_of(also) not in PRIVATE_DOMAINS:
        domains.add(domain_of(also))
    return domains


def domain_used_elsewhere(domain: str, company: Company) -> bool:
    """Whether another company's people use ``domain`` (and it is not a private provider)."""
    if domain in PRIVATE_DOMAINS:
        return False
    return (
        Person.objects.filter(user__email__iendswith=f"@{domain}", erased_at__isnull=True)
        .exclude(company=company)
        .exclude(company__isnull=True)
        .exists()
    )
