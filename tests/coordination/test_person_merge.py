"""Merging two records of the same human (issue "Broken promises", item 7): one imported,
one who applied herself. Every reference moves to the record kept; a merge that would break
a uniqueness rule is refused with a message, changing nothing. Coordinators see and merge
the applicants of their own programme years only; anyone else gets 404."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Answer, Application
from brobygger.core.models import ActivityLog
from brobygger.pairs.models import Pair
from brobygger.people.models import CompanyContact, Person, User
from brobygger.people.services import merge_people
from brobygger.privacy.models import Consent, PrivacyNotice
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
    QuestionFactory,
)

LIST = reverse("coordination:person-duplicates")
MERGE = reverse("coordination:person-merge")


@pytest.fixture(autouse=True)
def _english(english):  # type: ignore[no-untyped-def]
    pass


@pytest.fixture
def last_year(reverse_initiative):
    return CohortFactory(initiative=reverse_initiative, title="2026", status="running")


@pytest.fixture
def imported_kari(open_cohort, company_a):
    """Imported by the coordinator: work address, no password, a submitted application."""
    user = User.objects.create_user("kari@a.example", None, first_name="Kari", last_name="Nordmann")
    person = Person.objects.create(user=user, company=company_a, birth_year=1968)
    application = ApplicationFactory(cohort=open_cohort, person=person, role="mentee")
    AnswerFactory(application=application, question=QuestionFactory(cohort=open_cohort))
    return person


@pytest.fixture
def own_kari(last_year, company_a, mentor_bo):
    """She signed up herself last year, with her private address, and was paired."""
    person = PersonFactory(
        user__email="kari.privat@example.org",
        user__first_name="Kari",
        user__last_name="Nordmann",
        company=company_a,
        birth_year=None,
        job_title="Direktør",
    )
    ApplicationFactory(cohort=last_year, person=person, role="mentee", decision="accepted")
    Pair.objects.create(
        cohort=last_year, mentee=person, mentor=mentor_bo, published_at=timezone.now()
    )
    notice = PrivacyNotice.objects.create(version=1, text="Tekst", published_at=timezone.now())
    Consent.objects.create(person=person, notice=notice, purpose="application")
    return person


def test_the_coordinator_sees_her_applicants_with_the_same_name(
    client, coordinator_cora, imported_kari, own_kari, mentee_anne, open_cohort
):
    ApplicationFactory(cohort=open_cohort, person=mentee_anne)
    client.force_login(coordinator_cora.user)
    groups = client.get(LIST).context["groups"]
    assert [[p.user.email for p in group] for group in groups] == [
        ["kari@a.example", "kari.privat@example.org"]
    ]
    assert [[str(a.cohort) for a in p.shown_applications] for p in groups[0]] == [
        ["Reverse Mentoring 2027"],
        ["Reverse Mentoring 2026"],
    ]


def test_merging_moves_everything_to_the_record_kept(
    client, coordinator_cora, imported_kari, own_kari, mentor_bo
):
    client.force_login(coordinator_cora.user)
    response = client.post(MERGE, {"keep": str(own_kari.code), "merge": str(imported_kari.code)})
    assert response["Location"] == LIST
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Kari Nordmann (kari@a.example) was merged into Kari Nordmann (kari.privat@example.org): "
        "her applications, pairs and answers moved with her."
    ]
    assert sorted(
        Application.objects.filter(person=own_kari).values_list("cohort__title", "role")
    ) == [("2026", "mentee"), ("2027", "mentee")]
    assert Answer.objects.get().application.person == own_kari
    assert Pair.objects.get().mentee == own_kari
    assert Consent.objects.get().person == own_kari
    assert Person.objects.filter(pk=imported_kari.pk).exists() is False
    assert User.objects.filter(email="kari@a.example").exists() is False
    # her work address stays hers, as a second address; the one she chose stays primary
    assert sorted(
        EmailAddress.objects.filter(user=own_kari.user).values_list("email", "primary", "verified")
    ) == [("kari.privat@example.org", True, True), ("kari@a.example", False, False)]
    own_kari.refresh_from_db()
    assert (own_kari.birth_year, own_kari.job_title) == (1968, "Direktør")  # blanks filled
    log = ActivityLog.objects.get(action="person.merge")
    assert (log.actor, log.target_repr, log.data["merged_name"], log.data["merged"]) == (
        coordinator_cora.user,
        "Kari Nordmann",
        "Kari Nordmann",
        str(imported_kari.code),
    )
    assert log.data["moved"]["applications.Application.person"] == 1


def test_both_in_the_same_programme_year_is_refused_and_nothing_changes(
    client, coordinator_cora, imported_kari, own_kari, open_cohort
):
    ApplicationFactory(cohort=open_cohort, person=own_kari, role="mentor")
    client.force_login(coordinator_cora.user)
    response = client.post(MERGE, {"keep": str(own_kari.code), "merge": str(imported_kari.code)})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "These two cannot be merged: both take part in Reverse Mentoring 2027, and a person "
        "takes part in a programme year once, in one role. Nothing was changed."
    ]
    assert Person.objects.filter(pk__in=[own_kari.pk, imported_kari.pk]).count() == 2
    assert sorted(Application.objects.values_list("person__user__email", "cohort__title")) == [
        ("kari.privat@example.org", "2026"),
        ("kari.privat@example.org", "2027"),
        ("kari@a.example", "2027"),
    ]
    assert ActivityLog.objects.filter(action="person.merge").exists() is False


def test_a_uniqueness_rule_refuses_the_merge_and_nothing_changes(
    imported_kari, own_kari, company_a, coordinator_cora
):
    CompanyContact.objects.create(person=imported_kari, company=company_a)
    CompanyContact.objects.create(person=own_kari, company=company_a)
    EmailAddress.objects.create(user=imported_kari.user, email="kari@a.example", primary=True)
    with pytest.raises(ValidationError) as refused:
        merge_people(person=imported_kari, into=own_kari, by=coordinator_cora.user)
    assert refused.value.messages == [
        "These two cannot be merged: both have something that may exist only once (company "
        "contact). Nothing was changed."
    ]
    assert CompanyContact.objects.get(person=imported_kari).company == company_a
    assert Person.objects.filter(pk=imported_kari.pk).exists()
    assert EmailAddress.objects.get(user=imported_kari.user).primary is True  # rolled back


def test_a_coordinators_record_is_kept_not_merged_away(
    imported_kari, own_kari, admin_ada, reverse_initiative
):
    """The record merged away is deleted with its account: a coordinator's account keeps her
    initiatives, so the other record is merged into hers instead."""
    from brobygger.people.roles import grant_coordinator_role

    reverse_initiative.coordinators.add(imported_kari.user)
    grant_coordinator_role(imported_kari.user)
    with pytest.raises(ValidationError) as refused:
        merge_people(person=imported_kari, into=own_kari, by=admin_ada.user)
    assert refused.value.messages == [
        f"{imported_kari.name} coordinates an initiative: keep her record and merge the other one."
    ]
    assert Person.objects.filter(pk=imported_kari.pk).exists()


@pytest.fixture
def kari_elsewhere(company_a):
    """Same name, but she only applied to another initiative's programme year."""
    other = CohortFactory(initiative=InitiativeFactory(slug="annet", name="Annet"), title="2027")
    person = PersonFactory(
        user__email="kari@annet.example",
        user__first_name="Kari",
        user__last_name="Nordmann",
        company=company_a,
    )
    ApplicationFactory(cohort=other, person=person)
    return person


