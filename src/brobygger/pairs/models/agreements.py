"""The pair's agreement (versioned, signed by both) and both members' goals with their ratings.

Each goal belongs to one side of the pair (``Goal.owner_role``): the mentee's goals (in
reverse mentoring the senior's) and the mentor's own learning goals. Each person writes and
rates her own goals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.models import TimeStampedModel
from brobygger.pairs.models.meetings import MeetingFormat
from brobygger.pairs.models.pair import Pair, PairRole

MAX_GOALS = 5


class Agreement(TimeStampedModel):
    """One version of the pair's agreement. A change is a new version that both sign again.

    ``goals``, ``cadence`` and ``other_terms`` are the pair's own words: never shown to anyone
    outside the pair. ``__str__`` names the version only.
    """

    pair = models.ForeignKey(
        Pair,
        verbose_name=pgettext_lazy("mentoring", "pair"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    goals = models.JSONField(pgettext_lazy("mentoring", "goals"), default=list)
    # The mentor's own learning goals (leadership, giving feedback upwards, a network ...).
    mentor_goals = models.JSONField(_("the mentor's own goals"), default=list, blank=True)
    cadence = models.CharField(
        _("how often you meet"),
        max_length=200,
        help_text=_("For example: every third week, an hour at a time."),
    )
    meeting_format = models.CharField(
        _("meeting format"), max_length=20, choices=MeetingFormat.choices
    )
    other_terms = models.TextField(_("anything else you agree on"), blank=True)
    proposed_by_role = models.CharField(_("proposed by"), max_length=10, choices=PairRole.choices)
    mentee_signed_at = models.DateTimeField(_("signed by the mentee"), null=True, blank=True)
    mentor_signed_at = models.DateTimeField(_("signed by the mentor"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pair", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "version"], name="agreement_version_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.version}"

    def clean(self) -> None:
        """At most ``MAX_GOALS`` on each side, and at least one goal in all (either side may
        propose first; the other adds hers in the next version)."""
        mine = {
            "goals": [g for g in self.goals if isinstance(g, str) and g.strip()],
            "mentor_goals": [g for g in self.mentor_goals if isinstance(g, str) and g.strip()],
        }
        message = _("Write between one and %(max)d goals.") % {"max": MAX_GOALS}
        if not any(mine.values()):
            raise ValidationError({"goals": message})
        errors = {key: message for key, goals in mine.items() if len(goals) > MAX_GOALS}
        if errors:
            raise ValidationError(errors)

    def goals_of(self, role: str) -> list[str]:
        """The goals of one side: ``"mentee"`` or ``"mentor"``."""
        return list(self.mentor_goals if role == PairRole.MENTOR else self.goals)

    @property
    def is_signed(self) -> bool:
        return bool(self.mentee_signed_at and self.mentor_signed_at)

    def signed_at(self, role: str) -> object:
        return self.mentee_signed_at if role == PairRole.MENTEE else self.mentor_signed_at


class GoalPhase(models.TextChoices):
    START = "start", pgettext_lazy("goal rating phase", "At the start")
    MID = "mid", pgettext_lazy("goal rating phase", "At mid-point")
    END = "end", pgettext_lazy("goal rating phase", "At the end")


class Goal(TimeStampedModel):
    """One goal of one side of the pair, in its owner's words (position 1–5 on her side).
    Retired goals keep their history. Only the owner rates it."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    owner_role = models.CharField(
        _("whose goal"),
        max_length=10,
        choices=PairRole.choices,
        default=PairRole.MENTEE,
        help_text=_("The member whose own learning goal this is."),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(pgettext_lazy("mentoring", "goal"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("mentoring", "goal")
        verbose_name_plural = pgettext_lazy("mentoring", "goals")
        ordering = ["pair", "owner_role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "owner_role", "position"], name="goal_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.position}"


class GoalRating(models.Model):
    """A rating 1–10 of one goal in one phase. Every rating is kept: the history is the point."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    phase = models.CharField(_("phase"), max_length=10, choices=GoalPhase.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    rated_by_role = models.CharField(_("rated by"), max_length=10, choices=PairRole.choices)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal rating")
        verbose_name_plural = _("goal ratings")
        ordering = ["goal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.phase}: {self.rating}"
