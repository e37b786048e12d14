"""The overview's "Next step" for each programme year (the overview page lives in the
applications app, which may not import the coordination app; templates may)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from brobygger.coordination.selectors import attach_next_steps

register = template.Library()


@register.simple_tag(takes_context=True)
def attach_next_step(context: Any, cohorts: list[Any]) -> str:
    """Give each cohort its first open step as ``next_step`` (one query for them all)."""
    attach_next_steps(context["request"].user, list(cohorts), now=timezone.now())
    return ""
