from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from brobygger.people.choices import Language
from brobygger.people.models import API_TOKEN_LIFETIMES, DEFAULT_API_TOKEN_LIFETIME, Person
from brobygger.people.selectors import companies_for_choice
from brobygger.people.validators import MIN_BIRTH_YEAR, max_birth_year, validate_birth_year

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class ProfileForm(forms.ModelForm[Person]):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can mentor in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        help_text=_("Year only. Used to form pairs across generations."),
        validators=[validate_birth_year],
    )

    class Meta:
        model = Person
        fields = [
            "company",
            "job_title",
            "birth_year",
            "years_experience",
            "role_family",
            "industry",
            "languages",
            "city",
        ]
        labels = {
            "company": _("Employer"),
            "job_title": _("Job title"),
            "years_experience": _("Years of work experience"),
            "role_family": _("Role family"),
            "industry": _("Industry"),
            "city": _("City"),
        }

    field_order = [
        "first_name",
        "last_name",
        "company",
        "job_title",
        "birth_year",
        "years_experience",
        "role_family",
        "industry",
        "languages",
        "city",
        "language",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["language"].initial = user.language
        self.fields["company"].queryset = companies_for_choice()  # type: ignore[attr-defined]
        self.fields["birth_year"].widget.attrs.update(
            {"min": MIN_BIRTH_YEAR, "max": max_birth_year(), "inputmode": "numeric"}
        )
        self.fields["years_experience"].widget.attrs.update({"min": 0, "max": 70})
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "first_name" else "family-name"
            )
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"


# -- two-factor authentication (allauth's forms, with labels that say what to type and a
# numeric keyboard on phones; settings.MFA_FORMS points here) --------------------------


def _code_input(field: forms.Field, label: _StrOrPromise) -> None:
    field.label = label
    field.widget.attrs.update(
        {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}
    )
    field.widget.attrs.pop("placeholder", None)  # the label says it; a placeholder hides it


class ActivateTotpForm(ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_input(self.fields["code"], _("The six-digit code the app shows"))


class MfaAuthenticateForm(AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_input(self.fields["code"], _("Code from your authenticator app, or a recovery code"))


class MfaReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_input(self.fields["code"], _("Code from your authenticator app, or a recovery code"))


LIFETIME_LABELS = (_("30 days"), _("90 days"), _("1 year"))  # API_TOKEN_LIFETIMES, in order


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example “HR system” or “Website”."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=list(zip(API_TOKEN_LIFETIMES, LIFETIME_LABELS, strict=True)),
        coerce=int,
        initial=DEFAULT_API_TOKEN_LIFETIME,
        required=False,  # the radio buttons always send one; without any: the default
        widget=forms.RadioSelect,
        help_text=_(
            "When the token expires, programs using it are refused. Create a new one before "
            "then and give it to the program."
        ),
        error_messages={"invalid_choice": _("Choose 30 days, 90 days or 1 year.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_lifetime(self) -> int:
        lifetime: int | str = self.cleaned_data["lifetime"]
        return lifetime if isinstance(lifetime, int) else DEFAULT_API_TOKEN_LIFETIME
