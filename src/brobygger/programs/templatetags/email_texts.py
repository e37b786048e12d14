"""``{% personal_text "accepted" "body" %}``: the editable part of a main email.

The email templates of the kinds in ``programs.email_texts`` render their subject and their
personal text with this tag, in the reader's language (``core.emails.render_email`` has
activated it): the programme year's own text (``CohortEmailText``), else the default, with
the placeholders filled from the email's context (``name``, ``cohort``, ``role``,
``partner_name``, ``gathering``). A preview of unsaved texts puts them in the context as
``email_text_draft`` (field name → text). Use the tag inside ``{% autoescape off %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from brobygger.programs.email_texts import fill
from brobygger.programs.selectors import email_text, placeholder_values

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_text(context: template.Context, kind: str, part: str) -> str:
    cohort = context["cohort"]
    language = get_language() or settings.LANGUAGE_CODE
    text = email_text(cohort, kind, language, draft=context.get("email_text_draft"))[part]
    gathering = context.get("gathering")
    values = placeholder_values(
        cohort,
        first_name=context.get("name", ""),
        role=context.get("role", ""),
        partner_name=context.get("partner_name", ""),
        gathering=getattr(gathering, "title", ""),
        gathering_time=_written_out(gathering.starts_at) if gathering else "",
    )
    result: Any = fill(text, values)
    return str(result)


def _written_out(moment: Any) -> str:
    """ "4. februar 2027 kl. 17:00": an email is read later, so never "tomorrow"."""
    local = timezone.localtime(moment)
    return _("%(date)s at %(time)s") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": date_format(local, "H:i"),
    }
