"""The conversation guide: topics for each phase of the year and for gathering themes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PHASE_TOPICS: dict[str, tuple[Promise, list[Promise]]] = {
    "start": (
        pgettext_lazy("year phase", "Getting started"),
        [
            _("Your stories: how did each of you end up where you are?"),
            _("Your goals: what would make this year worth it?"),
            _("How you like to learn, and how you like to be challenged."),
            _("What stays between you, and how you tell each other when something does not work."),
        ],
    ),
    "middle": (
        pgettext_lazy("year phase", "The middle of the year"),
        [
            _("Look at the goals again: rate them, and change what no longer fits."),
            _(
                "Try something together: a tool, a meeting the mentor runs, a post the "
                "mentee writes."
            ),
            _("What has surprised you about the other generation's way of working?"),
            _("A decision the mentee faces now: what would the mentor do, and why?"),
        ],
    ),
    "end": (
        pgettext_lazy("year phase", "Towards the end"),
        [
            _("What has changed since the start? Rate the goals one last time."),
            _("What will each of you keep doing after the programme year?"),
            _("What would you tell next year's pairs?"),
        ],
    ),
}

# Keyed by words that appear in a gathering's theme (in Norwegian or English).
THEME_TOPICS: list[tuple[tuple[str, ...], list[Promise]]] = [
    (
        ("verdi", "value"),
        [
            _("Which of your values did you act on this month, and which did you set aside?"),
            _("A hard decision each of you made: what guided it?"),
        ],
    ),
    (
        ("scenari",),
        [
            _(
                "Pick one trend the mentor follows closely: what could it mean for the mentee's "
                "organisation in five years?"
            ),
            _("Describe a best and a worst case for the mentee's field, and what to do now."),
        ],
    ),
    (
        ("merkevare", "brand"),
        [
            _("How does each of you appear online, and how would you like to appear?"),
            _("Review one of the mentee's profiles together and agree on one change."),
        ],
    ),
]


@dataclass(frozen=True)
class Guide:
    phase_key: str
    phase_title: Promise
    topics: list[Promise]
    theme: str
    theme_topics: list[Promise]


def phase_of(today: dt.date, kickoff: dt.date, closing: dt.date) -> str:
    length = max((closing - kickoff).days, 1)
    progress = (today - kickoff).days / length
    if progress < 1 / 3:
        return "start"
    if progress < 2 / 3:
        return "middle"
    return "end"


def guide_for(today: dt.date, kickoff: dt.date, closing: dt.date, theme: str) -> Guide:
    key = phase_of(today, kickoff, closing)
    title, topics = PHASE_TOPICS[key]
    lowered = theme.lower()
    theme_topics = next((t for words, t in THEME_TOPICS if any(w in lowered for w in words)), [])
    return Guide(key, title, topics, theme, theme_topics)
