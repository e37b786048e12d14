"""Writes of initiatives and cohorts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.programs import phases
from brobygger.programs.email_texts import default_text, normalise
from brobygger.programs.models import Cohort, CohortEmailText
from brobygger.programs.selectors import FRONT_PAGE_VERSION
from brobygger.programs.signals import cohort_started
from brobygger.programs.status import CohortStatus, allowed_transitions

if TYPE_CHECKING:
    from brobygger.people.models import User


@transaction.atomic
def change_cohort_status(*, cohort: Cohort, to: str, by: User | None) -> Cohort:
    """Move a cohort along its lifecycle; only the allowed transitions are accepted."""
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    allowed = allowed_transitions(cohort.status)
    if to not in allowed:
        labels = dict(CohortStatus.choices)
        raise ValidationError(
            {
                "status": _(
                    "“%(cohort)s” cannot move from “%(current)s” to “%(target)s”. "
                    "Allowed next: %(allowed)s."
                )
                % {
                    "cohort": cohort,
                    "current": labels[cohort.status],
                    "target": labels.get(to, to),
                    "allowed": ", ".join(str(labels[s]) for s in allowed) or _("none"),
                }
            },
            code="illegal_transition",
        )
    previous = cohort.status
    cohort.status = to
    cohort.full_clean()
    cohort.save(update_fields=["status", "updated_at"])
    log_activity(actor=by, action="cohort.status", target=cohort, data={"from": previous, "to": to})
    return cohort


@transaction.atomic
def save_cohort(*, cohort: Cohort, by: User | None) -> Cohort:
    """Create or update a cohort after validating its dates."""
    created = cohort.pk is None
    cohort.full_clean()
    cohort.save()
    log_activity(actor=by, action="cohort.create" if created else "cohort.update", target=cohort)
    return cohort


@transaction.atomic
def set_rating_phases(*, cohort: Cohort, dates: dict[str, dt.date], by: User | None) -> Cohort:
    """Move the goal rating phases (field name → date).

    A date equal to its default is stored empty, so it keeps following the cohort's dates.
    """
    cohort = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    defaults = cohort.default_rating_dates()
    names = []
    for key in phases.PHASES:
        for field, default in zip(phases.field_names(key), defaults[key], strict=True):
            value = dates.get(field)
            setattr(cohort, field, None if value in (None, default) else value)
            names.append(field)
    cohort.full_clean()
    cohort.save(update_fields=[*names, "updated_at"])
    log_activity(
        actor=by,
        action="cohort.rating_phases",
        target=cohort,
        data={
            p.key: [p.opens_on.isoformat(), p.closes_on.isoformat()] for p in cohort.rating_phases()
        },
    )
    return cohort


@transaction.atomic
def start_due_cohorts(*, today: dt.date) -> list[Cohort]:
    """Move every matched (published) cohort whose kickoff day has come to running.

    Run daily by ``manage.py start_programme_years``; a second run the same day finds
    nothing to do. Side effects: the status change and its activity-log row per cohort,
    and ``signals.cohort_started`` per cohort (the matching app sends the welcome emails,
    after commit).
    """
    due = (
        Cohort.objects.select_for_update()
        .filter(status=CohortStatus.PUBLISHED, kickoff_on__lte=today)
        .order_by("pk")
    )
    started = []
    for cohort in due:
        cohort = change_cohort_status(cohort=cohort, to=CohortStatus.RUNNING, by=None)
        cohort_started.send(sender=Cohort, cohort=cohort)
        started.append(cohort)
    return started


def start_programme_years(*, today: dt.date | None = None) -> int:
    """The scheduled job and ``manage.py start_programme_years``: how many years started."""
    return len(start_due_cohorts(today=today or timezone.localdate()))


# -- a programme year's email texts ----------------------------------------------------------


@transaction.atomic
def save_email_text(
    *, cohort: Cohort, kind: str, texts: dict[str, str], by: User | None
) -> CohortEmailText | None:
    """Save her subject and personal text of ``kind`` (field name such as ``body_nb`` →
    text). A text equal to the default, or empty, is stored empty (it follows the
    default); when all are, the programme year has no text of its own any more (``None``).

    Refused (``ValidationError`` on the field, naming the placeholder; nothing saved) when
    a text has a placeholder this email does not have, or a stray brace. Logged.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    row = CohortEmailText.objects.filter(cohort=cohort, kind=kind).first() or CohortEmailText(
        cohort=cohort, kind=kind
    )
    for field, part, language in CohortEmailText.FIELDS:
        text = normalise(texts.get(field, ""))
        setattr(row, field, "" if text == default_text(kind, part, language) else text)
    row.updated_by = by
    row.full_clean()
    saved: CohortEmailText | None = None
    if row.languages:
        row.save()
        saved = row
    elif row.pk is not None:
        row.delete()
    log_activity(
        actor=by,
        action="cohort.email_text",
        target=cohort,
        data={"kind": kind, "languages": saved.languages if saved else []},
    )
    return saved


@transaction.atomic
def reset_email_text(*, cohort: Cohort, kind: str, by: User | None) -> bool:
    """Back to the default texts of ``kind``: her own texts are removed. Logged when there
    was one; returns whether there was."""
    deleted, _rows = CohortEmailText.objects.filter(cohort=cohort, kind=kind).delete()
    if deleted:
        log_activity(actor=by, action="cohort.email_text_reset", target=cohort, data={"kind": kind})
    return bool(deleted)


def forget_front_page(**_signal: object) -> None:
    """Build the front page's cards again at the next request: what they show was written
    (connected to the writes of initiatives and programme years in ``ProgramsConfig.ready``,
    of gatherings in ``GatheringsConfig.ready``). Forgotten again when the transaction
    commits, so that a request that read the rows before the commit cannot keep them."""
    cache.delete(FRONT_PAGE_VERSION)
    transaction.on_commit(lambda: cache.delete(FRONT_PAGE_VERSION))
