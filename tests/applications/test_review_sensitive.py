"""Sensitive answers: shown to the initiative's coordinators with a marker; every read logged."""

import pytest
from django.conf import settings
from django.urls import reverse

from brobygger.applications.selectors.review import answer_rows
from brobygger.core.models import ActivityLog
from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory


@pytest.fixture
def application(open_cohort, mentee_anne):
    application = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    plain = QuestionFactory(cohort=open_cohort, role="mentee", label_en="Your goals", order=1)
    sensitive = QuestionFactory(
        cohort=open_cohort,
        role="mentee",
        label_en="Anything we should know",
        order=2,
        sensitive=True,
    )
    AnswerFactory(application=application, question=plain, value="Lære om KI")
    AnswerFactory(application=application, question=sensitive, value="Tilrettelegging")
    return application


def _reads():
    return list(
        ActivityLog.objects.filter(action="application.read_sensitive").values_list(
            "actor__email", "target_id"
        )
    )


def test_coordinator_sees_marked_sensitive_answer_and_the_read_is_logged(
    client, coordinator_cora, application
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("applications:review-detail", args=[application.code]))
    rows = response.context["summary"].answers
    assert [(r.question.display_label, r.text, r.sensitive) for r in rows] == [
        ("Your goals", "Lære om KI", False),
        ("Anything we should know", "Tilrettelegging", True),
    ]
    html = response.content.decode()
    assert 'Anything we should know <span class="badge badge-sensitive">sensitive</span>' in html
    assert _reads() == [("cora@c.example", str(application.pk))]
    client.get(reverse("applications:review-detail", args=[application.code]))
    assert len(_reads()) == 2


def test_no_log_when_no_sensitive_answer_is_shown(client, coordinator_cora, open_cohort):
    application = ApplicationFactory(cohort=open_cohort)
    QuestionFactory(cohort=open_cohort, role="mentee", sensitive=True)  # not answered
    client.force_login(coordinator_cora.user)
    client.get(reverse("applications:review-detail", args=[application.code]))
    assert _reads() == []


def test_without_coordinator_rights_the_sensitive_answer_is_left_out(application):
    rows = answer_rows(application, show_sensitive=False)
    assert [r.text for r in rows] == ["Lære om KI"]


def test_others_get_404_and_no_read_is_logged(client, outsider_dag, application):
    client.force_login(outsider_dag.user)
    response = client.get(reverse("applications:review-detail", args=[application.code]))
    assert response.status_code == 404
    assert "Tilrettelegging" not in response.content.decode()
    assert _reads() == []


def test_the_admin_application_page_logs_the_read_too(client, admin_ada, application):
    client.force_login(admin_ada.user)
    url = reverse("admin:applications_application_change", args=[application.pk])
    html = client.get(url).content.decode()
    assert "Tilrettelegging" in html
    assert _reads() == [("ada@net.example", str(application.pk))]


def test_the_admin_question_delete_confirmation_shows_no_answer(client, admin_ada, application):
    sensitive = application.answers.get(question__sensitive=True).question
    client.force_login(admin_ada.user)
    url = reverse("admin:applications_question_delete", args=[sensitive.pk])
    html = client.get(url).content.decode()
    assert ("Tilrettelegging" in html, "Anne" in html) == (False, True)
