"""Core's one page: the health endpoint for the proxy or a monitor."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from brobygger.core.health import check, healthy


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 and ``{"status": "ok", "checks": {...}}``, or 503 with what failed. No personal
    data, no sign-in: a load balancer or an uptime monitor polls it."""
    checks = check()
    ok = healthy(checks)
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )
