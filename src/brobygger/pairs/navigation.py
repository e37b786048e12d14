"""The main menu's "My pair" and "Gatherings" (``core.navigation``): for people in a pair.

Both entries share one predicate, so the page asks once. Coordinators and network admins are
never shown them: they reach pairs and gatherings through coordination (and their pages keep
their query counts).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.navigation import MenuEntry, register
from brobygger.pairs.selectors.pairs import is_in_a_pair
from brobygger.people.roles import has_coordinator_role


def in_a_pair(request: HttpRequest) -> bool:
    """One query for participants; none for coordinators, admins or anonymous visitors."""
    user = request.user
    if not user.is_authenticated or has_coordinator_role(user):
        return False
    return is_in_a_pair(user)


register(
    MenuEntry(
        order=30, label=_("My pair"), url_name="pairs:mine", visible=in_a_pair, active=["pairs:*"]
    )
)
register(
    MenuEntry(
        order=40,
        label=_("Gatherings"),
        url_name="gatherings:mine",
        visible=in_a_pair,
        active=["gatherings:*"],
    )
)
# The programme year's sub-menu: the pairs' follow-up and the coordinator's messages.
register(
    MenuEntry(
        order=40,
        label=pgettext_lazy("menu", "Health"),
        url_name="pairs:health",
        menu="programme_year",
        takes_code=True,
        active=["pairs:health", "pairs:pair-end", "pairs:pair-message"],
    )
)
register(
    MenuEntry(
        order=60,
        label=_("Messages"),
        url_name="pairs:messages",
        menu="programme_year",
        takes_code=True,
    )
)
