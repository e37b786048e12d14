"""The programme year's sub-menu entry for its gatherings (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register

register(
    MenuEntry(
        order=50,
        label=_("Gatherings"),
        url_name="gatherings:coordinate-list",
        menu="programme_year",
        takes_code=True,
        active=["gatherings:coordinate-*"],
    )
)
