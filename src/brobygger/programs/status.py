"""The cohort's lifecycle and its allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CohortStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("cohort status", "Draft")
    OPEN = "open", pgettext_lazy("cohort status", "Open for applications")
    REVIEW = "review", pgettext_lazy("cohort status", "Reviewing applications")
    MATCHING = "matching", pgettext_lazy("cohort status", "Matching")
    RUNNING = "running", pgettext_lazy("cohort status", "Running")
    CLOSED = "closed", pgettext_lazy("cohort status", "Closed")
    ARCHIVED = "archived", pgettext_lazy("cohort status", "Archived")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    CohortStatus.DRAFT: (CohortStatus.OPEN,),
    CohortStatus.OPEN: (CohortStatus.REVIEW, CohortStatus.DRAFT),
    CohortStatus.REVIEW: (CohortStatus.MATCHING, CohortStatus.OPEN),
    CohortStatus.MATCHING: (CohortStatus.RUNNING, CohortStatus.REVIEW),
    CohortStatus.RUNNING: (CohortStatus.CLOSED,),
    CohortStatus.CLOSED: (CohortStatus.ARCHIVED,),
    CohortStatus.ARCHIVED: (),
}

# Verbs for buttons and admin actions, keyed by target status.
TRANSITION_VERBS: dict[str, Promise] = {
    CohortStatus.DRAFT: _("Back to draft"),
    CohortStatus.OPEN: _("Open for applications"),
    CohortStatus.REVIEW: _("Close applications and review"),
    CohortStatus.MATCHING: _("Start matching"),
    CohortStatus.RUNNING: _("Start the programme year"),
    CohortStatus.CLOSED: _("Close the programme year"),
    CohortStatus.ARCHIVED: _("Archive"),
}

PUBLIC_STATUSES = tuple(s for s in CohortStatus.values if s != CohortStatus.DRAFT)


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())
