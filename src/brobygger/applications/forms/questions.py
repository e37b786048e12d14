"""The coordinator's question editor: one question of a cohort's application form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.applications.choices import APPLICATION_KINDS, QuestionKind
from brobygger.applications.models import Question
from brobygger.applications.services.forms import EDITABLE_FIELDS
from brobygger.core.choices import kind_choices
from brobygger.core.forms import LinesField


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
        self.fields["kind"].choices = kind_choices(APPLICATION_KINDS)  # type: ignore[attr-defined]
        if self.instance.pk is None:
            self.initial.setdefault("kind", QuestionKind.SHORT_TEXT)
        order = ("label", "label_en", "help_text", "help_text_en", "kind", "choices", "required")
        self.fields = {name: self.fields[name] for name in order}

    def fields_above(self) -> list[forms.BoundField]:
        """Every field but the "required" tick box, which sits beside its label."""
        return [self[name] for name in self.fields if name != "required"]

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
