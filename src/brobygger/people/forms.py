from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brobygger.people.choices import CHOOSE, Language
from brobygger.people.models import (
    API_TOKEN_LIFETIMES,
    DEFAULT_API_TOKEN_LIFETIME,
    PROFILE_FIELDS,
    Person,
)
from brobygger.people.selectors import companies_for_choice, has_totp, second_factor_types
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
        fields = PROFILE_FIELDS
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
        # names other applicants typed stay hidden until a coordinator confirms them
        company = self.fields["company"]
        company.queryset = companies_for_choice(self.instance)  # type: ignore[attr-defined]
        company.empty_label = CHOOSE  # type: ignore[attr-defined]
        for name in ("role_family", "industry"):  # nothing chosen for her
            choices = self.fields[name].choices  # type: ignore[attr-defined]
            self.fields[name].choices = [("", CHOOSE), *[c for c in choices if c[0]]]  # type: ignore[attr-defined]
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
    """The code at sign-in. Someone with passkeys only (``has_app`` False) has recovery codes
    to type; ``has_passkey`` offers her passkey on the page first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        factors = second_factor_types(self.user)
        self.has_app = Authenticator.Type.TOTP in factors
        self.has_passkey = Authenticator.Type.WEBAUTHN in factors
        _code_input(self.fields["code"], _code_label(has_app=self.has_app))


class MfaReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_app = has_totp(self.user)
        _code_input(self.fields["code"], _code_label(has_app=self.has_app))


def _code_label(*, has_app: bool) -> _StrOrPromise:
    if has_app:
        return _("Code from your authenticator app, or a recovery code")
    return _("Recovery code")


# -- passkeys (allauth's WebAuthn forms; settings.MFA_FORMS points here) ------------------


NAME_HELP = _("So that you can tell your passkeys apart, for example “Work phone”.")


class AddPasskeyForm(AddWebAuthnForm):
    """Every passkey added here signs in on its own: the phone keeps it (a resident key) and
    checks it is her (Face ID, fingerprint, screen lock) before using it. The "passwordless"
    choice allauth offers is no choice here: the page sends it checked and hidden, and the
    form requires it whatever was posted, so an unverified key is refused."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # allauth names a passkey left without a name (the adapter: after the device)
        self.fields["name"] = forms.CharField(
            label=_("Name"), max_length=100, required=False, help_text=NAME_HELP
        )
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["passwordless"] = forms.BooleanField(
            required=False, initial=True, widget=forms.CheckboxInput(attrs={"hidden": True})
        )

    def clean_passwordless(self) -> bool:
        return True

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = _passkey_said_no(
            super().clean, _("Your passkey was not added. Try again.")
        )
        return cleaned


class PasskeyNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=NAME_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"


class PasskeyLoginForm(LoginWebAuthnForm):
    """Signing in with a passkey; when it fails (a passkey removed here but still on the
    phone, say), the message says what to do instead of allauth's "Incorrect code"."""

    def clean_credential(self) -> Any:
        return _passkey_said_no(
            super().clean_credential,
            _(
                "Your passkey did not work here. Try again, or sign in with your password "
                "or an emailed code."
            ),
        )


class PasskeyReauthenticateForm(ReauthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        return _passkey_said_no(
            super().clean_credential,
            _("Your passkey did not work here. Try again, or confirm it is you another way."),
        )


def _passkey_said_no(clean: Any, message: _StrOrPromise) -> Any:
    """allauth calls every failed passkey an "Incorrect code"; other errors (too many
    attempts) pass through. A forged answer that is not shaped like a passkey's (a missing
    ``rawId``, a ``response`` that is not an object) fails the same way instead of a 500:
    allauth and fido2 read it with plain indexing."""
    try:
        return clean()
    except ValidationError as error:
        if error.code == "incorrect_code":
            raise ValidationError(message, code="passkey") from None
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValidationError(message, code="passkey") from None


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
