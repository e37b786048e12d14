"""Small template helpers shared by every app."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from brobygger.core import wording

register = template.Library()

# Norwegian writes abbreviated months in lower case ("16. des. 2026").
_SHORT = {"nb": ("j. b", "j. b Y"), "en": ("j M", "j M Y")}


@register.filter
def short_date(value: dt.date | dt.datetime | None, with_year: bool = True) -> str:
    """A compact, locale-appropriate date for timelines and lists."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    day_month, full = _SHORT.get((get_language() or "nb")[:2], _SHORT["en"])
    return date_format(value, full if with_year else day_month)


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
