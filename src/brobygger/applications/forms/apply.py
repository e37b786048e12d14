"""The applicant's form: the profile the matching needs, the cohort's questions, consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from brobygger.applications.choices import (
    AVAILABILITY_SLOTS,
    MAX_WORK_VALUES,
    WORK_VALUES,
    MeetingFormat,
    QuestionKind,
    Role,
)
from brobygger.applications.models import Question
from brobygger.applications.selectors.forms import active_topics
from brobygger.core.forms import question_field as ask
from brobygger.core.forms import question_initial
from brobygger.people.choices import CHOOSE, Industry, Language, RoleFamily
from brobygger.people.models import PROFILE_DETAILS, Person
from brobygger.people.selectors import companies_for_choice
from brobygger.people.validators import MIN_BIRTH_YEAR, max_birth_year, validate_birth_year
from brobygger.privacy.models import PrivacyNotice

UNKNOWN_SLOT = _(
    "“%(value)s” is not one of the times you can choose. Tick the times that suit you."
)


class StartForm(forms.Form):
    """An applicant who is not signed in: who are you? A code is emailed next."""

    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _values_at_most_three(value: list[str]) -> None:
    if len(value) > MAX_WORK_VALUES:
        raise ValidationError(
            _("Pick at most %(max)s values."), code="too_many", params={"max": MAX_WORK_VALUES}
        )


def question_field(question: Question) -> forms.Field:
    """The field asking an application question; the fixed vocabularies bring their options."""
    kind = question.kind
    if kind == QuestionKind.TOPICS:
        topics = [(t.slug, t.display_name) for t in active_topics()]
        return ask(question, options=topics)
    if kind == QuestionKind.VALUES:
        return ask(question, options=WORK_VALUES, validators=[_values_at_most_three])
    if kind == QuestionKind.AVAILABILITY:
        return ask(
            question,
            options=AVAILABILITY_SLOTS,
            error_messages={"invalid_choice": UNKNOWN_SLOT},
        )
    return ask(question, options=[(c, c) for c in question.choices])


class ApplicationForm(forms.Form):
    """Built per cohort and role. With ``draft=True`` nothing but formats is required."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    company = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=companies_for_choice(),  # replaced per person: see __init__
        required=False,
        empty_label=CHOOSE,
        help_text=_("Choose from the list, or write the name below if it is missing."),
    )
    company_name = forms.CharField(
        label=_("Employer not in the list"), max_length=200, required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        help_text=_("Year only. Used to form pairs across generations."),
        validators=[validate_birth_year],
    )
    years_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=70
    )
    # no answer chosen for her: what she leaves as it was would drive the matching
    role_family = forms.ChoiceField(
        label=_("Role family"), choices=[("", CHOOSE), *RoleFamily.choices]
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=[("", CHOOSE), *Industry.choices])
    languages = forms.MultipleChoiceField(
        label=_("Languages you can mentor in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    city = forms.CharField(label=_("City"), max_length=100)
    meeting_format = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=MeetingFormat.choices,
        initial=MeetingFormat.EITHER,
        widget=forms.RadioSelect,
        help_text=_("Meeting in person means being paired with someone in the same city."),
    )
    capacity = forms.IntegerField(
        label=_("How many people can you take on?"), min_value=1, max_value=10, initial=1
    )
    PROFILE_FIELDS = ("first_name", "last_name", "company", "company_name", *PROFILE_DETAILS)

    def __init__(
        self,
        *args: Any,
        person: Person,
        role: str,
        questions: list[Question],
        answers: dict[int, Any],
        notice: PrivacyNotice | None,
        draft: bool = False,
        application_fields: dict[str, Any] | None = None,
        share_with_partner: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.notice = notice
        self.draft = draft
        user = person.user
        for name in self.PROFILE_FIELDS:
            source = user if name in ("first_name", "last_name") else person
            if hasattr(source, name):
                self.fields[name].initial = getattr(source, name)
        self.fields["company"].initial = person.company_id
        self.fields["company"].queryset = companies_for_choice(person)  # type: ignore[attr-defined]
        for name, value in (application_fields or {}).items():
            self.fields[name].initial = value
        if role != Role.MENTOR:
            del self.fields["capacity"]
        for question in questions:
            field = question_field(question)
            field.initial = question_initial(answers.get(question.pk))
            self.fields[f"q_{question.pk}"] = field
        self.fields["consent"] = forms.BooleanField(
            label=_("I have read the privacy notice and agree that my application is processed.")
        )
        self.fields["share_with_partner"] = forms.BooleanField(
            required=False,
            initial=share_with_partner,
            label=_("A partner proposed to me may read what I wrote about my goals and strengths."),
            help_text=_("It introduces you in your own words. You can withdraw this later."),
        )
        self.fields["birth_year"].widget.attrs.update(
            {"min": MIN_BIRTH_YEAR, "max": max_birth_year(), "inputmode": "numeric"}
        )
        if draft:
            for name, field in self.fields.items():
                if name not in ("consent", "share_with_partner"):
                    field.required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.draft and not cleaned.get("company") and not cleaned.get("company_name"):
            self.add_error("company", _("Choose your employer or write its name."))
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.PROFILE_FIELDS}
        return {k: v for k, v in data.items() if v not in (None, "", [])}

    def answers(self) -> dict[int, Any]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if value not in (None, "", []):
                result[question.pk] = value
        return result

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.pk}"] for q in self.questions]

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PROFILE_FIELDS]

    def participation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("meeting_format", "capacity") if name in self.fields]
