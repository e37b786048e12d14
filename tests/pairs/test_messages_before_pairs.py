"""A message to a programme year whose pairs are not published yet reaches nobody: the form
says why and what to use instead, not just «nobody»."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from brobygger.pairs.selectors.messages import why_nobody
from tests.factories import ApplicationFactory, CohortFactory

NOW = dt.datetime(2027, 1, 20, 10, 0, tzinfo=dt.UTC)
BEFORE_PAIRS = (
    "Messages reach the people in the pairs of the chosen programme years, and no pairs "
    "have been published in them yet, so nobody would get this message. Applicants hear "
    "whether they got a place through the decision emails (Applications → Send decisions); "
    "once the pairs are published, you can write to them here."
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def matching_year(reverse_initiative, mentee_anne, mentor_bo):
    cohort = CohortFactory(initiative=reverse_initiative, title="2027", status="matching")
    for person, role in ((mentee_anne, "mentee"), (mentor_bo, "mentor")):
        ApplicationFactory(cohort=cohort, person=person, role=role, decision="accepted")
    return cohort


def test_a_message_to_the_mentors_before_the_pairs_says_why_nobody_gets_it(
    client, coordinator_cora, matching_year
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {
        "cohorts": [matching_year.pk],
        "audience": "role",
        "role": "mentor",
        "gathering": "",
        "subject": "Velkommen",
        "body": "Snart kommer forslagene.",
        "preview": "1",
    }
    response = client.post(reverse("pairs:messages", args=[matching_year.code]), data)
    assert response.context["form"].non_field_errors() == [BEFORE_PAIRS]
    assert "preview" not in response.context


def test_with_pairs_an_audience_nobody_fits_gets_the_plain_reason(cohort_with_pair):
    with translation.override("en"):
        reason = why_nobody(cohorts=[cohort_with_pair], audience="at_risk")
    assert reason == (
        "Nobody in the chosen programme years fits these recipients, so nobody would get "
        "this message."
    )


@pytest.fixture
def cohort_with_pair(reverse_initiative, mentee_anne, mentor_bo):
    from tests.pairs.helpers import make_pair, running_cohort

    cohort = running_cohort(reverse_initiative)
    make_pair(cohort, mentee_anne, mentor_bo)
    return cohort
