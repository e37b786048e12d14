from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from brobygger.people.models import CompanyContact


def roles(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the header, each one query at most and only when a template asks."""
    user = getattr(request, "user", None)

    def is_contact() -> bool:
        if user is None or not user.is_authenticated:
            return False
        return CompanyContact.objects.filter(person__user=user).exists()

    return {"is_company_contact": SimpleLazyObject(is_contact)}
