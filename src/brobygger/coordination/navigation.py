"""The main menu's "Coordination" (``core.navigation``): for those who coordinate an
initiative (and network admins)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.selectors.review import coordinates_any
from brobygger.core.navigation import MenuEntry, register
from brobygger.people.roles import has_coordinator_role


def coordinates(request: HttpRequest) -> bool:
    """One query at most, and none for users without the coordinator role (``people.roles``)."""
    user = request.user
    return has_coordinator_role(user) and coordinates_any(user)


register(
    MenuEntry(
        order=60, label=_("Coordination"), url_name="coordination:overview", visible=coordinates
    )
)

# The programme year's sub-menu: its status (first: where the year stands and what comes
# next), its email texts and its set-up; and the companies-and-people sub-menu.
register(
    MenuEntry(
        order=5,
        label=_("Status"),
        url_name="coordination:cohort-status",
        menu="programme_year",
        takes_code=True,
        active=["coordination:cohort-status", "coordination:cohort-move"],
    )
)
register(
    MenuEntry(
        order=95,
        label=pgettext_lazy("programme year menu", "Emails"),
        url_name="coordination:email-texts",
        menu="programme_year",
        takes_code=True,
        active=["coordination:email-text*"],
    )
)
register(
    MenuEntry(
        order=100,
        label=_("Set-up"),
        url_name="coordination:cohort-edit",
        menu="programme_year",
        takes_code=True,
    )
)
register(
    MenuEntry(
        order=10, label=_("Companies"), url_name="coordination:company-list", menu="companies"
    )
)
register(
    MenuEntry(
        order=20,
        label=_("People entered twice"),
        url_name="coordination:person-duplicates",
        menu="companies",
    )
)
