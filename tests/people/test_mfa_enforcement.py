"""Coordinators and administrators must use two-factor authentication when the installation
requires it (the production default); nobody else is ever forced."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse
from tests.mfa_helpers import turn_on_totp
from tests.settings_probe import settings_in_process

from brobygger.people.middleware import CoordinatorMfaMiddleware

SETUP = reverse("mfa_activate_totp")
COORDINATION = reverse("coordination:overview")
COORDINATOR_REASON = (
    "You coordinate an initiative and can see participants' personal data, "
    "so two-factor authentication is required."
)
# what she reads in the default language (bokmål)
COORDINATOR_REASON_NB = (
    "Du koordinerer et initiativ og kan se deltakernes personopplysninger, "
    "derfor må du bruke tofaktorautentisering."
)
ADMIN_REASON_NB = (
    "Du har tilgang til administrasjonen og kan se andres personopplysninger, "
    "derfor må du bruke tofaktorautentisering."
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):  # type: ignore[no-untyped-def]
    settings.BROBYGGER_COORDINATOR_MFA = "required"


@pytest.fixture
def optional(settings):  # type: ignore[no-untyped-def]
    settings.BROBYGGER_COORDINATOR_MFA = "optional"


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize(
    "url",
    [COORDINATION, reverse("programs:home"), reverse("people:profile-edit"), "/admin/"],
)
def test_coordinator_without_totp_is_sent_to_set_it_up(client, coordinator_cora, url):
    client.force_login(coordinator_cora.user)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, SETUP)
    assert _messages(response) == [COORDINATOR_REASON_NB]


@pytest.mark.usefixtures("required")
def test_the_reason_is_shown_on_the_setup_page_in_her_language(client, coordinator_cora):
    coordinator_cora.user.language = "en"
    coordinator_cora.user.save()
    client.force_login(coordinator_cora.user)
    response = client.get(COORDINATION, follow=True)
    # allauth asks her to confirm her password first; the reason travels with her.
    assert response.redirect_chain[0] == (SETUP, 302)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert COORDINATOR_REASON in html.unescape(response.content.decode())


@pytest.mark.usefixtures("required")
def test_a_posted_form_is_not_processed(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("people:profile-edit"),
        {"first_name": "Changed", "last_name": "Coord", "language": "nb"},
    )
    assert (response.status_code, response["Location"]) == (302, SETUP)
    coordinator_cora.user.refresh_from_db()
    assert coordinator_cora.user.first_name == "Cora"


@pytest.mark.usefixtures("required")
def test_network_admin_is_forced_with_the_admin_reason(client, admin_ada):
    client.force_login(admin_ada.user)
    response = client.get(reverse("admin:index"))
    assert (response.status_code, response["Location"]) == (302, SETUP)
    assert _messages(response) == [ADMIN_REASON_NB]


@pytest.mark.usefixtures("required")
def test_staff_without_an_initiative_is_forced_too(client, outsider_dag):
    outsider_dag.user.is_staff = True
    outsider_dag.user.save()
    client.force_login(outsider_dag.user)
    response = client.get(reverse("programs:home"))
    assert (response.status_code, response["Location"]) == (302, SETUP)


@pytest.mark.usefixtures("required")
def test_coordinator_who_is_not_staff_is_forced(client, reverse_initiative, mentor_bo):
    reverse_initiative.coordinators.add(mentor_bo.user)
    client.force_login(mentor_bo.user)
    response = client.get(reverse("programs:home"))
    assert (response.status_code, response["Location"]) == (302, SETUP)
    assert _messages(response) == [COORDINATOR_REASON_NB]


@pytest.mark.usefixtures("required")
def test_with_totp_she_goes_where_she_wanted(client, coordinator_cora, admin_ada, open_cohort):
    turn_on_totp(coordinator_cora.user)
    turn_on_totp(admin_ada.user)
    client.force_login(coordinator_cora.user)
    assert client.get(COORDINATION).status_code == 200
    client.force_login(admin_ada.user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.usefixtures("required")
def test_recovery_codes_alone_are_not_enough(client, coordinator_cora):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(coordinator_cora.user)
    client.force_login(coordinator_cora.user)
    assert client.get(COORDINATION)["Location"] == SETUP


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize(
    "url",
    [
        reverse("mfa_index"),
        reverse("account_reauthenticate") + "?next=" + SETUP,
        reverse("account_email"),
        reverse("privacy:overview"),
    ],
)
def test_the_allow_list_stays_open(client, coordinator_cora, url):
    client.force_login(coordinator_cora.user)
    assert client.get(url).status_code == 200


@pytest.mark.usefixtures("required")
def test_she_can_switch_language_and_sign_out(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.post(reverse("people:set-language"), {"language": "en", "next": SETUP})
    assert (response.status_code, response["Location"]) == (302, SETUP)
    coordinator_cora.user.refresh_from_db()
    assert coordinator_cora.user.language == "en"
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("required")
def test_htmx_requests_load_the_setup_page_whole(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.get(COORDINATION, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, SETUP)


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("persona", ["mentee_anne", "mentor_bo", "contact_hege", "outsider_dag"])
def test_participants_are_never_forced(client, request, persona):
    person = request.getfixturevalue(persona)
    client.force_login(person.user)
    assert client.get(reverse("programs:home")).status_code == 200
    assert client.get(reverse("people:profile-edit")).status_code == 200


@pytest.mark.usefixtures("optional")
def test_optional_forces_nobody(client, coordinator_cora, admin_ada, open_cohort):
    client.force_login(coordinator_cora.user)
    assert client.get(COORDINATION).status_code == 200
    client.force_login(admin_ada.user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.usefixtures("required")
def test_no_query_for_anonymous_and_one_per_signed_in_request(
    coordinator_cora, mentee_anne, django_assert_num_queries
):
    middleware = CoordinatorMfaMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]

    def run(user):  # type: ignore[no-untyped-def]
        request = RequestFactory().get(COORDINATION)
        request.user = user
        request.resolver_match = None
        return request, middleware.process_view(request, lambda r: None, (), {})

    with django_assert_num_queries(0):
        assert run(AnonymousUser())[1] is None
    with django_assert_num_queries(1):
        request, response = run(mentee_anne.user)
        assert response is None
    with django_assert_num_queries(0):  # cached on the request
        assert middleware.process_view(request, lambda r: None, (), {}) is None
    turn_on_totp(coordinator_cora.user)
    with django_assert_num_queries(1):
        assert run(coordinator_cora.user)[1] is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"BROBYGGER_DEBUG": "0"}, "required"),
        ({"BROBYGGER_DEBUG": "1"}, "optional"),
        ({"BROBYGGER_DEBUG": "0", "BROBYGGER_COORDINATOR_MFA": "optional"}, "optional"),
        ({"BROBYGGER_DEBUG": "1", "BROBYGGER_COORDINATOR_MFA": "required"}, "required"),
    ],
)
def test_required_by_default_unless_debugging(env, expected):
    assert settings_in_process(env, "s.BROBYGGER_COORDINATOR_MFA").strip() == expected
