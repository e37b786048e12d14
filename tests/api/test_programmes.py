"""GET /api/v1/programmes: public, what the home page shows, never a draft."""

from __future__ import annotations

import pytest

from tests.api.conftest import PERSONAS, as_json
from tests.factories import CohortFactory, InitiativeFactory

URL = "/api/v1/programmes"
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(reverse_initiative, open_cohort, draft_cohort):
    reverse_initiative.name_en = "Reverse mentoring"
    reverse_initiative.save()
    shadowing = InitiativeFactory(kind="shadowing", slug="shadowing", name="Skygging", order=2)
    CohortFactory(initiative=shadowing, title="Utkast", status="draft")
    return reverse_initiative, open_cohort, shadowing


def _expected(reverse_initiative, open_cohort, shadowing):
    return [
        {
            "code": str(reverse_initiative.code),
            "kind": "reverse",
            "name": "Reverse Mentoring",
            "name_en": "Reverse mentoring",
            "current_cohort": {
                "code": str(open_cohort.code),
                "title": "2027",
                "status": "open",
                "applications_open": True,
                "applications_open_at": as_json(open_cohort.applications_open_at),
                "applications_close_at": as_json(open_cohort.applications_close_at),
                "matching_on": as_json(open_cohort.matching_on),
                "kickoff_on": as_json(open_cohort.kickoff_on),
                "closing_on": as_json(open_cohort.closing_on),
                "url": f"http://127.0.0.1:8000/programs/{open_cohort.code}/",
            },
        },
        {
            "code": str(shadowing.code),
            "kind": "shadowing",
            "name": "Skygging",
            "name_en": "",
            "current_cohort": None,
        },
    ]


def _page(items, *, count=2, limit=50, offset=0):
    return {"count": count, "limit": limit, "offset": offset, "items": items}


def test_anyone_reads_the_programmes_without_a_token(call, published, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert call(URL) == (200, _page(_expected(*published)))


def test_the_programmes_come_a_page_at_a_time(call, published, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    first, second = _expected(*published)
    assert call(f"{URL}?limit=1") == (200, _page([first], limit=1))
    assert call(f"{URL}?limit=1&offset=1") == (200, _page([second], limit=1, offset=1))
    assert call(f"{URL}?offset=2") == (200, _page([], offset=2))


def test_the_programmes_query_count_does_not_grow(client, published, django_assert_num_queries):
    """Each initiative's years are read in one query for the page, whatever their number."""
    for n in range(4):
        InitiativeFactory(slug=f"more-{n}", name=f"Flere {n}", order=3 + n)
    with django_assert_num_queries(3):  # the page, its cohorts, the count
        assert len(client.get(URL).json()["items"]) == 6


@pytest.mark.parametrize("persona", [*PERSONAS, "admin_ada"])
def test_a_token_changes_nothing_drafts_stay_hidden(call, published, persona, request, settings):
    """Even the initiative's coordinator and the network admin get the public list."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert call(URL, request.getfixturevalue(persona)) == (200, _page(_expected(*published)))
