"""Fixtures for surveys and the report: a running cohort with pairs from several companies."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from brobygger.surveys.models import Survey
from brobygger.surveys.services import create_survey
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    InvitationFactory,
    PairFactory,
    PersonFactory,
)

_seq = itertools.count(1)


@pytest.fixture
def running_cohort(reverse_initiative):
    """Kickoff 100 days ago, closing in 100 days: the mid-point is today."""
    today = timezone.localdate()
    return CohortFactory(
        initiative=reverse_initiative,
        title="2026",
        status="running",
        applications_open_at=timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=200), dt.time(9))
        ),
        applications_close_at=timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=150), dt.time(9))
        ),
        matching_on=today - dt.timedelta(days=140),
        kickoff_on=today - dt.timedelta(days=100),
        closing_on=today + dt.timedelta(days=100),
    )


def make_pair(cohort, mentee, mentor, *, status="active"):
    for person, role in ((mentee, "mentee"), (mentor, "mentor")):
        ApplicationFactory(
            cohort=cohort,
            person=person,
            role=role,
            decision="accepted",
            decision_released_at=timezone.now(),  # told before the pairs were published
        )
    return PairFactory(
        cohort=cohort, mentee=mentee, mentor=mentor, status=status, published_at=timezone.now()
    )


def person_at(company, **kwargs):
    n = next(_seq)
    return PersonFactory(company=company, user__email=f"p{n}@example.org", **kwargs)


@pytest.fixture
def pairs(running_cohort, mentee_anne, mentor_bo, company_a, company_b, company_c):
    """Anne+Bo, and four more pairs: two more mentees from company A (three in all),
    mentors from B and C."""
    result = [make_pair(running_cohort, mentee_anne, mentor_bo)]
    for mentee_company, mentor_company in (
        (company_a, company_c),
        (company_a, company_b),
        (company_c, company_b),
        (company_b, company_c),
    ):
        result.append(
            make_pair(running_cohort, person_at(mentee_company), person_at(mentor_company))
        )
    return result


def open_survey(cohort, kind, role, by):
    survey = create_survey(cohort=cohort, kind=kind, role=role, by=by)
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        opens_on=today - dt.timedelta(days=5), closes_on=today + dt.timedelta(days=5)
    )
    survey.refresh_from_db()
    return survey


def invite(survey, person):
    return InvitationFactory(survey=survey, person=person)


@pytest.fixture(autouse=True)
def _english_ui(english):  # type: ignore[no-untyped-def]
    """These tests read English UI text."""
