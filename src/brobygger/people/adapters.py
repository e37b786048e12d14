"""django-allauth glue: emails go out through the task queue, after commit; two-factor
secrets are encrypted at rest and the QR code renders under the strict CSP; a new passkey is
named after the device it was made on; a person with a passkey confirms it is her with it."""

from __future__ import annotations

import base64
import re
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from brobygger.core.services import client_ip, send_email_on_commit
from brobygger.people.models import User
from brobygger.people.selectors import has_totp


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed passwords count per account *and* client address: five wrong tries lock
        that address out of that account for a while, but nobody elsewhere can keep a known
        person out of her own account by failing on purpose (the per-address limit across
        accounts still stops one address from guessing widely)."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{client_ip(request) or '-'}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {
            **context,
            "current_site": SimpleNamespace(
                name=settings.BROBYGGER_NETWORK_NAME, domain=settings.SITE_URL
            ),
        }
        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        # Account emails carry codes and links that sign in: their bodies are not kept.
        send_email_on_commit(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            html=html,
            template=template_prefix,
            keep_body=False,
        )

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        """A message about her ("Signed in as …", "You have confirmed …") is rendered in her
        own language: the browser's language chose the sign-in page, but the next page follows
        her saved preference (core's PreferredLanguageMiddleware), and so must the message."""
        language = _preferred_language(request, message_context or {})
        with translation.override(language or translation.get_language()):
            super().add_message(
                request,
                level,
                message_template=message_template,
                message_context=message_context,
                extra_tags=extra_tags,
                message=message,
            )

    def get_reauthentication_methods(self, user: AbstractBaseUser | AnonymousUser) -> list[dict]:
        """How she confirms it is her before a sensitive change. With a passkey, that comes
        first: one tap instead of typing a password or waiting for an email."""
        methods: list[dict] = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "mfa_reauthenticate:webauthn":
                method["description"] = gettext("Use your passkey")
            elif (
                method["id"] == "mfa_reauthenticate"
                and isinstance(user, User)
                and not has_totp(user)
            ):
                method["description"] = gettext("Use a recovery code")
        methods.sort(key=lambda method: method["id"] != "mfa_reauthenticate:webauthn")
        return methods


def _preferred_language(request: HttpRequest, message_context: dict[str, Any]) -> str:
    """Her saved language, unless she chose one in this browser (the language cookie)."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return ""
    email_address = message_context.get("email_address")
    user = (
        message_context.get("user")
        or getattr(email_address, "user", None)
        or getattr(request, "user", None)
    )
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(getattr(user, "language", "") or "")


def _fernet(secret_key: str) -> Fernet:
    digest = salted_hmac(
        "brobygger.mfa.secrets", "fernet", secret=secret_key, algorithm="sha256"
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _secret_box() -> MultiFernet:
    """Encrypts with ``SECRET_KEY``; decrypts with it or any of ``SECRET_KEY_FALLBACKS``."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(key) for key in keys])


_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


class MfaAdapter(DefaultMFAAdapter):
    """A database dump alone does not give away anyone's second factor: the authenticator
    secret and the recovery-code seed are encrypted with a key derived from ``SECRET_KEY``
    (rotate it with the old key in ``SECRET_KEY_FALLBACKS``, see docs/deploy.md)."""

    def encrypt(self, text: str) -> str:
        return _secret_box().encrypt(text.encode()).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        return _secret_box().decrypt(encrypted_text.encode("ascii")).decode()

    def generate_authenticator_name(self, user: AbstractBaseUser, type: Authenticator.Type) -> str:
        """A new passkey is named after the device she adds it on ("iPhone", "Mac"), numbered
        if she already has one by that name; she may change it before saving."""
        if type != Authenticator.Type.WEBAUTHN:
            generated: str = super().generate_authenticator_name(user, type)
            return generated
        request = getattr(context, "request", None)
        agent = request.headers.get("User-Agent", "") if request is not None else ""
        base = device_name(agent) or gettext("Passkey")
        taken = {
            str(a.data.get("name", ""))
            for a in Authenticator.objects.filter(user_id=user.pk, type=type)
        }
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base} ({number})"
        return name

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """The site as her phone shows it when saving a passkey: the network's name."""
        entity: dict[str, str] = super().get_public_key_credential_rp_entity()
        return {**entity, "name": settings.BROBYGGER_NETWORK_NAME}

    def build_totp_svg(self, url: str) -> str:
        """The QR code as inline SVG markup (paths, no ``style`` attribute): allowed by the
        ``'self'``-only CSP without a ``data:`` image source."""
        svg: str = super().build_totp_svg(url)
        return _XML_PROLOG.sub("", svg)


# (what the User-Agent contains, the device's name); the first match wins: an iPad or an
# Android phone also says "Linux" or "Mac OS X".
_DEVICES = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "Chromebook"),
    ("Macintosh", "Mac"),
    ("Windows", "Windows"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str) -> str:
    """The kind of device a browser runs on, from its User-Agent; "" when unknown."""
    return next((name for marker, name in _DEVICES if marker in user_agent), "")
