"""The request of a signed-in person: behind ``login_required``, ``request.user`` is a User."""

from __future__ import annotations

from typing import TypeIs

from django.http import HttpRequest

from brobygger.people.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """Annotate a ``login_required`` view's request with this, never ``HttpRequest``."""

    user: User


def is_signed_in(request: HttpRequest) -> TypeIs[AuthenticatedHttpRequest]:
    """For a view open to all that does more for a signed-in person: narrows the request."""
    return bool(request.user.is_authenticated)
