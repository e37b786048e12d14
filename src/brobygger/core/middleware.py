from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class PreferredLanguageMiddleware:
    """Use a signed-in person's preferred language when the browser has made no choice yet.

    The language switch sets Django's language cookie (and saves the preference);
    this carries the saved preference to a new device after sign-in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        preferred = None
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            preferred = getattr(user, "language", "") or None
            if preferred:
                translation.activate(preferred)
                request.LANGUAGE_CODE = preferred
        response = self.get_response(request)
        if preferred and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                preferred,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


class RefuseNulBytesMiddleware:
    """A NUL character has no place in an address or a form, and PostgreSQL refuses it in
    any query ("A string literal cannot contain NUL"): such a request gets a 400 page that
    says so, before any view can pass it on to the database (not a 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            from django.shortcuts import render

            return render(request, "400.html", status=400)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    for query in (request.GET, request.POST if request.method == "POST" else None):
        if query is None:
            continue
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in str(value) for value in values):
                return True
    return False


class RequestSizeLimitMiddleware:
    """A request larger than ``BROBYGGER_MAX_REQUEST_BYTES`` (its Content-Length) is refused
    with 413 before its body is read: nobody can make a worker read 100 MB to sign in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.BROBYGGER_MAX_REQUEST_BYTES:
            from django.utils.translation import gettext

            return HttpResponse(
                gettext("The request is too large."),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """Every page served to a signed-in person, and every download, is ``no-store``: no
    shared or browser cache keeps personal data (the back button on a shared computer after
    signing out shows nothing). Also the ``Permissions-Policy`` header on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.headers.get("Content-Disposition", "").startswith("attachment")
        if signed_in or download:
            response.headers["Cache-Control"] = "no-store, private"
        return response
