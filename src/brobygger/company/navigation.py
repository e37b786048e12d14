"""The main menu's "Nominations" and "Our participants" (``core.navigation``): for a
company contact. Both entries share one predicate, so the page asks once."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register
from brobygger.people.selectors import is_company_contact


def company_contact(request: HttpRequest) -> bool:
    return is_company_contact(request.user)


register(
    MenuEntry(
        order=70, label=_("Nominations"), url_name="company:nominations", visible=company_contact
    )
)
register(
    MenuEntry(
        order=80,
        label=_("Our participants"),
        url_name="company:participants",
        visible=company_contact,
    )
)
