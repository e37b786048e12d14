"""The programme year's sub-menu entry for the matching (``core.navigation``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from brobygger.core.navigation import MenuEntry, register

if TYPE_CHECKING:
    from django.http import HttpRequest

register(
    MenuEntry(
        order=70,
        label=_("Matching"),
        url_name="matching:cohort",
        menu="programme_year",
        takes_code=True,
    )
)


def _takes_nominations(request: HttpRequest) -> bool:
    """The programme year on the page forms its pairs inside one company (shadowing)."""
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("code") if match is not None else None
    if code is None:
        return False
    from brobygger.programs.kinds import CompanyRule
    from brobygger.programs.models import Cohort

    cohort = Cohort.objects.select_related("initiative").filter(code=code).first()
    return cohort is not None and cohort.effective_company_rule() == CompanyRule.SAME


register(
    MenuEntry(
        order=35,
        label=_("Nominations"),
        url_name="matching:nominations",
        menu="programme_year",
        takes_code=True,
        visible=_takes_nominations,
    )
)
