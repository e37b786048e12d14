"""Forms of the coordinator's side: list filters, a score, a decision, a bulk decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.choices import ApplicationStatus, Decision, Role
from brobygger.applications.models import Application
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.review import (
    NOT_SCORED,
    ReviewFilters,
    applications_for_bulk,
    companies_in_review,
    topics_for_filter,
)
from brobygger.programs.models import Cohort

DECISION_CHOICES = [
    (Decision.ACCEPTED, pgettext_lazy("decision verb", "Accept")),
    (Decision.WAITLISTED, pgettext_lazy("decision verb", "Waitlist")),
    (Decision.REJECTED, pgettext_lazy("decision verb", "Reject")),
]
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
SCORE_ERROR = _("Give a score from 1 to 5.")


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ReviewFilterForm(_Form):
    """The review list's filters, sent by GET; an invalid value is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(
        label=pgettext_lazy("review filter", "Status"),
        required=False,
        choices=[
            ("", _("All")),
            (Decision.PENDING, pgettext_lazy("decision", "Not decided")),
            (Decision.ACCEPTED, pgettext_lazy("decision", "Accepted")),
            (Decision.WAITLISTED, pgettext_lazy("decision", "Waitlisted")),
            (Decision.REJECTED, pgettext_lazy("decision", "Rejected")),
            (ApplicationStatus.WITHDRAWN, pgettext_lazy("application status", "Withdrawn")),
        ],
    )
    company: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Employer"), required=False, queryset=None, empty_label=_("All")
    )
    topic: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=None, to_field_name="slug", empty_label=_("All")
    )
    score = forms.ChoiceField(
        label=_("Average score"),
        required=False,
        choices=[
            ("", _("All")),
            (NOT_SCORED, _("Not scored yet")),
            *[(str(n), _("%(score)s or more") % {"score": n}) for n in (2, 3, 4, 5)],
        ],
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *[(role, role_label(cohort, role)) for role in Role.values],
        ]
        self.fields["company"].queryset = companies_in_review(cohort)  # type: ignore[attr-defined]
        self.fields["topic"].queryset = topics_for_filter()  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs["type"] = "search"

    def filters(self) -> ReviewFilters:
        if not self.is_bound or not self.is_valid():
            return ReviewFilters()
        data = self.cleaned_data
        return ReviewFilters(
            search=data["q"],
            role=data["role"],
            status=data["status"],
            company=data["company"],
            topic=data["topic"],
            score=data["score"],
        )


class ScoreForm(_Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 is weakest, 5 is strongest."),
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the initiative's coordinators only."),
    )


class DecisionForm(_Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose accept, waitlist or reject."),
            "invalid_choice": _("Choose accept, waitlist or reject."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For the coordinators' records; not sent to the applicant. The email is sent "
            "when you send the cohort's decisions."
        ),
    )


class BulkDecisionForm(DecisionForm):
    applications = forms.ModelMultipleChoiceField(
        label=_("Selected applications"),
        queryset=Application.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one application."),
            "invalid_choice": _("One of the selected applications is not in this cohort."),
        },
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications_for_bulk(cohort)  # type: ignore[attr-defined]
        self.fields["decision"].widget = forms.Select()
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a decision")),
            *DECISION_CHOICES,
        ]
