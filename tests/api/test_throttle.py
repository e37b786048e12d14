"""Rate limits: per token across every endpoint, per client address without a token; the
request over the limit gets a 429 with ``Retry-After`` and a JSON ``detail``.

Deterministic: each test sets small rates, the cache starts empty (tests/conftest.py clears
it before every test) and the clock stands still unless a test moves it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine

from tests.api.conftest import bearer

ME = "/api/v1/me"
PROGRAMMES = "/api/v1/programmes"
START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_rates(settings):
    settings.BROBYGGER_API_RATE_TOKEN = "3/m"
    settings.BROBYGGER_API_RATE_ANON = "2/m"


def _get(client, url, *, at_second, **headers):
    with time_machine.travel(START + dt.timedelta(seconds=at_second), tick=False):
        response = client.get(url, **headers)
    return response.status_code, response.get("Retry-After"), response.json()


def _too_many(seconds: int) -> tuple[int, str, dict[str, str]]:
    return 429, str(seconds), {"detail": f"Too many requests: try again in {seconds} seconds."}


def test_a_token_gets_its_rate_then_a_429_until_a_minute_after_its_first_request(
    client, mentee_anne
):
    anne = bearer(mentee_anne)
    statuses = [_get(client, ME, at_second=s, **anne)[:2] for s in (0, 10, 20)]
    assert statuses == [(200, None)] * 3
    assert _get(client, ME, at_second=30, **anne) == _too_many(30)
    # Refused requests do not count: the first request leaves the window at 60 s.
    assert _get(client, ME, at_second=59, **anne) == _too_many(1)
    assert _get(client, ME, at_second=60, **anne)[:2] == (200, None)
    assert _get(client, ME, at_second=61, **anne) == _too_many(9)


def test_the_limit_is_per_token_across_endpoints(client, mentee_anne):
    anne = bearer(mentee_anne)
    urls = [(ME, 0), ("/api/v1/cohorts", 1), (ME, 2)]
    assert [_get(client, url, at_second=s, **anne)[:2] for url, s in urls] == [(200, None)] * 3
    assert _get(client, "/api/v1/cohorts", at_second=3, **anne) == _too_many(57)


def test_another_token_or_person_is_not_affected(client, mentee_anne, mentor_bo):
    first, second, bo = bearer(mentee_anne), bearer(mentee_anne), bearer(mentor_bo)
    for s in range(3):
        _get(client, ME, at_second=s, **first)
    assert _get(client, ME, at_second=5, **first) == _too_many(55)
    assert [_get(client, ME, at_second=5, **h)[:2] for h in (second, bo)] == [(200, None)] * 2


def test_without_a_token_the_limit_is_per_client_address(client, mentee_anne):
    here = {"REMOTE_ADDR": "192.0.2.10"}
    there = {"REMOTE_ADDR": "198.51.100.7"}
    assert [_get(client, PROGRAMMES, at_second=s, **here)[:2] for s in (0, 1)] == [(200, None)] * 2
    assert _get(client, PROGRAMMES, at_second=2, **here) == _too_many(58)
    # Another address, and a token holder at the same address, still get through.
    assert _get(client, PROGRAMMES, at_second=2, **there)[:2] == (200, None)
    assert _get(client, ME, at_second=2, **here, **bearer(mentee_anne))[:2] == (200, None)


def test_a_public_request_with_a_token_counts_against_the_address(client, mentee_anne):
    """``/programmes`` needs no token, so it does not read one: it counts per address."""
    anne = bearer(mentee_anne)
    for s in (0, 1):
        _get(client, PROGRAMMES, at_second=s, **anne)
    assert _get(client, PROGRAMMES, at_second=2, **anne) == _too_many(58)
    assert _get(client, ME, at_second=2, **anne)[:2] == (200, None)


def test_the_rates_are_read_at_each_request(client, mentee_anne, settings):
    anne = bearer(mentee_anne)
    for s in range(3):
        _get(client, ME, at_second=s, **anne)
    assert _get(client, ME, at_second=3, **anne)[0] == 429
    settings.BROBYGGER_API_RATE_TOKEN = "5/m"
    assert [_get(client, ME, at_second=s, **anne)[0] for s in (4, 5, 6)] == [200, 200, 429]


def test_the_schema_documents_the_429(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    documented = {
        path: "429" in operation["get"]["responses"] for path, operation in schema["paths"].items()
    }
    assert documented == dict.fromkeys(schema["paths"], True)
    assert len(documented) == 7


@pytest.mark.parametrize(
    ("value", "rate"),
    [(None, "120/m"), ("600/h", "600/h"), (" 100/5m ", "100/5m"), ("3/s", "3/s")],
)
def test_a_rate_setting_is_read_from_the_environment(monkeypatch, value, rate):
    from brobygger.config.settings import env_rate

    if value is None:
        monkeypatch.delenv("BROBYGGER_API_RATE_TOKEN", raising=False)
    else:
        monkeypatch.setenv("BROBYGGER_API_RATE_TOKEN", value)
    assert env_rate("BROBYGGER_API_RATE_TOKEN", "120/m") == rate


@pytest.mark.parametrize("value", ["120", "120/", "0/m", "120/0m", "many/m", "120/week"])
def test_a_rate_setting_that_is_not_a_rate_stops_the_start(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    from brobygger.config.settings import env_rate

    monkeypatch.setenv("BROBYGGER_API_RATE_ANON", value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_rate("BROBYGGER_API_RATE_ANON", "60/m")
    assert str(refused.value) == (
        f"BROBYGGER_API_RATE_ANON must be a rate such as '120/m', not '{value}'."
    )


def test_parallel_requests_of_one_token_never_pass_the_limit(settings, tmp_path):
    """32 threads asking at once for one token, limit 120 a minute, with the file cache a
    deployment without Redis uses: exactly 120 pass (the count is read and written as one
    step; before, 148 did)."""
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from django.core.cache.backends.filebased import FileBasedCache
    from django.test import RequestFactory

    from brobygger.api.auth import TokenRateThrottle

    settings.BROBYGGER_API_RATE_TOKEN = "120/m"
    throttle = TokenRateThrottle()
    throttle.cache = FileBasedCache(str(tmp_path), {})
    token = SimpleNamespace(code=SimpleNamespace(hex="parallel"))

    def ask(_: int) -> bool:
        request = RequestFactory().get(ME)
        request.api_token = token  # type: ignore[attr-defined]
        return throttle.allow_request(request)

    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(ask, range(400)))
    assert (answers.count(True), answers.count(False)) == (120, 280)
