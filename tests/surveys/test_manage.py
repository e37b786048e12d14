"""The coordinator starts surveys from templates, edits them, and cannot break answered ones."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.surveys.models import Question, Survey
from brobygger.surveys.services import create_survey
from tests.factories import CohortFactory
from tests.surveys.conftest import open_survey
from tests.surveys.helpers import answer


def test_the_coordinator_starts_a_survey_from_the_template(
    client, running_cohort, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("surveys:survey-list", args=[running_cohort.code]),
        {"kind": "closing", "role": "mentor", "source": "default"},
    )
    survey = Survey.objects.get(cohort=running_cohort)
    assert response.url == reverse("surveys:survey-edit", args=[survey.code])
    assert [q.key for q in survey.questions.order_by("order")] == [
        "change_readiness",
        "leadership_confidence",
        "generation_understanding",
        "relationship_quality",
        "take_part_again",
        "recommend",
        "gains",
        "best",
        "improve",
    ]
    assert survey.closes_on > running_cohort.closing_on > survey.opens_on
    assert (
        ActivityLog.objects.filter(action="surveys.create", actor=coordinator_cora.user).count()
        == 1
    )


def test_a_survey_can_be_copied_from_the_previous_year(running_cohort, coordinator_cora):
    import datetime as dt

    earlier = CohortFactory(
        initiative=running_cohort.initiative,
        title="2025",
        status="closed",
        kickoff_on=running_cohort.kickoff_on - dt.timedelta(days=365),
        closing_on=running_cohort.closing_on - dt.timedelta(days=365),
        matching_on=running_cohort.matching_on - dt.timedelta(days=365),
        applications_open_at=running_cohort.applications_open_at - dt.timedelta(days=365),
        applications_close_at=running_cohort.applications_close_at - dt.timedelta(days=365),
    )
    old = create_survey(cohort=earlier, kind="midpoint", role="mentee", by=coordinator_cora.user)
    Question.objects.create(survey=old, kind="text", label="Egen ekstra", order=9)
    new = create_survey(
        cohort=running_cohort,
        kind="midpoint",
        role="mentee",
        by=coordinator_cora.user,
        copy_from=old,
    )
    assert [q.label for q in new.questions.order_by("order")][-1] == "Egen ekstra"


def test_others_get_404_on_the_survey_pages(client, running_cohort, coordinator_cora, outsider_dag):
    survey = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    client.force_login(outsider_dag.user)
    for url in (
        reverse("surveys:survey-edit", args=[survey.code]),
        reverse("surveys:question-add", args=[survey.code]),
        reverse("surveys:survey-list", args=[running_cohort.code]),
    ):
        assert client.get(url).status_code == 404


def test_an_answered_question_keeps_its_type_but_its_wording_can_improve(
    client, pairs, running_cohort, coordinator_cora
):
    survey = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    answer(survey, pairs[0].mentee, change_readiness=4)
    question = survey.questions.get(key="change_readiness")
    client.force_login(coordinator_cora.user)
    url = reverse("surveys:question-edit", args=[survey.code, question.code])
    data = {"label": "Ny ordlyd", "kind": "text", "key": "change_readiness", "required": "on"}
    response = client.post(url, data)
    assert "This question has answers" in response.content.decode()
    question.refresh_from_db()
    assert (question.kind, question.label) == (
        "likert",
        "Jeg er villig til å endre måten jeg jobber og tenker på.",
    )
    client.post(url, {**data, "kind": "likert"})
    question.refresh_from_db()
    assert (question.kind, question.label) == ("likert", "Ny ordlyd")


def test_an_answered_anonymous_survey_stays_anonymous(
    client, pairs, running_cohort, coordinator_cora
):
    survey = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    answer(survey, pairs[0].mentee, change_readiness=4)
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("surveys:survey-edit", args=[survey.code]),
        {"title": survey.title, "opens_on": survey.opens_on, "closes_on": survey.closes_on},
    )
    assert "the survey stays anonymous" in response.content.decode()
    survey.refresh_from_db()
    assert survey.anonymous is True


def test_a_choice_question_needs_two_options(client, running_cohort, coordinator_cora):
    survey = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("surveys:question-add", args=[survey.code]),
        {"label": "Velg", "kind": "single", "choices": "Bare én"},
    )
    assert "Give at least two options." in response.content.decode()
    assert survey.questions.filter(label="Velg").count() == 0
    client.post(
        reverse("surveys:question-add", args=[survey.code]),
        {"label": "Velg", "kind": "single", "choices": "Ja\nNei"},
    )
    assert survey.questions.get(label="Velg").choices == ["Ja", "Nei"]


@pytest.mark.parametrize("name", ["surveys:survey-list"])
def test_survey_list_query_count_does_not_grow(
    client, name, running_cohort, coordinator_cora, django_assert_num_queries
):
    client.force_login(coordinator_cora.user)
    url = reverse(name, args=[running_cohort.code])
    create_survey(cohort=running_cohort, kind="baseline", role="mentee", by=coordinator_cora.user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    create_survey(cohort=running_cohort, kind="baseline", role="mentor", by=coordinator_cora.user)
    create_survey(cohort=running_cohort, kind="closing", role="mentor", by=coordinator_cora.user)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(one) == len(three)


def test_the_survey_page_names_each_measure_in_words(client, running_cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.post(
        reverse("surveys:survey-list", args=[running_cohort.code]),
        {"kind": "closing", "role": "mentor", "source": "default"},
    )
    survey = Survey.objects.get(cohort=running_cohort)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    html = client.get(reverse("surveys:survey-edit", args=[survey.code])).content.decode()
    badges = re.findall(r'<span class="badge badge-open" title="Indikator">([^<]+)</span>', html)
    assert badges == [
        "Endringsvilje",
        "Trygghet som leder",
        "Forståelse på tvers av generasjoner",
        "Kvaliteten på relasjonen",
        "Ville deltatt igjen",
        "Ville anbefalt programmet",
        "Hva programmet ga",
        "Det beste",
        "Hva som kan bli bedre",
    ]
    assert "relationship_quality" not in html
