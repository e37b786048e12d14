"""Initiative kinds and the pairing rules each provides as defaults (docs/architecture.md).

Rules live in data: a cohort starts from its kind's defaults and the coordinator
may tune them. Nothing else in the code branches on the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REVERSE = "reverse", _("Reverse mentoring")
    CLASSIC = "classic", _("Mentor programme")
    SHADOWING = "shadowing", _("Executive shadowing")


class CompanyRule(models.TextChoices):
    DIFFERENT = "different", _("Different companies (and corporate groups)")
    SAME = "same", _("Same company")
    ANY = "any", _("Any company")


class DirectionRule(models.TextChoices):
    MENTOR_YOUNGER = "mentor_younger", _("Mentor is younger (by birth year)")
    MENTOR_MORE_EXPERIENCED = "mentor_more_experienced", _("Mentor has more years of experience")
    NONE = "none", _("No direction rule")


#: the pair page's cards of the mentoring kinds (agreement, meetings, the conversation guide,
#: goals rated through the year) and of executive shadowing (its days, the talent's goal and
#: the leader's reflection replace them)
MENTORING_SECTIONS = frozenset({"agreement", "meetings", "guide", "goals"})
SHADOWING_SECTIONS = frozenset({"shadowing"})


@dataclass(frozen=True)
class KindWords:
    """The words a kind's pages, emails, exports and reports use for its people and pairs
    (executive shadowing says talent, top leader, pair and shadowing day; the mentoring
    kinds say mentee, mentor and mentor pair). Read them with :func:`kind_words`; templates
    with ``{% kind_words cohort as words %}`` (``programs/templatetags/kinds.py``)."""

    #: a role in a sentence, lower case ("the top leader")
    mentor: str | Promise
    mentee: str | Promise
    mentors: str | Promise
    mentees: str | Promise
    #: what the kind calls one of its pairs, lower case
    pair: str | Promise
    #: the pair page's line on who sees what
    pair_page_privacy: str | Promise
    #: the matching page's button and page title for giving two pairs each other's partner
    swap: str | Promise
    #: the direction rule, said with the kind's words
    direction_rules: dict[str, str | Promise]


@dataclass(frozen=True)
class KindDefaults:
    company_rule: str
    direction_rule: str
    min_gap_years: int
    mentor_label: str | Promise
    mentee_label: str | Promise
    #: the pair page keeps shadowing days (the talent follows the leader), a goal for the
    #: talent and the leader's closing reflection
    shadowing_days: bool = False
    #: the cards the pair page shows (:data:`MENTORING_SECTIONS` or :data:`SHADOWING_SECTIONS`)
    pair_sections: frozenset[str] = MENTORING_SECTIONS
    words: KindWords | None = None


_MENTORING_PRIVACY = _(
    "Only the two of you can see this page. The coordinator sees how often you meet, never "
    "what you write."
)
_MENTORING_DIRECTIONS: dict[str, str | Promise] = {
    DirectionRule.MENTOR_YOUNGER: _("Mentor is younger (by birth year)"),
    DirectionRule.MENTOR_MORE_EXPERIENCED: _("Mentor has more years of experience"),
    DirectionRule.NONE: _("No direction rule"),
}
MENTORING_WORDS = KindWords(
    mentor=pgettext_lazy("role in a sentence", "mentor"),
    mentee=pgettext_lazy("role in a sentence", "mentee"),
    mentors=pgettext_lazy("roles in a sentence", "mentors"),
    mentees=pgettext_lazy("roles in a sentence", "mentees"),
    pair=pgettext_lazy("mentoring", "mentor pair"),
    pair_page_privacy=_MENTORING_PRIVACY,
    swap=_("Swap two mentors"),
    direction_rules=_MENTORING_DIRECTIONS,
)
SHADOWING_WORDS = KindWords(
    mentor=pgettext_lazy("shadowing role in a sentence", "top leader"),
    mentee=pgettext_lazy("shadowing role in a sentence", "talent"),
    mentors=pgettext_lazy("shadowing roles in a sentence", "top leaders"),
    mentees=pgettext_lazy("shadowing roles in a sentence", "talents"),
    pair=pgettext_lazy("shadowing", "pair"),
    pair_page_privacy=_(
        "Only the two of you can see this page, and a reflection on a shadowing day only the "
        "talent. The coordinator sees how many shadowing days you have logged, never what you "
        "write."
    ),
    swap=_("Swap the top leaders of two pairs"),
    direction_rules={
        DirectionRule.MENTOR_YOUNGER: _("The top leader is younger (by birth year)"),
        DirectionRule.MENTOR_MORE_EXPERIENCED: _("The top leader has more years of experience"),
        DirectionRule.NONE: _("No direction rule"),
    },
)


KIND_DEFAULTS: dict[str, KindDefaults] = {
    Kind.REVERSE: KindDefaults(
        CompanyRule.DIFFERENT,
        DirectionRule.MENTOR_YOUNGER,
        10,
        pgettext_lazy("reverse mentoring role", "Mentor (the younger)"),
        pgettext_lazy("reverse mentoring role", "Mentee (the senior)"),
    ),
    Kind.CLASSIC: KindDefaults(
        CompanyRule.DIFFERENT,
        DirectionRule.MENTOR_MORE_EXPERIENCED,
        5,
        pgettext_lazy("mentor programme role", "Mentor"),
        pgettext_lazy("mentor programme role", "Mentee"),
    ),
    Kind.SHADOWING: KindDefaults(
        CompanyRule.SAME,
        DirectionRule.MENTOR_MORE_EXPERIENCED,
        5,
        pgettext_lazy("shadowing role", "Top leader"),
        pgettext_lazy("shadowing role", "Talent"),
        shadowing_days=True,
        pair_sections=SHADOWING_SECTIONS,
        words=SHADOWING_WORDS,
    ),
}


def kind_words(kind: str) -> KindWords:
    """The words of ``kind`` (an initiative's kind); the mentoring words for an unknown one."""
    defaults = KIND_DEFAULTS.get(kind)
    return (defaults.words if defaults is not None else None) or MENTORING_WORDS


def role_label(kind: str, role: str) -> str | Promise:
    """A role (``"mentor"`` or ``"mentee"``) as a label, in the kind's words ("Top leader")."""
    defaults = KIND_DEFAULTS.get(kind, KIND_DEFAULTS[Kind.CLASSIC])
    return defaults.mentor_label if role == "mentor" else defaults.mentee_label


def short_role_label(kind: str, role: str) -> str:
    """A role as a short label ("Mentee", "Talent", "Toppleder"): a column or a report's
    heading, where reverse mentoring's "(the senior)" would be in the way."""
    return capfirst(str(role_word(kind, role)))


def role_word(kind: str, role: str) -> str | Promise:
    """A role in a sentence, lower case, in the kind's words ("top leader")."""
    words = kind_words(kind)
    return words.mentor if role == "mentor" else words.mentee


def direction_rule_label(kind: str, rule: str) -> str | Promise:
    """The direction rule said in the kind's words."""
    return kind_words(kind).direction_rules.get(rule, rule)


def kinds_with_section(section: str) -> list[str]:
    """The kinds whose pair page has ``section`` (``"meetings"``, ``"agreement"``, …)."""
    return [str(kind) for kind, d in KIND_DEFAULTS.items() if section in d.pair_sections]
