"""A passkey fulfils a coordinator's or an administrator's duty to use two-factor
authentication (it cannot be phished): the pages and the API let her through, as an
authenticator app does. Recovery codes alone still do not."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.mfa_helpers import add_passkey

from brobygger.api.auth import NEEDS_MFA
from brobygger.people.middleware import CoordinatorMfaMiddleware
from brobygger.people.selectors import missing_mfa_duty
from brobygger.people.services import create_api_token

SETUP = reverse("mfa_activate_totp")
COORDINATION = reverse("coordination:overview")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def required(settings):  # type: ignore[no-untyped-def]
    settings.BROBYGGER_COORDINATOR_MFA = "required"


def test_a_passkey_fulfils_the_duty_in_one_query(
    coordinator_cora, admin_ada, django_assert_num_queries
):
    assert (missing_mfa_duty(coordinator_cora.user), missing_mfa_duty(admin_ada.user)) == (
        "coordinator",
        "admin",
    )
    add_passkey(coordinator_cora.user)
    add_passkey(admin_ada.user)
    with django_assert_num_queries(1):
        assert missing_mfa_duty(coordinator_cora.user) is None
    with django_assert_num_queries(1):
        assert missing_mfa_duty(admin_ada.user) is None


def test_with_a_passkey_she_goes_where_she_wanted(client, coordinator_cora, admin_ada, open_cohort):
    client.force_login(coordinator_cora.user)
    assert client.get(COORDINATION)["Location"] == SETUP
    add_passkey(coordinator_cora.user)
    response = client.get(COORDINATION)
    assert (response.status_code, response.context["request"].resolver_match.view_name) == (
        200,
        "coordination:overview",
    )
    add_passkey(admin_ada.user)
    client.force_login(admin_ada.user)
    response = client.get(reverse("admin:index"))
    assert (response.status_code, response.context["request"].resolver_match.view_name) == (
        200,
        "admin:index",
    )


def test_another_persons_passkey_does_not_count(client, coordinator_cora, mentee_anne):
    add_passkey(mentee_anne.user)
    assert missing_mfa_duty(coordinator_cora.user) == "coordinator"


def test_the_setup_page_offers_a_passkey_instead(client, coordinator_cora):
    from tests.mfa_helpers import confirm_with_password, sign_in_with_password

    sign_in_with_password(client, "cora@c.example")
    confirm_with_password(client, SETUP)
    html = client.get(SETUP).content.decode()
    assert f'<a href="{reverse("mfa_add_webauthn")}">Legg til en passnøkkel i stedet</a>' in html
    # The passkey pages are open to her before she has one (allauth's mfa_ views).
    response = client.get(reverse("mfa_add_webauthn"))
    assert (response.status_code, response.context["form"].initial["name"]) == (200, "Passnøkkel")


def test_the_middleware_still_costs_one_query(coordinator_cora, django_assert_num_queries):
    from django.test import RequestFactory

    add_passkey(coordinator_cora.user)
    middleware = CoordinatorMfaMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = RequestFactory().get(COORDINATION)
    request.user = coordinator_cora.user
    request.resolver_match = None
    with django_assert_num_queries(1):
        assert middleware.process_view(request, lambda r: None, (), {}) is None


def test_a_coordinator_with_a_passkey_may_use_her_api_token(client, coordinator_cora):
    _token, secret = create_api_token(user=coordinator_cora.user, name="CRM")
    refused = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (refused.status_code, refused.json()) == (401, {"detail": NEEDS_MFA})
    add_passkey(coordinator_cora.user)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert (response.status_code, response.json()["email"]) == (200, "cora@c.example")
