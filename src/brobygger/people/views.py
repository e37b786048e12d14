from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from brobygger.people.forms import ProfileForm
from brobygger.people.selectors import has_totp
from brobygger.people.services import ensure_person, update_profile
from brobygger.people.services import set_language as save_language


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
    context = {"form": form, "person": person, "totp_active": has_totp(request.user)}  # type: ignore[arg-type]
    return render(request, "people/profile_edit.html", context)


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
