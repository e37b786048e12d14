"""The initiatives' accent colours: a small fixed palette, each readable on white.

Every colour has a contrast of at least 4.5:1 against white (WCAG AA for text), so an
accent may colour a border, a heading or a link. The stylesheet has one class per colour
(``.accent-<code>``, setting ``--accent``); no colour is ever written into a page.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class Accent(models.TextChoices):
    TEAL = "teal", pgettext_lazy("colour", "Teal")
    AMBER = "amber", pgettext_lazy("colour", "Amber")
    VIOLET = "violet", pgettext_lazy("colour", "Violet")
    ROSE = "rose", pgettext_lazy("colour", "Rose")
    FOREST = "forest", pgettext_lazy("colour", "Forest green")
    OCEAN = "ocean", pgettext_lazy("colour", "Ocean blue")


#: accent -> its colour, as written in the stylesheet
ACCENT_COLOURS: dict[str, str] = {
    Accent.TEAL: "#146b71",
    Accent.AMBER: "#8a5a00",
    Accent.VIOLET: "#6b5ca5",
    Accent.ROSE: "#a3324f",
    Accent.FOREST: "#2f6b3a",
    Accent.OCEAN: "#1f5a96",
}


def contrast_with_white(colour: str) -> float:
    """WCAG 2.1 contrast ratio of ``colour`` (``#rrggbb``) against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
