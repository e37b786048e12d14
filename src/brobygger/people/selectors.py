"""Reads of people and companies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from brobygger.people.models import Company, CompanyContact, Person

if TYPE_CHECKING:
    from brobygger.people.models import User


def person_for_user(user: User) -> Person | None:
    return Person.objects.select_related("company").filter(user=user).first()


def companies_for_choice() -> QuerySet[Company]:
    return Company.objects.order_by("name")


def company_contact_for(user: User) -> CompanyContact | None:
    return (
        CompanyContact.objects.select_related("company", "person").filter(person__user=user).first()
    )
