"""Company contacts nominate colleagues to executive shadowing; never another company's people."""

import pytest
from django.core import mail
from django.urls import reverse

from brobygger.applications.models import Application
from brobygger.people.models import CompanyContact
from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, PersonFactory


@pytest.fixture
def shadowing_cohort(db):
    initiative = InitiativeFactory(slug="shadowing", kind="shadowing", name="Executive Shadowing")
    return CohortFactory(initiative=initiative, title="2027", status="open")


def _url(cohort):
    return reverse("company:nominate", args=[cohort.code])


def _data(**overrides):
    data = {
        "role": "mentee",
        "first_name": "Tiril",
        "last_name": "Holm",
        "email": "tiril@a.example",
        "job_title": "Sikkerhetsanalytiker",
    }
    data.update(overrides)
    return data


def test_contact_nominates_a_colleague_who_gets_an_email(
    client, contact_hege, company_a, shadowing_cohort, django_capture_on_commit_callbacks
):
    client.force_login(contact_hege.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(shadowing_cohort), _data())
    assert response["Location"] == reverse("company:nominations")
    application = Application.objects.get()
    assert (
        application.status,
        application.source,
        application.nominated_by.person,
        application.person.company,
        application.person.user.email,
    ) == ("nominated", "nomination", contact_hege, company_a, "tiril@a.example")
    assert [m.to for m in mail.outbox] == [["tiril@a.example"]]
    assert "Hege Lunde" in mail.outbox[0].body
    assert reverse("applications:application-edit", args=[application.code]) in (
        mail.outbox[0].body.replace("%2F", "/")
    )


def test_nominee_confirms_and_completes_her_application(client, contact_hege, shadowing_cohort):
    client.force_login(contact_hege.user)
    client.post(_url(shadowing_cohort), _data())
    application = Application.objects.get()
    client.force_login(application.person.user)
    page = client.get(reverse("applications:application-edit", args=[application.code]))
    assert page.context["form"]["job_title"].value() == "Sikkerhetsanalytiker"


def test_cannot_nominate_someone_from_another_company(
    client, contact_hege, shadowing_cohort, mentor_bo
):
    client.force_login(contact_hege.user)
    response = client.post(_url(shadowing_cohort), _data(email="bo@b.example"))
    assert response.context["form"].errors["email"] == [
        "Bare personer ansatt i Nordlys Kraft AS kan nomineres av deg."
    ]
    assert Application.objects.count() == 0


@pytest.mark.parametrize("persona", ["mentee_anne", "outsider_dag", "coordinator_cora"])
def test_only_company_contacts_can_nominate(client, persona, request, shadowing_cohort):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(reverse("company:nominations")).status_code == 404
    response = client.post(_url(shadowing_cohort), _data())
    assert response.status_code == 404
    assert Application.objects.count() == 0


def test_contact_sees_only_her_own_companys_nominations(
    client, contact_hege, company_b, shadowing_cohort
):
    ours = ApplicationFactory(
        cohort=shadowing_cohort,
        status="nominated",
        source="nomination",
        nominated_by=CompanyContact.objects.get(person=contact_hege),
        person=PersonFactory(company=contact_hege.company, user__first_name="Egen"),
    )
    other_contact = CompanyContact.objects.create(
        person=PersonFactory(company=company_b), company=company_b
    )
    ApplicationFactory(
        cohort=shadowing_cohort,
        status="nominated",
        source="nomination",
        nominated_by=other_contact,
        person=PersonFactory(company=company_b, user__first_name="Fremmed", user__last_name="X"),
    )
    client.force_login(contact_hege.user)
    response = client.get(reverse("company:nominations"))
    assert list(response.context["nominations"]) == [ours]
    assert "Fremmed" not in response.content.decode()


def test_reverse_mentoring_takes_no_nominations(client, contact_hege, open_cohort):
    client.force_login(contact_hege.user)
    assert client.get(_url(open_cohort)).status_code == 404
