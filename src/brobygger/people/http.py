"""The request of a signed-in person: behind ``login_required``, ``request.user`` is a User."""

from __future__ import annotations

from typing import TypeIs

from django.http import Http404, HttpRequest

from brobygger.people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Annotate a ``login_required`` view's request with this, never ``HttpRequest``."""

    user: User


def is_signed_in(request: HttpRequest) -> TypeIs[AuthenticatedHttpRequest]:
    """For a view open to all that does more for a signed-in person: narrows the request."""
    return bool(request.user.is_authenticated)


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` where only a signed-in person gets this far, typed as the User she
    is: an admin action (the admin site admits active network admins only), or a page open
    to all whose selector has already answered 404 to anyone but a coordinator. Should an
    anonymous visitor ever get here: 404, as the selector would have answered."""
    if not is_signed_in(request):
        raise Http404
    return request.user
