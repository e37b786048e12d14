"""Availability: the times of day an applicant can meet, ticked on the form, stored as slot
codes, shown as words to reviewers, in exports and in the privacy export."""

import codecs
import csv
import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.applications.choices import AVAILABILITY_SLOTS
from brobygger.applications.models import Answer, Application
from brobygger.applications.privacy import ApplicationsPrivacy
from brobygger.applications.services.forms import create_default_form
from brobygger.privacy.models import PrivacyNotice
from tests.applications.apply_helpers import post_data, questions, start_url
from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory, TopicFactory


@pytest.fixture
def form_cohort(open_cohort):
    PrivacyNotice.objects.create(
        version=1, text="Vi behandler søknaden din.", published_at=timezone.now()
    )
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


@pytest.fixture
def anne_client(client, mentee_anne):
    client.force_login(mentee_anne.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_form_offers_the_slots_as_checkboxes(anne_client, form_cohort):
    question = questions(form_cohort)["availability"]

    response = anne_client.get(start_url(form_cohort))

    field = response.context["form"][f"q_{question.pk}"]
    assert [(c.data["value"], c.choice_label) for c in field] == [
        ("early", "Early mornings (before 9)"),
        ("morning", "Mornings (9–11)"),
        ("lunch", "Around lunch (11–13)"),
        ("afternoon", "Afternoons (13–16)"),
        ("after_work", "After work (after 16)"),
    ]
    html = response.content.decode()
    assert f'type="checkbox" name="q_{question.pk}" value="after_work"' in html
    assert field.help_text == question.help_text_en
    assert field.field.required is False


def test_ticked_slots_are_saved_as_codes(anne_client, form_cohort, mentee_anne):
    response = anne_client.post(
        start_url(form_cohort),
        post_data(
            form_cohort,
            mentee_anne,
            answers={"topics": ["ai"], "availability": ["early", "after_work"]},
        ),
    )

    assert response.status_code == 302
    question = questions(form_cohort)["availability"]
    assert Answer.objects.get(question=question).value == ["early", "after_work"]


def test_no_slot_ticked_is_fine_and_stores_no_answer(anne_client, form_cohort, mentee_anne):
    anne_client.post(
        start_url(form_cohort),
        post_data(form_cohort, mentee_anne, answers={"topics": ["ai"], "availability": []}),
    )

    assert Application.objects.get().status == "submitted"
    question = questions(form_cohort)["availability"]
    assert Answer.objects.filter(question=question).exists() is False


def test_an_unknown_slot_is_refused_and_nothing_is_saved(anne_client, form_cohort, mentee_anne):
    question = questions(form_cohort)["availability"]

    response = anne_client.post(
        start_url(form_cohort),
        post_data(
            form_cohort,
            mentee_anne,
            answers={"topics": ["ai"], "availability": ["lunch", "weekend"]},
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"q_{question.pk}": [
            "“weekend” is not one of the times you can choose. Tick the times that suit you."
        ]
    }
    assert (Application.objects.count(), Answer.objects.count()) == (0, 0)


@pytest.fixture
def answered(open_cohort, mentee_anne):
    question = QuestionFactory(
        cohort=open_cohort,
        role="mentee",
        kind="availability",
        matching_field="availability",
        label="Når kan du møtes?",
        label_en="When can you meet?",
    )
    application = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    AnswerFactory(application=application, question=question, value=["early", "after_work"])
    return application


def test_review_detail_shows_slot_labels(client, coordinator_cora, answered):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("applications:review-detail", args=[answered.code]))

    rows = {
        str(row.question.display_label): row.text for row in response.context["summary"].answers
    }
    assert rows == {"When can you meet?": "Early mornings (before 9), After work (after 16)"}


def test_csv_export_shows_slot_labels(client, coordinator_cora, open_cohort, answered):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(reverse("applications:export", args=[open_cohort.code, "csv"]))

    assert response.content.startswith(codecs.BOM_UTF8)
    header, anne = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=",")
    assert dict(zip(header, anne, strict=True))["When can you meet?"] == (
        "Early mornings (before 9), After work (after 16)"
    )


def test_privacy_export_keeps_the_codes_and_adds_the_labels(answered, mentee_anne):
    with translation.override("en"):
        exported = ApplicationsPrivacy().export(mentee_anne)

    assert exported["applications.Answer"] == [
        {
            "application": str(answered.code),
            "question": "Når kan du møtes?",
            "value": ["early", "after_work"],
            "labels": ["Early mornings (before 9)", "After work (after 16)"],
        }
    ]


def test_slot_codes_are_stable_and_few_enough_for_a_phone():
    codes = [code for code, _label in AVAILABILITY_SLOTS]
    assert codes == ["early", "morning", "lunch", "afternoon", "after_work"]
