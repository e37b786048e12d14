"""Short dates as people write them: "26. mars", "1. feb." in Norwegian; "26 Mar" in English.

Django's own abbreviations ("mar.", "jun.") are not the ones Norwegians write: the short
months keep their full name (mars, april, mai, juni, juli).
"""

from __future__ import annotations

import datetime as dt

from django import template

from brobygger.core.templatetags.brobygger import SHORT_MONTHS
from brobygger.core.templatetags.brobygger import short_date as _short_date

register = template.Library()

__all__ = ["SHORT_MONTHS", "short_date"]


@register.filter
def short_date(day: dt.date | dt.datetime | None) -> str:
    """The day and month, without the year: "26. mars", "1. feb." / "26 Mar"."""
    return _short_date(day, with_year=False)
