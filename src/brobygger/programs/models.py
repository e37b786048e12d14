"""Initiatives (Reverse Mentoring, Mentor Programme, Executive Shadowing) and their cohorts."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import CodedModel, FieldIs, TimeStampedModel, Translated
from brobygger.people.models import acting_user
from brobygger.programs import phases
from brobygger.programs.accents import Accent
from brobygger.programs.email_texts import KIND_PLACEHOLDERS, EmailKind, PlaceholderError, check
from brobygger.programs.kinds import CompanyRule, DirectionRule, Kind, profile
from brobygger.programs.status import CohortStatus


def validate_video_link_template(value: str) -> None:
    """An https link; ``{room}`` (a random room name) is the only placeholder."""
    rest = value.replace("{room}", "room")
    if not value.startswith("https://") or "{" in rest or "}" in rest or " " in value:
        raise ValidationError(
            _("Give an https:// link; {room} is where a random room name goes."),
            code="video_link_template",
        )


def video_link(template: str) -> str:
    """A new room from a programme year's video service, or "" without one."""
    if not template:
        return ""
    return template.replace("{room}", secrets.token_hex(6)) if "{room}" in template else template


class Initiative(CodedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("short name in addresses"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    accent = models.CharField(
        _("accent colour"),
        max_length=20,
        choices=Accent.choices,
        blank=True,
        help_text=_("Empty: the colour of the initiative's kind."),
    )
    retention_rejected_months = models.PositiveSmallIntegerField(
        _("erase rejected and withdrawn applications after (months)"),
        default=3,
        help_text=_("Counted from the cohort's matching date."),
    )
    anonymise_after_years = models.PositiveSmallIntegerField(
        _("anonymise closed cohorts after (years)"),
        default=2,
        help_text=_("Counted from the cohort's closing date. Statistics survive anonymised."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_initiatives",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    display_name = Translated("name")

    @property
    def kind_accent(self) -> str:
        """The colour of the initiative's kind (an ``accent-<code>`` class's code)."""
        return profile(self.kind).accent

    @property
    def accent_class(self) -> str:
        """The stylesheet's ``accent-<code>`` class: the chosen colour, else the kind's."""
        return f"accent-{self.accent or self.kind_accent}"

    display_description = Translated("description")


#: how cohorts are listed (a total order: initiatives in their order, newest year first)
COHORT_ORDER = ("initiative__order", "initiative_id", "-kickoff_on", "pk")


#: how a programme year takes the clients and competitors company contacts declared
COMPANY_CONFLICT_RULES = [
    ("hard", _("Never pair them")),
    ("soft", _("Avoid pairing them (a lower score)")),
]


class Cohort(CodedModel):
    """One initiative's programme year."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(_("title"), max_length=120, help_text=_("For example “2026–2027”."))
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("application deadline"))
    matching_on = models.DateField(_("matching"))
    kickoff_on = models.DateField(_("kickoff"))
    closing_on = models.DateField(_("closing"))
    company_rule = models.CharField(
        _("company rule"),
        max_length=20,
        choices=CompanyRule.choices,
        blank=True,
        help_text=_("Leave empty to use the initiative kind's default."),
    )
    direction_rule = models.CharField(
        _("direction rule"),
        max_length=30,
        choices=DirectionRule.choices,
        blank=True,
        help_text=_("Leave empty to use the initiative kind's default."),
    )
    min_gap_years = models.PositiveSmallIntegerField(
        _("minimum gap in years"),
        null=True,
        blank=True,
        help_text=_("Age gap (reverse mentoring) or experience gap. Empty: the kind's default."),
    )
    target_pairs = models.PositiveSmallIntegerField(
        _("target number of pairs"), null=True, blank=True
    )
    matching_weights = models.JSONField(
        _("matching weights"),
        default=dict,
        blank=True,
        help_text=_("Weights of the score terms; missing terms use the defaults."),
    )
    proposal_reminder_days = models.PositiveSmallIntegerField(
        _("remind about unanswered proposals after (days)"), default=5
    )
    # Digital by default: a video room for every digital meeting and gathering.
    video_link_template = models.CharField(
        _("video service"),
        max_length=200,
        blank=True,
        validators=[validate_video_link_template],
        help_text=_(
            "A link where {room} becomes a random room name, for example "
            "https://meet.jit.si/bolge-{room}. Leave empty and people paste their Teams or "
            "Meet link."
        ),
    )
    # Goal rating phases (``phases.py``); empty: the default from the cohort's dates.
    rating_start_opens_on = models.DateField(_("start rating opens"), null=True, blank=True)
    rating_start_closes_on = models.DateField(_("start rating closes"), null=True, blank=True)
    rating_mid_opens_on = models.DateField(_("mid-point rating opens"), null=True, blank=True)
    rating_mid_closes_on = models.DateField(_("mid-point rating closes"), null=True, blank=True)
    rating_end_opens_on = models.DateField(_("end rating opens"), null=True, blank=True)
    rating_end_closes_on = models.DateField(_("end rating closes"), null=True, blank=True)
    avoid_earlier_pairs = models.BooleanField(
        _("avoid earlier pairs"),
        default=True,
        help_text=_(
            "Two people who were a pair in an earlier programme year (in any initiative) "
            "are not paired again. Off: such pairs are only flagged."
        ),
    )
    company_conflicts = models.CharField(
        _("conflicts between companies"),
        max_length=10,
        choices=COMPANY_CONFLICT_RULES,
        default="hard",
        help_text=_(
            "A company contact can declare other member companies as clients or competitors: "
            "their people are never paired (or, softly, only when nothing better fits)."
        ),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        default=None,
        on_delete=models.SET_NULL,
        related_name="contact_for_cohorts",
        help_text=_("A coordinator of the initiative; participants see her name and email."),
    )

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = list(COHORT_ORDER)
        constraints = [
            models.UniqueConstraint(fields=["initiative", "title"], name="cohort_title_unique")
        ]

    def new_video_link(self) -> str:
        """A fresh video room for a digital meeting or gathering ("" without a service)."""
        return video_link(self.video_link_template)

    def __str__(self) -> str:
        return f"{self.initiative.name} {self.title}"

    def get_status_display(self) -> str:  # type: ignore[no-redef]  # overrides Django's
        """The status in words; a matched cohort says when it starts ("Matched – starts 1 Feb")."""
        if self.status == CohortStatus.PUBLISHED and self.kickoff_on:
            day = formats.date_format(
                self.kickoff_on, "SHORT_MONTH_DAY_FORMAT"
            )  # "1. feb.", "3. juni"
            return gettext("Matched – starts %(date)s") % {"date": day}
        return str(dict(CohortStatus.choices).get(self.status, self.status))

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}

        def add(field: str, message: Any) -> None:
            errors.setdefault(field, []).append(message)

        self._clean_dates(add)
        if not errors and self.matching_on and self.kickoff_on and self.closing_on:
            for field, message in self._rating_phase_errors().items():
                add(field, message)
        if (
            self.initiative_id
            and self.title
            and Cohort.objects.filter(initiative_id=self.initiative_id, title=self.title)
            .exclude(pk=self.pk)
            .exists()
        ):
            add(
                "title",
                _("%(initiative)s already has a programme year called “%(title)s”.")
                % {"initiative": self.initiative.display_name, "title": self.title},
            )
        if (
            self.contact_id
            and self.initiative_id
            and not self.initiative.coordinators.filter(pk=self.contact_id).exists()
        ):
            add("contact", _("The contact person must be a coordinator of the initiative."))
        if errors:
            raise ValidationError(errors)

    def _clean_dates(self, add: Any) -> None:
        """Dates that contradict each other: a message on the field that is out of order."""
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            add(
                "applications_close_at",
                _("The application deadline must be after applications open."),
            )
        close_date = (
            timezone.localtime(self.applications_close_at).date()
            if self.applications_close_at
            else None
        )
        if close_date and self.kickoff_on and close_date > self.kickoff_on:
            add(
                "applications_close_at",
                _("The application deadline must be before the kickoff (%(kickoff)s).")
                % {"kickoff": formats.date_format(self.kickoff_on, "SHORT_DATE_FORMAT")},
            )
        elif close_date and self.matching_on and self.matching_on < close_date:
            add("matching_on", _("Matching cannot start before the application deadline."))
        if self.matching_on and self.kickoff_on and self.kickoff_on < self.matching_on:
            add("kickoff_on", _("The kickoff cannot be before matching."))
        if self.kickoff_on and self.closing_on and self.closing_on <= self.kickoff_on:
            add("closing_on", _("The closing must be after the kickoff."))

    # -- goal rating phases -------------------------------------------------
    def default_rating_dates(self) -> dict[str, tuple[dt.date, dt.date]]:
        return phases.default_dates(self.matching_on, self.kickoff_on, self.closing_on)

    def rating_phases(self) -> list[phases.RatingPhase]:
        """Start, mid-point and end, each with the dates it opens and closes."""
        result = []
        for key, (opens_on, closes_on) in self.default_rating_dates().items():
            opens_field, closes_field = phases.field_names(key)
            result.append(
                phases.RatingPhase(
                    key=key,
                    opens_on=getattr(self, opens_field) or opens_on,
                    closes_on=getattr(self, closes_field) or closes_on,
                )
            )
        return result

    def rating_phase(self, key: str) -> phases.RatingPhase:
        return next(phase for phase in self.rating_phases() if phase.key == key)

    def _rating_phase_errors(self) -> dict[str, Any]:
        """A phase closing before it opens, or opening before the one before it has closed."""
        errors: dict[str, Any] = {}
        before: phases.RatingPhase | None = None
        for phase in self.rating_phases():
            opens_field, closes_field = phases.field_names(phase.key)
            if phase.closes_on < phase.opens_on:
                errors[closes_field] = _("This rating closes before it opens.")
            if before is not None and phase.opens_on <= before.closes_on:
                errors[opens_field] = _(
                    "This rating must open after the previous one closes (%(date)s)."
                ) % {"date": formats.date_format(before.closes_on)}
            before = phase
        return errors

    is_draft = FieldIs("status", CohortStatus.DRAFT)
    is_matching = FieldIs("status", CohortStatus.MATCHING)
    #: the pairs are published; the programme year starts on the kickoff date
    is_published = FieldIs("status", CohortStatus.PUBLISHED)

    # -- matching rules: the kind's defaults, tuned per cohort --------------
    @property
    def kind(self) -> str:
        return self.initiative.kind

    def effective_company_rule(self) -> str:
        return self.company_rule or profile(self.kind).company_rule

    @property
    def pairs_within_a_company(self) -> bool:
        return self.effective_company_rule() == CompanyRule.SAME

    def effective_direction_rule(self) -> str:
        return self.direction_rule or profile(self.kind).direction_rule

    def effective_min_gap_years(self) -> int:
        if self.min_gap_years is not None:
            return self.min_gap_years
        return profile(self.kind).min_gap_years

    # -- application window, in Europe/Oslo --------------------------------
    def applications_are_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == CohortStatus.OPEN
            and self.applications_open_at <= now < self.applications_close_at
        )

    def applications_open_later(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status in (CohortStatus.DRAFT, CohortStatus.OPEN) and now < (
            self.applications_open_at
        )


class CohortEmailText(TimeStampedModel):
    """A programme year's own subject and personal text of one of its main emails.

    An empty field means the default (``programs.email_texts``) in that language: only
    what she changed is stored, and a reader whose language has no text gets the default.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="email_texts"
    )
    kind = models.CharField(_("email"), max_length=30, choices=EmailKind.choices)
    subject_nb = models.CharField(_("subject (Norwegian)"), max_length=200, blank=True)
    body_nb = models.TextField(_("text (Norwegian)"), blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    updated_by = acting_user(_("changed by"))

    #: the text fields, as (field, part, language)
    FIELDS = (
        ("subject_nb", "subject", "nb"),
        ("body_nb", "body", "nb"),
        ("subject_en", "subject", "en"),
        ("body_en", "body", "en"),
    )

    class Meta:
        verbose_name = _("email text")
        verbose_name_plural = _("email texts")
        ordering = ["cohort", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="cohort_email_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.get_kind_display()}"

    def text(self, part: str, language: str) -> str:
        """Her text of ``part`` in ``language``; empty: the default."""
        return str(getattr(self, f"{part}_{language}", "") or "")

    @property
    def languages(self) -> list[str]:
        """The languages she wrote a text in."""
        return [
            lang for lang in ("nb", "en") if self.text("subject", lang) or self.text("body", lang)
        ]

    def clean(self) -> None:
        errors = placeholder_errors(self.kind, {f: getattr(self, f) for f, _p, _l in self.FIELDS})
        if errors:
            raise ValidationError(errors)


def placeholder_errors(kind: str, texts: dict[str, str]) -> dict[str, Any]:
    """Field name → a message naming the placeholder and the field, for each text of
    ``texts`` (field name → text) with an unknown placeholder or a stray brace."""
    allowed = KIND_PLACEHOLDERS.get(kind, ())
    labels = {f.name: f.verbose_name for f in CohortEmailText._meta.get_fields() if f.concrete}
    errors: dict[str, Any] = {}
    for field, text in texts.items():
        try:
            check(text or "", allowed)
        except PlaceholderError as error:
            if error.name:
                errors[field] = gettext(
                    "“%(field)s” uses the placeholder %(placeholder)s, which this email does "
                    "not have. You can use: %(allowed)s."
                ) % {
                    "field": capfirst(labels[field]),
                    "placeholder": error.name,
                    "allowed": ", ".join("{" + name + "}" for name in allowed),
                }
            else:
                errors[field] = gettext(
                    "“%(field)s” has a brace that is not part of a placeholder. Write "
                    "placeholders like {first_name}; braces are not allowed otherwise."
                ) % {"field": capfirst(labels[field])}
    return errors
