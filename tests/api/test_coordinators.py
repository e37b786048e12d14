"""The coordinator's endpoints: /cohorts, /cohorts/{code}/applications, /cohorts/{code}/report.

Only the initiative's coordinators (and the network admin, as on the pages) read a cohort;
anyone else, another initiative's coordinator included, gets a 404.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brobygger.api.reports import report_data
from brobygger.applications.services.review import decide_application, score_application
from brobygger.surveys.reports.cohort import build_report
from tests.api.conftest import NOT_FOUND, as_json, bearer, cohort_ref
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db
SENSITIVE = "HEMMELIG-HENSYN-4411"
COMMENT = "HEMMELIG-KOMMENTAR-5522"
REASON = "HEMMELIG-BEGRUNNELSE-6633"


@pytest.fixture
def other_cohort(db):
    """Another initiative's cohort, with its own coordinator and an applicant."""
    initiative = InitiativeFactory(kind="classic", slug="mentor", name="Mentorprogrammet", order=1)
    cohort = CohortFactory(initiative=initiative, title="2027", status="review")
    other = PersonFactory(user__email="olga@other.example", user__first_name="Olga")
    initiative.coordinators.add(other.user)
    ApplicationFactory(cohort=cohort)
    return cohort


@pytest.fixture
def applications(open_cohort, mentee_anne, mentor_bo, outsider_dag, coordinator_cora):
    """Anne (pending, with a sensitive answer and a reviewer's comment), Bo (accepted, with
    a reason), Dag (withdrawn); a draft that is never listed."""
    anne = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    question = QuestionFactory(cohort=open_cohort, role="mentee", sensitive=True)
    AnswerFactory(application=anne, question=question, value=SENSITIVE)
    score_application(application=anne, score=4, comment=COMMENT, by=coordinator_cora.user)
    bo = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    decide_application(application=bo, decision="accepted", reason=REASON, by=coordinator_cora.user)
    dag = ApplicationFactory(
        cohort=open_cohort, person=outsider_dag, role="mentee", status="withdrawn"
    )
    ApplicationFactory(cohort=open_cohort, status="draft", submitted_at=None)
    return anne, bo, dag


def _row(application, decision="pending"):
    person = application.person
    return {
        "code": str(application.code),
        "role": application.role,
        "status": application.status,
        "decision": decision,
        "submitted_at": as_json(application.submitted_at),
        "name": person.user.get_full_name(),
        "email": person.user.email,
        "company": person.company.name,
        "birth_year": person.birth_year,
        "city": person.city,
    }


def _cohort(cohort, **counts):
    states = ("pending", "accepted", "waitlisted", "rejected", "withdrawn", "draft", "nominated")
    return {
        **cohort_ref(cohort),
        "applications_open_at": as_json(cohort.applications_open_at),
        "applications_close_at": as_json(cohort.applications_close_at),
        "matching_on": as_json(cohort.matching_on),
        "kickoff_on": as_json(cohort.kickoff_on),
        "closing_on": as_json(cohort.closing_on),
        "applications": {state: counts.get(state, 0) for state in states},
    }


def test_cohorts_lists_what_each_persona_coordinates(
    call, personas, open_cohort, applications, other_cohort
):
    mine = _cohort(open_cohort, pending=1, accepted=1, withdrawn=1, draft=1)
    other = _cohort(other_cohort, pending=1)
    expected = {name: (200, _cohorts([])) for name in personas}
    expected["coordinator_cora"] = (200, _cohorts([mine]))
    # the initiatives' order: reverse first
    expected["admin_ada"] = (200, _cohorts([mine, other]))
    assert {name: call("/api/v1/cohorts", p) for name, p in personas.items()} == expected


def _cohorts(items, *, count=None, limit=50, offset=0):
    count = len(items) if count is None else count
    return {"count": count, "limit": limit, "offset": offset, "items": items}


def test_cohorts_come_a_page_at_a_time(call, admin_ada, open_cohort, applications, other_cohort):
    mine = _cohort(open_cohort, pending=1, accepted=1, withdrawn=1, draft=1)
    other = _cohort(other_cohort, pending=1)
    assert call("/api/v1/cohorts?limit=1", admin_ada) == (200, _cohorts([mine], count=2, limit=1))
    assert call("/api/v1/cohorts?limit=1&offset=1", admin_ada) == (
        200,
        _cohorts([other], count=2, limit=1, offset=1),
    )
    status, body = call("/api/v1/cohorts?limit=201", admin_ada)
    assert (status, body["detail"][0]["loc"]) == (422, ["query", "limit"])


