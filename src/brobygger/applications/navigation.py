"""The main menu's "My applications" (``core.navigation``): for everyone signed in; the
programme year's sub-menu entries for applications, the form and the import."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.navigation import MenuEntry, register, signed_in

register(
    MenuEntry(order=20, label=_("My applications"), url_name="applications:mine", visible=signed_in)
)

# The programme year's sub-menu (coordinators' pages of one programme year).
for order, label, url_name in (
    (10, _("Applications"), "applications:review-list"),
    (20, pgettext_lazy("programme year menu", "Form"), "applications:form-overview"),
    (30, _("Import"), "applications:import-upload"),
):
    register(
        MenuEntry(
            order=order, label=label, url_name=url_name, menu="programme_year", takes_code=True
        )
    )
