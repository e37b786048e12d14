"""Forms of gatherings: the coordinator's gathering and attendance, the participant's reply."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.gatherings.materials import audience_choices
from brobygger.gatherings.models import Audience, Gathering, Response
from brobygger.gatherings.selectors import cohorts_for_gathering_choice
from brobygger.people.models import Person
from brobygger.programs.models import Cohort


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _cohort_label(cohort: Cohort) -> str:
    return f"{cohort.initiative.display_name} {cohort.title}"


def _person_label(person: Person) -> str:
    return person.name


class GatheringForm(forms.ModelForm):
    cohorts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Cohorts"),
        queryset=Cohort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kickoff and closing are usually shared by all initiatives."),
    )

    class Meta:
        model = Gathering
        fields = [
            "title",
            "theme",
            "description",
            "starts_at",
            "ends_at",
            "video_url",
            "place",
            "capacity",
            "audience",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, cohort: Cohort, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cohorts = cast(forms.ModelMultipleChoiceField, self.fields["cohorts"])
        cohorts.queryset = cohorts_for_gathering_choice(cohort, user, self.instance)
        cohorts.label_from_instance = _cohort_label  # type: ignore[method-assign,assignment]
        # a gathering for one role: the roles named as the programme year's kind names them
        audience = cast(forms.ChoiceField, self.fields["audience"])
        audience.choices = audience_choices(cohort)
        audience.required = False  # empty: both roles, as before
        if self.instance.pk:
            self.fields["cohorts"].initial = list(self.instance.cohorts.all())
        else:
            self.fields["cohorts"].initial = [cohort]

    def gathering_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["audience"] = fields.get("audience") or Audience.BOTH
        return fields


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Will you come?"), choices=Response.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AttendanceForm(forms.Form):
    attended: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Who came"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="code",
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["attended"])
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people]).select_related("user")
        field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]
