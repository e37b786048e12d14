"""Published pairs. What the pair writes (agreement, notes, goals) is visible to the pair only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.models import Application
from brobygger.core.models import CodedModel
from brobygger.people.models import Person
from brobygger.programs.models import Cohort


class PairRole(models.TextChoices):
    """The two sides of a pair. Stored instead of a person where anonymous statistics survive."""

    MENTOR = "mentor", pgettext_lazy("pair role", "mentor")
    MENTEE = "mentee", pgettext_lazy("pair role", "mentee")


class PairStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("pair status", "Active")
    COMPLETED = "completed", pgettext_lazy("pair status", "Completed")
    ENDED_EARLY = "ended_early", pgettext_lazy("pair status", "Ended early")


class Pair(CodedModel):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="pairs"
    )
    mentor = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("pair role", "mentor"),
        on_delete=models.PROTECT,
        related_name="pairs_as_mentor",
    )
    mentee = models.ForeignKey(
        Person,
        verbose_name=pgettext_lazy("pair role", "mentee"),
        on_delete=models.PROTECT,
        related_name="pairs_as_mentee",
    )
    mentor_application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentee_application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PairStatus.choices, default=PairStatus.ACTIVE
    )
    score = models.FloatField(_("matching score"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("mentoring", "pair")
        verbose_name_plural = pgettext_lazy("mentoring", "pairs")
        ordering = ["cohort", "mentee__user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "mentee"], name="pair_one_per_mentee_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentee} & {self.mentor}"

    def other(self, person: Person) -> Person:
        return self.mentor if person.pk == self.mentee_id else self.mentee

    def role_of(self, person: Person) -> str:
        """``"mentee"`` or ``"mentor"``; the caller has checked that ``person`` is in the pair."""
        return PairRole.MENTEE if person.pk == self.mentee_id else PairRole.MENTOR

    def member(self, role: str) -> Person:
        return self.mentee if role == PairRole.MENTEE else self.mentor

    @property
    def members(self) -> tuple[Person, Person]:
        return (self.mentee, self.mentor)
