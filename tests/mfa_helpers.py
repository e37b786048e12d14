"""Two-factor authentication in tests: turn it on for a user, compute the app's current code
with allauth's own TOTP functions, sign in with a password (then the code)."""

from __future__ import annotations

import re
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # tests/factories.py
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)


def totp_code(secret: str, *, steps: int = 0) -> str:
    """What the authenticator app shows now (or ``steps`` periods of 30 s later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def turn_on_totp(user) -> str:  # type: ignore[no-untyped-def]
    """An authenticator app and recovery codes for ``user``, as allauth stores them; the
    secret, for computing codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user) -> list[str]:  # type: ignore[no-untyped-def]
    authenticator = Authenticator.objects.get(user=user, type="recovery_codes")
    return list(authenticator.wrap().get_unused_codes())


def sign_in_with_password(client, email: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def enter_code(client, code: str, *, trust: bool = False):  # type: ignore[no-untyped-def]
    """The code from the app at sign-in, then the answer to "Trust this browser?"; the last
    response (the trust page's redirect, or the code page again after a wrong code)."""
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    if response.status_code == 302 and response["Location"] == reverse("mfa_trust"):
        response = client.post(reverse("mfa_trust"), {"action": "trust" if trust else "skip"})
    return response


def confirm_with_password(client, next_url: str):  # type: ignore[no-untyped-def]
    """allauth asks to confirm the password before any change of two-factor settings."""
    return client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": next_url})


def signed_in_user_id(client) -> str | None:  # type: ignore[no-untyped-def]
    return client.session.get("_auth_user_id")
