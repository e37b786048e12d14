"""The joint gatherings on a programme year's timeline (``programs.timeline``), registered
in ``GatheringsConfig.ready``: ``programs`` sits below ``gatherings`` and does not import it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from brobygger.gatherings.models import Gathering
from brobygger.programs.status import PUBLIC_STATUSES
from brobygger.programs.timeline import TimelineItem, TimelineSource

if TYPE_CHECKING:
    from brobygger.programs.models import Cohort


def _prefetch() -> Prefetch[Any]:
    return Prefetch(
        "gatherings",
        queryset=Gathering.objects.order_by("starts_at").prefetch_related("cohorts__initiative"),
    )


def _items(cohort: Cohort) -> Iterable[TimelineItem]:
    for gathering in cohort.gatherings.all():
        # a draft year is nobody's business but its coordinators': it is not named here
        others = [
            c for c in gathering.cohorts.all() if c.pk != cohort.pk and c.status in PUBLIC_STATUSES
        ]
        yield TimelineItem(
            gathering.title,
            gathering.starts_at,
            kind="gathering",
            detail="" if gathering.theme in gathering.title else gathering.theme,
            shared_with=", ".join(c.initiative.display_name for c in others),
        )


SOURCE = TimelineSource(name="gatherings", prefetch=_prefetch, items=_items)
