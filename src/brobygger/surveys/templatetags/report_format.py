"""Number formats of the report: shares as whole per cent, means with one or two decimals."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def pct(value: float | None) -> str:
    """0.4231 → "42 %" (locale-aware digits); empty for a missing value."""
    if value is None:
        return ""
    return f"{floatformat(100 * value, 0)} %"


@register.filter
def signed(value: float | None, decimals: int = 2) -> str:
    """+0.83 / −0.50 / 0: a change with its sign."""
    if value is None:
        return ""
    text = floatformat(abs(value), decimals)
    if round(value, decimals) == 0:
        return str(floatformat(0, decimals))
    return f"+{text}" if value > 0 else f"−{text}"


@register.filter
def get_item(mapping: dict[str, object] | None, key: str) -> object:
    return (mapping or {}).get(key)
