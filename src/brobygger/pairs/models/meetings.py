"""The pair's meetings: proposed by one, accepted by the other, logged as held or cancelled."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.models import CodedModel, FieldIs
from brobygger.pairs.models.pair import Pair, PairRole


class MeetingFormat(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("In person")
    MIXED = "mixed", _("Both digital and in person")


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("meeting status", "Proposed")
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")
    DECLINED = "declined", pgettext_lazy("meeting status", "Declined")


# A meeting that still takes a place in the pair's calendar.
UPCOMING_STATUSES = (MeetingStatus.PROPOSED, MeetingStatus.PLANNED)


class Meeting(CodedModel):
    """``notes`` and ``cancel_reason`` are the pair's own words; ``__str__`` shows neither."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    video_url = models.URLField(_("video link"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    proposed_by_role = models.CharField(_("proposed by"), max_length=10, choices=PairRole.choices)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    cancelled_by_role = models.CharField(
        _("cancelled by"), max_length=10, choices=PairRole.choices, blank=True
    )
    cancel_reason = models.TextField(_("reason"), blank=True)
    logged_at = models.DateTimeField(_("logged"), null=True, blank=True)
    #: The iCalendar SEQUENCE: raised when an agreed meeting moves or is cancelled.
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["pair", "starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if not (self.video_url or self.place.strip()):
            errors["place"] = _("Give a video link or a place.")
        if errors:
            raise ValidationError(errors)

    @property
    def location(self) -> str:
        return self.place or self.video_url

    is_proposed = FieldIs("status", MeetingStatus.PROPOSED)
    is_planned = FieldIs("status", MeetingStatus.PLANNED)
    is_held = FieldIs("status", MeetingStatus.HELD)
