"""The header's "My pair" and "Gatherings" links, for people in a pair."""

from __future__ import annotations

from typing import Any

from django import template

from brobygger.pairs.selectors.pairs import is_in_a_pair

register = template.Library()


@register.simple_tag
def in_a_pair(user: Any) -> bool:
    """One query for participants; none for staff, who reach pairs through coordination
    (and whose pages keep their query counts)."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_staff", False):
        return False
    return is_in_a_pair(user)
