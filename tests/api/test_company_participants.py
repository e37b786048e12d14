"""``GET /api/v1/company/participants``: the "Our participants" page for an HR system. Only a
company contact reads it, only her company's people, through the page's selector: never an
application that was not accepted, never the partner, never the pair's content; each answer
is audited as a CSV download of the list is."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from brobygger.applications.models import Application
from brobygger.core.models import ActivityLog
from brobygger.pairs.models import Meeting, Pair
from brobygger.people.models import ApiToken
from tests.api.conftest import NOT_FOUND, bearer, cohort_ref

# The page's builders; its ``world`` fixture comes through tests/api/conftest.py.
from tests.company.test_participants import (
    ANSWER_SECRET,
    DECLINE_SECRET,
    END_SECRET,
    REJECTION_SECRET,
    accepted,
    contact_for,
    employee,
    pair_of,
    propose,
)
from tests.factories import CohortFactory
from tests.pairs.helpers import AGREEMENT_SECRET, CANCEL_SECRET, GOAL_SECRET, NOTE_SECRET

pytestmark = pytest.mark.django_db
URL = "/api/v1/company/participants"
AUDIT = "company.participants_export"
FIELDS = ("name", "job_title", "role", "role_label", "stage", "stage_label")


def _year(cohort, participants):
    return {
        **cohort_ref(cohort),
        "participants": [dict(zip(FIELDS, p, strict=True)) for p in participants],
    }


def _hege_sees(world):
    """Company A's participants, as the page lists them for Hege (in bokmål)."""
    waiting = ("accepted", "Tatt opp, venter på matching")
    return [
        _year(
            world["matching"],
            [
                ("Hanne Ansatt", "Direktør", "mentor", "Toppleder", *waiting),
                ("Mona Ansatt", "Økonom", "mentee", "Talent", *waiting),
                (
                    "Nina Ansatt",
                    "Prosjektleder",
                    "mentee",
                    "Talent",
                    "proposed",
                    "Foreslått par",
                ),
                ("Pia Ansatt", "Analytiker", "mentee", "Talent", *waiting),
            ],
        ),
        _year(
            world["running"],
            [
                (
                    "Anne Aas",
                    "Direktør HR",
                    "mentee",
                    "Mentee (senior)",
                    "active",
                    "I et par",
                ),
                (
                    "Tove Ansatt",
                    "Controller",
                    "mentee",
                    "Mentee (senior)",
                    "not_matched",
                    "Tatt opp, ikke matchet",
                ),
            ],
        ),
        _year(
            world["closed"],
            [
                ("Kari Ansatt", "Teamleder", "mentee", "Mentee", "completed", "Fullført"),
                ("Liv Ansatt", "Arkitekt", "mentor", "Mentor", "ended_early", "Avsluttet tidlig"),
            ],
        ),
    ]


def _token_prefix(person) -> str:  # type: ignore[no-untyped-def]
    """The prefix of the token she called with (her newest: ``call`` makes one per call)."""
    prefix: str = ApiToken.objects.filter(user=person.user).latest("created_at", "pk").prefix
    return prefix


def test_only_the_company_contact_reads_her_companys_participants(call, personas, world):
    expected = dict.fromkeys(personas, (404, NOT_FOUND))
    expected["contact_hege"] = (200, _hege_sees(world))
    assert {name: call(URL, person) for name, person in personas.items()} == expected
    log = ActivityLog.objects.get(action=AUDIT)  # hege's read only: a 404 writes nothing
    assert (log.actor, log.target, log.data) == (
        personas["contact_hege"].user,
        personas["contact_hege"].company,
        {"rows": 8, "via": "api", "token": _token_prefix(personas["contact_hege"])},
    )
    assert log.ip_address == "127.0.0.1"


def test_without_a_token_it_is_a_401(call, world):
    status, body = call(URL)
    assert (status, body["detail"]) == (
        401,
        "Authentication required: send the header 'Authorization: Bearer <token>'.",
    )
    assert not ActivityLog.objects.filter(action=AUDIT).exists()


def test_nothing_that_could_leak_is_in_the_answer(call, contact_hege, mentor_bo, world):
    # The data that could leak is there: company A's employees who applied and were not
    # (or not yet) accepted, Anne's partner Bo from company B, the pair's content.
    running = world["running"]
    of_a = Application.objects.filter(cohort=running, person__company=contact_hege.company)
    assert {(a.person.user.first_name, a.status, a.decision) for a in of_a} >= {
        ("Rita", "submitted", "rejected"),
        ("Wenche", "withdrawn", "accepted"),
        ("Petra", "submitted", "pending"),
        ("Vera", "submitted", "waitlisted"),
    }
    pair = Pair.objects.get(cohort=running, mentor=mentor_bo)
    assert pair.mentee.company == contact_hege.company
    assert Meeting.objects.filter(pair=pair, notes=NOTE_SECRET).exists()

    status, body = call(URL, contact_hege)

    assert status == 200
    text = json.dumps(body, ensure_ascii=False)
    hidden = ("Rita", "Wenche", "Petra", "Vera", "Dina", "Ulla", "Erna", "Eli", "Wilma", "Sara")
    partners = ("Cecilie", "Siri", "Oda", "Ebba", "Wanja", "Turid")
    never = [
        # not accepted, not sent, withdrawn, erased, anonymised, another company
        *(f"{first} Ansatt" for first in (*hidden, "Bjørn", "Gunn")),
        # partners (another company's employees) and their company
        *(f"{first} Ansatt" for first in partners),
        *("Bo Berg", "Skarven Software", "Konsernsjef", str(mentor_bo.code)),
        # the pair's space, the answers, the reasons
        *(NOTE_SECRET, AGREEMENT_SECRET, GOAL_SECRET, CANCEL_SECRET, ANSWER_SECRET),
        *(REJECTION_SECRET, END_SECRET, DECLINE_SECRET),
        # no email addresses, no codes but the years' and initiatives'
        "@",
        str(pair.code),
    ]
    assert [t for t in never if t in text] == []
    assert {key for year in body for p in year["participants"] for key in p} == set(FIELDS)


