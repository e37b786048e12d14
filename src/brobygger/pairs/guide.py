"""The conversation guide a pair sees: the prompts for the phase of the year they are in,
and for the theme of their programme year's last gathering. The text is the programme
year's own where a coordinator edited it, else the default (``gatherings.guides``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language

from brobygger.gatherings.guides import prompts_for
from brobygger.gatherings.models import GuidePhase
from brobygger.programs.models import Cohort


@dataclass(frozen=True)
class Guide:
    phase_key: str
    phase_title: str
    topics: list[str]
    theme: str
    theme_topics: list[str]


def phase_of(today: dt.date, kickoff: dt.date, closing: dt.date) -> str:
    length = max((closing - kickoff).days, 1)
    progress = (today - kickoff).days / length
    if progress < 1 / 3:
        return GuidePhase.START
    if progress < 2 / 3:
        return GuidePhase.MIDDLE
    return GuidePhase.END


def guide_for(today: dt.date, cohort: Cohort, theme: str) -> Guide:
    """The guide of ``cohort`` on ``today``, in the active language."""
    language = "en" if (get_language() or "").startswith("en") else "nb"
    key = phase_of(today, cohort.kickoff_on, cohort.closing_on)
    topics = prompts_for(cohort, phase=key, language=language)
    theme_topics = prompts_for(cohort, theme=theme, language=language) if theme else []
    return Guide(str(key), str(GuidePhase(key).label), topics, theme, theme_topics)
