"""Fixtures of the company contact's pages: a shadowing programme year open for
nominations, and a contact of another company."""

import pytest

from brobygger.people.models import CompanyContact
from tests.factories import CohortFactory, InitiativeFactory, PersonFactory


@pytest.fixture
def shadowing_cohort(db, coordinator_cora):
    initiative = InitiativeFactory(slug="shadowing", kind="shadowing", name="Executive Shadowing")
    initiative.coordinators.add(coordinator_cora.user)
    return CohortFactory(initiative=initiative, title="2027", status="open")


@pytest.fixture
def contact_b(company_b):
    person = PersonFactory(
        user__first_name="Siv",
        user__last_name="Sand",
        user__email="siv@b.example",
        company=company_b,
    )
    CompanyContact.objects.create(person=person, company=company_b)
    return person
