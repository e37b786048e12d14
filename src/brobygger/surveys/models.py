"""Surveys attached to a cohort (baseline, mid-point, closing; one per role), their questions,
one invitation per person (with the personal link) and the answers.

Answers hang on the invitation so that a person can change them until the survey closes;
``Invitation.person`` is cleared on erasure and the answers survive as anonymous statistics.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.choices import CHOICE_KINDS as CHOICE_KINDS
from brobygger.core.choices import QuestionKind as QuestionKind
from brobygger.core.choices import kind_choices
from brobygger.core.models import (
    AnswerFields,
    CodedModel,
    FieldIs,
    QuestionFields,
    TimeStampedModel,
    Translated,
    in_reading_language,
)
from brobygger.core.tokens import new_token
from brobygger.people.models import Company, Person, acting_user
from brobygger.programs.kinds import short_role_label
from brobygger.programs.models import Cohort


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", pgettext_lazy("survey kind", "Baseline at kickoff")
    MIDPOINT = "midpoint", pgettext_lazy("survey kind", "Mid-point pulse")
    CLOSING = "closing", pgettext_lazy("survey kind", "Closing survey")


class SurveyRole(models.TextChoices):
    MENTEE = "mentee", pgettext_lazy("survey role", "Mentee")
    MENTOR = "mentor", pgettext_lazy("survey role", "Mentor")


#: the kinds of question a survey asks (the vocabulary is shared with application forms)
SURVEY_KINDS = (
    QuestionKind.LIKERT,
    QuestionKind.SCALE10,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.LONG_TEXT,
)
NUMERIC_KINDS = (QuestionKind.LIKERT, QuestionKind.SCALE10)


class Survey(CodedModel):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="surveys"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    role = models.CharField(_("role"), max_length=10, choices=SurveyRole.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"), help_text=_("The last day one can answer."))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Anonymous: coordinators see free-text answers without names. Untick only if "
            "the participants are told that their names are shown with their answers."
        ),
    )
    created_by = acting_user(_("created by"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["cohort", "opens_on", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "kind", "role"], name="survey_once_per_kind_and_role"
            )
        ]

    @property
    def role_label(self) -> str:
        """For whom, in the initiative kind's words ("Talent" in executive shadowing)."""
        return short_role_label(self.cohort.initiative.kind, self.role)

    def __str__(self) -> str:
        return f"{self.cohort} – {self.display_title}"

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A survey cannot close before it opens.")})

    display_title = Translated("title")

    display_intro = Translated("intro")

    def is_open(self, today: object | None = None) -> bool:
        day = today or timezone.localdate()
        return bool(self.opens_on <= day <= self.closes_on)  # type: ignore[operator]

    def has_closed(self, today: object | None = None) -> bool:
        day = today or timezone.localdate()
        return bool(day > self.closes_on)  # type: ignore[operator]


#: the measures of the default surveys (``defaults.py``), in words; a coordinator's own
#: measure is shown as she wrote it
MEASURE_LABELS = {
    "change_readiness": _("Readiness to change"),
    "digital_confidence": _("Digital confidence"),
    "generation_understanding": _("Understanding across generations"),
    "leadership_confidence": _("Confidence as a leader"),
    "career_direction": _("Knowing the way ahead"),
    "sharing_experience": _("Confidence sharing experience"),
    "leadership_insight": _("Insight into a top leader's day"),
    "relationship_quality": _("Quality of the relationship"),
    "meeting_frequency": _("How often the pair meets"),
    "take_part_again": _("Would take part again"),
    "recommend": _("Would recommend the programme"),
    "gains": _("What the programme gave"),
    "expectations": _("Expectations"),
    "going_well": _("What is going well"),
    "best": _("The best part"),
    "improve": _("What to improve"),
}


class Question(CodedModel, QuestionFields):
    """``key`` names what is measured; the same key in the baseline and the closing survey
    is compared person by person (paired)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("measure"),
        max_length=50,
        blank=True,
        help_text=_("Questions with the same measure are compared between baseline and closing."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=kind_choices(SURVEY_KINDS))
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    help_text_en = models.CharField(_("help text in English"), max_length=300, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("One option per line.")
    )
    choices_en = models.JSONField(
        _("choices in English"),
        default=list,
        blank=True,
        help_text=_("In the same order; leave empty to use the Norwegian ones."),
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "id"]

    def clean(self) -> None:
        if self.kind in CHOICE_KINDS and len(self.choices) < 2:
            raise ValidationError({"choices": _("Give at least two options.")})
        if self.choices_en and len(self.choices_en) != len(self.choices):
            raise ValidationError(
                {"choices_en": _("Give as many English options as Norwegian ones.")}
            )

    @property
    def measure_label(self) -> str:
        """What the question measures, in words (``relationship_quality``: "Quality of
        the relationship"); empty when it measures nothing."""
        return str(MEASURE_LABELS.get(self.key, self.key)) if self.key else ""

    @property
    def display_choices(self) -> list[str]:
        return list(in_reading_language(self, "choices"))

    is_numeric = FieldIs("kind", *NUMERIC_KINDS)


class Invitation(TimeStampedModel):
    """One person's place in one survey: the personal link, the emails sent, the answers.

    ``company`` is the employer when invited, so that a company's aggregate survives
    erasure of the person.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(_("link code"), max_length=64, unique=True, default=new_token)
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="survey_invitation_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.person}"


class Answer(AnswerFields):
    question: models.ForeignKey[Question, Question]  # the base's "Question": this app's
    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.CASCADE, related_name="answers"
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="survey_answer_once")
        ]


class PublishedResult(TimeStampedModel):
    """Figures published once and then frozen, so that two reads at different times cannot
    be subtracted to give one person's answers away (docs/evaluation.md, *Published once*).

    A survey's aggregates are frozen the first time they are read after it closes (or by the
    daily ``send_survey_invitations``): one row for everyone (``company`` empty, what the
    coordinators read) and one per employer of the people invited. A company's goal change
    is frozen likewise once the programme year has closed (``survey`` empty).
    ``data`` holds counts, means and intervals only: no answer, no person.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="published_results",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(
        _("key"), max_length=120, unique=True, help_text=_("Survey or outcomes, and audience.")
    )
    data = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["cohort", "survey", "company"]

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def key_for(cohort: Cohort, survey: Survey | None, company_id: int | None) -> str:
        section = f"survey-{survey.pk}" if survey is not None else "outcomes"
        return f"{cohort.pk}:{section}:{company_id or 'all'}"
