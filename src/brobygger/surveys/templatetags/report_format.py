"""Number formats of the report: shares as whole per cent, means with one or two decimals."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import pgettext

from brobygger.surveys.reports.disclosure import Hidden

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


@register.filter
def figure(value: object) -> str:
    """A count as the report shows it: the number, "hidden" (a company's small group) or
    "–" (not available yet)."""
    if isinstance(value, Hidden):
        return format_html('<span class="muted">{}</span>', pgettext("figure", "hidden"))
    if value is None:
        return format_html('<span class="muted">{}</span>', "–")
    return str(value)


@register.filter
def is_hidden(value: object) -> bool:
    return isinstance(value, Hidden)
