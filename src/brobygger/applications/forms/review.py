"""Forms of the coordinator's side: list filters, a score, a decision, a bulk decision."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.choices import ApplicationStatus, Decision, Role
from brobygger.applications.models import Application, Topic
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.review import (
    NOT_SCORED,
    STATUS_FILTERS,
    applications_for_bulk,
    companies_in_review,
    has_topic,
    search_applications,
    topics_for_filter,
    with_score,
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


class ReviewFilterSet(django_filters.FilterSet):
    """The review list's filters, sent by GET (``q``, ``role``, ``status``, ``company``,
    ``topic``, ``score``). An invalid value is shown as an error and no filter applies."""

    q = django_filters.CharFilter(
        label=_("Search"), max_length=100, widget=forms.SearchInput, method="filter_search"
    )
    role = django_filters.ChoiceFilter(label=_("Role"), empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("review filter", "Status"),
        empty_label=_("All"),
        method="filter_status",
        choices=[
            (Decision.PENDING, pgettext_lazy("decision", "Not decided")),
            (Decision.ACCEPTED, pgettext_lazy("decision", "Accepted")),
            (Decision.WAITLISTED, pgettext_lazy("decision", "Waitlisted")),
            (Decision.REJECTED, pgettext_lazy("decision", "Rejected")),
            (ApplicationStatus.WITHDRAWN, pgettext_lazy("application status", "Withdrawn")),
        ],
    )
    company = django_filters.ModelChoiceFilter(
        label=_("Employer"), field_name="person__company", empty_label=_("All")
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        to_field_name="slug",
        empty_label=_("All"),
        method="filter_topic",
    )
    score = django_filters.ChoiceFilter(
        label=_("Average score"),
        empty_label=_("All"),
        method="filter_score",
        choices=[
            (NOT_SCORED, _("Not scored yet")),
            *[(str(n), _("%(score)s or more") % {"score": n}) for n in (2, 3, 4, 5)],
        ],
    )

    class Meta:
        model = Application
        fields: list[str] = []
        form = _Form

    def __init__(self, data: Any, *, queryset: QuerySet[Application], cohort: Cohort) -> None:
        super().__init__(data, queryset=queryset)
        self.filters["role"].extra["choices"] = [
            (role, role_label(cohort, role)) for role in Role.values
        ]
        self.filters["company"].queryset = companies_in_review(cohort)
        self.filters["topic"].queryset = topics_for_filter()

    def filter_queryset(self, queryset: QuerySet[Application]) -> QuerySet[Application]:
        if not self.form.is_valid():
            return queryset  # one bad value: the list unfiltered, the error beside the field
        return super().filter_queryset(queryset)  # type: ignore[no-any-return]

    def filter_search(
        self, queryset: QuerySet[Application], _name: str, text: str
    ) -> QuerySet[Application]:
        return search_applications(queryset, text)

    def filter_status(
        self, queryset: QuerySet[Application], _name: str, status: str
    ) -> QuerySet[Application]:
        return queryset.filter(STATUS_FILTERS[status])

    def filter_topic(
        self, queryset: QuerySet[Application], _name: str, topic: Topic
    ) -> QuerySet[Application]:
        return queryset.filter(has_topic(topic))

    def filter_score(
        self, queryset: QuerySet[Application], _name: str, score: str
    ) -> QuerySet[Application]:
        return with_score(queryset, score)


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
