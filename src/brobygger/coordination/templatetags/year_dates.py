"""Short dates as people write them: "26. mars", "1. feb." in Norwegian; "26 Mar" in English.

Django's own abbreviations ("mar.", "jun.") are not the ones Norwegians write: the short
months keep their full name (mars, april, mai, juni, juli).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

register = template.Library()

SHORT_MONTHS = (
    pgettext_lazy("short month", "Jan"),
    pgettext_lazy("short month", "Feb"),
    pgettext_lazy("short month", "Mar"),
    pgettext_lazy("short month", "Apr"),
    pgettext_lazy("short month", "May"),
    pgettext_lazy("short month", "Jun"),
    pgettext_lazy("short month", "Jul"),
    pgettext_lazy("short month", "Aug"),
    pgettext_lazy("short month", "Sep"),
    pgettext_lazy("short month", "Oct"),
    pgettext_lazy("short month", "Nov"),
    pgettext_lazy("short month", "Dec"),
)


@register.filter
def short_date(day: dt.date | dt.datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return _("%(day)d %(month)s") % {"day": day.day, "month": SHORT_MONTHS[day.month - 1]}
