"""Personal API tokens in the ``Authorization: Bearer <token>`` header: the API's only way
in (no session, so no CSRF). A refusal is a 401 that says what is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from brobygger.people.selectors import api_token_by_secret, missing_mfa_duty
from brobygger.people.services import record_api_token_use
from brobygger.people.tokens import is_well_formed

if TYPE_CHECKING:
    from django.http import HttpRequest

    from brobygger.people.models import User

# Programs read these, so they stay in English (docs/api.md).
MISSING = "Authentication required: send the header 'Authorization: Bearer <token>'."
NOT_BEARER = "Malformed Authorization header: expected 'Bearer <token>'."
MALFORMED = "Malformed token: a Brobygger API token starts with 'bro_' and has 47 characters."
UNKNOWN = "Unknown token."
REVOKED = "This token has been revoked."
INACTIVE = "The token's account is not active."
NEEDS_MFA = (
    "This account must turn on two-factor authentication (on the profile page) "
    "before its tokens can be used."
)


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
        user: User = found.user
        if not user.is_active:
            raise refuse(INACTIVE)
        if settings.BROBYGGER_COORDINATOR_MFA == "required" and missing_mfa_duty(user):
            raise refuse(NEEDS_MFA)
        record_api_token_use(token=found)
        return user
