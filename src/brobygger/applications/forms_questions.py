"""The coordinator's question editor: one question of a cohort's application form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.applications.choices import QuestionKind
from brobygger.applications.models import Question
from brobygger.applications.services.forms import EDITABLE_FIELDS


class LinesField(forms.CharField):
    """A list of strings edited as one option per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    choices = LinesField(
        label=_("Options"),
        required=False,
        help_text=_("For single and multiple choice only: one option per line."),
    )

    class Meta:
        model = Question
        fields = list(EDITABLE_FIELDS)
        labels = {"kind": _("Type of answer")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = QuestionKind.choices  # type: ignore[attr-defined]
        if self.instance.pk is None:
            self.initial.setdefault("kind", QuestionKind.SHORT_TEXT)
        order = ("label", "label_en", "help_text", "help_text_en", "kind", "choices", "required")
        self.fields = {name: self.fields[name] for name in order}

    def fields_above(self) -> list[forms.BoundField]:
        """Every field but the "required" tick box, which sits beside its label."""
        return [self[name] for name in self.fields if name != "required"]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
