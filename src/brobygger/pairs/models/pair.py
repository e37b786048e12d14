"""Published pairs. What the pair writes (agreement, notes, goals) is visible to the pair only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.models import Application
from brobygger.core.models import CodedModel, FieldIs
from brobygger.people.models import Person, acting_user
from brobygger.programs.models import Cohort


class PairRole(models.TextChoices):
    """The two sides of a pair. Stored instead of a person where anonymous statistics survive."""

    MENTOR = "mentor", pgettext_lazy("pair role", "mentor")
    MENTEE = "mentee", pgettext_lazy("pair role", "mentee")


class PairStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("pair status", "Active")
    COMPLETED = "completed", pgettext_lazy("pair status", "Completed")
    ENDED_EARLY = "ended_early", pgettext_lazy("pair status", "Ended early")


class EndCategory(models.TextChoices):
    """Why a pair ended early, in categories the report counts (the words stay private)."""

    TIME = "time", pgettext_lazy("pair ended", "No time or a changed workload")
    JOB = "job", pgettext_lazy("pair ended", "Changed job or left the company")
    FIT = "fit", pgettext_lazy("pair ended", "The pair did not work")
    INACTIVE = "inactive", pgettext_lazy("pair ended", "The pair never got going")
    PERSONAL = "personal", pgettext_lazy("pair ended", "Personal reasons")
    LEFT = "left", pgettext_lazy("pair ended", "A participant left the programme")
    OTHER = "other", pgettext_lazy("pair ended", "Other")


class AfterEnd(models.TextChoices):
    """What one person of a pair that ended early does next in the programme year."""

    UNDECIDED = "", pgettext_lazy("after a pair ended", "Not decided")
    NEXT_ROUND = "next_round", pgettext_lazy("after a pair ended", "Offered a new partner")
    LEAVE = "leave", pgettext_lazy("after a pair ended", "Leaves the programme")


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
    published_by = acting_user(_("published by"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(
        _("note for the coordinators"),
        blank=True,
        help_text=_("Why the pair ended, in words: the coordinators' eyes only."),
    )
    end_category = models.CharField(
        _("why it ended"), max_length=20, choices=EndCategory.choices, blank=True
    )
    #: what each person does after the pair ended early: a new partner in the next round
    #: (back in the matching pool) or leave the programme year
    mentee_after_end = models.CharField(
        _("mentee after the end"), max_length=20, choices=AfterEnd.choices, blank=True
    )
    mentor_after_end = models.CharField(
        _("mentor after the end"), max_length=20, choices=AfterEnd.choices, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("mentoring", "pair")
        verbose_name_plural = pgettext_lazy("mentoring", "pairs")
        ordering = ["cohort", "mentee__user__first_name"]
        constraints = [
            # a mentee whose pair ended early may get a new mentor in a second round
            models.UniqueConstraint(
                fields=["cohort", "mentee"],
                condition=~models.Q(status=PairStatus.ENDED_EARLY),
                name="pair_one_per_mentee_per_cohort",
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

    is_active = FieldIs("status", PairStatus.ACTIVE)
    has_ended_early = FieldIs("status", PairStatus.ENDED_EARLY)
    #: after the pair ended early, the mentee is offered a new partner
    mentee_offered_new_partner = FieldIs("mentee_after_end", AfterEnd.NEXT_ROUND)
    #: after the pair ended early, the mentor is offered a new partner
    mentor_offered_new_partner = FieldIs("mentor_after_end", AfterEnd.NEXT_ROUND)
