"""Breadcrumbs, rendered by one partial (``components/breadcrumbs.html``).

``{% breadcrumbs label url label url ... here %}`` takes (label, url) pairs and, last, the
current page's label (no url; left out when every crumb is a link).
``{% coordination_breadcrumbs cohort via ... %}`` is the coordinator's trail through a
programme year, the same on each of its pages: Coordination › the programme year (linked to
its status page) › the sub-menu page (``via``, or the current entry) › then as
``{% breadcrumbs %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from brobygger.core.navigation import Crumb, menu_items

register = template.Library()


def _trail(parts: tuple[Any, ...]) -> list[Crumb]:
    """(label, url) pairs, then the current page's label if the count is odd."""
    crumbs = [Crumb(str(parts[i]), str(parts[i + 1])) for i in range(0, len(parts) - 1, 2)]
    if len(parts) % 2:
        crumbs.append(Crumb(str(parts[-1])))
    return crumbs


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    return {"crumbs": _trail(parts)}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def coordination_breadcrumbs(
    context: template.Context, cohort: Any, via: str = "", *parts: Any
) -> dict[str, Any]:
    """Every page of a programme year has the same trail: Coordination › the programme
    year (linked to its status page) › the page of its sub-menu (the entry named ``via``,
    or else the entry marked current) › then ``parts`` as in ``{% breadcrumbs %}``. The
    sub-menu entry is a link unless it is the page itself."""
    request = context.get("request")
    crumbs = [
        Crumb(_("Coordination"), reverse("coordination:overview")),
        Crumb(
            f"{cohort.initiative.display_name} {cohort.title}",
            reverse("coordination:cohort-status", args=[cohort.code]),
        ),
    ]
    # no request where the tag is rendered on its own (a test): the predicates take None
    items = menu_items(request, "programme_year", cohort.code)  # type: ignore[arg-type]
    if via:
        url = reverse(via, args=[cohort.code])
        page = next((item for item in items if item.url == url), None)
    else:
        page = next((item for item in items if item.active), None)
    if page is not None:
        here = not parts and page.url == getattr(request, "path", None)
        crumbs.append(Crumb(page.label, "" if here else page.url))
    return {"crumbs": crumbs + _trail(parts)}


@register.inclusion_tag("components/subnav.html", takes_context=True)
def submenu(context: template.Context, menu: str, label: Any, code: Any = None) -> dict[str, Any]:
    """A sub-menu of the registry (``core.navigation``): ``{% submenu "programme_year" label
    cohort.code %}``."""
    return {"items": menu_items(context["request"], menu, code), "label": label}
