"""Small template helpers shared by every app."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brobygger.core import wording

register = template.Library()


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
    return _("%(date)s at %(time)s") % {"date": date_format(local, "DATE_FORMAT"), "time": time}


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
