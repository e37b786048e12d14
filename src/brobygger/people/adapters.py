"""django-allauth glue: emails go out through the task queue, after commit; two-factor
secrets are encrypted at rest and the QR code renders under the strict CSP."""

from __future__ import annotations

import base64
import re
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from brobygger.core.services import send_email_on_commit


class AccountAdapter(DefaultAccountAdapter):
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

    def build_totp_svg(self, url: str) -> str:
        """The QR code as inline SVG markup (paths, no ``style`` attribute): allowed by the
        ``'self'``-only CSP without a ``data:`` image source."""
        svg: str = super().build_totp_svg(url)
        return _XML_PROLOG.sub("", svg)
