from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from brobygger.core.services import client_ip
from brobygger.people.forms import ApiTokenForm, ProfileForm
from brobygger.people.selectors import api_tokens_of, get_api_token_for, has_totp
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
def profile_edit(request: HttpRequest) -> HttpResponse:
    person = ensure_person(user=request.user)  # type: ignore[arg-type]
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        update_profile(person=person, data=form.cleaned_data, by=request.user)  # type: ignore[arg-type]
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


def _render_profile(request: HttpRequest, **context: Any) -> HttpResponse:
    user = cast("User", request.user)
    context.setdefault("form", ProfileForm(instance=context["person"]))
    context.setdefault("token_form", ApiTokenForm())
    context["totp_active"] = has_totp(user)
    context["api_tokens"] = list(api_tokens_of(user))
    return render(request, "people/profile_edit.html", context)


@never_cache
@require_POST
@login_required
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Create a token and show it this once, in the response to the POST: it is stored
    nowhere, not even in the session, and the page is never cached."""
    user = cast("User", request.user)
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
def api_token_revoke(request: HttpRequest, code: UUID) -> HttpResponse:
    user = cast("User", request.user)
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