def test_people_outside_her_initiatives_are_neither_shown_nor_merged(
    client, coordinator_cora, imported_kari, kari_elsewhere
):
    client.force_login(coordinator_cora.user)
    assert client.get(LIST).context["groups"] == []
    response = client.post(
        MERGE, {"keep": str(imported_kari.code), "merge": str(kari_elsewhere.code)}
    )
    assert response.status_code == 404
    assert Person.objects.filter(pk=kari_elsewhere.pk).exists()


def test_the_network_admin_sees_everyone(client, admin_ada, imported_kari, kari_elsewhere):
    client.force_login(admin_ada.user)
    groups = client.get(LIST).context["groups"]
    assert [[p.user.email for p in group] for group in groups] == [
        ["kari@a.example", "kari@annet.example"]
    ]


@pytest.mark.parametrize("persona", ["contact_hege", "mentee_anne", "outsider_dag"])
def test_everyone_else_gets_404_and_changes_nothing(
    client, persona, request, imported_kari, own_kari
):
    client.force_login(request.getfixturevalue(persona).user)
    assert client.get(LIST).status_code == 404
    response = client.post(MERGE, {"keep": str(own_kari.code), "merge": str(imported_kari.code)})
    assert response.status_code == 404
    assert Person.objects.filter(pk=imported_kari.pk).exists()


def test_the_same_record_twice_is_refused(client, coordinator_cora, imported_kari):
    client.force_login(coordinator_cora.user)
    code = str(imported_kari.code)
    response = client.post(MERGE, {"keep": code, "merge": code})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Nothing was merged: Choose two different records."
    ]


def test_the_list_costs_the_same_queries_for_one_and_three_groups(
    client, coordinator_cora, open_cohort, django_assert_num_queries
):
    def twice(first: str, last: str) -> None:
        for n in (1, 2):
            person = PersonFactory(
                user__first_name=first, user__last_name=last, user__email=f"{first}{n}@x.example"
            )
            ApplicationFactory(cohort=open_cohort, person=person)

    client.force_login(coordinator_cora.user)
    twice("Kari", "Nordmann")
    client.get(LIST)
    with django_assert_num_queries(7):
        assert len(client.get(LIST).context["groups"]) == 1
    twice("Ola", "Nordmann")
    twice("Liv", "Lie")
    with django_assert_num_queries(7):
        assert len(client.get(LIST).context["groups"]) == 3


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_pages_have_one_h1_and_no_inline_script_or_style(
    client, settings, coordinator_cora, imported_kari, own_kari, language
):
    from brobygger.people.models import Company

    Company.objects.create(name="Fjordkraft", confirmed=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(coordinator_cora.user)
    for url in (LIST, reverse("coordination:company-list")):
        html = client.get(url).content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=", html, re.I) == []