def test_the_cohorts_query_count_does_not_grow(client, coordinator_cora, open_cohort):
    """The counts come from the database, one query for the page whatever its length."""
    headers = bearer(coordinator_cora)
    client.get("/api/v1/cohorts", **headers)  # the token's first use is written down
    counted = []
    for n in range(3):
        CohortFactory(initiative=open_cohort.initiative, title=f"{2030 + n}")
        if n in (0, 2):
            with CaptureQueriesContext(connection) as context:
                body = client.get("/api/v1/cohorts", **headers).json()
            counted.append((len(context), body["count"]))
    assert [queries for queries, _count in counted] == [counted[0][0]] * 2
    assert [count for _queries, count in counted] == [2, 4]


def test_applications_for_the_coordinator_only(
    call, personas, open_cohort, applications, other_cohort
):
    anne, bo, dag = applications
    # The review list's order: by first name.
    page = {
        "count": 3,
        "limit": 50,
        "offset": 0,
        "items": [_row(anne), _row(bo, "accepted"), _row(dag)],
    }
    url = f"/api/v1/cohorts/{open_cohort.code}/applications"
    expected = dict.fromkeys(personas, (404, NOT_FOUND))
    expected["coordinator_cora"] = expected["admin_ada"] = (200, page)
    assert {name: call(url, p) for name, p in personas.items()} == expected


def test_another_initiatives_cohort_is_a_404_for_the_coordinator(
    call, coordinator_cora, other_cohort
):
    for path in ("applications", "report"):
        url = f"/api/v1/cohorts/{other_cohort.code}/{path}"
        assert call(url, coordinator_cora) == (404, NOT_FOUND)


def test_the_other_initiatives_coordinator_gets_a_404_here(call, open_cohort, other_cohort):
    olga = other_cohort.initiative.coordinators.get().person
    for path in ("applications", "report"):
        assert call(f"/api/v1/cohorts/{open_cohort.code}/{path}", olga) == (404, NOT_FOUND)


def test_an_unknown_code_is_a_404(call, coordinator_cora):
    url = "/api/v1/cohorts/00000000-0000-4000-8000-000000000000/applications"
    assert call(url, coordinator_cora) == (404, NOT_FOUND)


def test_pagination(call, coordinator_cora, open_cohort, applications):
    _anne, bo, _dag = applications
    url = f"/api/v1/cohorts/{open_cohort.code}/applications"
    assert call(f"{url}?limit=1&offset=1", coordinator_cora) == (
        200,
        {"count": 3, "limit": 1, "offset": 1, "items": [_row(bo, "accepted")]},
    )
    assert call(f"{url}?offset=3", coordinator_cora) == (
        200,
        {"count": 3, "limit": 50, "offset": 3, "items": []},
    )
    status, body = call(f"{url}?limit=201", coordinator_cora)
    assert (status, [e["loc"] for e in body["detail"]]) == (422, [["query", "limit"]])


def test_applications_queries_do_not_grow(client, coordinator_cora, open_cohort):
    url = f"/api/v1/cohorts/{open_cohort.code}/applications"
    headers = bearer(coordinator_cora)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, **headers)
        assert response.status_code == 200
        return len(context.captured_queries)

    ApplicationFactory(cohort=open_cohort)
    client.get(url, **headers)  # the token's first use writes last_used_at once
    one = queries()
    ApplicationFactory(cohort=open_cohort)
    ApplicationFactory(cohort=open_cohort)
    assert queries() == one


def test_the_report_for_the_coordinator_only(call, personas, open_cohort, applications):
    url = f"/api/v1/cohorts/{open_cohort.code}/report"
    open_cohort.refresh_from_db()  # times in UTC, as a request reads them
    built = as_json(report_data(build_report(open_cohort)))
    expected = dict.fromkeys(personas, (404, NOT_FOUND))
    expected["coordinator_cora"] = expected["admin_ada"] = (200, built)
    assert {name: call(url, p) for name, p in personas.items()} == expected
    assert built["funnel"][:2] == [
        {
            "key": "applications",
            "label": "Søknader",
            "mentee": 2,
            "mentor": 1,
            "total": 3,
            "hidden": [],
        },
        {
            "key": "accepted",
            "label": "Tatt opp",
            "mentee": 0,
            "mentor": 1,
            "total": 1,
            "hidden": [],
        },
    ]


def test_no_sensitive_answer_reviewer_comment_or_reason_in_any_response(
    client, coordinator_cora, admin_ada, open_cohort, applications
):
    urls = [
        "/api/v1/me",
        "/api/v1/cohorts",
        f"/api/v1/cohorts/{open_cohort.code}/applications",
        f"/api/v1/cohorts/{open_cohort.code}/report",
    ]
    for person in (coordinator_cora, admin_ada):
        headers = bearer(person)
        for url in urls:
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert [s for s in (SENSITIVE, COMMENT, REASON) if s in text] == [], url
