"""The programme year's sub-menu entries for its surveys and its report (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register

for order, label, url_name, active in (
    (80, _("Surveys"), "surveys:survey-list", ["surveys:survey-*", "surveys:question-*"]),
    (90, _("Report"), "surveys:report", ["surveys:report*"]),
):
    register(
        MenuEntry(
            order=order,
            label=label,
            url_name=url_name,
            menu="programme_year",
            takes_code=True,
            active=active,
        )
    )
