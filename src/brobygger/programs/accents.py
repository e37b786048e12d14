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
