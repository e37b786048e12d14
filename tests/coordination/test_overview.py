"""The coordination overview: the programme years she coordinates with their counts of
applications and pairs; the header's link to it; 404 for a coordinator of nothing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import Pair
from tests.factories import ApplicationFactory, CohortFactory, PersonFactory
from tests.surveys.conftest import make_pair, person_at


def test_cohort_overview_counts_per_state(client, coordinator_cora, open_cohort, mentor_bo):
    states = [
        {"status": "submitted"},
        {"status": "submitted", "decision": "accepted"},
        {"status": "submitted", "decision": "accepted", "decision_released_at": timezone.now()},
        {"status": "submitted", "decision": "rejected"},
        {"status": "withdrawn"},
        {"status": "draft", "submitted_at": None},
        {"status": "nominated", "submitted_at": None},
    ]
    for state in states:
        ApplicationFactory(cohort=open_cohort, **state)
    client.force_login(coordinator_cora.user)
    response = client.get(reverse("coordination:overview"))
    [cohort] = response.context["cohorts"]
    counts = {
        name: getattr(cohort, f"n_{name}")
        for name in (
            "pending",
            "accepted",
            "waitlisted",
            "rejected",
            "withdrawn",
            "draft",
            "nominated",
            "unreleased",
        )
    }
    assert counts == {
        "pending": 1,
        "accepted": 2,
        "waitlisted": 0,
        "rejected": 1,
        "withdrawn": 1,
        "draft": 1,
        "nominated": 1,
        "unreleased": 2,
    }
    assert reverse("applications:review-list", args=[open_cohort.code]) in (
        response.content.decode()
    )


def test_cohort_overview_counts_pairs_and_leads_to_them(
    client, coordinator_cora, reverse_initiative
):
    running = CohortFactory(initiative=reverse_initiative, title="2026", status="running")
    pairs = [make_pair(running, person_at(None), person_at(None)) for _ in range(4)]
    Pair.objects.filter(pk=pairs[0].pk).update(status="completed")
    Pair.objects.filter(pk=pairs[1].pk).update(status="ended_early")
    client.force_login(coordinator_cora.user)
    overview = reverse("coordination:overview")
    with CaptureQueriesContext(connection) as before:
        html = client.get(overview).content.decode()
    card = html[html.index("2026</a></h2>") :]
    assert " ".join(card[: card.index("</p>")].split()).endswith(
        "2 aktive par · 1 fullført · 1 avsluttet tidlig"
    )
    health = reverse("pairs:health", args=[running.code])
    assert f'<a href="{health}">Følg parene i 2026</a>' in card
    make_pair(running, person_at(None), person_at(None))
    with CaptureQueriesContext(connection) as after:
        html = client.get(overview).content.decode()
    assert "3 aktive par" in html
    assert len(after) == len(before)  # the counts are part of the one cohort query


def test_coordination_link_only_for_coordinators(client, coordinator_cora, admin_ada, db):
    from tests.factories import PersonFactory as Factory

    plain_staff = Factory(user__is_staff=True)
    link = f'href="{reverse("coordination:overview")}"'
    shown = {}
    for name, user in (
        ("cora", coordinator_cora.user),
        ("ada", admin_ada.user),
        ("staff", plain_staff.user),
    ):
        client.force_login(user)
        shown[name] = link in client.get(reverse("programs:home")).content.decode()
    assert shown == {"cora": True, "ada": True, "staff": False}


def test_coordinator_without_initiatives_gets_404_on_the_overview(client, db):
    person = PersonFactory(user__is_staff=True)
    client.force_login(person.user)
    assert client.get(reverse("coordination:overview")).status_code == 404
