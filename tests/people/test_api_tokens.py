"""API tokens on the profile page: created for 30, 90 or 365 days and shown once, listed by
prefix with their dates and status, revoked with a POST (CSRF on); another person's token
does not exist for her."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from tests.conftest import sign_in_recently
from tests.privacy.scan import database_hits

from brobygger.core.models import ActivityLog
from brobygger.people.models import ApiToken
from brobygger.people.services import create_api_token, record_api_token_use, revoke_api_token

PROFILE = reverse("people:profile-edit")
CREATE = reverse("people:api-token-create")
pytestmark = pytest.mark.django_db


def _revoke_url(token: ApiToken) -> str:
    return reverse("people:api-token-revoke", args=[token.code])


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def _csrf(client: Client) -> str:
    html = client.get(PROFILE).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_token_is_created_and_shown_once(csrf_client, mentee_anne):
    sign_in_recently(csrf_client, mentee_anne.user)
    response = csrf_client.post(
        CREATE, {"name": "HR-system", "csrfmiddlewaretoken": _csrf(csrf_client)}
    )
    html = response.content.decode()
    [secret] = re.findall(r'id="api-token"[^>]* readonly[^>]*>(bro_[^<]+)</textarea>', html)
    token = ApiToken.objects.get()
    assert (response.status_code, token.user, token.name, token.prefix) == (
        200,
        mentee_anne.user,
        "HR-system",
        secret[:10],
    )
    assert "no-store" in response["Cache-Control"]
    # Never again: not on the profile page, nowhere in the database (sessions included).
    profile = csrf_client.get(PROFILE).content.decode()
    assert secret not in profile
    assert f"<code>{token.prefix}…</code>" in profile
    assert database_hits(secret) == []


def test_a_name_is_required(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    response = client.post(CREATE, {"name": "  "})
    assert (response.status_code, ApiToken.objects.count()) == (200, 0)
    assert response.context["token_form"].errors == {"name": ["Feltet er påkrevet."]}


def test_create_without_csrf_is_refused(csrf_client, mentee_anne):
    sign_in_recently(csrf_client, mentee_anne.user)
    response = csrf_client.post(CREATE, {"name": "HR-system"})
    assert (response.status_code, ApiToken.objects.count()) == (403, 0)


def test_revoking_her_own_token(csrf_client, mentee_anne):
    token, _secret = create_api_token(user=mentee_anne.user, name="HR-system")
    sign_in_recently(csrf_client, mentee_anne.user)
    assert csrf_client.post(_revoke_url(token)).status_code == 403  # no CSRF token
    response = csrf_client.post(_revoke_url(token), {"csrfmiddlewaretoken": _csrf(csrf_client)})
    token.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, PROFILE)
    assert token.revoked_at is not None
    profile = csrf_client.get(PROFILE).content.decode()
    assert _revoke_url(token) not in profile  # no button for a revoked token
    assert "Tilbakekalt" in profile


def test_another_persons_token_cannot_be_revoked(client, mentee_anne, mentor_bo):
    token, _secret = create_api_token(user=mentee_anne.user, name="Annes nøkkel")
    sign_in_recently(client, mentor_bo.user)
    response = client.post(_revoke_url(token))
    token.refresh_from_db()
    assert (response.status_code, token.revoked_at) == (404, None)
    assert "Annes nøkkel" not in client.get(PROFILE).content.decode()


def test_anonymous_is_sent_to_sign_in(client, mentee_anne):
    token, _secret = create_api_token(user=mentee_anne.user, name="HR-system")
    for url in (CREATE, _revoke_url(token)):
        response = client.post(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('account_login')}?next={url}",
        )


def test_only_posts(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    assert client.get(CREATE).status_code == 405


def test_the_token_list_keeps_its_queries_at_1_and_3_tokens(client, mentee_anne):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            html = client.get(PROFILE).content.decode()
        listed = [f"<code>{t.prefix}…</code>" in html for t in ApiToken.objects.all()]
        assert listed == [True] * ApiToken.objects.count()
        return len(context.captured_queries)

    sign_in_recently(client, mentee_anne.user)
    create_api_token(user=mentee_anne.user, name="Nøkkel 1")
    one = queries()
    for n in (2, 3):
        token, _secret = create_api_token(user=mentee_anne.user, name=f"Nøkkel {n}")
    revoke_api_token(token=token, by=mentee_anne.user)
    assert queries() == one


# -- expiry ---------------------------------------------------------------------------------

NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)  # 12:00 in Oslo (summer time)
CARD = re.compile(r'<li class="item">(.*?)</li>', re.S)


def _cards(html: str) -> list[tuple[str, str, list[tuple[str, str]], bool]]:
    """Each listed token: name, status badge, (label, value) facts, whether it has a revoke
    button."""
    cards = []
    for card in CARD.findall(html):
        name = re.search(r"<h3>\s*([^<]+?)\s*<span", card).group(1)
        badge = re.search(r'<span class="badge [^"]+">([^<]+)</span>', card).group(1)
        facts = re.findall(r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", card, re.S)
        cards.append((name, badge, facts, "/revoke/" in card))
    return cards


def test_the_form_offers_30_90_or_365_days_with_90_chosen(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    html = client.get(PROFILE).content.decode()
    radio = r'<input type="radio" name="lifetime" value="(\d+)" id="[^"]+"( checked)?>'
    radios = re.findall(radio, html)
    labels = re.findall(radio + r"\s*([^<]+)</label>", html)
    assert [label for _value, _checked, label in labels] == ["30 dager", "90 dager", "1 år"]
    assert radios == [("30", ""), ("90", " checked"), ("365", "")]
    assert "<legend>Gyldig i</legend>" in html


@pytest.mark.parametrize(
    ("days", "until"),
    [
        (30, "1. oktober 2026 12:00"),
        (90, "30. november 2026 11:00"),  # winter time by then
        (365, "1. september 2027 12:00"),
    ],
)
def test_a_token_is_created_with_the_chosen_lifetime(client, mentee_anne, days, until):
    sign_in_recently(client, mentee_anne.user)
    with time_machine.travel(NOW, tick=False):
        response = client.post(CREATE, {"name": "HR-system", "lifetime": str(days)})
    token = ApiToken.objects.get()
    assert (token.created_at, token.expires_at) == (NOW, NOW + dt.timedelta(days=days))
    assert (
        f"<p>Den virker til {until}. Lag en ny før det, så fortsetter programmet å virke.</p>"
        in response.content.decode()
    )
    entry = ActivityLog.objects.get(action="api_token.create")
    assert entry.data == {"name": "HR-system", "prefix": token.prefix, "lifetime_days": days}


def test_a_form_posted_without_a_lifetime_gets_90_days(client, mentee_anne):
    sign_in_recently(client, mentee_anne.user)
    with time_machine.travel(NOW, tick=False):
        client.post(CREATE, {"name": "HR-system"})
    assert [t.expires_at for t in ApiToken.objects.all()] == [NOW + dt.timedelta(days=90)]


@pytest.mark.parametrize("forged", ["9999", "0", "-30", "never", "90.5"])
def test_a_forged_lifetime_is_refused_and_creates_nothing(client, mentee_anne, forged):
    sign_in_recently(client, mentee_anne.user)
    response = client.post(CREATE, {"name": "HR-system", "lifetime": forged})
    message = "Velg 30 dager, 90 dager eller 1 år."
    assert (response.status_code, ApiToken.objects.count(), ActivityLog.objects.count()) == (
        200,
        0,
        0,
    )
    assert response.context["token_form"].errors == {"lifetime": [message]}
    assert message in response.content.decode()


def test_the_profile_shows_each_tokens_dates_and_status_in_norwegian(client, mentee_anne):
    user = mentee_anne.user

    def made(name: str, days_ago: int, lifetime: int) -> ApiToken:
        with time_machine.travel(NOW - dt.timedelta(days=days_ago), tick=False):
            token, _secret = create_api_token(user=user, name=name, lifetime_days=lifetime)
        return token

    expired = made("Nettsted", 40, 30)
    soon = made("Regneark", 25, 30)
    active = made("HR-system", 10, 90)
    revoked = made("Gammel", 5, 90)
    record_api_token_use(token=active, now=NOW - dt.timedelta(days=1))
    with time_machine.travel(NOW - dt.timedelta(days=2), tick=False):
        revoke_api_token(token=revoked, by=user)
    sign_in_recently(client, user)
    with time_machine.travel(NOW, tick=False):
        html = client.get(PROFILE).content.decode()

    def facts(token: ApiToken, *last: tuple[str, str]) -> list[tuple[str, str]]:
        return [("Begynner med", f"<code>{token.prefix}…</code>"), *last]

    assert _cards(html) == [
        (
            "Gammel",
            "Tilbakekalt",
            facts(
                revoked,
                ("Opprettet", "27.08.2026 12:00"),
                ("Sist brukt", "Aldri"),
                ("Tilbakekalt", "30.08.2026 12:00"),
            ),
            False,
        ),
        (
            "HR-system",
            "Aktiv",
            facts(
                active,
                ("Opprettet", "22.08.2026 12:00"),
                ("Sist brukt", "31.08.2026 12:00"),
                ("Utløper", "20.11.2026 11:00"),
            ),
            True,
        ),
        (
            "Regneark",
            "Utløper snart",
            facts(
                soon,
                ("Opprettet", "07.08.2026 12:00"),
                ("Sist brukt", "Aldri"),
                ("Utløper", "06.09.2026 12:00"),
            ),
            True,
        ),
        (
            "Nettsted",
            "Utløpt",
            facts(
                expired,
                ("Opprettet", "23.07.2026 12:00"),
                ("Sist brukt", "Aldri"),
                ("Utløpt", "22.08.2026 12:00"),
            ),
            False,
        ),
    ]


def test_a_new_token_needs_her_password_again_first(client, mentee_anne):
    from tests.mfa_helpers import confirm_with_password

    client.force_login(mentee_anne.user)
    response = client.post(CREATE, {"name": "HR-system", "lifetime": "90"})
    assert response.url == f"{reverse('account_reauthenticate')}?next={CREATE.replace('/', '%2F')}"
    assert ApiToken.objects.count() == 0
    response = confirm_with_password(client, CREATE)
    assert [t.name for t in ApiToken.objects.all()] == ["HR-system"]
