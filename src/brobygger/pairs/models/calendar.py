"""A personal calendar feed: a secret address with one's meetings and gatherings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel
from brobygger.core.tokens import new_token
from brobygger.people.models import Person


class CalendarFeed(TimeStampedModel):
    """Revoking keeps the row (so an old address answers 404) and a new token replaces it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.person)
