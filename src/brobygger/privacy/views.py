"""Your data: export, consents and account deletion (thin views over privacy services)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.services import client_ip
from brobygger.people.http import AuthenticatedHttpRequest
from brobygger.people.selectors import require_recent_sign_in
from brobygger.people.services import ensure_person
from brobygger.privacy.forms import DeleteAccountForm
from brobygger.privacy.models import Consent
from brobygger.privacy.selectors import (
    active_consents_for,
    consents_of,
    export_requests_of,
    get_export_for,
)
from brobygger.privacy.services import (
    WITHDRAWABLE,
    download_export,
    erase_person,
    request_export,
    withdraw_consent,
)


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = ensure_person(user=request.user)
    return render(
        request,
        "privacy/privacy_overview.html",
        {
            "consents": consents_of(person),
            "withdrawable": [str(p) for p in WITHDRAWABLE],
            "exports": export_requests_of(person),
        },
    )


@login_required
@require_POST
def export_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = ensure_person(user=request.user)
    request_export(person=person, by=request.user, ip_address=client_ip(request))
    messages.success(
        request,
        _("We are preparing your data. We will email you a download link when it is ready."),
    )
    return redirect("privacy:overview")


@login_required
def export_download(request: AuthenticatedHttpRequest, code: UUID, token: str) -> HttpResponse:
    export = get_export_for(request.user, code, token)
    content = download_export(request=export, by=request.user, ip_address=client_ip(request))
    if content is None:  # a second click while the first was being served
        raise Http404(_("This download link has expired or has already been used."))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="brobygger-data.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, purpose: str) -> HttpResponse:
    if purpose not in Consent.Purpose.values:
        raise Http404
    person = ensure_person(user=request.user)
    try:
        for consent in active_consents_for(person, purpose):
            withdraw_consent(consent=consent, by=request.user, ip_address=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent has been withdrawn."))
    return redirect("privacy:overview")


@login_required
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_recent_sign_in(request)
    person = ensure_person(user=request.user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_person(person=person, by=request.user, ip_address=client_ip(request))
        logout(request)
        messages.success(request, _("Your account has been deleted and your personal data erased."))
        return redirect("programs:home")
    return render(request, "privacy/account_delete.html", {"form": form})
