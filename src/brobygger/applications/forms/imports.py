"""Forms of the coordinator's import and export of applications."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from brobygger.applications.io.importing import (
    MAX_FILE_BYTES,
    Preview,
    Vocabulary,
    format_size,
    size_problem,
)

ACCEPTED_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV (any separator, UTF-8 or Windows-1252) or Excel workbook (.xlsx), at most "
            "%(limit)s. The first row names the columns."
        )
        % {"limit": format_size(MAX_FILE_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        too_large = size_problem(upload.size or 0)
        if too_large:  # refused before a byte of it is parsed
            raise forms.ValidationError(too_large.message, code="too_large")
        if not (upload.name or "").lower().endswith(ACCEPTED_EXTENSIONS):
            raise forms.ValidationError(
                _("Upload a CSV file or an Excel workbook (.xlsx)."), code="file_type"
            )
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{43}$", widget=forms.HiddenInput)
    companies = forms.MultipleChoiceField(
        label=_("New companies to create"),
        help_text=_("Tick each company that should be created. The import needs all of them."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, new_companies: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        companies = cast(forms.MultipleChoiceField, self.fields["companies"])
        companies.choices = [(name, name) for name in new_companies]
        if not new_companies:
            del self.fields["companies"]


class ValueMappingForm(forms.Form):
    """What one value outside a column's vocabulary means: a known value or "other"."""

    column = forms.CharField(max_length=30, widget=forms.HiddenInput)
    value = forms.CharField(max_length=200, widget=forms.HiddenInput)  # the folded value
    target = forms.ChoiceField(label=_("Import as"), required=False)

    def __init__(self, *args: Any, vocabularies: Mapping[str, Vocabulary], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.vocabularies = vocabularies
        if self.is_bound:
            column = self.data.get(self.add_prefix("column"), "")
        else:
            column = self.initial.get("column", "")
        vocabulary = vocabularies.get(column)
        target = cast(forms.ChoiceField, self.fields["target"])
        target.choices = [("", _("Choose…")), *(vocabulary.choices() if vocabulary else [])]

    def clean_column(self) -> str:
        column: str = self.cleaned_data["column"]
        if column not in self.vocabularies:
            raise forms.ValidationError(_("This column has no list of values."), code="column")
        return column


class BaseValueMappingFormSet(forms.BaseFormSet):
    def mappings(self) -> dict[tuple[str, str], str]:
        """(column, folded value) → target, for each value she chose a target for."""
        return {
            (form.cleaned_data["column"], form.cleaned_data["value"]): form.cleaned_data["target"]
            for form in self.forms
            if form.cleaned_data.get("target")
        }


ValueMappingFormSet = forms.formset_factory(
    ValueMappingForm, formset=BaseValueMappingFormSet, extra=0
)
MAPPING_PREFIX = "map"


def posted_mappings(
    data: Mapping[str, Any], vocabularies: Mapping[str, Vocabulary]
) -> BaseValueMappingFormSet:
    return cast(
        BaseValueMappingFormSet,
        ValueMappingFormSet(
            data, prefix=MAPPING_PREFIX, form_kwargs={"vocabularies": vocabularies}
        ),
    )


def mapping_formset(
    preview: Preview, vocabularies: Mapping[str, Vocabulary]
) -> BaseValueMappingFormSet:
    """One form per value outside a vocabulary, set to its current target; each form
    carries its value as ``form.unknown`` for the table around it."""
    formset = cast(
        BaseValueMappingFormSet,
        ValueMappingFormSet(
            prefix=MAPPING_PREFIX,
            initial=[
                {"column": u.column, "value": u.key, "target": u.target or ""}
                for u in preview.unknown_values
            ],
            form_kwargs={"vocabularies": vocabularies},
        ),
    )
    for form, unknown in zip(formset.forms, preview.unknown_values, strict=True):
        form.unknown = unknown
    return formset


class ExportForm(forms.Form):
    include_sensitive = forms.BooleanField(
        label=_("Include sensitive answers"),
        help_text=_("Answers to questions marked sensitive are left out unless you tick this."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
