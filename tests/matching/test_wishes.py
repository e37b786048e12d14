"""Wishes: whom she should not be paired with (a hard rule) and whom she would like (the
wishes term), given by the participant, taken by the matching through build_instance."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brobygger.matching.engine import explain, load_instance
from brobygger.matching.models import Wish
from brobygger.matching.selectors.instance import build_instance, forbidden_pairs
from brobygger.matching.services.constraints import lock_pair

from .helpers import pairs_by_name, run, send

pytestmark = pytest.mark.django_db


def _url(application):
    return reverse("matching:wishes", args=[application.code])


@pytest.fixture
def anne_client(client, cohort_people):
    client.force_login(cohort_people["anne"].person.user)
    return client


def _codes(p, *names):
    return [str(p[n].code) for n in names]


def test_not_with_a_colleague_is_never_paired_and_would_like_scores(
    anne_client, review_cohort, cohort_people
):
    p = cohort_people
    siri = p["siri"].person.name
    response = anne_client.post(_url(p["anne"]), {"avoid": "bo berg", "prefer": siri})

    assert response["Location"] == _url(p["anne"])
    assert sorted(Wish.objects.values_list("kind", "written", "other__code")) == [
        ("avoid", "bo berg", p["bo"].code),
        ("prefer", siri, p["siri"].code),
    ]
    built = build_instance(review_cohort).instance
    anne = next(m for m in built["mentees"] if m["id"] == str(p["anne"].code))
    assert (anne["avoid"], anne["prefer"]) == (_codes(p, "bo"), _codes(p, "siri"))
    assert [str(p["anne"].code), str(p["bo"].code)] in built["forbidden"]
    assert forbidden_pairs(review_cohort)[(str(p["anne"].code), str(p["bo"].code))] == "wish"
    instance = load_instance(build_instance(review_cohort, for_check=True).instance)
    wishes = {
        name: next(
            t.value
            for t in explain(instance, str(p["anne"].code), str(p[name].code)).terms
            if t.name == "wishes"
        )
        for name in ("bo", "siri", "tor")
    }
    assert wishes == {"bo": 0.0, "siri": 0.75, "tor": 0.5}
    run(review_cohort)
    assert ("Anne", "Bo") not in pairs_by_name(review_cohort)


def test_not_with_a_company_names_everyone_from_it(anne_client, review_cohort, cohort_people):
    p = cohort_people
    anne_client.post(_url(p["anne"]), {"avoid": "Skarven Software", "prefer": ""})

    [wish] = Wish.objects.all()
    assert (wish.kind, wish.company.name, wish.other) == ("avoid", "Skarven Software AS", None)
    forbidden = {k for k, why in forbidden_pairs(review_cohort).items() if why == "wish"}
    assert forbidden == {(str(p["anne"].code), c) for c in _codes(p, "bo", "tor")}


@pytest.mark.parametrize(
    ("avoid", "prefer", "message"),
    [
        ("Anne Aas", "", "You cannot name yourself."),
        ("Nobody Nowhere", "", "“Nobody Nowhere” is neither a participant of this programme year"),
        ("", "Skarven Software AS", "“Skarven Software AS” is not a participant of this"),
        ("\n".join(f"Person {n}" for n in range(200)), "", "Name at most 10 people or companies"),
        ("Bo Berg", "bo berg", "You named bo berg both as “not with” and as “would like”."),
        ("Eva", "", "is neither a participant"),  # a senior, not of the other role
    ],
)
def test_bad_wishes_say_why_and_store_nothing(anne_client, cohort_people, avoid, prefer, message):
    Wish.objects.create(
        application=cohort_people["anne"], kind="avoid", other=cohort_people["ola"], written="Ola"
    )

    response = anne_client.post(_url(cohort_people["anne"]), {"avoid": avoid, "prefer": prefer})

    assert message in " ".join(response.context["form"].non_field_errors())
    assert list(Wish.objects.values_list("written", flat=True)) == ["Ola"]


def test_the_partner_already_proposed_cannot_be_wished_away(
    anne_client, review_cohort, cohort_people
):
    p = cohort_people
    lock_pair(cohort=review_cohort, mentee=p["anne"], mentor=p["bo"], by=None)
    run(review_cohort)
    send(review_cohort)

    response = anne_client.post(_url(p["anne"]), {"avoid": "Bo Berg", "prefer": ""})

    assert response.context["form"].non_field_errors() == [
        "Bo Berg is already proposed as your partner: talk to the coordinator instead."
    ]
    assert Wish.objects.count() == 0


def test_another_persons_application_is_404(client, cohort_people):
    client.force_login(cohort_people["eva"].person.user)
    response = client.post(_url(cohort_people["anne"]), {"avoid": "Bo Berg"})
    assert response.status_code == 404
    assert Wish.objects.count() == 0


def test_the_page_in_norwegian(client, cohort_people):
    from django.utils import translation

    client.force_login(cohort_people["anne"].person.user)
    client.cookies["django_language"] = "nb"
    with translation.override("nb"):
        response = client.post(_url(cohort_people["anne"]), {"avoid": "Anne Aas"})
    assert response.context["form"].non_field_errors() == ["Du kan ikke oppgi deg selv."]


def test_the_coordinator_sees_the_wishes_and_the_wishes_term_only_when_given(
    client, coordinator_cora, anne_client, review_cohort, cohort_people
):
    url = reverse("matching:cohort", args=[review_cohort.code])
    run(review_cohort)
    client.force_login(coordinator_cora.user)
    before = client.get(url)
    assert {t.name for p in before.context["view"].pairs for t in p.terms} == {
        "topics",
        "text",
        "values",
        "difference",
        "availability",
    }
    p = cohort_people
    Wish.objects.create(application=p["anne"], kind="avoid", other=p["bo"], written="Bo Berg")
    Wish.objects.create(
        application=p["eva"], kind="avoid", company=p["tor"].person.company, written="Skarven"
    )
    run(review_cohort)

    after = client.get(url)

    assert "wishes" in {t.name for p in after.context["view"].pairs for t in p.terms}
    assert [str(w.application.person.name) for w in after.context["wishes"]] == [
        "Anne Aas",
        p["eva"].person.name,
    ]
    page = after.content.decode()
    assert "Anne Aas: not with Bo Berg" in page
    assert f"{p['eva'].person.name}: not with anyone from Skarven Software AS" in page
