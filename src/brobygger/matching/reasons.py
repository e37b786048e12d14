"""The engine's codes in plain, translated words: score terms, unmatched reasons, rules.

The engine's English ``message`` is never shown: we translate from ``code`` + ``params``
(docs/matching.md, *Reason codes*) so a Norwegian coordinator reads Norwegian.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from brobygger.programs.kinds import role_label as kind_role_label

#: score term -> (label, one-line explanation), in the engine's order
TERMS: dict[str, tuple[Promise, Promise]] = {
    "topics": (
        pgettext_lazy("score term", "Topics"),
        gettext_lazy("Share of the topics the mentee wants that the mentor offers."),
    ),
    "text": (
        pgettext_lazy("score term", "Goals and strengths"),
        gettext_lazy("How much the mentee's goals and the mentor's strengths have in common."),
    ),
    "values": (
        pgettext_lazy("score term", "Work values"),
        gettext_lazy("Shared work values, out of the longer of the two lists."),
    ),
    "difference": (
        pgettext_lazy("score term", "Difference"),
        gettext_lazy(
            "Bonus for another role family, another industry and a larger age gap: "
            "leaving one's bubble is the point."
        ),
    ),
    "wishes": (
        pgettext_lazy("score term", "Wishes"),
        gettext_lazy("Stated wishes to be paired with (or not with) each other."),
    ),
    "availability": (
        pgettext_lazy("score term", "Availability"),
        gettext_lazy(
            "Times of day both can meet, out of the shorter of the two lists "
            "(neutral when someone gave none)."
        ),
    ),
}

RULES: dict[str, Promise] = {
    "company": gettext_lazy("breaks the company rule"),
    "direction": gettext_lazy("breaks the age or experience gap rule"),
    "language": gettext_lazy("the two share no language"),
    "format": gettext_lazy("incompatible meeting formats or different cities"),
    "forbidden": gettext_lazy("the pair is forbidden"),
    "capacity": gettext_lazy("the mentor takes no mentees"),
}


def role_label(kind: str, role: str) -> str:
    return str(lazy_role_label(kind, role))


def lazy_role_label(kind: str, role: str) -> str | Promise:
    """The label, translated only when rendered: emails render in the recipient's language."""
    return kind_role_label(kind, role)


def rule_label(rule: str) -> str:
    return str(RULES.get(rule, rule))


def _partner(kind: str, params: dict[str, Any]) -> str:
    return role_label(kind, str(params.get("partner", ""))).lower()


def _direction_younger(kind: str, p: dict[str, Any]) -> str:
    if p.get("younger_older") == "younger":
        text = _("every %(partner)s who meets the other rules is less than %(gap)s years younger")
    else:
        text = _("every %(partner)s who meets the other rules is less than %(gap)s years older")
    return text % {"partner": _partner(kind, p), "gap": p.get("min_gap_years")}


def _direction_experience(kind: str, p: dict[str, Any]) -> str:
    if p.get("more_less") == "more":
        text = _(
            "every %(partner)s who meets the other rules has less than %(gap)s years "
            "more experience"
        )
    else:
        text = _(
            "every %(partner)s who meets the other rules has less than %(gap)s years "
            "less experience"
        )
    return text % {"partner": _partner(kind, p), "gap": p.get("min_gap_years")}


def _simple(template: Callable[[], str]) -> Callable[[str, dict[str, Any]], str]:
    def render(kind: str, p: dict[str, Any]) -> str:
        return template() % {
            "partner": _partner(kind, p),
            "count": p.get("count"),
            "eligible": p.get("eligible"),
            "target": p.get("target_pairs"),
        }

    return render


def _counted(
    partner_role: str, template: Callable[[int], str]
) -> Callable[[str, dict[str, Any]], str]:
    """A reason about the ``eligible`` partners who fit, in the kind's word for them."""

    def render(kind: str, p: dict[str, Any]) -> str:
        n = int(p.get("eligible") or 0)
        return template(n) % {"partner": role_label(kind, partner_role).lower(), "eligible": n}

    return render


REASONS: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "no_partners": _simple(lambda: _("there is no %(partner)s with room in this programme year")),
    "no_capacity": _simple(lambda: _("this mentor takes no mentees this round")),
    "no_eligible_company_different": _simple(
        lambda: _(
            "every %(partner)s who meets the other rules works at the same company "
            "or in the same corporate group"
        )
    ),
    "no_eligible_company_same": _simple(
        lambda: _("no %(partner)s who meets the other rules works at the same company")
    ),
    "no_eligible_direction_mentor_younger": _direction_younger,
    "no_eligible_direction_mentor_more_experienced": _direction_experience,
    "no_eligible_language": _simple(
        lambda: _("no %(partner)s who meets the other rules shares a language")
    ),
    "no_eligible_format": _simple(
        lambda: _(
            "every %(partner)s who meets the other rules wants another meeting format "
            "or lives in another city"
        )
    ),
    "no_eligible_forbidden": _simple(
        lambda: _("every %(partner)s who meets the other rules is a forbidden pair")
    ),
    "no_eligible_combined": _simple(lambda: _("every %(partner)s breaks two or more rules")),
    "capacity_full": _counted(  # a mentee: her suitable mentors all went to others
        "mentor",
        lambda n: ngettext(
            "the one %(partner)s who fits is already taken",
            "every %(partner)s who fits (%(eligible)s in all) is already taken",
            n,
        ),
    ),
    "outcompeted": _counted(  # a mentor: his suitable mentees were all paired with others
        "mentee",
        lambda n: ngettext(
            "the one %(partner)s who fits was paired with someone else",
            "every %(partner)s who fits (%(eligible)s in all) was paired with someone else",
            n,
        ),
    ),
    "target_reached": _simple(lambda: _("the target of %(target)s pairs was reached")),
    # our own, for people the app cannot give to the engine
    "missing_birth_year": _simple(lambda: _("the profile has no birth year")),
    "missing_experience": _simple(lambda: _("the profile has no years of experience")),
    "removed": _simple(lambda: _("the coordinator left this person out of matching")),
}

#: which rule a reason code blames (for "the company rule excludes 4 people")
REASON_RULE: dict[str, str] = {
    "no_eligible_company_different": "company",
    "no_eligible_company_same": "company",
    "no_eligible_direction_mentor_younger": "direction",
    "no_eligible_direction_mentor_more_experienced": "direction",
    "no_eligible_language": "language",
    "no_eligible_format": "format",
    "no_eligible_forbidden": "forbidden",
}


def reason_text(kind: str, code: str, params: dict[str, Any]) -> str:
    render = REASONS.get(code)
    if render is None:
        return _("no suitable partner (%(code)s)") % {"code": code}
    return render(kind, params)


def rule_summary(rule: str, count: int, total: int) -> str:
    """'The company rule is why 1 of the 2 people without a partner has none' in words: the
    rule's share of the people the run left without a partner (``total``, the one count the
    page gives)."""
    names = {
        "company": _("The company rule"),
        "direction": _("The age or experience gap rule"),
        "language": _("The shared language rule"),
        "format": _("The meeting format and city rule"),
        "forbidden": _("Forbidden pairs"),
    }
    text = ngettext(
        "%(rule)s: the reason the one person without a partner has none.",
        "%(rule)s: the reason for %(count)d of the %(total)d people without a partner.",
        total,
    )
    return text % {"rule": names[rule], "count": count, "total": total}
