"""Gatherings ("samlinger"): themed group events shared by one or more cohorts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import CodedModel
from brobygger.programs.models import Cohort


class Gathering(CodedModel):
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(
        _("theme"),
        max_length=200,
        blank=True,
        help_text=_("For example value-based leadership, scenario thinking, personal branding."),
    )
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    cohorts = models.ManyToManyField(
        Cohort,
        verbose_name=_("cohorts"),
        related_name="gatherings",
        help_text=_("Kickoff and closing are usually shared by all initiatives."),
    )

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A gathering must end after it starts.")})

    @property
    def is_digital(self) -> bool:
        return bool(self.video_url) and not self.place
