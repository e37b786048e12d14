"""Two-factor authentication in tests: turn it on for a user, compute the app's current code
with allauth's own TOTP functions, sign in with a password (then the code); a passkey on a
phone in software (``SoftPasskey``), which answers allauth's WebAuthn requests."""

from __future__ import annotations

import os
import re
import time

from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import sha256, websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

PASSWORD = "correct horse battery staple"  # tests/factories.py
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)


def our_page(response) -> str:  # type: ignore[no-untyped-def]
    """The HTML of a page of ours: it answered 200, has one h1, no inline script or style."""
    html: str = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_STYLE.findall(html) == []
    return html


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


# -- passkeys -----------------------------------------------------------------------------


class SoftPasskey:
    """A passkey on a phone, in software: an ECDSA P-256 key that answers allauth's WebAuthn
    requests as a platform authenticator does (attestation "none", resident key, Face ID
    done: user verified). ``origin`` is what the browser would report."""

    def __init__(self, *, origin: str = "http://testserver", user_verified: bool = True) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.origin = origin
        self.user_verified = user_verified
        self.user_handle = ""
        self.counter = 0

    def _flags(self) -> AuthenticatorData.FLAG:
        flags = AuthenticatorData.FLAG.UP
        if self.user_verified:
            flags |= AuthenticatorData.FLAG.UV
        return flags

    def create(self, creation_options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.create()`` (JSON, as posted)."""
        options = creation_options["publicKey"]
        self.user_handle = options["user"]["id"]
        client_data = CollectedClientData.create(
            type="webauthn.create", challenge=options["challenge"], origin=self.origin
        )
        credential = AttestedCredentialData.create(
            b"\0" * 16, self.credential_id, ES256.from_cryptography_key(self.key.public_key())
        )
        auth_data = AuthenticatorData.create(
            sha256(options["rp"]["id"].encode()),
            self._flags() | AuthenticatorData.FLAG.AT,
            0,
            credential,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        response = {"attestationObject": websafe_encode(attestation), "transports": ["internal"]}
        return self._answer(client_data, response, {"credProps": {"rk": True}})

    def get(self, request_options: dict) -> dict:
        """The browser's answer to ``navigator.credentials.get()`` (JSON, as posted)."""
        options = request_options["publicKey"]
        client_data = CollectedClientData.create(
            type="webauthn.get", challenge=options["challenge"], origin=self.origin
        )
        self.counter += 1
        auth_data = AuthenticatorData.create(
            sha256(options["rpId"].encode()), self._flags(), self.counter
        )
        signature = self.key.sign(auth_data + client_data.hash, ec.ECDSA(hashes.SHA256()))
        response = {
            "authenticatorData": websafe_encode(auth_data),
            "signature": websafe_encode(signature),
            "userHandle": self.user_handle,
        }
        return self._answer(client_data, response, {})

    def _answer(self, client_data: CollectedClientData, response: dict, extensions: dict) -> dict:
        """A PublicKeyCredential as the browser's JSON has it."""
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": client_data.b64, **response},
            "clientExtensionResults": extensions,
        }


def add_passkey(user, name: str = "iPhone") -> tuple[Authenticator, SoftPasskey]:  # type: ignore[no-untyped-def]
    """A passkey stored for ``user`` as allauth stores one (no recovery codes: allauth makes
    those only when she adds it herself), and the phone that holds it."""
    phone = SoftPasskey()
    credential = phone.create(
        {
            "publicKey": {
                "rp": {"id": "testserver", "name": "Brobygger"},
                "user": {"id": websafe_encode(user_pk_to_url_str(user).encode())},
                "challenge": websafe_encode(os.urandom(32)),
            }
        }
    )
    return WebAuthn.add(user, name, credential).instance, phone
