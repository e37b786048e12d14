"""``{% materials_for user gathering %}`` (a gathering's page): the materials meant for the
user there, as a list. (The pair page reads its own: ``pairs.selectors.pair_space``.)"""

from __future__ import annotations

from typing import Any

from django import template

from brobygger.gatherings.materials import on_gathering, visible_materials

register = template.Library()


@register.inclusion_tag("gatherings/_materials.html")
def materials_for(user: Any, gathering: Any) -> dict[str, Any]:
    materials = visible_materials(user).filter(on_gathering(gathering))
    return {"materials": list(materials), "on_gathering": True}
