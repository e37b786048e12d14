"""``{% materials_for user %}`` (the pair page) and ``{% materials_for user gathering %}``
(a gathering's page): the materials meant for the user, as a list."""

from __future__ import annotations

from typing import Any

from django import template

from brobygger.gatherings.materials import for_cohort, on_gathering, visible_materials

register = template.Library()


@register.inclusion_tag("gatherings/_materials.html")
def materials_for(user: Any, gathering: Any = None, cohort: Any = None) -> dict[str, Any]:
    materials = visible_materials(user)
    if gathering is not None:
        materials = materials.filter(on_gathering(gathering))
    elif cohort is not None:
        materials = materials.filter(for_cohort(cohort))
    return {"materials": list(materials), "on_gathering": gathering is not None}
