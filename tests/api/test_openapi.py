"""The OpenAPI document: valid JSON listing every path; no Swagger UI (the CSP forbids it)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_lists_every_path(client):
    response = client.get("/api/v1/openapi.json")
    schema = json.loads(response.content)
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.1")
    assert sorted(schema["paths"]) == [
        "/api/v1/cohorts",
        "/api/v1/cohorts/{code}/applications",
        "/api/v1/cohorts/{code}/report",
        "/api/v1/company/participants",
        "/api/v1/company/reports/{cohort_code}",
        "/api/v1/me",
        "/api/v1/programmes",
    ]
    assert schema["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    assert "security" not in schema["paths"]["/api/v1/programmes"]["get"]
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]


def test_there_is_no_interactive_documentation_page(client):
    assert client.get("/api/v1/docs").status_code == 404
