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
    #: the pairs are published; the programme year starts on the kickoff date
    PUBLISHED = "published", pgettext_lazy("cohort status", "Matched")
    RUNNING = "running", pgettext_lazy("cohort status", "Running")
    CLOSED = "closed", pgettext_lazy("cohort status", "Closed")
    ARCHIVED = "archived", pgettext_lazy("cohort status", "Archived")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    CohortStatus.DRAFT: (CohortStatus.OPEN,),
    CohortStatus.OPEN: (CohortStatus.REVIEW, CohortStatus.DRAFT),
    CohortStatus.REVIEW: (CohortStatus.MATCHING, CohortStatus.OPEN),
    CohortStatus.MATCHING: (CohortStatus.PUBLISHED, CohortStatus.REVIEW),
    CohortStatus.PUBLISHED: (CohortStatus.RUNNING,),
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
    CohortStatus.PUBLISHED: _("Mark as matched"),
    CohortStatus.RUNNING: _("Start the programme year"),
    CohortStatus.CLOSED: _("Close the programme year"),
    CohortStatus.ARCHIVED: _("Archive"),
}

#: the matching can change (run, lock, forbid, send) only in these statuses
MATCHING_STATUSES = (CohortStatus.REVIEW, CohortStatus.MATCHING)
#: before the pairs are published (the matching settings can still change)
UNPUBLISHED_STATUSES = (
    CohortStatus.DRAFT,
    CohortStatus.OPEN,
    CohortStatus.REVIEW,
    CohortStatus.MATCHING,
)

PUBLIC_STATUSES = tuple(s for s in CohortStatus.values if s != CohortStatus.DRAFT)


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())
