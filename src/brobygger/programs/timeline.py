"""A programme year's timeline: its own dates (window, matching, kickoff, closing) and what
apps above ``programs`` add to it (the joint gatherings).

``programs`` sits low in the app order and imports none of those apps: an app that adds
items registers a :class:`TimelineSource` in its ``AppConfig.ready``
(``gatherings.timeline``). The selectors prefetch what each source reads
(:func:`timeline_prefetches`), so a page of cohorts stays at a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from django.db.models import Prefetch

    from brobygger.programs.models import Cohort


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    kind: str = "milestone"
    detail: str = ""
    shared_with: str = ""

    @property
    def is_past(self) -> bool:
        end = self.end or self.start
        today = timezone.localdate()
        day = timezone.localtime(end).date() if isinstance(end, dt.datetime) else end
        return day < today


@dataclass(frozen=True)
class TimelineSource:
    """Items another app adds to a cohort's timeline."""

    name: str
    # What to prefetch on the cohorts a timeline is built for (built when asked, after the
    # apps are loaded).
    prefetch: Callable[[], Prefetch[Any] | str]
    # The items, from what ``prefetch`` loaded.
    items: Callable[[Cohort], Iterable[TimelineItem]]


_sources: dict[str, TimelineSource] = {}


def register_timeline_source(source: TimelineSource) -> None:
    _sources[source.name] = source


def timeline_prefetches() -> list[Prefetch[Any] | str]:
    return [source.prefetch() for _name, source in sorted(_sources.items())]


def cohort_timeline(cohort: Cohort) -> list[TimelineItem]:
    """The programme year in order: window, matching, kickoff, gatherings, closing."""
    items = [
        TimelineItem(
            pgettext("timeline", "Application period"),
            cohort.applications_open_at,
            cohort.applications_close_at,
            kind="window",
        ),
        TimelineItem(_("Matching"), cohort.matching_on),
        TimelineItem(_("Kickoff"), cohort.kickoff_on),
        TimelineItem(_("Closing"), cohort.closing_on),
    ]
    for _name, source in sorted(_sources.items()):
        items.extend(source.items(cohort))

    def sort_key(item: TimelineItem) -> dt.date:
        start = item.start
        return timezone.localtime(start).date() if isinstance(start, dt.datetime) else start

    return sorted(items, key=sort_key)
