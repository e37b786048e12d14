"""Five wrong passwords lock that address out of that account for five minutes; nobody
elsewhere can keep a known person out of her own account by failing on purpose."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/factories.py
TOO_MANY = "Too many failed login attempts. Try again later."


def _sign_in(client, email: str, password: str, address: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _errors(response) -> list[str]:  # type: ignore[no-untyped-def]
    return list(response.context["form"].non_field_errors()) if response.context else []


def test_an_attacker_locks_only_her_own_address_out(client, mentee_anne):
    from django.test import Client

    attacker = "203.0.113.9"
    for _ in range(5):
        _sign_in(client, "anne@a.example", "wrong password", attacker)
    assert TOO_MANY in _errors(_sign_in(client, "anne@a.example", PASSWORD, attacker))

    anne = Client()
    response = _sign_in(anne, "anne@a.example", PASSWORD, "198.51.100.20")
    assert (response.status_code, anne.session.get("_auth_user_id")) == (
        302,
        str(mentee_anne.user.pk),
    )
