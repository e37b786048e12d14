"""Filling in the application form in tests: the cohort's questions by matching field, the
start address, and a complete, valid POST for a senior mentee."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def questions(cohort: Any, role: str = "mentee") -> dict[str, Any]:
    return {q.matching_field: q for q in cohort.questions.filter(role=role)}


def start_url(cohort: Any, role: str = "mentee") -> str:
    return reverse("applications:apply-start", args=[cohort.code, role])


ANSWERS = {
    "topics": ["ai", "social-media"],
    "text": "Forstå hvordan yngre kolleger bruker KI.",
    "values": ["openness", "courage"],
}


def post_data(
    cohort: Any,
    person: Any,
    *,
    submit: bool = True,
    answers: dict[str, Any] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Anne's profile and her answers (``answers`` by matching field over ``ANSWERS``),
    submitted (or saved as a draft), with ``overrides`` over the posted fields."""
    q = questions(cohort)
    data: dict[str, Any] = {
        "first_name": "Anne",
        "last_name": "Aas",
        "company": str(person.company_id),
        "job_title": "Direktør HR",
        "birth_year": "1966",
        "years_experience": "34",
        "role_family": "leadership",
        "industry": "energy",
        "languages": ["nb", "en"],
        "city": "Bergen",
        "meeting_format": "digital",
        **{f"q_{q[field].pk}": value for field, value in {**ANSWERS, **(answers or {})}.items()},
        "consent": "on",
    }
    data["submit" if submit else "draft"] = "1"
    data.update(overrides)
    return data
