"""The overview's "Next step" for a programme year (the overview page lives in the
applications app, which may not import the coordination app; templates may)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from brobygger.coordination.selectors import Step, next_step
from brobygger.programs.models import Cohort

register = template.Library()


@register.simple_tag
def next_step_of(cohort: Cohort) -> Step | None:
    """The first open step; the cohort comes from ``cohorts_for_review`` (counts annotated)."""
    return next_step(cohort, now=timezone.now())
