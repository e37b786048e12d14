"""Answering from the personal link: no sign-in, one person and one survey, changeable
until the survey closes, in the person's own language."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from brobygger.surveys.models import Answer, Survey
from tests.surveys.conftest import invite, open_survey


@pytest.fixture
def baseline(running_cohort, coordinator_cora):
    return open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)


def _post_for(survey, *, likert="4", text="Mer digital"):
    data = {}
    for q in survey.questions.all():
        if q.kind == "likert":
            data[f"q{q.pk}"] = likert
        elif q.kind == "text":
            data[f"q{q.pk}"] = text
    return data


def test_the_personal_link_works_without_signing_in(client, baseline, mentee_anne):
    invitation = invite(baseline, mentee_anne)
    url = reverse("surveys:answer", args=[invitation.token])
    html = client.get(url).content.decode()
    assert "I am willing to change the way I work and think." in html
    response = client.post(url, _post_for(baseline))
    assert response.status_code == 302
    invitation.refresh_from_db()
    values = sorted((a.question.key, a.value) for a in Answer.objects.filter(invitation=invitation))
    assert values == [
        ("change_readiness", 4),
        ("digital_confidence", 4),
        ("expectations", "Mer digital"),
        ("generation_understanding", 4),
    ]
    assert invitation.answered_at is not None


def test_answers_can_change_until_the_survey_closes(client, baseline, mentee_anne):
    invitation = invite(baseline, mentee_anne)
    url = reverse("surveys:answer", args=[invitation.token])
    client.post(url, _post_for(baseline, likert="2"))
    html = client.get(url).content.decode()
    assert len(re.findall(r'<input type="radio"[^>]*value="2"[^>]*checked', html)) == 3
    client.post(url, _post_for(baseline, likert="5"))
    assert set(
        Answer.objects.filter(invitation=invitation, question__kind="likert").values_list(
            "value", flat=True
        )
    ) == {5}
    assert Answer.objects.filter(invitation=invitation).count() == 4

    with time_machine.travel(timezone.now() + dt.timedelta(days=6)):
        html = client.get(url).content.decode()
        assert "This survey has closed. Thank you for taking part." in html
        client.post(url, _post_for(baseline, likert="1"))
    assert set(
        Answer.objects.filter(invitation=invitation, question__kind="likert").values_list(
            "value", flat=True
        )
    ) == {5}


def test_a_wrong_token_answers_404_and_a_link_opens_only_its_own_survey(
    client, baseline, mentee_anne, mentor_bo
):
    anne = invite(baseline, mentee_anne)
    bo = invite(baseline, mentor_bo)
    assert client.get(reverse("surveys:answer", args=["not-a-token"])).status_code == 404
    client.post(reverse("surveys:answer", args=[anne.token]), _post_for(baseline))
    assert Answer.objects.filter(invitation=bo).count() == 0
    assert Answer.objects.filter(invitation=anne).count() == 4


def test_required_questions_are_checked_and_nothing_is_saved(client, baseline, mentee_anne):
    invitation = invite(baseline, mentee_anne)
    response = client.post(reverse("surveys:answer", args=[invitation.token]), {})
    assert response.status_code == 200
    assert 'class="form-error-summary"' in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_value_outside_the_scale_is_refused(client, baseline, mentee_anne):
    invitation = invite(baseline, mentee_anne)
    response = client.post(
        reverse("surveys:answer", args=[invitation.token]), _post_for(baseline, likert="9")
    )
    assert response.status_code == 200
    assert Answer.objects.count() == 0


def test_the_page_speaks_the_persons_language(client, baseline, mentee_anne):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    invitation = invite(baseline, mentee_anne)
    html = client.get(reverse("surveys:answer", args=[invitation.token])).content.decode()
    assert '<html lang="en">' in html
    assert "I am willing to change the way I work and think." in html


def test_a_survey_not_yet_open_shows_when_it_opens(client, baseline, mentee_anne):
    Survey.objects.filter(pk=baseline.pk).update(
        opens_on=timezone.localdate() + dt.timedelta(days=2),
        closes_on=timezone.localdate() + dt.timedelta(days=9),
    )
    invitation = invite(baseline, mentee_anne)
    html = client.get(reverse("surveys:answer", args=[invitation.token])).content.decode()
    assert '<form method="post" class="survey-form"' not in html


def test_my_surveys_lists_only_my_invitations(client, baseline, mentee_anne, outsider_dag):
    invitation = invite(baseline, mentee_anne)
    client.force_login(outsider_dag.user)
    assert invitation.token not in client.get(reverse("surveys:mine")).content.decode()
    client.force_login(mentee_anne.user)
    assert invitation.token in client.get(reverse("surveys:mine")).content.decode()
