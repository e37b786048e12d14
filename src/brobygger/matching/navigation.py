"""The programme year's sub-menu entry for the matching (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register

register(
    MenuEntry(
        order=70,
        label=_("Matching"),
        url_name="matching:cohort",
        menu="programme_year",
        takes_code=True,
    )
)
