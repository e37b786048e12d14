"""Breadcrumbs, rendered by one partial (``components/breadcrumbs.html``).

``{% breadcrumbs label url label url ... here %}`` takes (label, url) pairs and, last, the
current page's label (no url; left out when every crumb is a link).
``{% coordination_breadcrumbs cohort via ... %}`` is the coordinator's trail through a
programme year: Coordination › the programme year (linked to the page named ``via``; the
current page when ``via`` is empty) › then as ``{% breadcrumbs %}``.
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


@register.inclusion_tag("components/breadcrumbs.html")
def coordination_breadcrumbs(cohort: Any, via: str = "", *parts: Any) -> dict[str, Any]:
    crumbs = [
        Crumb(_("Coordination"), reverse("coordination:overview")),
        Crumb(
            f"{cohort.initiative.display_name} {cohort.title}",
            reverse(via, args=[cohort.code]) if via else "",
        ),
    ]
    return {"crumbs": crumbs + _trail(parts)}


@register.inclusion_tag("components/subnav.html", takes_context=True)
def submenu(context: template.Context, menu: str, label: Any, code: Any = None) -> dict[str, Any]:
    """A sub-menu of the registry (``core.navigation``): ``{% submenu "programme_year" label
    cohort.code %}``."""
    return {"items": menu_items(context["request"], menu, code), "label": label}
