from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from allauth.mfa.base.views import IndexView
from allauth.mfa.webauthn.internal import flows as passkey_flows
from allauth.mfa.webauthn.views import ReauthenticateWebAuthnView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from brobygger.core.services import client_ip
from brobygger.people.forms import ApiTokenForm, PasskeyNameForm, ProfileForm
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.selectors import (
    api_tokens_of,
    get_api_token_for,
    get_passkey_for,
    passkeys_of,
    require_recent_sign_in,
    second_factor_count,
    second_factor_types,
)
from brobygger.people.services import (
    create_api_token,
    ensure_person,
    revoke_api_token,
    update_profile,
)
from brobygger.people.services import set_language as save_language

if TYPE_CHECKING:
    from brobygger.people.models import User


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = ensure_person(user=request.user)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        update_profile(person=person, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("people:profile-edit")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return _render_profile(request, form=form, person=person)


def _render_profile(request: AuthenticatedHttpRequest, **context: Any) -> HttpResponse:
    user = request.user
    context.setdefault("form", ProfileForm(instance=context["person"]))
    context.setdefault("token_form", ApiTokenForm())
    context["second_factors"] = second_factor_types(user)
    context["api_tokens"] = list(api_tokens_of(user))
    return render(request, "people/profile_edit.html", context)


@never_cache
@require_POST
@login_required
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a token and show it this once, in the response to the POST: it is stored
    nowhere, not even in the session, and the page is never cached."""
    user = request.user
    require_recent_sign_in(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, person=ensure_person(user=user), token_form=form)
    token, secret = create_api_token(
        user=user,
        name=form.cleaned_data["name"],
        lifetime_days=form.cleaned_data["lifetime"],
        ip_address=client_ip(request),
    )
    return render(request, "people/api_token_created.html", {"token": token, "secret": secret})


@require_POST
@login_required
def api_token_revoke(request: AuthenticatedHttpRequest, code: UUID) -> HttpResponse:
    user = request.user
    token = get_api_token_for(user, code)
    revoke_api_token(token=token, by=user, ip_address=client_ip(request))
    messages.success(request, _("The API token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("people:profile-edit")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
    ):
        save_language(user=request.user, language=language)
    return response


# -- passkeys: allauth's flows, her passkeys addressed by opaque references ----------------


class TwoFactorView(IndexView):
    """allauth's two-factor overview (``mfa_index``), with her passkeys listed."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["passkeys"] = passkeys_of(cast("User", self.request.user))
        return context


two_factor = never_cache(TwoFactorView.as_view())


@never_cache
@login_required
def passkey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """allauth's passkey list (``mfa_list_webauthn``), with references instead of ids."""
    passkeys = passkeys_of(request.user)
    return render(request, "mfa/webauthn/authenticator_list.html", {"passkeys": passkeys})


@never_cache
@login_required
def passkey_rename(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = request.user
    passkey = get_passkey_for(user, reference)
    raise_if_reauthentication_required(request, app="allauth.mfa")
    form = PasskeyNameForm(request.POST or None, initial={"name": passkey.data.get("name", "")})
    if request.method == "POST" and form.is_valid():
        passkey_flows.rename_authenticator(request, passkey, form.cleaned_data["name"])
        messages.success(request, _("The passkey is now called “%(name)s”.") % form.cleaned_data)
        return redirect("mfa_index")
    context = {"form": form, "name": passkey.data.get("name", ""), "reference": reference}
    return render(request, "mfa/webauthn/edit_form.html", context)


@never_cache
@login_required
def passkey_remove(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Removing her last passkey without an authenticator app turns two-factor off: allauth
    then removes her recovery codes too (the page says so first)."""
    user = request.user
    passkey = get_passkey_for(user, reference)
    raise_if_reauthentication_required(request, app="allauth.mfa")
    if request.method == "POST":
        passkey_flows.remove_authenticator(request, passkey)
        return redirect("mfa_index")
    context = {
        "name": passkey.data.get("name", ""),
        "reference": reference,
        "last_factor": second_factor_count(user) == 1,
    }
    return render(request, "mfa/webauthn/authenticator_confirm_delete.html", context)


class PasskeyConfirmView(ReauthenticateWebAuthnView):
    """allauth's "confirm it is you" with a passkey (``mfa_reauthenticate_webauthn``). When the
    passkey did not answer, allauth sends her to the sign-in page, which takes a signed-in
    person to the home page: here she is back on this page, with the message and her
    ``next`` kept, to try again or choose another way."""

    def form_invalid(self, form: Any) -> HttpResponse:
        super().form_invalid(form)  # adds the messages
        url = reverse("mfa_reauthenticate_webauthn")
        next_url = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            url += "?" + urlencode({"next": next_url})
        return HttpResponseRedirect(url)


passkey_confirm = PasskeyConfirmView.as_view()


def not_found(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """allauth's passkey pages that carry a row's sequential id: not here."""
    raise Http404
