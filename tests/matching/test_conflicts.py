"""Conflicts between companies: a contact declares another member company as a client or
competitor; the programme year keeps their people apart, hard (never) or soft (avoid)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brobygger.matching.models import CompanyConflict
from brobygger.matching.selectors.instance import build_instance, forbidden_pairs
from brobygger.people.models import CompanyContact

from .helpers import pairs_by_name, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def hege(client, company_a):
    from tests.factories import PersonFactory

    person = PersonFactory(user__email="hege@a.example", company=company_a)
    CompanyContact.objects.create(person=person, company=company_a)
    client.force_login(person.user)
    return client


def test_a_contact_declares_a_competitor_and_their_people_are_never_paired(
    hege, review_cohort, cohort_people, company_a, company_b
):
    response = hege.post(
        reverse("company:conflicts"), {"other": company_b.pk, "kind": "competitor"}
    )

    assert response["Location"] == reverse("company:conflicts")
    assert list(CompanyConflict.objects.values_list("company", "other", "kind")) == [
        (company_a.pk, company_b.pk, "competitor")
    ]
    p = cohort_people  # company A: Anne, Liv (seniors); company B: Bo, Tor (young mentors)
    why = forbidden_pairs(review_cohort)
    apart = {(e, m) for e in ("anne", "liv") for m in ("bo", "tor")}
    assert {
        (e, m)
        for e in ("anne", "liv")
        for m in ("bo", "tor")
        if why.get((str(p[e].code), str(p[m].code))) == "conflict"
    } == apart
    run(review_cohort)
    assert not pairs_by_name(review_cohort) & {(e.title(), m.title()) for e, m in apart}


def test_a_soft_rule_only_avoids(hege, review_cohort, cohort_people, company_a, company_b):
    review_cohort.company_conflicts = "soft"
    review_cohort.save()
    CompanyConflict.objects.create(company=company_a, other=company_b, kind="client")

    built = build_instance(review_cohort).instance

    anne = next(m for m in built["mentees"] if m["id"] == str(cohort_people["anne"].code))
    assert sorted(anne["avoid"]) == sorted(str(cohort_people[n].code) for n in ("bo", "tor"))
    assert "conflict" not in forbidden_pairs(review_cohort).values()


def test_her_own_company_is_refused(hege, company_a):
    response = hege.post(reverse("company:conflicts"), {"other": company_a.pk, "kind": "client"})

    assert response.context["form"].non_field_errors() == [
        "This is your own company: choose another member company."
    ]
    assert CompanyConflict.objects.count() == 0


def test_another_companys_conflict_cannot_be_removed(hege, company_b, company_c):
    theirs = CompanyConflict.objects.create(company=company_b, other=company_c, kind="client")
    response = hege.post(reverse("company:conflict-delete", args=[theirs.pk]))
    assert response.status_code == 404
    assert CompanyConflict.objects.count() == 1


def test_the_coordinator_sees_the_pairs_a_conflict_excluded(
    client, coordinator_cora, review_cohort, cohort_people, company_a, company_b
):
    CompanyConflict.objects.create(company=company_a, other=company_b, kind="competitor")
    client.force_login(coordinator_cora.user)
    response = client.get(reverse("matching:cohort", args=[review_cohort.code]))
    names = {(e.person.name, m.person.name) for e, m in response.context["conflict_pairs"]}
    p = cohort_people
    assert names == {
        (p[e].person.name, p[m].person.name) for e in ("anne", "liv") for m in ("bo", "tor")
    }
    assert "Nordlys Kraft AS declared Skarven Software AS: competitor" in response.content.decode()


def test_the_coordinator_makes_the_rule_soft_in_the_matching_settings(
    client, coordinator_cora, review_cohort
):
    from .test_settings import VALID

    client.force_login(coordinator_cora.user)
    url = reverse("matching:settings", args=[review_cohort.code])
    assert client.get(url).context["form"]["company_conflicts"].initial == "hard"

    client.post(url, {**VALID, "company_conflicts": "soft"})

    review_cohort.refresh_from_db()
    assert review_cohort.company_conflicts == "soft"
