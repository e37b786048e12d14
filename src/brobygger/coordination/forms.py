"""Forms of the coordination pages: an initiative, a programme year's set-up, a joint gathering."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brobygger.coordination.services import COHORT_FIELDS, INITIATIVE_TEXTS
from brobygger.gatherings.models import Gathering
from brobygger.matching.reasons import TERMS
from brobygger.matching.selectors.instance import DEFAULT_WEIGHTS
from brobygger.matching.services.settings import MAX_WEIGHT
from brobygger.people.models import User
from brobygger.programs.accents import Accent
from brobygger.programs.email_texts import normalise
from brobygger.programs.kinds import CompanyRule, Kind, kind_words, profile
from brobygger.programs.models import Cohort, CohortEmailText, Initiative


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _user_label(user: User) -> str:
    return f"{user.get_full_name() or user.email} ({user.email})"


class InitiativeForm(forms.ModelForm):
    """The initiative's texts and accent colour; a network admin also sets the kind when
    she creates one, and the coordinators then and later."""

    class Meta:
        model = Initiative
        fields = ["kind", *INITIATIVE_TEXTS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "accent": forms.RadioSelect,
        }

    def __init__(
        self,
        *args: Any,
        creating: bool = False,
        manage_coordinators: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["accent"].choices = [  # type: ignore[attr-defined]
            ("", _("The colour of the initiative's kind")),
            *Accent.choices,
        ]
        if creating:
            self.fields["kind"].choices = Kind.choices  # type: ignore[attr-defined]
            self.fields["kind"].help_text = _(
                "The kind gives the pairing rules' defaults; each programme year may tune them."
            )
        else:
            del self.fields["kind"]
        if creating or manage_coordinators:
            current = self.instance.coordinators.all() if self.instance.pk else User.objects.none()
            self.fields["coordinators"] = forms.ModelMultipleChoiceField(
                label=_("Coordinators"),
                queryset=(
                    User.objects.filter(is_active=True)
                    .filter(
                        Q(is_coordinator=True)
                        | Q(is_superuser=True)
                        | Q(pk__in=current.values("pk"))
                    )
                    .order_by("first_name", "last_name", "email")
                ),
                initial=list(current),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Coordinators and network admins. Add someone new below."),
            )
            cast(Any, self.fields["coordinators"]).label_from_instance = _user_label
            self.fields["add_coordinator"] = forms.EmailField(
                label=_("Add a coordinator"),
                required=False,
                help_text=_(
                    "The email address of someone who already has an account (they sign up "
                    "first). They can then coordinate this initiative's programme years."
                ),
            )

    def clean_add_coordinator(self) -> User | None:
        email = self.cleaned_data.get("add_coordinator")
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("Nobody has an account with %(email)s. Ask the person to sign up first."),
                params={"email": email},
            )
        return user

    def chosen_coordinators(self) -> list[User]:
        chosen = list(self.cleaned_data.get("coordinators") or [])
        added = self.cleaned_data.get("add_coordinator")
        if added is not None and added not in chosen:
            chosen.append(added)
        return chosen

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in INITIATIVE_TEXTS}


class CohortSetupForm(forms.ModelForm):
    """A programme year: title, dates, rules, the matching weights and the contact person.

    The weights are one labelled number each (0–5) with the score term's explanation,
    read from the matching app; the form writes ``Cohort.matching_weights``.
    """

    class Meta:
        model = Cohort
        fields = list(COHORT_FIELDS)
        widgets = {
            "applications_open_at": DateTimeInput(),
            "applications_close_at": DateTimeInput(),
            "matching_on": DateInput(),
            "kickoff_on": DateInput(),
            "closing_on": DateInput(),
        }
        labels = {
            "applications_open_at": _("Applications open"),
            "applications_close_at": _("Application deadline"),
            "matching_on": _("Matching date"),
            "kickoff_on": _("Kickoff"),
            "closing_on": _("Closing"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cohort: Cohort = self.instance
        defaults = profile(cohort.initiative.kind)
        default = _("The kind's default: %(rule)s")
        company = dict(CompanyRule.choices)
        direction = dict(kind_words(cohort.initiative.kind).direction_rules)  # in the kind's words
        self.fields["company_rule"].choices = [  # type: ignore[attr-defined]
            ("", default % {"rule": company[defaults.company_rule]}),
            *CompanyRule.choices,
        ]
        self.fields["direction_rule"].choices = [  # type: ignore[attr-defined]
            ("", default % {"rule": direction[defaults.direction_rule]}),
            *direction.items(),
        ]
        for name in ("company_rule", "direction_rule"):
            self.fields[name].help_text = ""
        self.fields["min_gap_years"].help_text = _(
            "Age gap (reverse mentoring) or experience gap. Empty: the kind's default, "
            "%(years)d years."
        ) % {"years": defaults.min_gap_years}
        self.fields["min_gap_years"].widget.attrs.update(min=0, max=80)
        self.fields["target_pairs"].help_text = _("Empty: as many pairs as possible.")
        self.fields["target_pairs"].widget.attrs.update(min=1)
        self.fields["proposal_reminder_days"].widget.attrs.update(min=1, max=60)
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = cohort.initiative.coordinators.order_by("first_name", "email")
        contact.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
        contact.empty_label = _("Nobody yet")
        weights = {**DEFAULT_WEIGHTS, **(cohort.matching_weights or {})}
        for name, (label, explanation) in TERMS.items():
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=str(label),
                help_text=str(explanation),
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=f"{weights[name]:g}",
                widget=forms.NumberInput(attrs={"step": "0.5", "class": "weight-input"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = [data.get(f"weight_{name}") for name in TERMS]
        if all(w is not None for w in weights) and not any(w for w in weights):
            raise ValidationError(
                _("At least one weight must be above 0, or every pair would score the same.")
            )
        return data

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[f"weight_{name}"] for name in TERMS}

    def group(self, *names: str) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def about_fields(self) -> list[forms.BoundField]:
        return self.group("title", "contact", "target_pairs")

    def date_fields(self) -> list[forms.BoundField]:
        return self.group(
            "applications_open_at",
            "applications_close_at",
            "matching_on",
            "kickoff_on",
            "closing_on",
        )

    def rule_fields(self) -> list[forms.BoundField]:
        return self.group(
            "company_rule", "direction_rule", "min_gap_years", "proposal_reminder_days"
        )

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in TERMS]


class JointGatheringForm(forms.ModelForm):
    """One gathering for several programme years (a joint kickoff or closing)."""

    programme_years = forms.MultipleChoiceField(
        label=_("Programme years"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least two: everyone in them is invited to the same gathering."),
    )

    class Meta:
        model = Gathering
        fields = ["title", "theme", "starts_at", "ends_at", "place", "video_url"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, cohorts: list[Cohort], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "joint")
        super().__init__(*args, **kwargs)
        self.cohorts = {str(c.code): c for c in cohorts}
        choices = [
            (code, f"{c.initiative.display_name} {c.title}") for code, c in self.cohorts.items()
        ]
        self.fields["programme_years"].choices = choices  # type: ignore[attr-defined]
        self.fields = {"programme_years": self.fields.pop("programme_years"), **self.fields}

    def clean_programme_years(self) -> list[Cohort]:
        chosen = [self.cohorts[code] for code in self.cleaned_data["programme_years"]]
        if len(chosen) < 2:
            raise ValidationError(
                _(
                    "Choose at least two programme years. A gathering for one programme year "
                    "is made on its own gatherings page."
                )
            )
        return chosen

    def gathering_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EmailTextForm(forms.ModelForm):
    """A main email's subject and personal text, in Norwegian and in English. It starts
    from the texts in use (hers, else the default); the model refuses an unknown
    placeholder or a stray brace on the field (``CohortEmailText.clean``)."""

    class Meta:
        model = CohortEmailText
        fields = ["subject_nb", "body_nb", "subject_en", "body_en"]
        labels = {
            "subject_nb": _("Subject (Norwegian)"),
            "body_nb": _("Text (Norwegian)"),
            "subject_en": _("Subject (English)"),
            "body_en": _("Text (English)"),
        }
        widgets = {
            "body_nb": forms.Textarea(attrs={"rows": 10}),
            "body_en": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        help_text = _("Empty: the default text.")
        for name in self.fields:
            self.fields[name].help_text = help_text

    def texts(self) -> dict[str, str]:
        """Field name → text, line ends made one."""
        return {name: normalise(self.cleaned_data.get(name) or "") for name in self.fields}

    @property
    def nb_fields(self) -> list[forms.BoundField]:
        return [self["subject_nb"], self["body_nb"]]

    @property
    def en_fields(self) -> list[forms.BoundField]:
        return [self["subject_en"], self["body_en"]]
