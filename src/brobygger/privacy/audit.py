"""The audit trail of signing in: successful and failed sign-ins, with where they came from.

Failed sign-ins store no password and no address: only a keyed fingerprint of the address
tried, so that attempts on one account can be counted and, after an erasure, redacted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils.crypto import salted_hmac

from brobygger.core.services import client_ip, log_activity


def email_fingerprint(email: str) -> str:
    """A keyed hash of an address: comparable, not reversible without the secret key."""
    return salted_hmac(
        "brobygger.audit.email", email.strip().lower(), algorithm="sha256"
    ).hexdigest()[:32]


def _over_http(request: Any) -> bool:
    """A sign-in through a page, not a programmatic one (``Client.force_login`` passes a
    bare ``HttpRequest`` with no path)."""
    return bool(getattr(request, "path", ""))


def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if _over_http(request):
        log_activity(actor=user, action="auth.sign_in", ip_address=client_ip(request))


def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    attempted = str(credentials.get("email") or credentials.get("username") or "")
    log_activity(
        actor=None,
        action="auth.sign_in_failed",
        data={"email_hash": email_fingerprint(attempted)} if attempted else {},
        ip_address=client_ip(request),
    )


def connect() -> None:
    user_logged_in.connect(record_sign_in, dispatch_uid="brobygger.audit.sign_in")
    user_login_failed.connect(record_failed_sign_in, dispatch_uid="brobygger.audit.sign_in_failed")
