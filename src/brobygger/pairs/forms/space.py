"""Forms of the pair space and of the coordinator's health and message pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from brobygger.gatherings.models import Gathering
from brobygger.pairs.models import (
    AfterEnd,
    Agreement,
    Audience,
    EndCategory,
    Goal,
    GoalPhase,
    MeetingFormat,
    Pair,
    PairRole,
)
from brobygger.pairs.models.agreements import MAX_GOALS
from brobygger.programs.kinds import profile
from brobygger.programs.models import Cohort
from brobygger.programs.phases import field_names


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AgreementForm(_Form):
    """The agreement made in the first meeting. The fixed terms are shown above the form."""

    cadence = forms.CharField(
        label=_("How often you meet"),
        max_length=200,
        help_text=_("For example: every third week, an hour at a time."),
    )
    meeting_format = forms.ChoiceField(
        label=_("Meeting format"), choices=MeetingFormat.choices, widget=forms.RadioSelect
    )
    other_terms = forms.CharField(
        label=_("Anything else you agree on"), required=False, widget=forms.Textarea
    )
    confirm = forms.BooleanField(
        label=_(
            "We keep what is said between us; nothing said here affects anyone's career; "
            "either of us can end early by telling the coordinator."
        )
    )

    def __init__(self, *args: Any, role: str = PairRole.MENTEE, **kwargs: Any) -> None:
        """``role``: the side of the one writing; the goal fields are her own goals."""
        super().__init__(*args, **kwargs)
        first_help = (
            _(
                "What you want to learn yourself this year, in your own words: leading, "
                "giving feedback upwards, a wider network …"
            )
            if role == PairRole.MENTOR
            else _("A goal for the year, in your own words.")
        )
        for n in range(1, MAX_GOALS + 1):
            self.fields[f"goal_{n}"] = forms.CharField(
                label=pgettext_lazy("mentoring", "Your goal %(number)d") % {"number": n},
                max_length=500,
                required=n == 1,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=first_help if n == 1 else "",
            )
        # Goals first: they are the heart of the agreement.
        order = [f"goal_{n}" for n in range(1, MAX_GOALS + 1)]
        self.order_fields([*order, "cadence", "meeting_format", "other_terms", "confirm"])

    @classmethod
    def initial_from(
        cls,
        agreement: Agreement | None,
        carried: list[str] | None = None,
        role: str = PairRole.MENTEE,
    ) -> dict[str, Any]:
        """The latest agreement's terms and ``role``'s own goals in it; before the first,
        the goals ``carried`` forward from the application (``selectors.carried_goals``)."""
        if agreement is None:
            goals = {f"goal_{n}": text for n, text in enumerate(carried or [], start=1)}
            return {"meeting_format": MeetingFormat.DIGITAL, **goals}
        initial: dict[str, Any] = {
            "cadence": agreement.cadence,
            "meeting_format": agreement.meeting_format,
            "other_terms": agreement.other_terms,
        }
        for n, text in enumerate(agreement.goals_of(role), start=1):
            initial[f"goal_{n}"] = text
        return initial

    def goals(self) -> list[str]:
        return [self.cleaned_data.get(f"goal_{n}", "") for n in range(1, MAX_GOALS + 1)]


class MeetingForm(_Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=DateTimeInput(), help_text=_("Norwegian time (Europe/Oslo).")
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DateTimeInput())
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    place = forms.CharField(label=_("Or a place"), required=False, max_length=200)

    def __init__(self, *args: Any, video_service: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # digital by default: the programme year's video service makes a room when empty
        self.video_service = video_service
        if video_service:
            self.fields["video_url"].help_text = _(
                "Leave both empty and a new video room is made for you."
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if self.video_service:
            return data
        if not (data.get("video_url") or (data.get("place") or "").strip()):
            self.add_error("place", _("Give a video link or a place."))
        return data


class MeetingLogForm(_Form):
    HELD = "held"
    CANCELLED = "cancelled"

    outcome = forms.ChoiceField(
        label=_("What happened?"),
        choices=[(HELD, _("We met")), (CANCELLED, _("The meeting was cancelled"))],
        widget=forms.RadioSelect,
    )
    duration_minutes = forms.IntegerField(
        label=_("How long you met (minutes)"), required=False, min_value=5, max_value=600
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Only the two of you can read these notes. The coordinator never sees them."),
    )
    cancelled_by_role = forms.ChoiceField(
        label=_("Who cancelled?"), required=False, widget=forms.RadioSelect
    )
    cancel_reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, names: dict[Any, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cancelled_by_role"]).choices = [
            (PairRole.MENTEE, names[PairRole.MENTEE]),
            (PairRole.MENTOR, names[PairRole.MENTOR]),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("outcome") == self.HELD and not data.get("duration_minutes"):
            self.add_error("duration_minutes", _("Say how long you met."))
        if data.get("outcome") == self.CANCELLED and not data.get("cancelled_by_role"):
            self.add_error("cancelled_by_role", _("Say who cancelled."))
        return data


class GoalRatingForm(_Form):
    """The phase is the one open today (the page names it); the service refuses any other."""

    phase = forms.ChoiceField(
        label=_("When are you rating?"), choices=GoalPhase.choices, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        choices = [("", "–")] + [(str(n), str(n)) for n in range(1, 11)]
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.TypedChoiceField(
                label=goal.text, choices=choices, coerce=int, required=True
            )

    def ratings(self) -> dict[int, int]:
        return {g.pk: self.cleaned_data[f"goal_{g.pk}"] for g in self.goals}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RatingPhasesForm(_Form):
    """When the pairs rate their goals. The cohort checks the order (``Cohort.clean``)."""

    rating_start_opens_on = forms.DateField(label=_("Start rating opens"), widget=DateInput())
    rating_start_closes_on = forms.DateField(label=_("Start rating closes"), widget=DateInput())
    rating_mid_opens_on = forms.DateField(label=_("Mid-point rating opens"), widget=DateInput())
    rating_mid_closes_on = forms.DateField(label=_("Mid-point rating closes"), widget=DateInput())
    rating_end_opens_on = forms.DateField(label=_("End rating opens"), widget=DateInput())
    rating_end_closes_on = forms.DateField(label=_("End rating closes"), widget=DateInput())

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                name: day
                for phase in cohort.rating_phases()
                for name, day in zip(
                    field_names(phase.key), (phase.opens_on, phase.closes_on), strict=True
                )
            },
        )
        super().__init__(*args, **kwargs)


class EndPairForm(_Form):
    category = forms.ChoiceField(
        label=_("Why did the pair end?"),
        choices=[("", "–"), *EndCategory.choices],
        help_text=_("Counted in the report, never with names."),
    )
    reason = forms.CharField(
        label=_("Note for the coordinators"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Both are told the pair has ended; the reason stays with the coordinators."),
    )
    mentee_after = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[c for c in AfterEnd.choices if c[0]],
        initial=AfterEnd.NEXT_ROUND,
    )
    mentor_after = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[c for c in AfterEnd.choices if c[0]],
        initial=AfterEnd.NEXT_ROUND,
    )

    def __init__(self, *args: Any, pair: Pair, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "What next for Anne?": each person by name
        for role in ("mentee", "mentor"):
            self.fields[f"{role}_after"].label = gettext("What next for %(name)s?") % {
                "name": pair.member(role).name
            }


MESSAGE_HELP = _(
    "Each email begins with “Hi” and the person’s first name, in her own language, unless "
    "your text begins with a greeting. Your name and the programme year are added at the "
    "end. Replies go to the programme year’s contact person, or to you."
)


class PairMessageForm(_Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, help_text=MESSAGE_HELP)


class MessageForm(_Form):
    cohorts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Cohorts"), queryset=Cohort.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    audience = forms.ChoiceField(
        label=_("Send to"),
        widget=forms.RadioSelect,
        choices=[c for c in Audience.choices if c[0] != Audience.PAIR],
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", "–"), *PairRole.choices],
        help_text=_("Only when sending to one role."),
    )
    gathering: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Gathering"),
        required=False,
        queryset=Gathering.objects.none(),
        empty_label="–",
        help_text=_("Only when sending to a gathering's invitees."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, help_text=MESSAGE_HELP)

    def __init__(self, *args: Any, cohort: Cohort, coordinated: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"cohorts": [cohort], "audience": Audience.EVERYONE})
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["cohorts"]).queryset = coordinated
        kind = profile(cohort.kind)  # the roles in this initiative's own words
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", "–"),
            (PairRole.MENTOR, kind.mentor_label),
            (PairRole.MENTEE, kind.mentee_label),
        ]
        gatherings = cohort.gatherings.order_by("starts_at")
        cast(forms.ModelChoiceField, self.fields["gathering"]).queryset = gatherings

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        audience = data.get("audience")
        if audience == Audience.ROLE and not data.get("role"):
            self.add_error("role", _("Choose the role."))
        if audience == Audience.GATHERING and not data.get("gathering"):
            self.add_error("gathering", _("Choose the gathering."))
        return data

    def message_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "cohorts": list(data["cohorts"]),
            "audience": data["audience"],
            "role": data["role"] if data["audience"] == Audience.ROLE else "",
            "gathering": data["gathering"] if data["audience"] == Audience.GATHERING else None,
            "subject": data["subject"],
            "body": data["body"],
        }


PULSE_CHOICES = [
    (1, pgettext_lazy("pulse scale", "1 – Not at all")),
    (2, pgettext_lazy("pulse scale", "2 – A little")),
    (3, pgettext_lazy("pulse scale", "3 – Partly")),
    (4, pgettext_lazy("pulse scale", "4 – Mostly")),
    (5, pgettext_lazy("pulse scale", "5 – Fully")),
]


class PulseForm(_Form):
    """The private pulse: two questions, 1–5. No free text (see ``models.pulse``)."""

    useful = forms.TypedChoiceField(
        label=_("Is this useful for you?"),
        choices=PULSE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a number from 1 to 5.")},
    )
    safe = forms.TypedChoiceField(
        label=_("Do you feel safe to speak up?"),
        choices=PULSE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a number from 1 to 5.")},
    )
