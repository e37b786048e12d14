"""The main menu's "My profile" (``core.navigation``): for everyone signed in."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register, signed_in

register(
    MenuEntry(order=50, label=_("My profile"), url_name="people:profile-edit", visible=signed_in)
)
