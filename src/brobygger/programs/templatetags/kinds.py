"""The initiative kind's own words in templates (``programs/kinds.py``)::

{% load kinds %}{% kind_words cohort as words %}{{ words.mentee }}
{% role_label cohort "mentor" %}  {# "Top leader" in executive shadowing #}
{{ cohort|pair_has:"shadowing" }}  {# the pair page's cards of the cohort's kind #}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.functional import Promise

from brobygger.programs import kinds

register = template.Library()


def _kind(obj: Any) -> str:
    """The kind of a cohort, an initiative, a pair (anything with ``cohort``) or a kind."""
    if isinstance(obj, str):
        return obj
    if hasattr(obj, "cohort"):
        obj = obj.cohort
    if hasattr(obj, "initiative"):
        obj = obj.initiative
    return str(getattr(obj, "kind", ""))


@register.simple_tag
def kind_words(obj: Any) -> kinds.KindWords:
    return kinds.kind_words(_kind(obj))


@register.simple_tag
def role_label(obj: Any, role: str) -> str | Promise:
    return kinds.role_label(_kind(obj), role)


@register.simple_tag
def role_word(obj: Any, role: str) -> str | Promise:
    return kinds.role_word(_kind(obj), role)


@register.filter
def pair_has(obj: Any, section: str) -> bool:
    """Whether the pair page of ``obj``'s kind shows ``section`` (``"meetings"``, …)."""
    return section in kinds.profile(_kind(obj)).pair_sections
