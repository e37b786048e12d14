"""Executive shadowing's own shape: the days the talent follows the leader, the talent's
goal and the leader's reflection at the end. Visible to the pair only; the talent's
reflection on a day is hers alone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import CodedModel, TimeStampedModel
from brobygger.pairs.models.pair import Pair


class ShadowingDay(CodedModel):
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="shadowing_days"
    )
    date = models.DateField(_("date"))
    what_happened = models.TextField(_("what happened"), max_length=2000)
    reflection = models.TextField(
        _("the talent's reflection"),
        max_length=1000,
        blank=True,
        help_text=_("Only you see this."),
    )

    class Meta:
        verbose_name = _("shadowing day")
        verbose_name_plural = _("shadowing days")
        ordering = ["pair", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.pair} {self.date:%Y-%m-%d}"


class ShadowingPlan(TimeStampedModel):
    """The talent's goal and the leader's reflection at the end (one per pair)."""

    pair = models.OneToOneField(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="shadowing_plan"
    )
    talent_goal = models.TextField(_("the talent's goal"), max_length=1000, blank=True)
    leader_reflection = models.TextField(
        _("the leader's reflection at the end"), max_length=2000, blank=True
    )

    class Meta:
        verbose_name = _("shadowing plan")
        verbose_name_plural = _("shadowing plans")

    def __str__(self) -> str:
        return str(self.pair)
