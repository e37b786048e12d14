"""An erased person appears nowhere as a choice: not in the review list, the bulk decision,
its company filter or counts, a company contact's nominations, or a survey's invitees."""

from __future__ import annotations

import pytest

from brobygger.applications.selectors.nominations import nominations_for
from brobygger.applications.selectors.review import (
    applications_for_bulk,
    applications_for_review,
    companies_in_review,
    get_cohort_for_review,
)
from brobygger.people.models import CompanyContact
from brobygger.privacy.services import erase_person
from brobygger.surveys.reports.data import participants
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(reverse_initiative):
    return CohortFactory(initiative=reverse_initiative, title="2027", status="review")


def test_her_application_is_no_longer_in_review(
    cohort, mentee_anne, outsider_dag, coordinator_cora
):
    ApplicationFactory(cohort=cohort, person=mentee_anne, role="mentee")
    dags = ApplicationFactory(cohort=cohort, person=outsider_dag, role="mentee")

    erase_person(person=mentee_anne, by=None)

    assert list(applications_for_review(cohort)) == [dags]
    assert list(applications_for_bulk(cohort)) == [dags]
    assert list(companies_in_review(cohort)) == [outsider_dag.company]
    counted = get_cohort_for_review(coordinator_cora.user, cohort.code)
    assert counted.n_pending == 1  # type: ignore[attr-defined]


def test_her_accepted_application_invites_her_to_no_survey(cohort, mentee_anne, outsider_dag):
    for person in (mentee_anne, outsider_dag):
        ApplicationFactory(cohort=cohort, person=person, role="mentee", decision="accepted")

    erase_person(person=mentee_anne, by=None)

    assert participants(cohort, "mentee") == [(outsider_dag.pk, outsider_dag.company_id)]


def test_her_nomination_is_not_listed_to_her_company(cohort, mentee_anne, contact_hege):
    contact = CompanyContact.objects.get(person=contact_hege)
    colleague = ApplicationFactory(
        cohort=cohort, person=contact_hege, role="mentee", nominated_by=contact
    )
    ApplicationFactory(cohort=cohort, person=mentee_anne, role="mentor", nominated_by=contact)

    erase_person(person=mentee_anne, by=None)

    assert list(nominations_for(contact)) == [colleague]
