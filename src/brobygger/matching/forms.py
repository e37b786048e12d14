"""Forms of the matching pages: settings, constraints, swap, hand-made pair, answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from brobygger.applications.models import Application
from brobygger.matching.models import ConstraintKind, SideAnswer
from brobygger.matching.reasons import TERMS, role_label
from brobygger.matching.selectors.earlier import last_year_pair_count
from brobygger.matching.selectors.instance import DEFAULT_WEIGHTS, matching_pool
from brobygger.matching.selectors.without_partner import Outcome, PersonWithoutPartner
from brobygger.matching.services.settings import MAX_WEIGHT
from brobygger.programs.kinds import CompanyRule, kind_words, profile
from brobygger.programs.models import COMPANY_CONFLICT_RULES, Cohort


class MatchingSettingsForm(forms.Form):
    """Weights as labelled numbers 0–5 with a one-line explanation each, then the rules."""

    company_rule = forms.ChoiceField(label=_("Company rule"), required=False)
    direction_rule = forms.ChoiceField(label=_("Direction rule"), required=False)
    min_gap_years = forms.IntegerField(
        label=_("Minimum gap in years"), required=False, min_value=0, max_value=80
    )
    target_pairs = forms.IntegerField(
        label=_("Target number of pairs"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Empty: as many pairs as possible."),
    )
    proposal_reminder_days = forms.IntegerField(
        label=_("Remind about unanswered proposals after (days)"), min_value=1, max_value=60
    )
    avoid_earlier_pairs = forms.BooleanField(
        label=_("Avoid earlier pairs"),
        required=False,
        help_text=_(
            "Two people who were a pair in an earlier programme year, in any initiative, are "
            "not paired again. Unticked, such pairs can be proposed and are flagged."
        ),
    )

    company_conflicts = forms.ChoiceField(
        label=_("Clients and competitors"),
        required=False,
        choices=COMPANY_CONFLICT_RULES,
        help_text=_(
            "Companies a company contact declared as clients or competitors: their people are "
            "never paired, or only avoided (a lower score)."
        ),
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defaults = profile(cohort.kind)
        company = dict(CompanyRule.choices)
        direction = dict(kind_words(cohort.kind).direction_rules)  # in the kind's words
        default = _("Default of the kind: %(rule)s")
        self.fields["company_rule"].choices = [  # type: ignore[attr-defined]
            ("", default % {"rule": company[defaults.company_rule]}),
            *CompanyRule.choices,
        ]
        self.fields["direction_rule"].choices = [  # type: ignore[attr-defined]
            ("", default % {"rule": direction[defaults.direction_rule]}),
            *direction.items(),
        ]
        self.fields["min_gap_years"].help_text = _(
            "Age gap (reverse mentoring) or experience gap. Empty: the default, %(years)d years."
        ) % {"years": defaults.min_gap_years}
        last = last_year_pair_count(cohort)
        if last is not None:
            earlier, count = last
            self.fields["target_pairs"].help_text = ngettext(
                "Empty: as many pairs as possible. %(year)s had %(count)d pair.",
                "Empty: as many pairs as possible. %(year)s had %(count)d pairs.",
                count,
            ) % {"year": earlier.title, "count": count}
        weights = {**DEFAULT_WEIGHTS, **(cohort.matching_weights or {})}
        for name, (label, help_text) in TERMS.items():
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=str(label),
                help_text=str(help_text),
                min_value=0,
                max_value=MAX_WEIGHT,
                initial=f"{weights[name]:g}",  # 3, not 3.0
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )
        if not self.is_bound:
            for name in ("company_rule", "direction_rule", "min_gap_years", "target_pairs"):
                self.initial[name] = getattr(cohort, name)
            self.initial["proposal_reminder_days"] = cohort.proposal_reminder_days
            self.initial["avoid_earlier_pairs"] = cohort.avoid_earlier_pairs
            self.initial["company_conflicts"] = cohort.company_conflicts

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{name}"] for name in TERMS]

    def rule_fields(self) -> list[forms.BoundField]:
        names = ["company_rule", "direction_rule", "min_gap_years", "target_pairs"]
        more = ["proposal_reminder_days", "avoid_earlier_pairs", "company_conflicts"]
        return [self[name] for name in [*names, *more]]

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "weights": {name: data[f"weight_{name}"] for name in TERMS},
            "company_rule": data["company_rule"],
            "direction_rule": data["direction_rule"],
            "min_gap_years": data["min_gap_years"],
            "target_pairs": data["target_pairs"],
            "proposal_reminder_days": data["proposal_reminder_days"],
            "avoid_earlier_pairs": data["avoid_earlier_pairs"],
            "company_conflicts": data["company_conflicts"] or None,  # empty: unchanged
        }


class _ApplicationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Application) -> str:
        company = obj.person.company
        return f"{obj.person.name} ({company.name})" if company else obj.person.name


def _side_field(cohort: Cohort, role: str, **kwargs: Any) -> _ApplicationChoice:
    return _ApplicationChoice(
        queryset=matching_pool(cohort).filter(role=role),
        to_field_name="code",
        label=role_label(cohort.kind, role),
        **kwargs,
    )


class ConstraintForm(forms.Form):
    """Lock or forbid one pair, or leave one person out."""

    kind = forms.ChoiceField(choices=ConstraintKind.choices)
    mentee = forms.CharField(required=False)
    mentor = forms.CharField(required=False)

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"] = _side_field(cohort, "mentee", required=False)
        self.fields["mentor"] = _side_field(cohort, "mentor", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, mentee, mentor = data.get("kind"), data.get("mentee"), data.get("mentor")
        if kind in (ConstraintKind.LOCK, ConstraintKind.FORBID) and not (mentee and mentor):
            raise ValidationError(_("Choose both people of the pair."))
        if kind == ConstraintKind.REMOVE and bool(mentee) == bool(mentor):
            raise ValidationError(_("Choose one person to leave out."))
        return data


class SwapForm(forms.Form):
    """Two mentees of the latest run; each gets the other's mentor."""

    first = forms.CharField(label=pgettext_lazy("swap", "First pair"))
    second = forms.CharField(label=pgettext_lazy("swap", "Second pair"))

    def __init__(self, *args: Any, pairs: list[tuple[Application, Application]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.pairs = {str(e.code): (e, m) for e, m in pairs}
        choices = [
            (code, f"{e.person.name} & {m.person.name}") for code, (e, m) in self.pairs.items()
        ]
        self.fields["first"] = forms.ChoiceField(label=self.fields["first"].label, choices=choices)
        self.fields["second"] = forms.ChoiceField(
            label=self.fields["second"].label, choices=choices
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            raise ValidationError(_("Choose two different pairs."))
        return data

    def chosen(self) -> tuple[tuple[Application, Application], tuple[Application, Application]]:
        return self.pairs[self.cleaned_data["first"]], self.pairs[self.cleaned_data["second"]]


class ManualPairForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Reason for breaking a rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only needed when the pair breaks a rule. It is written to the activity log."),
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "mentee": _side_field(cohort, "mentee"),
            "mentor": _side_field(cohort, "mentor"),
            **self.fields,
        }


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you approve the match?"),
        choices=[
            (SideAnswer.APPROVED, _("Yes, I approve this match")),
            (SideAnswer.DECLINED, _("No, I decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (needed if you decline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == SideAnswer.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Please tell us briefly why."))
        return data


class WithoutPartnerForm(forms.Form):
    """Whom to tell what happens now (people without a partner, the waitlist)."""

    people = forms.MultipleChoiceField(
        label=_("Who gets the email"), widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(
        label=_("What happens now"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    other_initiative = forms.CharField(
        label=_("Which initiative"),
        required=False,
        max_length=200,
        help_text=_("Only for “Offered another initiative”: named in the email."),
    )

    def __init__(self, *args: Any, rows: list[PersonWithoutPartner], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        people = self.fields["people"]
        assert isinstance(people, forms.MultipleChoiceField)
        people.choices = [(row.code, row.application.person.name) for row in rows]


class WishesForm(forms.Form):
    """Whom she should not be paired with, and (optionally) whom she would like."""

    avoid = forms.CharField(
        label=_("Not with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A colleague, a client, a former manager: one full name or company per line."),
    )
    prefer = forms.CharField(
        label=_("I would like (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One full name per line. A wish, not a promise."),
    )


class NominationOverrideForm(forms.Form):
    """Approving a nominated pair that breaks a rule: why (written to the activity log)."""

    override_reason = forms.CharField(
        label=_("Reason for breaking a rule"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only needed when the pair breaks a rule. It is written to the activity log."),
        error_messages={"required": _("Write why you approve this pair anyway.")},
    )
