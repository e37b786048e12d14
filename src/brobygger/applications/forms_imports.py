"""Forms of the coordinator's import and export of applications."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from brobygger.applications.importing import MAX_FILE_BYTES, format_size, size_problem

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


class ExportForm(forms.Form):
    include_sensitive = forms.BooleanField(
        label=_("Include sensitive answers"),
        help_text=_("Answers to questions marked sensitive are left out unless you tick this."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
