"""Reminders already sent: each (kind, subject, person) at most once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.people.models import Person


class ReminderKind(models.TextChoices):
    MEETING_TOMORROW = "meeting_tomorrow", _("Meeting tomorrow")
    GATHERING_SOON = "gathering_soon", _("Gathering in three days")
    PAIR_QUIET = "pair_quiet", _("No meeting for five weeks")
    RSVP_MISSING = "rsvp_missing", _("Reply missing a week before a gathering")
    AGREEMENT_UNSIGNED = "agreement_unsigned", _("Agreement not signed")
    PULSE = "pulse", _("Private pulse (one and three months in)")


class Reminder(models.Model):
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    key = models.CharField(_("about"), max_length=100)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "person"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
