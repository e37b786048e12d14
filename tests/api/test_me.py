"""GET /api/v1/me: the token's owner and her roles, for every persona."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/me"


def _user(person, *, admin=False, coordinates=(), contact=None):
    return {
        "name": person.user.get_full_name(),
        "email": person.user.email,
        "language": "nb",
        "network_admin": admin,
        "coordinates": list(coordinates),
        "company_contact_for": contact,
    }


def test_me_for_every_persona(call, personas, reverse_initiative, company_a):
    reverse = {"code": str(reverse_initiative.code), "name": "Reverse Mentoring", "name_en": ""}
    hege_company = {"code": str(company_a.code), "name": "Nordlys Kraft AS"}
    expected = {
        "mentee_anne": _user(personas["mentee_anne"]),
        "mentor_bo": _user(personas["mentor_bo"]),
        "coordinator_cora": _user(personas["coordinator_cora"], coordinates=[reverse]),
        "contact_hege": _user(personas["contact_hege"], contact=hege_company),
        "outsider_dag": _user(personas["outsider_dag"]),
        "admin_ada": _user(personas["admin_ada"], admin=True),
    }
    assert {name: call(URL, person) for name, person in personas.items()} == {
        name: (200, body) for name, body in expected.items()
    }
    assert expected["mentee_anne"]["name"] == "Anne Aas"
