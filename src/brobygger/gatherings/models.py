"""Gatherings ("samlinger"): themed group events shared by one or more cohorts."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.models import CodedModel, TimeStampedModel
from brobygger.people.models import Person, acting_user
from brobygger.programs.models import Cohort


class Audience(models.TextChoices):
    BOTH = "both", _("Both roles")
    MENTOR = "mentor", _("Mentors only")
    MENTEE = "mentee", _("Mentees only")


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
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. When it is full, people join a waitlist."),
    )
    audience = models.CharField(
        _("for"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.BOTH,
        help_text=_(
            "A gathering for one role: an orientation for the young mentors, a breakfast "
            "for the seniors. Only that role is invited."
        ),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    #: The iCalendar SEQUENCE: raised by each change of time or place and the cancellation,
    #: so calendar programs replace the event they have (same UID) instead of adding one.
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)
    created_by = acting_user(_("created by"))

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
    def is_for_one_role(self) -> bool:
        return self.audience != Audience.BOTH

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Response(models.TextChoices):
    YES = "yes", pgettext_lazy("rsvp", "Yes, I am coming")
    MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")
    NO = "no", pgettext_lazy("rsvp", "No, I cannot come")


def new_link_nonce() -> str:
    return secrets.token_urlsafe(12)


class Invitation(TimeStampedModel):
    """One person's invitation to a gathering: her reply, her waitlist place, her attendance.

    ``person`` is cleared on erasure so that the counts survive anonymously. ``link_nonce``
    is part of the signed reply link and changes when the link is used: a link works once.
    """

    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("gathering"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gathering_invitations",
    )
    response = models.CharField(
        pgettext_lazy("rsvp", "reply"), max_length=10, choices=Response.choices, blank=True
    )
    responded_at = models.DateTimeField(_("replied"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    link_nonce = models.CharField(max_length=32, default=new_link_nonce)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["gathering", "responded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "person"], name="invitation_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gathering} – {self.person}"

    @property
    def has_place(self) -> bool:
        return self.response == Response.YES and self.waitlisted_at is None

    @property
    def is_waitlisted(self) -> bool:
        return self.response == Response.YES and self.waitlisted_at is not None


# -- materials: the handbook, a conversation guide, a gathering's slides or recording ------


class MaterialLanguage(models.TextChoices):
    NB = "nb", _("Norwegian")
    EN = "en", _("English")


class Material(CodedModel):
    """A file or a link for a programme year, an initiative, a theme (of an initiative's
    gatherings) or a gathering, seen by both roles or one. Files are served through a view
    to those allowed (404 for others)."""

    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("programme year"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    initiative = models.ForeignKey(
        "programs.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("gathering"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short text"), blank=True, max_length=1000)
    language = models.CharField(
        _("language"), max_length=5, choices=MaterialLanguage.choices, default="nb"
    )
    audience = models.CharField(
        _("who sees it"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    # the name in the private storage (``STORAGES["materials"]``); never a public URL
    file_path = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    url = models.URLField(_("link"), blank=True)
    #: with ``initiative``: a material for a theme of its gatherings (as they write it),
    #: shown to the pairs of its programme years with a gathering of that theme and on
    #: those gatherings' pages
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    created_by = acting_user(_("added by"))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


# -- the conversation guide, as the coordinator edits it -----------------------------------


class GuidePhase(models.TextChoices):
    START = "start", pgettext_lazy("year phase", "Getting started")
    MIDDLE = "middle", pgettext_lazy("year phase", "The middle of the year")
    END = "end", pgettext_lazy("year phase", "Towards the end")


class GuideText(TimeStampedModel):
    """A programme year's own prompts for one part of the conversation guide: a phase of the
    year, or the theme of its gatherings (``theme``, as the gatherings write it). Only what a
    coordinator edited is stored; every other part shows the default text
    (``gatherings.guides``), which stays translated."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("programme year"), on_delete=models.CASCADE, related_name="guides"
    )
    phase = models.CharField(_("phase"), max_length=10, choices=GuidePhase.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    #: one prompt a line
    prompts_nb = models.TextField(_("prompts (Norwegian)"))
    prompts_en = models.TextField(_("prompts (English)"))
    updated_by = acting_user(_("changed by"))

    class Meta:
        verbose_name = _("conversation guide text")
        verbose_name_plural = _("conversation guide texts")
        ordering = ["cohort", "phase", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "phase", "theme"], name="guide_text_once_per_part"
            ),
            models.CheckConstraint(
                condition=(models.Q(phase="") & ~models.Q(theme=""))
                | (~models.Q(phase="") & models.Q(theme="")),
                name="guide_text_phase_or_theme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_phase_display() or self.theme}"

    def prompts(self, language: str) -> list[str]:
        text = self.prompts_en if language == "en" else self.prompts_nb
        return [line.strip() for line in text.splitlines() if line.strip()]