def test_another_companys_contact_reads_only_her_own_people(call, company_b, world):
    status, body = call(URL, contact_for(company_b))
    assert status == 200
    assert [
        (year["title"], [(p["name"], p["stage"]) for p in year["participants"]]) for year in body
    ] == [
        ("2026–2027", [("Bjørn Ansatt", "not_matched"), ("Bo Berg", "active")]),
        ("2025–2026", [("Gunn Ansatt", "ended_early")]),
    ]
    assert "Anne Aas" not in json.dumps(body, ensure_ascii=False)


def test_one_programme_year_at_a_time(call, contact_hege, world):
    closed = world["closed"]
    status, body = call(f"{URL}?year={closed.code}", contact_hege)
    assert (status, body) == (200, [_hege_sees(world)[2]])
    log = ActivityLog.objects.get(action=AUDIT)
    assert log.data == {"rows": 2, "via": "api", "token": _token_prefix(contact_hege)}


def test_a_year_without_her_people_or_a_made_up_one_is_404(call, contact_hege, company_b, world):
    b_only = CohortFactory(title="2031", status="running")
    accepted(b_only, employee(company_b, "Berta"), "mentor")
    for year in (b_only.code, uuid.uuid4()):
        assert call(f"{URL}?year={year}", contact_hege) == (404, NOT_FOUND)
    assert not ActivityLog.objects.filter(action=AUDIT).exists()


@pytest.mark.parametrize("year", ["1", "'; drop", "2026"])
def test_a_year_that_is_not_a_cohort_code_is_a_422(call, contact_hege, world, year):
    status, body = call(f"{URL}?year={year}", contact_hege)
    assert (status, [(e["loc"], e["type"]) for e in body["detail"]]) == (
        422,
        [(["query", "year"], "uuid_parsing")],
    )
    assert not ActivityLog.objects.filter(action=AUDIT).exists()


def test_labels_follow_accept_language(call, contact_hege, world):
    url = f"{URL}?year={world['running'].code}"
    labels = {}
    for language in ("nb", "en"):
        status, [year] = call(url, contact_hege, HTTP_ACCEPT_LANGUAGE=language)
        assert status == 200
        labels[language] = [
            (p["role"], p["role_label"], p["stage"], p["stage_label"]) for p in year["participants"]
        ]
    assert labels == {
        "nb": [
            ("mentee", "Mentee (senior)", "active", "I et par"),
            ("mentee", "Mentee (senior)", "not_matched", "Tatt opp, ikke matchet"),
        ],
        "en": [
            ("mentee", "Mentee (the senior)", "active", "In a pair"),
            ("mentee", "Mentee (the senior)", "not_matched", "Accepted, not matched"),
        ],
    }


def test_a_company_without_participants_reads_an_empty_list(call, contact_hege):
    assert call(URL, contact_hege) == (200, [])
    assert ActivityLog.objects.get(action=AUDIT).data == {
        "rows": 0,
        "via": "api",
        "token": _token_prefix(contact_hege),
    }


def test_every_read_is_audited(client, contact_hege, world):
    headers = bearer(contact_hege)
    for _ in range(3):
        assert client.get(URL, **headers).status_code == 200
    assert (
        list(ActivityLog.objects.filter(action=AUDIT).values_list("data", flat=True))
        == [{"rows": 8, "via": "api", "token": _token_prefix(contact_hege)}] * 3
    )


def test_queries_do_not_grow_with_participants(client, contact_hege, company_a, company_b):
    """Each round adds a programme year with one of company A's people in each stage."""
    headers = bearer(contact_hege)

    def a_year() -> None:
        cohort = CohortFactory(status="matching")
        pair_of(cohort, employee(company_a, "Par"), employee(company_b, "Partner"))
        mentee = accepted(cohort, employee(company_a, "Forslag"), "mentee")
        propose(cohort, mentee, accepted(cohort, employee(company_b, "Annen"), "mentor"))
        accepted(cohort, employee(company_a, "Venter"), "mentor")

    def queries(participants: int) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL, **headers)
        assert response.status_code == 200
        assert sum(len(year["participants"]) for year in response.json()) == participants
        return len(context.captured_queries)

    a_year()
    client.get(URL, **headers)  # the token's first use writes last_used_at once
    one = queries(3)
    a_year()
    a_year()
    assert queries(9) == one
