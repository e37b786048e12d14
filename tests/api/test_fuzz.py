"""Property-based fuzzing of the API with schemathesis, driven by the API's own OpenAPI document.

Every operation in ``/api/v1/openapi.json`` is called with generated requests (valid ones, and
invalid ones: random cohort codes, ``limit=500``, odd headers), as three callers: nobody (the
public endpoint answers, the others say 401), a coordinator and a company contact, each with
a valid personal token. Path codes are sometimes swapped for real cohort codes, so that the
requests reach real rows: a running cohort with pairs, surveys, meetings and goals, an open
cohort with applications from three companies, a draft cohort, another initiative's cohort.

Each response must be no server error, have a documented status code, content type, headers
and body, and reject invalid input; an error is JSON with a ``detail``; a 401 says how to
authenticate; no planted secret ever appears in any answer. See docs/testing.md.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.wsgi import HOST, get_client
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from brobygger.api import schemas
from brobygger.applications.services.review import decide_application, score_application
from brobygger.people.services import create_api_token
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
    QuestionFactory,
)
from tests.surveys.conftest import open_survey
from tests.surveys.helpers import answer, hold_meetings, rate_goal, sign_agreement

pytestmark = pytest.mark.django_db

# Generated requests per operation and caller; raise it locally for a longer hunt.
EXAMPLES = int(os.environ.get("BROBYGGER_FUZZ_EXAMPLES", "50"))
SCHEMA_URL = "/api/v1/openapi.json"
SECRETS = {
    "free_text": "HEMMELIG-FRITEKST-3141",
    "sensitive_answer": "HEMMELIG-HENSYN-2718",
    "reviewer_comment": "HEMMELIG-KOMMENTAR-1618",
    "decision_reason": "HEMMELIG-BEGRUNNELSE-1414",
    "meeting_notes": "HEMMELIG-NOTAT-1732",
}


class InTestTransaction:
    """Django's own WSGI handler, run the way Django's test client runs it: in the test's
    thread and database transaction, so it reads the rows the test planted (and rolls back
    with it). Django closes "old" database connections when a request starts and ends;
    inside a test's transaction that would end the transaction, so, as the test client
    does, that clean-up is switched off while a request runs."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()  # sends request_finished
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
        return [body]


APP = InTestTransaction()


def served_document() -> dict[str, Any]:
    """The OpenAPI document as the app serves it (no database needed)."""
    with override_settings(ALLOWED_HOSTS=[HOST]):
        response = get_client(APP).get(SCHEMA_URL)
    assert response.status_code == 200, response.get_data(as_text=True)
    document: dict[str, Any] = json.loads(response.get_data())
    return document


DOCUMENT = served_document()
# Without a token, schemathesis sends what it generates for the Bearer scheme: nothing, or
# malformed or unknown tokens. With one, the caller's valid token is the only credential.
anonymous_schema = schemathesis.openapi.from_dict(DOCUMENT)
token_schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}}),
)


@pytest.fixture(autouse=True)
def _fuzz_settings(settings):
    """The in-process transport sends ``Host: localhost``. Each test sends a hundred
    requests or more with one token (more with ``BROBYGGER_FUZZ_EXAMPLES``): the rate limits
    are lifted, so that every request reaches the endpoint (test_auth.py tests them)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.BROBYGGER_API_RATE_TOKEN = "1000000/m"
    settings.BROBYGGER_API_RATE_ANON = "1000000/m"


# -- the data that could leak -----------------------------------------------------------------
@pytest.fixture
def network(
    pairs, open_cohort, draft_cohort, mentee_anne, mentor_bo, outsider_dag, coordinator_cora
):
    """Every cohort the API could be asked about, with rows behind it and secrets in them."""
    by = coordinator_cora.user
    # The running cohort: five pairs across companies A, B and C, with a closing survey
    # answered by all five mentees, goals rated, meetings held (with notes), agreements.
    running = pairs[0].cohort
    closing = open_survey(running, "closing", "mentee", by)
    for value, pair in enumerate(pairs, start=1):
        answer(closing, pair.mentee, change_readiness=1 + value % 5, best=SECRETS["free_text"])
        rate_goal(pair, 1, 2, 2 + value)
        sign_agreement(pair)
    hold_meetings(pairs[0], 3)
    pairs[0].meetings.update(notes=SECRETS["meeting_notes"])
    # The open cohort: applications from companies A, B and C; a draft is never listed.
    anne = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    question = QuestionFactory(cohort=open_cohort, role="mentee", sensitive=True)
    AnswerFactory(application=anne, question=question, value=SECRETS["sensitive_answer"])
    score_application(application=anne, score=4, comment=SECRETS["reviewer_comment"], by=by)
    bo = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    decide_application(
        application=bo, decision="accepted", reason=SECRETS["decision_reason"], by=by
    )
    ApplicationFactory(cohort=open_cohort, person=outsider_dag, status="withdrawn")
    ApplicationFactory(cohort=open_cohort, status="draft", submitted_at=None)
    # Another initiative's cohort, with its own coordinator and applicant.
    initiative = InitiativeFactory(kind="classic", slug="mentor", name="Mentorprogrammet", order=1)
    elsewhere = CohortFactory(initiative=initiative, title="2027", status="review")
    olga = PersonFactory(user__email="olga@other.example")
    initiative.coordinators.add(olga.user)
    ApplicationFactory(cohort=elsewhere)
    return [str(c.code) for c in (running, open_cohort, draft_cohort, elsewhere)]


# -- who calls ----------------------------------------------------------------------------------
@pytest.fixture(params=["coordinator_cora", "contact_hege"])
def caller(request):
    return request.param


@pytest.fixture
def token(request, caller):
    person = request.getfixturevalue(caller)
    _token, secret = create_api_token(user=person.user, name="Fuzzing")
    return secret


def answers_with_data(caller: str, path: str) -> bool:
    """Whether the caller may read the operation's data, so that fuzzing with real codes
    must reach at least one 200."""
    if path == "/api/v1/programmes":
        return True
    if caller == "anonymous":
        return False
    if path.startswith("/api/v1/cohorts/"):
        return caller == "coordinator_cora"
    if path.startswith("/api/v1/company/"):
        return caller == "contact_hege"
    return True  # /me and /cohorts


@pytest.fixture
def statuses():
    """The status codes the fuzzing saw, per caller and operation; afterwards, an operation
    the caller may read must have answered 200 at least once (fuzzing reached real rows)."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    yield seen
    for (caller, path), codes in seen.items():
        if answers_with_data(caller, path):
            assert 200 in codes, f"{caller} never got a 200 from {path}: {sorted(codes)}"


