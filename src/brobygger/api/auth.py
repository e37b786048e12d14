"""Personal API tokens in the ``Authorization: Bearer <token>`` header: the API's only way
in (no session, so no CSRF). A refusal is a 401 that says what is wrong.

Rate limits (docs/api.md): a token may make ``BROBYGGER_API_RATE_TOKEN`` requests, a client
address without a token ``BROBYGGER_API_RATE_ANON``; beyond, a 429 with ``Retry-After``.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from brobygger.core.services import client_ip
from brobygger.people.selectors import api_token_by_secret, missing_mfa_duty
from brobygger.people.services import record_api_token_use
from brobygger.people.tokens import is_well_formed

if TYPE_CHECKING:
    from django.http import HttpRequest

    from brobygger.people.models import ApiToken, User

# Programs read these, so they stay in English (docs/api.md).
MISSING = "Authentication required: send the header 'Authorization: Bearer <token>'."
NOT_BEARER = "Malformed Authorization header: expected 'Bearer <token>'."
MALFORMED = "Malformed token: a Brobygger API token starts with 'bro_' and has 47 characters."
UNKNOWN = "Unknown token."
REVOKED = "This token has been revoked."
EXPIRED = "This token expired on {date}."  # the date in UTC, YYYY-MM-DD
INACTIVE = "The token's account is not active."
NEEDS_MFA = (
    "This account must turn on two-factor authentication (on the profile page) "
    "before its tokens can be used."
)
RATE_LIMITED = "Too many requests: try again in {seconds} seconds."


def refuse(message: str) -> AuthenticationError:
    return AuthenticationError(401, message)


class TokenAuth(HttpBearer):
    """Finds the token by its SHA-256 digest; the request's ``auth`` is the token's owner."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            raise refuse(MISSING)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise refuse(NOT_BEARER)
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        if not is_well_formed(token):
            raise refuse(MALFORMED)
        found = api_token_by_secret(token)
        if found is None:
            raise refuse(UNKNOWN)
        if found.revoked_at is not None:
            raise refuse(REVOKED)
        if found.has_expired(timezone.now()):
            raise refuse(EXPIRED.format(date=found.expires_at.astimezone(dt.UTC).date()))
        user: User = found.user
        if not user.is_active:
            raise refuse(INACTIVE)
        if settings.BROBYGGER_COORDINATOR_MFA == "required" and missing_mfa_duty(user):
            raise refuse(NEEDS_MFA)
        record_api_token_use(token=found)
        request.api_token = found  # type: ignore[attr-defined]  # for the rate limit
        return user


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token that authenticated ``request``, if any."""
    return getattr(request, "api_token", None)


_THREADS = threading.Lock()


@contextmanager
def _counting(cache: Any, key: str) -> Iterator[None]:
    """One request at a time counts against ``key``: parallel requests of one token would
    otherwise all read the same list and all pass (148 of 120 with 32 threads). A lock for
    the threads of this process, and one in the shared cache (``add`` is atomic in Redis)
    for the other processes; a lock left by a killed process expires after 2 seconds."""
    lock = f"{key}:lock"
    with _THREADS:
        deadline = time.monotonic() + 2
        while not cache.add(lock, 1, timeout=2) and time.monotonic() < deadline:
            time.sleep(0.005)
        try:
            yield
        finally:
            cache.delete(lock)


class _SettingRateThrottle(SimpleRateThrottle):
    """Django Ninja's cache-based throttle with its rate read from a setting at each request
    (so a deployment or a test can change it) and its per-request state kept per thread
    (Ninja shares one throttle object between the threads of a process). Its ``wait`` is the
    time until the oldest counted request leaves the window, when the next one is allowed."""

    setting: ClassVar[str]

    def __init__(self) -> None:  # the rate is read per request, not once at import
        self._state = threading.local()

    def identity(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        self._state.wait = None
        ident = self.identity(request)
        if ident is None:
            return True
        limit, period = self.parse_rate(getattr(settings, self.setting, None))
        if limit is None or period is None:
            return True  # no rate set: no limit
        key = self.cache_format % {"scope": self.scope, "ident": ident}
        with _counting(self.cache, key):  # read, count and write as one step
            now = time.time()
            recent = [t for t in self.cache.get(key, []) if t > now - period]  # newest first
            if len(recent) >= limit:
                self._state.wait = max(1, math.ceil(recent[limit - 1] + period - now))
                return False
            self.cache.set(key, [now, *recent[: limit - 1]], period)
            return True

    def wait(self) -> float | None:
        wait: float | None = getattr(self._state, "wait", None)
        return wait


class TokenRateThrottle(_SettingRateThrottle):
    """Requests per token, across every endpoint."""

    scope = "api_token"
    setting = "BROBYGGER_API_RATE_TOKEN"

    def identity(self, request: HttpRequest) -> str | None:
        token = token_of(request)
        return token.code.hex if token is not None else None


class AddressRateThrottle(_SettingRateThrottle):
    """Requests without a token (``GET /programmes``) per client address, as the web server
    saw it (``REMOTE_ADDR``, which the reverse proxy sets: docs/deploy.md)."""

    scope = "api_address"
    setting = "BROBYGGER_API_RATE_ANON"

    def identity(self, request: HttpRequest) -> str | None:
        if token_of(request) is not None:
            return None
        return client_ip(request) or "unknown"
