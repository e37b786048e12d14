"""A small reverse-mentoring cohort in review: four seniors (mentees), four young mentors.

Anne (company A) and Bo (company B) are among them; the coordinator is Cora.
"""

from __future__ import annotations

from typing import Any

import pytest

from brobygger.applications.models import Application
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    CompanyFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
)


def accept(person: Any, cohort: Any, role: str, topics: list[str], text: str = "") -> Application:
    application = ApplicationFactory(
        cohort=cohort, person=person, role=role, decision="accepted", meeting_format="digital"
    )
    questions = {q.matching_field: q for q in cohort.questions.filter(role=role)}
    AnswerFactory(application=application, question=questions["topics"], value=topics)
    if text:
        AnswerFactory(application=application, question=questions["text"], value=text)
    return application


def answer_availability(application: Application, slots: list[str]) -> None:
    """Answer the cohort's availability question of the application's role."""
    question = application.cohort.questions.get(
        role=application.role, matching_field="availability"
    )
    AnswerFactory(application=application, question=question, value=slots)


@pytest.fixture
def review_cohort(reverse_initiative):
    cohort = CohortFactory(initiative=reverse_initiative, title="2027", status="review")
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    TopicFactory(slug="data", name="Data", name_en="Data")
    TopicFactory(slug="social-media", name="Sosiale medier", name_en="Social media")
    for role in ("mentee", "mentor"):
        QuestionFactory(cohort=cohort, role=role, kind="topics", matching_field="topics")
        QuestionFactory(cohort=cohort, role=role, kind="text", matching_field="text")
    return cohort


@pytest.fixture
def cohort_people(review_cohort, mentee_anne, mentor_bo, company_a, company_b, company_c):
    """Applications by name: anne, eva, kari, liv (mentees); bo, ola, siri, tor (mentors)."""
    company_d = CompanyFactory(name="Fjellvind Finans AS", city="Oslo")
    cohort = review_cohort
    people = {
        "anne": accept(mentee_anne, cohort, "mentee", ["ai", "data"], "lære kunstig intelligens"),
        "bo": accept(mentor_bo, cohort, "mentor", ["ai", "data"], "jobber med kunstig intelligens"),
    }
    for name, company, year, topics in [
        ("eva", company_c, 1962, ["social-media"]),
        ("kari", company_d, 1968, ["data"]),
        ("liv", company_a, 1970, ["ai"]),
    ]:
        person = PersonFactory(
            user__first_name=name.title(),
            user__email=f"{name}@x.example",
            company=company,
            birth_year=year,
        )
        people[name] = accept(person, cohort, "mentee", topics)
    for name, company, year, topics in [
        ("ola", company_c, 1997, ["social-media"]),
        ("siri", company_d, 2000, ["data"]),
        ("tor", company_b, 1996, ["ai", "social-media"]),
    ]:
        person = PersonFactory(
            user__first_name=name.title(),
            user__email=f"{name}@x.example",
            company=company,
            birth_year=year,
        )
        people[name] = accept(person, cohort, "mentor", topics)
    return people


@pytest.fixture(autouse=True)
def _english_ui(english):  # type: ignore[no-untyped-def]
    """These tests read English UI text."""
