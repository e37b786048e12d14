"""The main menu's "Programmes" (``core.navigation``): everyone sees it."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register

register(MenuEntry(order=10, label=_("Programmes"), url_name="programs:home"))
