"""Forms of the surveys app: starting a survey, its settings, a question, and answering."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import LinesField, question_field, question_initial
from brobygger.programs.kinds import role_label
from brobygger.surveys.models import Question, QuestionKind, Survey, SurveyKind, SurveyRole


class StartSurveyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Survey"), choices=SurveyKind.choices)
    role = forms.ChoiceField(label=_("For"), choices=SurveyRole.choices)
    source = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            ("default", _("The standard template")),
            ("previous", _("The same survey from the previous year")),
        ],
        initial="default",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind:  # the roles in the initiative's own words
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                (value, role_label(kind, value)) for value, _label in SurveyRole.choices
            ]


class DateInput(forms.DateInput):
    input_type = "date"


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "title_en", "intro", "intro_en", "opens_on", "closes_on", "anonymous"]
        widgets = {
            "opens_on": DateInput(format="%Y-%m-%d"),
            "closes_on": DateInput(format="%Y-%m-%d"),
            "intro": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
        }


class QuestionForm(forms.ModelForm):
    choices = LinesField(label=_("Options"), required=False, help_text=_("One option per line."))
    choices_en = LinesField(
        label=_("Options in English"),
        required=False,
        help_text=_("In the same order; leave empty to use the Norwegian ones."),
    )

    class Meta:
        model = Question
        fields = [
            "label",
            "label_en",
            "help_text",
            "help_text_en",
            "kind",
            "choices",
            "choices_en",
            "required",
            "key",
        ]


class AnswerForm(forms.Form):
    """One field per question, built from the survey; values as the service stores them."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            options = list(enumerate(question.display_choices))
            self.fields[f"q{question.pk}"] = question_field(
                question, options=[(str(i), label) for i, label in options]
            )

    def values(self) -> dict[int, Any]:
        result: dict[int, Any] = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionKind.LONG_TEXT:
                result[question.pk] = (raw or "").strip()
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                result[question.pk] = sorted(int(v) for v in raw or [])
            else:
                result[question.pk] = int(raw) if raw not in (None, "") else None
        return result

    @staticmethod
    def initial_from(answers: dict[int, Any]) -> dict[str, Any]:
        return {
            f"q{question_id}": question_initial(value)
            for question_id, value in answers.items()
            if value is not None
        }
