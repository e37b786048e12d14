"""Personal API tokens: Bearer only, refused with a 401 that says why (revoked, expired …),
stored as a digest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from brobygger.api import auth
from brobygger.people.models import ApiToken
from brobygger.people.services import create_api_token, revoke_api_token
from tests.privacy.scan import database_hits

URL = "/api/v1/me"
pytestmark = pytest.mark.django_db


def _refusal(client, **headers):
    response = client.get(URL, **headers)
    return response.status_code, response.json(), response.get("WWW-Authenticate")


def _me(person):
    return {
        "name": person.user.get_full_name(),
        "email": person.user.email,
        "language": "nb",
        "network_admin": False,
        "coordinates": [],
        "company_contact_for": None,
    }


def test_a_valid_token_reads_as_its_owner(call, mentee_anne):
    assert call(URL, mentee_anne) == (200, _me(mentee_anne))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, auth.MISSING),
        ("Token bro_abc", auth.NOT_BEARER),
        ("Bearer", auth.NOT_BEARER),
        ("Bearer not-a-brobygger-token", auth.MALFORMED),
        ("Bearer bro_" + "x" * 42, auth.MALFORMED),
        ("Bearer bro_" + "A" * 43, auth.UNKNOWN),
    ],
)
def test_a_missing_malformed_or_unknown_token_is_refused(client, header, message):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    assert _refusal(client, **headers) == (401, {"detail": message}, 'Bearer realm="brobygger"')


def test_a_revoked_token_is_refused(client, mentee_anne):
    token, secret = create_api_token(user=mentee_anne.user, name="HR-system")
    revoke_api_token(token=token, by=mentee_anne.user)
    status, body, _ = _refusal(client, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (status, body) == (401, {"detail": auth.REVOKED})


# Created half an hour before midnight UTC (half past midnight in Oslo, the next day): the
# refusal gives the expiry date in UTC, as the API gives every time.
CREATED = dt.datetime(2026, 9, 1, 23, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (30, "This token expired on 2026-10-01."),
        (90, "This token expired on 2026-11-30."),
        (365, "This token expired on 2027-09-01."),
    ],
)
def test_an_expired_token_is_refused_with_its_date(client, mentee_anne, days, message):
    with time_machine.travel(CREATED, tick=False):
        token, secret = create_api_token(user=mentee_anne.user, name="HR", lifetime_days=days)
    assert token.expires_at == CREATED + dt.timedelta(days=days)
    with time_machine.travel(token.expires_at + dt.timedelta(days=3), tick=False):
        refusal = _refusal(client, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert refusal == (401, {"detail": message}, 'Bearer realm="brobygger"')
    token.refresh_from_db()
    assert token.last_used_at is None  # a refused token is not "used"


def test_a_token_works_until_the_moment_it_expires_and_not_at_it(client, mentee_anne):
    with time_machine.travel(CREATED, tick=False):
        token, secret = create_api_token(user=mentee_anne.user, name="HR", lifetime_days=30)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    with time_machine.travel(token.expires_at - dt.timedelta(microseconds=1), tick=False):
        just_before = client.get(URL, **headers)
    with time_machine.travel(token.expires_at, tick=False):
        at_expiry = _refusal(client, **headers)
    assert (just_before.status_code, just_before.json()) == (200, _me(mentee_anne))
    assert at_expiry == (
        401,
        {"detail": "This token expired on 2026-10-01."},
        'Bearer realm="brobygger"',
    )


def test_a_revoked_token_still_says_revoked_after_it_expires(client, mentee_anne):
    with time_machine.travel(CREATED, tick=False):
        token, secret = create_api_token(user=mentee_anne.user, name="HR", lifetime_days=30)
        revoke_api_token(token=token, by=mentee_anne.user)
    with time_machine.travel(token.expires_at + dt.timedelta(days=1), tick=False):
        status, body, _ = _refusal(client, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (status, body) == (401, {"detail": auth.REVOKED})


def test_a_lifetime_other_than_30_90_or_365_days_is_refused(mentee_anne):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        create_api_token(user=mentee_anne.user, name="HR", lifetime_days=9999)
    assert refused.value.message_dict == {"expires_at": ["Unsupported token lifetime: 9999 days."]}
    assert ApiToken.objects.count() == 0


def test_the_token_of_an_inactive_account_is_refused(client, mentee_anne):
    _token, secret = create_api_token(user=mentee_anne.user, name="HR-system")
    mentee_anne.user.is_active = False
    mentee_anne.user.save()
    status, body, _ = _refusal(client, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (status, body) == (401, {"detail": auth.INACTIVE})


def test_a_coordinator_without_two_factor_cannot_use_a_token_when_required(
    client, coordinator_cora, settings
):
    settings.BROBYGGER_COORDINATOR_MFA = "required"
    _token, secret = create_api_token(user=coordinator_cora.user, name="CRM")
    status, body, _ = _refusal(client, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (status, body) == (401, {"detail": auth.NEEDS_MFA})


def test_a_session_does_not_authenticate_the_api(client, mentee_anne):
    client.force_login(mentee_anne.user)
    assert _refusal(client) == (401, {"detail": auth.MISSING}, 'Bearer realm="brobygger"')


def test_only_the_digest_is_stored(mentee_anne):
    token, secret = create_api_token(user=mentee_anne.user, name="HR-system")
    assert secret.startswith("bro_")
    assert len(secret) == 47
    assert token.prefix == secret[:10]
    assert len(token.digest) == 64
    # Neither the token nor the part after its visible prefix is anywhere in the database.
    assert database_hits(secret) == []
    assert database_hits(secret[10:]) == []


def test_creating_and_revoking_are_audited(mentee_anne):
    from brobygger.core.models import ActivityLog

    token, _secret = create_api_token(user=mentee_anne.user, name="HR-system")
    revoke_api_token(token=token, by=mentee_anne.user)
    revoke_api_token(token=token, by=mentee_anne.user)  # twice: one entry
    entries = ActivityLog.objects.filter(action__startswith="api_token.").order_by("id")
    data = {"name": "HR-system", "prefix": token.prefix}
    assert [(e.action, e.actor_id, e.target_id, e.target_repr, e.data) for e in entries] == [
        (
            "api_token.create",
            mentee_anne.user.pk,
            str(token.pk),
            f"{token.prefix}…",
            {**data, "lifetime_days": 90},
        ),
        ("api_token.revoke", mentee_anne.user.pk, str(token.pk), f"{token.prefix}…", data),
    ]


def test_last_used_is_written_at_most_once_a_minute(client, mentee_anne):
    token, secret = create_api_token(user=mentee_anne.user, name="HR-system")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        client.get(URL, **headers)
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        client.get(URL, **headers)
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.get(URL, **headers)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)
    assert ApiToken.objects.count() == 1
