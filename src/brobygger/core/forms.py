"""Forms shared by every app: confirming a mass email."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
