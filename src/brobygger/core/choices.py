"""Vocabularies shared by several apps (translatable labels, stable codes)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    """The types of answer a question asks for: an application form's question and a
    survey's alike. Each app offers its own subset (``APPLICATION_KINDS`` in
    ``applications.choices``, ``SURVEY_KINDS`` in ``surveys.models``); one form field
    factory (``core.forms.question_field``) builds the field for every kind. The codes are
    stored and the REST API shows a survey question's (``single``, ``likert``): stable."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "text", _("Long text")
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    TOPICS = "topics", _("Topics from the network's list")
    SCALE = "scale", _("Scale 1–5")
    YES_NO = "yes_no", _("Yes / no")
    VALUES = "values", _("Work values (up to 3)")
    AVAILABILITY = "availability", _("Times you can meet")
    LIKERT = "likert", _("Agree or disagree (1–5)")
    SCALE10 = "scale10", _("Scale 0–10")


#: kinds whose options the coordinator writes (``Question.choices``)
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
#: kinds answered with free text
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
#: kinds answered by ticking any number of options (written ones, or a fixed vocabulary's)
MULTIPLE_KINDS = (
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.TOPICS,
    QuestionKind.VALUES,
    QuestionKind.AVAILABILITY,
)
#: the scales: kind -> (lowest, highest)
SCALES = {
    QuestionKind.SCALE: (1, 5),
    QuestionKind.LIKERT: (1, 5),
    QuestionKind.SCALE10: (0, 10),
}
SHORT_TEXT_LENGTH = 300
LONG_TEXT_LENGTH = 5000


def kind_choices(kinds: tuple[QuestionKind, ...]) -> list[tuple[str, Any]]:
    """The (code, label) pairs of a subset of the kinds, for a model field or a form."""
    return [(kind.value, kind.label) for kind in kinds]
