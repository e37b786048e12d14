from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.people.models import CompanyContact
from brobygger.people.selectors import company_contact_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def get_company_contact(user: User | AnonymousUser) -> CompanyContact:
    """The signed-in company contact, or 404 for everyone else."""
    contact = company_contact_for(user) if user.is_authenticated else None
    if contact is None:
        raise Http404(_("Only company contacts can nominate."))
    return contact


def nominations_for(contact: CompanyContact) -> QuerySet[Application]:
    """Nominations made by anyone at the contact's company: never another company's, and
    never an erased person's."""
    return (
        Application.objects.filter(
            nominated_by__company=contact.company, person__erased_at__isnull=True
        )
        .select_related("person__user", "cohort__initiative", "nominated_by__person__user")
        .order_by("-created_at")
    )
