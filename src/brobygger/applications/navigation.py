"""The main menu's "My applications" (``core.navigation``): for everyone signed in."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register, signed_in

register(
    MenuEntry(order=20, label=_("My applications"), url_name="applications:mine", visible=signed_in)
)
