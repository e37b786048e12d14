"""The header's "Coordination" link: shown to users who coordinate an initiative."""

from __future__ import annotations

from typing import Any

from django import template

from brobygger.applications.selectors.review import coordinates_any

register = template.Library()


@register.simple_tag
def user_coordinates(user: Any) -> bool:
    """One query at most, and none for users who are not staff (coordinators are staff)."""
    if not getattr(user, "is_staff", False):
        return False
    return coordinates_any(user)