# -- the checks ---------------------------------------------------------------------------------
def errors_are_explained(ctx: Any, response: Any, case: Any) -> None:
    """A 4xx is a JSON object with a ``detail``: a text, or for a 422 the list of what is
    wrong. A 401 says how to authenticate."""
    if not 400 <= response.status_code < 500:
        return
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), f"4xx as {content_type!r}"
    body = response.json()
    assert isinstance(body, dict), body
    assert "detail" in body, body
    detail = body["detail"]
    if response.status_code == 422:
        assert isinstance(detail, list), body
        assert detail, body
        assert all(isinstance(e.get("msg"), str) and e["msg"] for e in detail), body
    else:
        assert isinstance(detail, str), body
        assert detail.strip(), body
    if response.status_code == 401:
        assert response.headers.get("www-authenticate") == ['Bearer realm="brobygger"']


def no_secret_leaves(ctx: Any, response: Any, case: Any) -> None:
    body = response.text
    leaked = [name for name, secret in SECRETS.items() if secret in body]
    assert not leaked, f"{leaked} in the answer"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the data is only read: examples share it
        HealthCheck.too_slow,
    ],
)


def with_real_codes(case, codes: list[str]) -> None:
    """Let valid generated cohort codes name real cohorts. The coverage phase (boundary
    values: ``limit=200``, ``offset=1000001``, …) asks about the running cohort; in the
    fuzzing phase the generated code itself picks a real cohort or stays, so that a run is
    reproducible. Invalid codes stay as they are: they must be refused."""
    meta = case.meta
    if meta is not None and any(
        not info.mode.is_positive
        for location, info in meta.components.items()
        if location == "path"
    ):
        return
    coverage = meta is not None and meta.phase.name == "coverage"
    for name, value in (case.path_parameters or {}).items():
        try:
            number = uuid.UUID(str(value)).int
        except ValueError:
            continue
        choice = 0 if coverage else number % (len(codes) + 1)
        if choice < len(codes):
            case.path_parameters[name] = codes[choice]


def fuzz(case, *, caller, headers, network, statuses) -> None:
    """Call the operation as ``caller``, with real cohort codes now and then, and check it."""
    with_real_codes(case, network)

    response = case.call(app=APP, headers=headers)

    statuses[caller, case.operation.path].add(response.status_code)
    if caller != "anonymous":
        assert response.status_code != 401, response.text
    case.validate_response(
        response, checks=CHECKS, additional_checks=[errors_are_explained, no_secret_leaves]
    )


# (Parametrised, even with one caller, so that each operation is a test of its own: under
# pytest 9.2 schemathesis gives unparametrised items one id for all, and xdist runs one.)
@pytest.mark.parametrize("caller", ["anonymous"])
@FUZZ
@anonymous_schema.parametrize()
def test_without_a_token(case, caller, network, statuses):
    fuzz(case, caller=caller, headers={}, network=network, statuses=statuses)


@FUZZ
@token_schema.parametrize()
def test_with_a_token(case, caller, token, network, statuses):
    headers = {"Authorization": f"Bearer {token}"}
    fuzz(case, caller=caller, headers=headers, network=network, statuses=statuses)


# -- what the fuzzing found, pinned down ------------------------------------------------------
def test_a_huge_offset_is_refused_before_the_database(call, coordinator_cora, network):
    url = f"/api/v1/cohorts/{network[0]}/applications"

    status, body = call(f"{url}?offset={10**30}", coordinator_cora)

    assert status == 422
    assert [(e["loc"], e["type"], e["ctx"]) for e in body["detail"]] == [
        (["query", "offset"], "less_than_equal", {"le": schemas.MAX_OFFSET})
    ]
    status, body = call(f"{url}?offset={schemas.MAX_OFFSET}", coordinator_cora)
    assert (status, body["count"], body["offset"], body["items"]) == (
        200,
        10,
        schemas.MAX_OFFSET,
        [],
    )


@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_a_method_the_api_does_not_take_is_a_json_405(method, contact_hege):
    """Also with CSRF checks on: the API takes no session, so it needs no CSRF token."""
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {create_api_token(user=contact_hege.user, name='x')[1]}"}
    for url in ("/api/v1/programmes", "/api/v1/me"):
        response = getattr(client, method)(url, headers=headers)
        assert (response.status_code, response["Allow"], response.json()) == (
            405,
            "GET",
            {"detail": "Method not allowed: this endpoint answers GET only."},
        )


def test_the_schema_declares_validation_errors(client):
    document = client.get(SCHEMA_URL).json()
    missing = [
        f"{method.upper()} {path}"
        for path, path_item in document["paths"].items()
        for method, operation in path_item.items()
        if operation.get("parameters") and "422" not in operation["responses"]
    ]
    assert missing == []
