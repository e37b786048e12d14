"""Hardening: Permissions-Policy on every response, no-store on every signed-in page and
download, a request-size limit before the body is read, X-Forwarded-Proto trusted only
behind a declared proxy, __Host- cookies in production."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.settings_probe import settings_in_process

pytestmark = pytest.mark.django_db


def test_every_response_has_the_permissions_policy(client, settings):
    for path in ["/", "/accounts/login/", "/finnes-ikke/"]:
        policy = client.get(path).headers["Permissions-Policy"]
        assert policy == settings.PERMISSIONS_POLICY
    assert "publickey-credentials-get=(self)" in settings.PERMISSIONS_POLICY
    assert "camera=()" in settings.PERMISSIONS_POLICY


def test_a_signed_in_page_is_not_stored_and_a_public_one_may_be(client, mentee_anne):
    public = client.get(reverse("programs:home"))
    assert "no-store" not in public.headers.get("Cache-Control", "")
    client.force_login(mentee_anne.user)
    for path in [reverse("programs:home"), "/profile/"]:
        assert client.get(path).headers["Cache-Control"] == "no-store, private"


def test_a_request_over_the_limit_is_refused_before_it_is_read(settings):
    settings.BROBYGGER_MAX_REQUEST_BYTES = 1000
    client = Client()
    response = client.post(
        "/accounts/login/",
        data=b"x" * 2000,
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert (response.status_code, response.content.decode()) == (413, "Forespørselen er for stor.")


def test_a_request_within_the_limit_is_served(client, settings):
    settings.BROBYGGER_MAX_REQUEST_BYTES = 10_000
    response = client.post("/accounts/login/", {"login": "a@b.example", "password": "x"})
    assert response.status_code == 200


def test_forwarded_proto_is_trusted_only_behind_a_declared_proxy():
    expression = "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)"
    assert settings_in_process({}, expression) == "None\n"
    assert settings_in_process({"BROBYGGER_BEHIND_PROXY": "1"}, expression) == (
        "('HTTP_X_FORWARDED_PROTO', 'https')\n"
    )


def test_production_cookies_are_host_only():
    names = (
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.LANGUAGE_COOKIE_NAME, s.MFA_TRUST_COOKIE_NAME"
    )
    assert settings_in_process({}, names) == (
        "__Host-sessionid __Host-csrftoken __Host-language __Host-trusted_browser\n"
    )
