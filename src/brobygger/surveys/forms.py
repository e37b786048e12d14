"""Forms of the surveys app: starting a survey, its settings, a question, and answering."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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


class LinesField(forms.CharField):
    """A list of strings edited as one option per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


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
            self.fields[f"q{question.pk}"] = _field_for(question)

    def values(self) -> dict[int, Any]:
        result: dict[int, Any] = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionKind.TEXT:
                result[question.pk] = (raw or "").strip()
            elif question.kind == QuestionKind.MULTIPLE:
                result[question.pk] = sorted(int(v) for v in raw or [])
            else:
                result[question.pk] = int(raw) if raw not in (None, "") else None
        return result

    @staticmethod
    def initial_from(answers: dict[int, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for question_id, value in answers.items():
            if isinstance(value, list):
                initial[f"q{question_id}"] = [str(v) for v in value]
            elif value is not None:
                initial[f"q{question_id}"] = str(value) if isinstance(value, int) else value
        return initial


class ScaleSelect(forms.RadioSelect):
    """Radio buttons laid out in a row (a scale), styled by the ``scale`` class."""

    def __init__(self, steps: int) -> None:
        super().__init__(attrs={"class": f"scale scale-{steps}"})


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.display_label,
        "help_text": question.display_help_text,
        "required": question.required,
    }
    if question.kind == QuestionKind.LIKERT:
        choices = [(str(i), str(i)) for i in range(1, 6)]
        common["help_text"] = common["help_text"] or _("1 = strongly disagree, 5 = strongly agree")
        return forms.ChoiceField(choices=choices, widget=ScaleSelect(5), **common)
    if question.kind == QuestionKind.SCALE10:
        choices = [(str(i), str(i)) for i in range(0, 11)]
        return forms.ChoiceField(choices=choices, widget=ScaleSelect(11), **common)
    if question.kind == QuestionKind.SINGLE:
        choices = [(str(i), label) for i, label in enumerate(question.display_choices)]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.MULTIPLE:
        choices = [(str(i), label) for i, label in enumerate(question.display_choices)]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}), max_length=5000, **common
    )
