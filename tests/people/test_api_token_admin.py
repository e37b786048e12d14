"""The API tokens in the administration: network admins see everyone's (never a digest),
filter them by status, find them by owner, and revoke them (audited); nobody adds, changes
or deletes one there. Coordinators and company contacts do not see them at all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from brobygger.core.models import ActivityLog
from brobygger.people.models import ApiToken
from brobygger.people.services import create_api_token, revoke_api_token

LIST = reverse("admin:people_apitoken_changelist")
NOW = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(mentee_anne, mentor_bo, outsider_dag):
    """One token of each status, held by people of three companies (A, B, C)."""

    def made(person, name, days_ago, lifetime):
        with time_machine.travel(NOW - dt.timedelta(days=days_ago), tick=False):
            return create_api_token(user=person.user, name=name, lifetime_days=lifetime)

    active, active_secret = made(mentee_anne, "Annes HR-system", 1, 90)
    expired, _ = made(mentor_bo, "Bos regneark", 40, 30)
    revoked, _ = made(outsider_dag, "Dags nettsted", 2, 365)
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        revoke_api_token(token=revoked, by=outsider_dag.user)
    return {"active": active, "expired": expired, "revoked": revoked, "secret": active_secret}


def _listed(client, query: str = "") -> list[str]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(LIST + query)
    assert response.status_code == 200
    return [token.name for token in response.context["cl"].result_list]


def test_a_network_admin_sees_everyones_tokens_without_digests(client, admin_ada, tokens):
    client.force_login(admin_ada.user)
    with time_machine.travel(NOW, tick=False):
        html = client.get(LIST).content.decode()
    assert _listed(client) == ["Annes HR-system", "Dags nettsted", "Bos regneark"]
    for email in ("anne@a.example", "bo@b.example", "dag@c.example"):
        assert email in html
    for token in ApiToken.objects.all():
        assert f"{token.prefix}…" in html
        assert token.digest not in html
    assert tokens["secret"] not in html


def test_the_list_says_each_tokens_status(client, admin_ada, tokens):
    client.force_login(admin_ada.user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(LIST)
        changelist = response.context["cl"]
        status = changelist.model_admin.status_label
        labels = [(t.name, status(t)) for t in changelist.result_list]
    assert labels == [
        ("Annes HR-system", "Aktiv"),
        ("Dags nettsted", "Tilbakekalt"),
        ("Bos regneark", "Utløpt"),
    ]


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("active", ["Annes HR-system"]),
        ("expired", ["Bos regneark"]),
        ("revoked", ["Dags nettsted"]),
    ],
)
def test_filter_by_status(client, admin_ada, tokens, status, names):
    client.force_login(admin_ada.user)
    assert _listed(client, f"?status={status}") == names


def test_search_by_owner_email(client, admin_ada, tokens):
    client.force_login(admin_ada.user)
    assert _listed(client, "?q=bo@b.example") == ["Bos regneark"]


def test_the_detail_page_is_read_only(client, admin_ada, tokens):
    token = tokens["active"]
    client.force_login(admin_ada.user)
    response = client.get(reverse("admin:people_apitoken_change", args=[token.pk]))
    html = response.content.decode()
    fields = re.findall(r"<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"", html)
    assert (response.status_code, set(fields)) == (200, {"csrfmiddlewaretoken"})
    assert (f"{token.prefix}…" in html, token.digest in html) == (True, False)


def test_nothing_is_added_changed_or_deleted_there(client, admin_ada, tokens):
    token = tokens["active"]
    client.force_login(admin_ada.user)
    statuses = [
        client.get(reverse("admin:people_apitoken_add")).status_code,
        client.post(reverse("admin:people_apitoken_add"), {"name": "Ny"}).status_code,
        client.post(
            reverse("admin:people_apitoken_change", args=[token.pk]), {"name": "Endret"}
        ).status_code,
        client.get(reverse("admin:people_apitoken_delete", args=[token.pk])).status_code,
        client.post(
            reverse("admin:people_apitoken_delete", args=[token.pk]), {"post": "yes"}
        ).status_code,
    ]
    assert statuses == [403, 403, 403, 403, 403]
    actions = client.get(LIST).context["action_form"].fields["action"].choices
    assert [value for value, _label in actions] == ["", "revoke_selected"]
    token.refresh_from_db()
    assert (ApiToken.objects.count(), token.name) == (3, "Annes HR-system")


def test_revoking_selected_tokens_is_audited_and_ends_them(client, admin_ada, tokens):
    client.force_login(admin_ada.user)
    selected = [tokens["active"].pk, tokens["revoked"].pk]  # one already revoked
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            LIST,
            {"action": "revoke_selected", "_selected_action": selected},
            REMOTE_ADDR="192.0.2.40",
        )
    assert (response.status_code, response["Location"]) == (302, LIST)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 API-nøkkel er tilbakekalt."]
    active = tokens["active"]
    active.refresh_from_db()
    assert active.revoked_at == NOW
    entry = ActivityLog.objects.filter(action="api_token.revoke").latest("id")
    assert (entry.actor, entry.target_id, entry.data, entry.ip_address) == (
        admin_ada.user,
        str(active.pk),
        {"name": "Annes HR-system", "prefix": active.prefix},
        "192.0.2.40",
    )
    assert ActivityLog.objects.filter(action="api_token.revoke").count() == 2  # Dag's own + 1
    # The token no longer opens the API.
    api = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {tokens['secret']}")
    assert (api.status_code, api.json()) == (401, {"detail": "This token has been revoked."})


def test_revoking_two_tokens_says_so_in_the_plural(client, admin_ada, mentee_anne, mentor_bo):
    create_api_token(user=mentee_anne.user, name="A")
    create_api_token(user=mentor_bo.user, name="B")
    client.force_login(admin_ada.user)
    response = client.post(
        LIST,
        {
            "action": "revoke_selected",
            "_selected_action": list(ApiToken.objects.values_list("pk", flat=True)),
        },
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 API-nøkler er tilbakekalt."]
    assert ApiToken.objects.filter(revoked_at=None).count() == 0


@pytest.mark.parametrize("persona", ["coordinator_cora", "contact_hege", "mentee_anne"])
def test_only_network_admins_see_the_tokens(client, request, persona, tokens):
    """Cora coordinates an initiative (company C), Hege is her company's HR contact (A), Anne
    holds one of the tokens: none of them sees the list, a token, or can revoke one (the
    administration answers 404 to anyone signed in who is no network admin)."""
    user = request.getfixturevalue(persona).user
    token = tokens["active"]
    client.force_login(user)
    pages = [LIST, reverse("admin:people_apitoken_change", args=[token.pk])]
    answers = [client.get(url) for url in pages]
    post = client.post(LIST, {"action": "revoke_selected", "_selected_action": [token.pk]})
    assert [r.status_code for r in [*answers, post]] == [404, 404, 404]
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ActivityLog.objects.filter(action="api_token.revoke", actor=user).count() == 0


def test_the_list_keeps_its_queries_at_1_and_3_tokens(client, admin_ada, mentee_anne, mentor_bo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(LIST)
        assert len(response.context["cl"].result_list) == ApiToken.objects.count()
        return len(context.captured_queries)

    client.force_login(admin_ada.user)
    create_api_token(user=mentee_anne.user, name="1")
    one = queries()
    create_api_token(user=mentor_bo.user, name="2")
    revoked, _secret = create_api_token(user=mentor_bo.user, name="3")
    revoke_api_token(token=revoked, by=mentor_bo.user)
    assert queries() == one
