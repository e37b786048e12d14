"""The coordinators' companies page (issue "Broken promises", item 7): the employers
applicants typed wait for confirmation, with their near-duplicates; a coordinator confirms
one, or merges it into another, every reference moving with it. Coordinators and network
admins only: a company contact, a participant and anyone else get 404."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.people.models import Company, CompanyContact, CorporateGroup, Person
from brobygger.people.selectors import companies_for_choice
from brobygger.people.services import merge_companies
from tests.factories import CohortFactory, CompanyFactory, PersonFactory

LIST = reverse("coordination:company-list")


def _confirm(company):
    return reverse("coordination:company-confirm", args=[company.code])


def _merge(company):
    return reverse("coordination:company-merge", args=[company.code])


@pytest.fixture(autouse=True)
def _english(english):  # type: ignore[no-untyped-def]
    pass


@pytest.fixture
def fjord_kraft(db):
    return CompanyFactory(name="Fjord Kraft AS", org_number="")


@pytest.fixture
def typed(db, fjord_kraft):
    """Names applicants typed: a near-duplicate of Fjord Kraft AS, and a new one."""
    fjordkraft = CompanyFactory(
        name="Fjordkraft", confirmed=False, org_number="923609016", city="Bergen"
    )
    fjordbyte = CompanyFactory(name="Fjordbyte AS", confirmed=False)
    PersonFactory(user__email="typo@fk.example", company=fjordkraft)
    PersonFactory(user__email="ny@fb.example", company=fjordbyte)
    return fjordkraft, fjordbyte


def test_the_coordinator_sees_what_waits_with_its_lookalikes(client, coordinator_cora, typed):
    client.force_login(coordinator_cora.user)
    overview = client.get(LIST).context["overview"]
    assert [(row.company.name, [c.name for c in row.near]) for row in overview.unconfirmed] == [
        ("Fjordbyte AS", []),
        ("Fjordkraft", ["Fjord Kraft AS"]),
    ]
    assert [row.company.n_people for row in overview.unconfirmed] == [1, 1]


def test_confirmed_lookalikes_are_flagged_too(client, admin_ada, fjord_kraft):
    CompanyFactory(name="FJORD-KRAFT")
    client.force_login(admin_ada.user)
    overview = client.get(LIST).context["overview"]
    assert [[c.name for c in group] for group in overview.duplicates] == [
        ["FJORD-KRAFT", "Fjord Kraft AS"]
    ]


@pytest.mark.parametrize("persona", ["contact_hege", "mentee_anne", "outsider_dag"])
def test_everyone_else_gets_404_and_changes_nothing(client, persona, request, typed, fjord_kraft):
    fjordkraft, fjordbyte = typed
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(LIST).status_code == 404
    assert client.post(_confirm(fjordbyte)).status_code == 404
    assert client.post(_merge(fjordkraft), {"into": str(fjord_kraft.code)}).status_code == 404
    assert list(Company.objects.filter(confirmed=False).values_list("name", flat=True)) == [
        "Fjordbyte AS",
        "Fjordkraft",
    ]
    assert Person.objects.filter(company=fjordkraft).count() == 1
    assert ActivityLog.objects.filter(action__startswith="company.").count() == 0


def test_anonymous_is_sent_to_sign_in(client, typed):
    assert client.get(LIST)["Location"] == f"{reverse('account_login')}?next={LIST}"


def test_confirming_offers_it_to_everyone(client, coordinator_cora, typed, mentor_bo):
    _fjordkraft, fjordbyte = typed
    client.force_login(coordinator_cora.user)
    response = client.post(_confirm(fjordbyte))
    assert response["Location"] == LIST
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fjordbyte AS is confirmed: everyone may now choose it."
    ]
    assert "Fjordbyte AS" in [c.name for c in companies_for_choice(mentor_bo)]
    assert list(
        ActivityLog.objects.filter(action="company.confirm").values_list("actor", "target_repr")
    ) == [(coordinator_cora.user.pk, "Fjordbyte AS")]


def test_merging_moves_every_reference_and_logs_both_names(
    client, coordinator_cora, typed, fjord_kraft
):
    from brobygger.surveys.models import Invitation
    from brobygger.surveys.services import create_survey

    fjordkraft, _fjordbyte = typed
    fjordkraft.group = CorporateGroup.objects.create(name="Fjordgruppen")
    fjordkraft.save()
    employee = Person.objects.get(company=fjordkraft)
    CompanyContact.objects.create(person=employee, company=fjordkraft)
    survey = create_survey(cohort=CohortFactory(), kind="baseline", role="mentee", by=None)
    invitation = Invitation.objects.create(survey=survey, person=employee, company=fjordkraft)
    client.force_login(coordinator_cora.user)
    response = client.post(_merge(fjordkraft), {"into": str(fjord_kraft.code)})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fjordkraft was merged into Fjord Kraft AS; its people and contacts moved with it."
    ]
    employee.refresh_from_db()
    invitation.refresh_from_db()
    fjord_kraft.refresh_from_db()
    assert employee.company == fjord_kraft
    assert CompanyContact.objects.get(person=employee).company == fjord_kraft
    assert invitation.company == fjord_kraft  # a hidden reference (related_name="+")
    assert Company.objects.filter(name="Fjordkraft").exists() is False
    # what the kept company lacked comes over; what it had stays
    assert (fjord_kraft.org_number, fjord_kraft.group.name, fjord_kraft.city) == (
        "923609016",
        "Fjordgruppen",
        "Oslo",
    )
    log = ActivityLog.objects.get(action="company.merge")
    assert (log.actor, log.target_repr, log.data["merged"], log.data["into"]) == (
        coordinator_cora.user,
        "Fjord Kraft AS",
        "Fjordkraft",
        "Fjord Kraft AS",
    )
    assert log.data["moved"] == {
        "people.Person.company": 1,
        "people.CompanyContact.company": 1,
        "surveys.Invitation.company": 1,
    }


def test_merging_without_a_target_says_so_and_changes_nothing(client, coordinator_cora, typed):
    fjordkraft, _fjordbyte = typed
    client.force_login(coordinator_cora.user)
    response = client.post(_merge(fjordkraft), {"into": ""})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fjordkraft was not merged: Choose the company to merge it into."
    ]
    assert Person.objects.filter(company=fjordkraft).count() == 1
    assert ActivityLog.objects.filter(action="company.merge").exists() is False


def test_a_company_is_not_merged_into_itself(client, coordinator_cora, typed):
    fjordkraft, _fjordbyte = typed
    client.force_login(coordinator_cora.user)
    response = client.post(_merge(fjordkraft), {"into": str(fjordkraft.code)})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Fjordkraft was not merged: That company no longer exists. Reload the page."
    ]
    assert Company.objects.filter(pk=fjordkraft.pk).exists()


def test_the_service_refuses_merging_into_itself(coordinator_cora, fjord_kraft):
    with pytest.raises(ValidationError) as refused:
        merge_companies(company=fjord_kraft, into=fjord_kraft, by=coordinator_cora.user)
    assert refused.value.messages == ["A company cannot be merged into itself."]


def test_the_coordination_overview_links_to_it(client, coordinator_cora, typed, open_cohort):
    client.force_login(coordinator_cora.user)
    html = client.get(reverse("coordination:overview")).content.decode()
    assert "2 companies typed by applicants wait for your confirmation." in html
    assert f'href="{LIST}"' in html
    assert f'href="{reverse("coordination:person-duplicates")}"' in html


def test_the_list_costs_the_same_queries_for_one_and_three(
    client, coordinator_cora, django_assert_num_queries
):
    client.force_login(coordinator_cora.user)
    CompanyFactory(name="Ny AS", confirmed=False)
    client.get(LIST)  # sessions and the like
    with django_assert_num_queries(6):
        assert len(client.get(LIST).context["overview"].unconfirmed) == 1
    CompanyFactory(name="Ny", confirmed=False)
    CompanyFactory(name="Annen AS", confirmed=False)
    with django_assert_num_queries(6):
        assert len(client.get(LIST).context["overview"].unconfirmed) == 3
