"""Initiative kinds: one :class:`KindProfile` per kind holds all that differs between them
(docs/architecture.md, "Initiative kinds").

Rules live in data: a cohort starts from its kind's defaults and the coordinator may tune
them. Nothing else in the code branches on the kind: it reads ``profile(kind)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy


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
    #: the direction rule as the programme year's public page says it: a lazy plural on
    #: ``years`` (``sentence % {"years": n}``); a rule without a sentence is not said
    direction_sentences: dict[str, str | Promise]


_MENTORING_PRIVACY = _(
    "Only the two of you can see this page. The coordinator sees how often you meet, never "
    "what you write."
)
_MENTORING_DIRECTIONS: dict[str, str | Promise] = {
    DirectionRule.MENTOR_YOUNGER: _("Mentor is younger (by birth year)"),
    DirectionRule.MENTOR_MORE_EXPERIENCED: _("Mentor has more years of experience"),
    DirectionRule.NONE: _("No direction rule"),
}
_MENTORING_DIRECTION_SENTENCES: dict[str, str | Promise] = {
    DirectionRule.MENTOR_YOUNGER: ngettext_lazy(
        "The mentor is the younger: at least %(years)s year younger than the mentee.",
        "The mentor is the younger: at least %(years)s years younger than the mentee.",
        "years",
    ),
    DirectionRule.MENTOR_MORE_EXPERIENCED: ngettext_lazy(
        "The mentor has at least %(years)s more year of experience than the mentee.",
        "The mentor has at least %(years)s more years of experience than the mentee.",
        "years",
    ),
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
    direction_sentences=_MENTORING_DIRECTION_SENTENCES,
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
    direction_sentences={
        **_MENTORING_DIRECTION_SENTENCES,
        DirectionRule.MENTOR_MORE_EXPERIENCED: ngettext_lazy(
            "The host has at least %(years)s more year of experience than the talent.",
            "The host has at least %(years)s more years of experience than the talent.",
            "years",
        ),
    },
)


MENTOR, MENTEE = "mentor", "mentee"
_UNKNOWN_MENTORING_ROLE = _("Unknown role. Expected mentor or mentee.")


@dataclass(frozen=True, kw_only=True)
class KindProfile:
    """Everything that makes one initiative kind differ from the others, as plain data.

    The apps above ``programs`` (applications, pairs, matching, surveys, api) read it and
    never ask which kind it is; adding a kind is a profile here (docs/architecture.md,
    "Adding an initiative kind"). Roles are ``"mentor"`` and ``"mentee"`` (the value of the
    upper apps' role choices). What a profile leaves out is a mentoring kind's: pairs from
    different companies in the mentoring words and cards, the mentor the senior, both asked
    at once and either booking the first meeting, the plain import and the standard form.
    """

    #: the value stored in ``Initiative.kind`` (one of :class:`Kind`)
    kind: str
    # -- the pairing rules' defaults (the coordinator may tune them per programme year); the
    # matching engine keeps the same table (``matching/engine/model.py``), a test compares them
    company_rule: str = CompanyRule.DIFFERENT
    direction_rule: str
    min_gap_years: int
    # -- its words
    #: the roles as labels ("Mentor (the younger)", "Top leader")
    mentor_label: str | Promise
    mentee_label: str | Promise
    words: KindWords = MENTORING_WORDS
    #: the cards of the pair page (:data:`MENTORING_SECTIONS` or :data:`SHADOWING_SECTIONS`)
    pair_sections: frozenset[str] = MENTORING_SECTIONS
    # -- the year's rhythm
    #: the senior side of a pair (the one the "quiet pair" nudge goes to)
    senior_role: str = MENTOR
    #: the role a match proposal emails first; the partner is asked when she says yes.
    #: None: both are asked at once
    asks_first: str | None = None
    #: who books the first meeting; None: either side may. The "you are matched" email
    #: tells this role (the mentee when None) that she books it
    first_meeting_booked_by: str | None = None
    # -- the spreadsheet import
    #: spellings of the roles, beside mentor/mentee/adept and the role labels, that the
    #: role column takes (folded: case and accents do not matter) -> the role
    import_role_aliases: Mapping[str, str] = field(default_factory=dict)
    #: the problem shown for a role the import does not know
    import_unknown_role: str | Promise = _UNKNOWN_MENTORING_ROLE
    # -- the default application form and surveys
    #: questions of the standard application form said in the kind's own words: the
    #: standard question's Norwegian label -> (Norwegian, English) label
    form_question_words: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: the measures (question keys of ``surveys/defaults.py``) the default baseline and
    #: closing surveys ask, per role; the other questions are the same for every kind
    survey_measures: Mapping[str, tuple[str, ...]]
    # -- the look, and the API
    #: the colour of its initiatives unless one is chosen: a ``.accent-<code>`` class of
    #: the stylesheet (a code of ``accents.Accent``, or ``sun``)
    accent: str
    #: the kind in the API schema's ``kind`` description (English, one short phrase)
    api_description: str

    @property
    def shadowing_days(self) -> bool:
        """The pair page keeps shadowing days (the talent follows the leader), a goal for
        the talent and the leader's closing reflection, instead of meetings."""
        return "shadowing" in self.pair_sections


class UnknownKind(LookupError):
    """An initiative kind without a profile: a kind added to :class:`Kind` but not to
    :data:`PROFILES` (a programming error, never a user's)."""


PROFILES: dict[str, KindProfile] = {
    profile.kind: profile
    for profile in (
        KindProfile(
            kind=Kind.REVERSE,
            direction_rule=DirectionRule.MENTOR_YOUNGER,
            min_gap_years=10,
            mentor_label=pgettext_lazy("reverse mentoring role", "Mentor (the younger)"),
            mentee_label=pgettext_lazy("reverse mentoring role", "Mentee (the senior)"),
            # the senior is the mentee: her goals are in focus, she says yes first and
            # books the first meeting
            senior_role=MENTEE,
            asks_first=MENTEE,
            first_meeting_booked_by=MENTEE,
            survey_measures={
                MENTEE: ("change_readiness", "digital_confidence", "generation_understanding"),
                MENTOR: ("change_readiness", "leadership_confidence", "generation_understanding"),
            },
            accent="sun",
            api_description="reverse (reverse mentoring: a younger mentor, a senior mentee)",
        ),
        KindProfile(
            kind=Kind.CLASSIC,
            direction_rule=DirectionRule.MENTOR_MORE_EXPERIENCED,
            min_gap_years=5,
            mentor_label=pgettext_lazy("mentor programme role", "Mentor"),
            mentee_label=pgettext_lazy("mentor programme role", "Mentee"),
            survey_measures={
                MENTEE: ("change_readiness", "career_direction", "leadership_confidence"),
                MENTOR: ("change_readiness", "sharing_experience", "leadership_confidence"),
            },
            accent="teal",
            api_description="classic (the mentor programme: a more experienced mentor)",
        ),
        KindProfile(
            kind=Kind.SHADOWING,
            company_rule=CompanyRule.SAME,
            direction_rule=DirectionRule.MENTOR_MORE_EXPERIENCED,
            min_gap_years=5,
            mentor_label=pgettext_lazy("shadowing role", "Top leader"),
            mentee_label=pgettext_lazy("shadowing role", "Talent"),
            words=SHADOWING_WORDS,
            pair_sections=SHADOWING_SECTIONS,
            import_role_aliases={
                "host": MENTOR,
                "vert": MENTOR,
                "toppleder": MENTOR,
                "vert/toppleder": MENTOR,
                "host/top leader": MENTOR,
                "talent": MENTEE,
            },
            import_unknown_role=_("Unknown role. Expected host (vert/toppleder) or talent."),
            form_question_words={
                "Hva er dine styrker som mentor?": (
                    "Hva kan en talent lære av å følge deg i arbeidsdagen?",
                    "What can a talent learn from following you through your working day?",
                ),
                "Hvorfor vil du være mentor?": (
                    "Hvorfor vil du ta imot en talent?",
                    "Why do you want to host a talent?",
                ),
            },
            survey_measures={
                MENTEE: ("change_readiness", "leadership_insight", "career_direction"),
                MENTOR: ("change_readiness", "sharing_experience"),
            },
            accent="violet",
            api_description="shadowing (executive shadowing: a talent follows a top leader of "
            "her own company)",
        ),
    )
}


def profile(kind: str) -> KindProfile:
    """The profile of ``kind`` (an initiative's kind); :class:`UnknownKind` for a kind
    without one, never a silent fallback to another kind's rules."""
    try:
        return PROFILES[kind]
    except KeyError:
        raise UnknownKind(f"No profile for the initiative kind {kind!r}.") from None


def kind_words(kind: str) -> KindWords:
    """The words of ``kind`` (an initiative's kind)."""
    return profile(kind).words


def role_label(kind: str, role: str) -> str | Promise:
    """A role (``"mentor"`` or ``"mentee"``) as a label, in the kind's words ("Top leader")."""
    found = profile(kind)
    return found.mentor_label if role == MENTOR else found.mentee_label


def short_role_label(kind: str, role: str) -> str:
    """A role as a short label ("Mentee", "Talent", "Toppleder"): a column or a report's
    heading, where reverse mentoring's "(the senior)" would be in the way."""
    return capfirst(str(role_word(kind, role)))


def role_word(kind: str, role: str) -> str | Promise:
    """A role in a sentence, lower case, in the kind's words ("top leader")."""
    words = kind_words(kind)
    return words.mentor if role == MENTOR else words.mentee


def direction_rule_label(kind: str, rule: str) -> str | Promise:
    """The direction rule said in the kind's words."""
    return kind_words(kind).direction_rules.get(rule, rule)


def kinds_with_section(section: str) -> list[str]:
    """The kinds whose pair page has ``section`` (``"meetings"``, ``"agreement"``, …)."""
    return [kind for kind, p in PROFILES.items() if section in p.pair_sections]
