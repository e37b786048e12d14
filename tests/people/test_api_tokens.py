"""API tokens on the profile page: created and shown once, listed by prefix, revoked with a
POST (CSRF on); another person's token does not exist for her."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from tests.privacy.scan import database_hits

from brobygger.people.models import ApiToken
from brobygger.people.services import create_api_token, revoke_api_token

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
    csrf_client.force_login(mentee_anne.user)
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
    client.force_login(mentee_anne.user)
    response = client.post(CREATE, {"name": "  "})
    assert (response.status_code, ApiToken.objects.count()) == (200, 0)
    assert response.context["token_form"].errors == {"name": ["Feltet er påkrevet."]}


def test_create_without_csrf_is_refused(csrf_client, mentee_anne):
    csrf_client.force_login(mentee_anne.user)
    response = csrf_client.post(CREATE, {"name": "HR-system"})
    assert (response.status_code, ApiToken.objects.count()) == (403, 0)


def test_revoking_her_own_token(csrf_client, mentee_anne):
    token, _secret = create_api_token(user=mentee_anne.user, name="HR-system")
    csrf_client.force_login(mentee_anne.user)
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
    client.force_login(mentor_bo.user)
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
    client.force_login(mentee_anne.user)
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

    client.force_login(mentee_anne.user)
    create_api_token(user=mentee_anne.user, name="Nøkkel 1")
    one = queries()
    for n in (2, 3):
        token, _secret = create_api_token(user=mentee_anne.user, name=f"Nøkkel {n}")
    revoke_api_token(token=token, by=mentee_anne.user)
    assert queries() == one
