"""Calling the API as a persona: each gets her own personal token."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from brobygger.people.services import create_api_token

# "Our participants": four programme years with company A's people in every stage, and
# everything that must not show (the page's own fixture).
from tests.company.test_participants import world  # noqa: F401

# The report's fixtures: a running cohort with five pairs across companies A, B and C.
from tests.surveys.conftest import pairs, running_cohort  # noqa: F401

PERSONAS = ["mentee_anne", "mentor_bo", "coordinator_cora", "contact_hege", "outsider_dag"]
NOT_FOUND = {"detail": "Not Found"}


def as_json(value: Any) -> Any:
    """A value as the API writes it: ISO 8601 (times in UTC, as the database returns them),
    UUIDs as text."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def cohort_ref(cohort: Any) -> dict[str, Any]:
    """A cohort as every answer names it (code, initiative, title, status), as JSON."""
    initiative = cohort.initiative
    return {
        "code": str(cohort.code),
        "initiative": {
            "code": str(initiative.code),
            "name": initiative.name,
            "name_en": initiative.name_en,
        },
        "title": cohort.title,
        "status": cohort.status,
    }


def bearer(person: Any) -> dict[str, str]:
    _token, secret = create_api_token(user=person.user, name="Test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def call(client):
    """``call(url, person)`` → (status, JSON body), with a fresh token of ``person``."""

    def get(url: str, person: Any = None, **headers: str) -> tuple[int, Any]:
        if person is not None:
            headers = {**bearer(person), **headers}
        response = client.get(url, **headers)
        assert response["Content-Type"].startswith("application/json")
        return response.status_code, response.json()

    return get


@pytest.fixture
def personas(request):
    """Every persona by name (admin too), created on demand."""
    return {name: request.getfixturevalue(name) for name in [*PERSONAS, "admin_ada"]}
