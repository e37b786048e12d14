"""The private pulse: two questions to each member of an active pair, one and three months
after the pair's year started (``rules.PULSE_MONTHS``).

The answers are hers alone: never shown to her partner, her company, or in the report. An
answer at or below ``rules.PULSE_CALL_AT`` on either question shows her coordinator a
flag, "call her", with her name and not the answers (``selectors.health``). There is no
free text: what she wants to say, she says to the coordinator who calls (docs/privacy.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.models import CodedModel
from brobygger.pairs.models.pair import Pair
from brobygger.people.models import Person

PULSE_SCALE = (1, 5)


class PulsePoint(models.IntegerChoices):
    """Months after the pair's year started."""

    ONE_MONTH = 1, _("After one month")
    THREE_MONTHS = 3, _("After three months")


class PulseAnswer(CodedModel):
    """One person's answer to one pulse (at most one per pair, person and point)."""

    pair = models.ForeignKey(
        Pair,
        verbose_name=pgettext_lazy("mentoring", "pair"),
        on_delete=models.CASCADE,
        related_name="pulse_answers",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    point = models.PositiveSmallIntegerField(_("pulse"), choices=PulsePoint.choices)
    useful = models.PositiveSmallIntegerField(
        _("Is this useful for you?"),
        validators=[MinValueValidator(PULSE_SCALE[0]), MaxValueValidator(PULSE_SCALE[1])],
    )
    safe = models.PositiveSmallIntegerField(
        _("Do you feel safe to speak up?"),
        validators=[MinValueValidator(PULSE_SCALE[0]), MaxValueValidator(PULSE_SCALE[1])],
    )
    # The coordinator has called her: the flag goes down (the answers stay hers).
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)

    class Meta:
        verbose_name = _("pulse answer")
        verbose_name_plural = _("pulse answers")
        ordering = ["pair", "point", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "person", "point"], name="pulse_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.point}"  # never the answers
