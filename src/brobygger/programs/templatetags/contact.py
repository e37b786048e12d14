"""Who to write to about a programme year, on every page and email that belongs to one.

``{% coordinator_contact cohort %}`` renders the contact block of a page (nothing when
there is no one to write to); ``{% email_contact_line %}`` is the contact line of an
email's signature (``templates/emails/_signature.txt``): it finds the programme year in
the email's context (``cohort``, or the ``pair``, ``application``, ``survey`` or
``proposal`` it belongs to).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from brobygger.programs.models import Cohort
from brobygger.programs.selectors import Contact, public_contact

register = template.Library()

_HOLDERS = ("pair", "application", "survey", "proposal", "meeting")


def _cohort_in(context: template.Context) -> Cohort | None:
    cohort = context.get("cohort")
    if isinstance(cohort, Cohort):
        return cohort
    for key in _HOLDERS:
        holder = context.get(key)
        found = getattr(holder, "cohort", None) if holder is not None else None
        if found is None and key == "meeting" and holder is not None:
            found = getattr(getattr(holder, "pair", None), "cohort", None)
        if isinstance(found, Cohort):
            return found
    gathering = context.get("gathering")
    if gathering is not None and hasattr(gathering, "cohorts"):
        # a gathering shared by several programme years has no one contact: none is shown
        cohorts: list[Cohort] = list(gathering.cohorts.select_related("initiative", "contact")[:2])
        if len(cohorts) == 1:
            return cohorts[0]
    return None


@register.inclusion_tag("components/coordinator_contact.html")
def coordinator_contact(cohort: Cohort | None, heading: bool = True) -> dict[str, Any]:
    contact: Contact | None = public_contact(cohort) if cohort is not None else None
    return {"contact": contact, "heading": heading}


@register.simple_tag(takes_context=True)
def email_contact_line(context: template.Context) -> str:
    """ "Questions? Write to Kari Nordmann, kari@example.org" – or nothing."""
    if context.get("for_coordinator"):
        return ""
    cohort = _cohort_in(context)
    contact = public_contact(cohort) if cohort is not None else None
    if contact is None:
        return ""
    if context.get("sender_email") == contact.email:
        return "\n" + contact.email  # signed with her name already: her address under it
    return "\n" + _("Questions? Write to %(name)s, %(email)s") % {
        "name": contact.name,
        "email": contact.email,
    }


@register.simple_tag
def contact_for(cohort: Cohort | None) -> Contact | None:
    """``{% contact_for cohort as contact %}``: the contact, for a page to lay out itself."""
    return public_contact(cohort) if cohort is not None else None
