"""The audit trail of signing in: successful and failed sign-ins, with where they came from,
and two-factor authentication turned on, off, its recovery codes replaced or used, and wrong
codes; passkeys added, removed and signed in with.

Failed sign-ins store no password, no code and no address: only a keyed fingerprint of the
address tried, so that attempts on one account can be counted and, after an erasure, redacted.
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


def record_rejected_code(
    sender: Any, request: Any, user: Any, last_attempt: bool = False, **kwargs: Any
) -> None:
    """A wrong one-time sign-in code is a failed sign-in too."""
    log_activity(
        actor=None,
        action="auth.sign_in_failed",
        target=user,
        data={"method": "code", "last_attempt": bool(last_attempt)},
        ip_address=client_ip(request),
    )


def record_coordinator_change(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """Who coordinates which initiative is a role: record additions and removals."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    log_activity(
        actor=None,
        action="role.coordinators_" + ("add" if action == "post_add" else "remove"),
        target=instance,
        data={"users": sorted(pk_set)},
    )


# (signal, authenticator type) → action. allauth adds recovery codes with the first
# authenticator app or passkey and removes them with the last one.
MFA_ACTIONS = {
    ("added", "totp"): "auth.mfa_activated",
    ("added", "recovery_codes"): "auth.mfa_recovery_codes_generated",
    ("reset", "recovery_codes"): "auth.mfa_recovery_codes_regenerated",
    ("removed", "totp"): "auth.mfa_deactivated",
    ("removed", "recovery_codes"): "auth.mfa_recovery_codes_removed",
    ("used", "recovery_codes"): "auth.mfa_recovery_code_used",
    ("added", "webauthn"): "auth.passkey_added",
    ("removed", "webauthn"): "auth.passkey_removed",
    ("sign_in", "webauthn"): "auth.passkey_sign_in",  # alone, without password or code
}


def _record_mfa(event: str, request: Any, user: Any, authenticator: Any) -> None:
    action = MFA_ACTIONS.get((event, str(authenticator.type)))
    if action:
        log_activity(actor=user, action=action, ip_address=client_ip(request))


def record_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    _record_mfa("added", request, user, authenticator)


def record_mfa_reset(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    _record_mfa("reset", request, user, authenticator)


def record_mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any) -> None:
    _record_mfa("removed", request, user, authenticator)


def record_mfa_used(
    sender: Any, request: Any, user: Any, authenticator: Any, passwordless: bool = False, **kw: Any
) -> None:
    _record_mfa("sign_in" if passwordless else "used", request, user, authenticator)


def record_mfa_failed(
    sender: Any,
    request: Any,
    user: Any,
    authenticator: Any,
    reauthentication: bool = False,
    **kwargs: Any,
) -> None:
    """A wrong two-factor code: at sign-in (nobody is signed in yet) or when a signed-in
    person confirms her identity again. The code itself is not kept."""
    log_activity(
        actor=user if reauthentication else None,
        action="auth.mfa_failed",
        target=None if reauthentication else user,
        data={"reauthentication": bool(reauthentication)},
        ip_address=client_ip(request),
    )


def connect() -> None:
    from allauth.account.signals import login_code_rejected
    from allauth.mfa import signals as mfa
    from django.db.models.signals import m2m_changed

    from brobygger.programs.models import Initiative

    user_logged_in.connect(record_sign_in, dispatch_uid="brobygger.audit.sign_in")
    user_login_failed.connect(record_failed_sign_in, dispatch_uid="brobygger.audit.sign_in_failed")
    login_code_rejected.connect(record_rejected_code, dispatch_uid="brobygger.audit.code_rejected")
    mfa.authenticator_added.connect(record_mfa_added, dispatch_uid="brobygger.audit.mfa_added")
    mfa.authenticator_reset.connect(record_mfa_reset, dispatch_uid="brobygger.audit.mfa_reset")
    mfa.authenticator_removed.connect(
        record_mfa_removed, dispatch_uid="brobygger.audit.mfa_removed"
    )
    mfa.authenticator_used.connect(record_mfa_used, dispatch_uid="brobygger.audit.mfa_used")
    mfa.authentication_failed.connect(record_mfa_failed, dispatch_uid="brobygger.audit.mfa_failed")
    m2m_changed.connect(
        record_coordinator_change,
        sender=Initiative.coordinators.through,
        dispatch_uid="brobygger.audit.coordinators",
    )
