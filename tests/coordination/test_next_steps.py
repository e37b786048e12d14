"""The next steps of a programme year, by its state, with counts from the applications;
the first open one is the overview's "Next step". Frozen on Monday 7 December 2026."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.coordination.selectors import get_cohort_with_steps, next_steps
from tests.coordination.conftest import at, year_dates
from tests.factories import ApplicationFactory, CohortFactory, QuestionFactory

NOW = timezone.now


def _year(initiative, status, title="2027–2028", **extra):
    dates = year_dates(2027)
    dates.update(extra)
    return CohortFactory(initiative=initiative, title=title, status=status, **dates)


def _steps(user, cohort, language="en"):
    with translation.override(language):
        cohort = get_cohort_with_steps(user, cohort.code)
        return [(s.text, s.url, s.done, s.urgent) for s in next_steps(cohort, now=timezone.now())]


def test_a_draft_asks_for_the_form_the_dates_the_email_texts_and_opening(
    reverse_initiative, coordinator_cora
):
    year = _year(reverse_initiative, "draft")
    before = _steps(coordinator_cora.user, year)
    QuestionFactory(cohort=year)

    status = reverse("coordination:cohort-status", args=[year.code])
    form = reverse("applications:form-overview", args=[year.code])
    setup = reverse("coordination:cohort-edit", args=[year.code])
    texts = reverse("coordination:email-texts", args=[year.code])
    assert before == [
        ("Make the application form", form, False, False),
        ("Check the dates and the settings", setup, False, False),
        ("Check the email texts", texts, False, False),
        ("Open for applications", status, False, False),
    ]
    assert _steps(coordinator_cora.user, year)[0] == (
        "Make the application form",
        form,
        True,
        False,
    )


def test_an_open_year_counts_down_to_the_deadline_with_its_applications(
    reverse_initiative, coordinator_cora
):
    year = _year(
        reverse_initiative, "open", applications_close_at=at(dt.date(2026, 12, 10), 23, 59)
    )
    ApplicationFactory.create_batch(2, cohort=year)
    ApplicationFactory(cohort=year, status="draft", submitted_at=None)
    ApplicationFactory(cohort=_year(reverse_initiative, "open", "Other"))  # another year's

    review = reverse("applications:review-list", args=[year.code])
    status = reverse("coordination:cohort-status", args=[year.code])
    assert _steps(coordinator_cora.user, year) == [
        ("The application deadline is in 3 days (2 applications, 1 drafts)", review, False, True),
        ("Close the application period", status, False, False),
    ]
    assert _steps(coordinator_cora.user, year, "nb")[0][0] == (
        "Søknadsfristen går ut om 3 dager (2 søknader, 1 utkast)"
    )


def test_a_year_in_review_counts_the_unreviewed_and_the_unsent(
    reverse_initiative, coordinator_cora
):
    year = _year(reverse_initiative, "review")
    ApplicationFactory.create_batch(3, cohort=year)
    ApplicationFactory(cohort=year, decision="accepted")
    ApplicationFactory(cohort=year, decision="rejected", decision_released_at=timezone.now())

    code = year.code
    assert _steps(coordinator_cora.user, year) == [
        (
            "3 applications are not reviewed",
            reverse("applications:review-list", args=[code]),
            False,
            False,
        ),
        (
            "1 decision is not sent",
            reverse("applications:review-release", args=[code]),
            False,
            False,
        ),
        ("Start matching", reverse("coordination:cohort-status", args=[code]), False, False),
    ]
    assert _steps(coordinator_cora.user, year, "nb")[:2] == [
        (
            "3 søknader er ikke vurdert",
            reverse("applications:review-list", args=[code]),
            False,
            False,
        ),
        (
            "1 beslutning er ikke sendt",
            reverse("applications:review-release", args=[code]),
            False,
            False,
        ),
    ]


def test_matching_runs_and_publishes_on_the_matching_page(reverse_initiative, coordinator_cora):
    from brobygger.matching.models import Proposal

    year = _year(reverse_initiative, "matching")
    before = _steps(coordinator_cora.user, year)
    for status in ("pending", "pending", "accepted"):
        Proposal.objects.create(
            cohort=year,
            mentee_application=ApplicationFactory(cohort=year, role="mentee"),
            mentor_application=ApplicationFactory(cohort=year, role="mentor"),
            status=status,
        )

    matching = reverse("matching:cohort", args=[year.code])
    assert before == [
        ("Run the matching", matching, False, False),
        ("Publish the pairs", matching, False, False),
    ]
    assert _steps(coordinator_cora.user, year, "nb") == [
        ("Kjør matchingen", matching, True, False),
        ("2 forslag venter på svar", matching, False, False),
        ("Publiser parene", matching, False, False),
    ]


def test_a_running_year_names_the_closing_survey_and_the_closing(
    reverse_initiative, coordinator_cora
):
    from brobygger.surveys.models import Survey

    year = _year(reverse_initiative, "running", closing_on=dt.date(2027, 6, 3))
    Survey.objects.create(
        cohort=year,
        kind="closing",
        role="mentee",
        title="Sluttmåling",
        opens_on=dt.date(2027, 6, 1),
        closes_on=dt.date(2027, 6, 14),
    )

    assert _steps(coordinator_cora.user, year, "nb") == [
        (
            "Sluttmåling sendes 1. juni",
            reverse("surveys:survey-list", args=[year.code]),
            False,
            False,
        ),
        ("Avslutning 3. juni", reverse("pairs:health", args=[year.code]), False, False),
    ]


def test_a_published_year_names_its_kickoff(reverse_initiative, coordinator_cora):
    year = _year(reverse_initiative, "published", kickoff_on=dt.date(2027, 2, 1))

    assert [s[0] for s in _steps(coordinator_cora.user, year, "nb")] == ["Oppstart 1. feb."]


def test_the_overview_shows_each_years_first_open_step(
    client, reverse_initiative, coordinator_cora
):
    draft = _year(reverse_initiative, "draft")
    QuestionFactory(cohort=draft)
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("coordination:overview")).content.decode()

    assert re.findall(r'Next step: <a href="([^"]+)">([^<]+)</a>', page) == [
        (reverse("coordination:cohort-edit", args=[draft.code]), "Check the dates and the settings")
    ]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["coordination:overview"])
def test_the_overview_makes_as_many_queries_for_three_years_as_for_one(
    client, reverse_initiative, coordinator_cora, url
):
    client.force_login(coordinator_cora.user)
    first = _year(reverse_initiative, "open")
    ApplicationFactory(cohort=first)
    one = _queries(client, reverse(url))
    for status in ("review", "published"):
        ApplicationFactory(cohort=_year(reverse_initiative, status, status))

    three = _queries(client, reverse(url))

    assert one == three


def test_the_status_page_makes_a_fixed_number_of_queries(
    client, reverse_initiative, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    year = _year(reverse_initiative, "review")
    ApplicationFactory(cohort=year)
    one = _queries(client, reverse("coordination:cohort-status", args=[year.code]))
    ApplicationFactory.create_batch(2, cohort=year, decision="accepted")

    assert _queries(client, reverse("coordination:cohort-status", args=[year.code])) == one


def test_the_overview_reads_its_cohorts_with_their_counts_and_steps_once(
    client, reverse_initiative, coordinator_cora
):
    """Issue 23: the application counts (and the steps' annotations) come with the
    overview's one cohort query; next steps read nothing more."""
    client.force_login(coordinator_cora.user)
    for status in ("open", "review", "published"):
        ApplicationFactory(cohort=_year(reverse_initiative, status, status))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("coordination:overview"))
    cohort_reads = [
        q["sql"]
        for q in queries
        if 'FROM "programs_cohort"' in q["sql"] and "n_pending" in q["sql"]
    ]
    assert len(cohort_reads) == 1
    assert ("n_proposals_waiting" in cohort_reads[0], "n_pairs_active" in cohort_reads[0]) == (
        True,
        True,
    )
    assert all(cohort.next_step is not None for cohort in response.context["cohorts"])
