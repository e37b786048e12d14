"""Goals carried forward: the senior's application goals prefill the agreement's goals."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import Agreement
from brobygger.privacy.models import Consent, PrivacyNotice
from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory

pytestmark = pytest.mark.django_db

GOALS = "Forstå hvordan yngre kolleger bruker KI.\n\n- Bli tryggere på sosiale medier\n"


@pytest.fixture
def with_application(cohort, pair, mentee_anne):
    application = ApplicationFactory(cohort=cohort, person=mentee_anne, role="mentee")
    question = QuestionFactory(cohort=cohort, role="mentee", kind="text", matching_field="text")
    AnswerFactory(application=application, question=question, value=GOALS)
    pair.mentee_application = application
    pair.save()
    return pair


def _initial_goals(client, pair):
    form = client.get(reverse("pairs:agreement-edit", args=[pair.code])).context["form"]
    return [form[f"goal_{n}"].value() for n in range(1, 4)]


def test_the_senior_finds_her_application_goals_in_the_agreement(
    client, with_application, mentee_anne
):
    client.force_login(mentee_anne.user)
    assert _initial_goals(client, with_application) == [
        "Forstå hvordan yngre kolleger bruker KI.",
        "Bli tryggere på sosiale medier",
        None,
    ]


def _partner_goals(client, pair):
    return client.get(reverse("pairs:agreement-edit", args=[pair.code])).context["partner_goals"]


def test_her_partner_sees_them_only_with_her_consent(
    client, with_application, mentee_anne, mentor_bo
):
    """The mentor writes her own goals: the senior's are shown to her, never prefilled."""
    client.force_login(mentor_bo.user)
    assert _partner_goals(client, with_application) == []
    notice = PrivacyNotice.objects.create(version=1, text="T", published_at=timezone.now())
    Consent.objects.create(person=mentee_anne, notice=notice, purpose="partner")
    assert _partner_goals(client, with_application) == [
        "Forstå hvordan yngre kolleger bruker KI.",
        "Bli tryggere på sosiale medier",
    ]
    assert _initial_goals(client, with_application) == [None, None, None]


def test_once_there_is_an_agreement_its_goals_count(client, with_application, mentee_anne):
    Agreement.objects.create(
        pair=with_application,
        version=1,
        goals=["Lære Python"],
        cadence="monthly",
        meeting_format="digital",
        proposed_by_role="mentee",
    )
    client.force_login(mentee_anne.user)
    assert _initial_goals(client, with_application) == ["Lære Python", None, None]
