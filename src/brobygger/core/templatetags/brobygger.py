"""Small template helpers shared by every app."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from brobygger.core import wording

register = template.Library()

# Months as people abbreviate them: "jan.", "nov.", but "mars", "april", "mai", "juni", "juli"
# whole in Norwegian (Django's own "M" gives "Nov", "Des"); "Jan", "Nov" in English.
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
def short_date(value: dt.date | dt.datetime | None, with_year: bool = True) -> str:
    """A compact date for timelines and lists: "16. nov. 2026", "3. juni" / "16 Nov 2026"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    parts = {"day": value.day, "month": SHORT_MONTHS[value.month - 1], "year": value.year}
    if with_year:
        return _("%(day)d %(month)s %(year)d") % parts
    return _("%(day)d %(month)s") % parts


_LONG = {"nb": ("j. F Y", "j. F Y H:i"), "en": ("j F Y", "j F Y, H:i")}


@register.filter
def long_date(value: dt.date | dt.datetime | None, with_time: bool = False) -> str:
    """A written-out, locale-appropriate date ("22. desember 2026" / "22 December 2026")."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    date_only, date_time = _LONG.get((get_language() or "nb")[:2], _LONG["en"])
    return date_format(value, date_time if with_time else date_only)


@register.filter
def day_and_time(value: dt.datetime | None) -> str:
    """When something happens, near at hand: "today at 08:00", "tomorrow at 08:00", or
    the date and the time. Nothing known (``None``): "at the next scheduled run"."""
    if value is None:
        return _("at the next scheduled run")
    local = timezone.localtime(value)
    time = date_format(local, "H:i")
    days = (local.date() - timezone.localdate()).days
    if days == 0:
        return _("today at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    return _("%(date)s at %(time)s") % {"date": long_date(local), "time": time}


@register.simple_tag
def trusted_browser_days() -> int:
    """For how many days a browser trusted after a two-factor code skips the code."""
    age: dt.timedelta = settings.MFA_TRUST_COOKIE_AGE
    return age.days


@register.filter
def mid_sentence(value: object) -> str:
    """A name that starts a line ("Mentee (senioren)") as it stands inside a sentence
    ("bare mentee (senioren) får …"); see ``core.wording``."""
    return wording.mid_sentence(value)
