"""Scoring: several reviewers each score 1–5 with a comment; the average shows."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Review
from brobygger.core.models import ActivityLog
from tests.factories import ApplicationFactory, PersonFactory


@pytest.fixture
def second_coordinator(coordinator_cora, reverse_initiative, company_b):
    person = PersonFactory(
        user__first_name="Siri",
        user__last_name="Skår",
        user__email="siri@b.example",
        user__is_coordinator=True,
        company=company_b,
    )
    reverse_initiative.coordinators.add(person.user)
    return person


@pytest.fixture
def application(open_cohort, mentor_bo):
    return ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")


def _score(client, application, **data):
    return client.post(reverse("applications:review-score", args=[application.code]), data)


def test_two_reviewers_and_the_average(client, coordinator_cora, second_coordinator, application):
    client.force_login(coordinator_cora.user)
    response = _score(client, application, score="4", comment="Sterk motivasjon")
    assert response["Location"] == reverse("applications:review-detail", args=[application.code])
    client.force_login(second_coordinator.user)
    _score(client, application, score="5")
    _score(client, application, score="3", comment="Ved nærmere ettertanke")  # changes hers

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("applications:review-detail", args=[application.code]))
    summary = page.context["summary"]
    assert [(r.reviewer.first_name, r.score, r.comment) for r in summary.reviews] == [
        ("Cora", 4, "Sterk motivasjon"),
        ("Siri", 3, "Ved nærmere ettertanke"),
    ]
    assert summary.average == 3.5
    assert "Average 3.5 from 2 reviewers." in page.content.decode()
    assert page.context["score_form"].initial == {"score": 3, "comment": "Ved nærmere ettertanke"}
    listing = client.get(reverse("applications:review-list", args=[application.cohort.code]))
    [row] = listing.context["rows"]
    assert (row.application.average_score, row.application.review_count) == (3.5, 2)
    assert list(
        ActivityLog.objects.filter(action="application.score").values_list("data", flat=True)
    ) == [{"score": 3}, {"score": 5}, {"score": 4}]


@pytest.mark.parametrize("score", ["0", "6", "", "fem"])
def test_score_outside_one_to_five_rerenders_and_saves_nothing(
    client, coordinator_cora, application, score
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _score(client, application, score=score, comment="Kommentar")
    assert response.status_code == 200
    assert response.context["score_form"].errors == {"score": ["Give a score from 1 to 5."]}
    assert "Give a score from 1 to 5." in response.content.decode()
    assert Review.objects.count() == 0
    assert ActivityLog.objects.filter(action="application.score").count() == 0


def test_withdrawn_application_cannot_be_scored(client, coordinator_cora, application):
    application.status = "withdrawn"
    application.withdrawn_at = timezone.now()
    application.save()
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _score(client, application, score="4")
    assert response.context["score_form"].non_field_errors() == [
        "Bo Berg’s application is withdrawn and cannot be reviewed or decided."
    ]
    assert Review.objects.count() == 0
    page = client.get(reverse("applications:review-detail", args=[application.code]))
    assert "A withdrawn application cannot be scored or decided." in page.content.decode()
    assert 'action="' + reverse("applications:review-score", args=[application.code]) not in (
        page.content.decode()
    )
