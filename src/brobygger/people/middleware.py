"""Two-factor authentication for the people who see others' personal data.

With ``BROBYGGER_COORDINATOR_MFA = "required"``, a signed-in coordinator (she coordinates an
initiative) or administrator (staff or superuser) with neither an authenticator app nor a
passkey is sent to set one up from every page but the few she needs to do so
(``ALLOWED_VIEWS``; the app's setup page offers a passkey instead). Anonymous requests cost no
query; signed-in ones one, cached on the request.

Two-factor pages (a new secret, recovery codes) are never stored by a browser or proxy cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from brobygger.people.selectors import missing_mfa_duty

SETUP_VIEW = "mfa_activate_totp"

# Pages a person without the required second factor may still open: setting it up (all of
# allauth's two-factor pages, passkeys included, and confirming her password or an emailed
# code first), signing
# out, switching language, verifying her email address (allauth requires a verified address
# before two-factor can be turned on) and reading what we hold about her.
ALLOWED_VIEWS = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "people:set-language",
        "privacy:overview",
        "admin:logout",
    }
)
ALLOWED_PREFIX = "mfa_"


def mfa_duty(request: HttpRequest) -> str | None:
    """Why the signed-in user must still set up two-factor authentication, or None."""
    if not hasattr(request, "_brobygger_mfa_duty"):
        user = request.user
        duty = missing_mfa_duty(user) if user.is_authenticated else None
        request._brobygger_mfa_duty = duty  # type: ignore[attr-defined]
    return request._brobygger_mfa_duty  # type: ignore[attr-defined, no-any-return]


def _reason(duty: str) -> str:
    if duty == "coordinator":
        return _(
            "You coordinate an initiative and can see participants' personal data, "
            "so two-factor authentication is required."
        )
    return _(
        "You can use the administration and see other people's personal data, "
        "so two-factor authentication is required."
    )


class CoordinatorMfaMiddleware:
    """Place after authentication, messages and allauth's middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match and match.view_name.startswith(ALLOWED_PREFIX):
            add_never_cache_headers(response)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if settings.BROBYGGER_COORDINATOR_MFA != "required":
            return None
        if not request.user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if view_name in ALLOWED_VIEWS or view_name.startswith(ALLOWED_PREFIX):
            return None
        duty = mfa_duty(request)
        if duty is None:
            return None
        messages.warning(request, _reason(duty), fail_silently=True)
        url = reverse(SETUP_VIEW)
        if request.headers.get("HX-Request"):
            # An HTMX request would swap the setup page into a fragment: load it whole.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
