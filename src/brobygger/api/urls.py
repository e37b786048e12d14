"""The API under ``/api/v1/`` (included lazily by ``config/urls.py``: it is imported on the
first API request, not by every web worker's first page).

Every answer of the API is JSON, errors too (docs/api.md). Django Ninja answers a method an
endpoint does not take (``POST``, ``TRACE``, …) itself, with a plain-text 405; here that
answer becomes the API's JSON error, with the same status and ``Allow`` header.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver

from brobygger.api.api import api

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest
    from django.http.response import HttpResponseBase


def json_method_not_allowed(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    @wraps(view)  # keeps Django Ninja's csrf_exempt: the API takes no session, so no CSRF
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = response["Allow"]
        refusal = JsonResponse(
            {"detail": f"Method not allowed: this endpoint answers {allowed} only."},
            status=405,
        )
        refusal["Allow"] = allowed
        return refusal

    return wrapper


def _with_json_refusals(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    return [
        URLPattern(p.pattern, json_method_not_allowed(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]


_patterns, _app_name, _namespace = api.urls
assert (_app_name, _namespace) == ("ninja", "api")  # as config/urls.py includes it
urlpatterns = _with_json_refusals(_patterns)
