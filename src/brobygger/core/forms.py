"""Forms shared by every app: confirming a mass email; the field that asks a question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.choices import (
    LONG_TEXT_LENGTH,
    MULTIPLE_KINDS,
    SCALES,
    SHORT_TEXT_LENGTH,
    QuestionKind,
)


class ConfirmMailingForm(forms.Form):
    """Confirms a previewed mailing: the signed fingerprint of its recipient list, and,
    when the action needs it, an explicit acknowledgement (``acknowledgement``: its label).

    The template renders the token from the preview itself (``preview.token``), so a
    refused confirm shows the new list with a new token to confirm.
    """

    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    acknowledge = forms.BooleanField(required=False)

    def __init__(self, *args: Any, acknowledgement: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.needs_acknowledgement = bool(acknowledgement)
        if acknowledgement:
            self.fields["acknowledge"].label = acknowledgement
            self.fields["acknowledge"].required = True
            self.fields["acknowledge"].error_messages["required"] = _(
                "Tick this box to send anyway."
            )
        else:
            del self.fields["acknowledge"]


# -- questions: an application form's and a survey's -----------------------------------


class LinesField(forms.CharField):
    """A list of strings edited as one option per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class AskedQuestion(Protocol):
    """What the field factory reads of a question (``applications.Question``,
    ``surveys.Question``)."""

    kind: str
    required: bool

    @property
    def display_label(self) -> str: ...

    @property
    def display_help_text(self) -> str: ...


YES_NO = [("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))]
LIKERT_HELP = _("1 = strongly disagree, 5 = strongly agree")


def question_field(
    question: AskedQuestion,
    *,
    options: Sequence[tuple[str, Any]] = (),
    **extra: Any,
) -> forms.Field:
    """The form field that asks ``question``, for every kind of :class:`QuestionKind`.

    ``options`` are the (value, label) pairs of a choice kind: the coordinator's options
    (stored as the app stores them: the text, or its index) or a fixed vocabulary (topics,
    work values, times to meet). ``extra`` goes to the field (validators, error messages).
    A scale's and yes/no's cleaned value is typed (an int, a bool); the initial value comes
    from :func:`question_initial`.
    """
    kind = question.kind
    common: dict[str, Any] = {
        "label": question.display_label,
        "help_text": question.display_help_text,
        "required": question.required,
        **extra,
    }
    if kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_LENGTH, **common)
    if kind == QuestionKind.LONG_TEXT:
        textarea = forms.Textarea(attrs={"rows": 5, "maxlength": LONG_TEXT_LENGTH})
        return forms.CharField(max_length=LONG_TEXT_LENGTH, widget=textarea, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=list(options), widget=forms.RadioSelect, **common)
    if kind in MULTIPLE_KINDS:
        return forms.MultipleChoiceField(
            choices=list(options), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind in SCALES:
        low, high = SCALES[QuestionKind(kind)]
        steps = [(str(i), str(i)) for i in range(low, high + 1)]
        if kind == QuestionKind.LIKERT and not common["help_text"]:
            common["help_text"] = LIKERT_HELP
        scale = forms.RadioSelect(attrs={"class": f"scale scale-{len(steps)}"})
        return forms.TypedChoiceField(
            choices=steps, coerce=int, empty_value=None, widget=scale, **common
        )
    if kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO,
            coerce=lambda v: v == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    raise ValueError(kind)


def question_initial(value: Any) -> Any:
    """A stored answer as its field shows it: yes/no, a scale's step, option indexes."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    return value
