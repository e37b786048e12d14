"""A proposal that introduces a person: the partner in her own words, and what the two have
in common and what differs, in plain sentences built from the terms of the pair's score.

:func:`pair_facts` is the one function that turns the engine's score terms into facts; a
sentence is said only for a term that counts (its weight is above 0) and that the pair
scores on (its value is above 0), so the words never claim what the score did not count.
The facts are computed from the same person data the engine scored (``people_of``), with
the engine's definitions (docs/matching.md, *Score*), and tested against ``explain()``.

The sentences are built when rendered (:class:`Introduction` keeps facts, not text), so an
email renders them in the recipient's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobygger.applications.choices import AVAILABILITY_SLOTS, WORK_VALUES, MatchingField
from brobygger.applications.models import Answer, Application, Topic
from brobygger.matching.models import ProposalSide
from brobygger.matching.selectors.instance import people_of
from brobygger.privacy.selectors import shares_with_partner

#: the text term from which "what you wrote has much in common" (below: "something")
TEXT_MUCH = 0.3
#: the wishes term when both asked for each other (one: 0.75; nobody: 0.5; see scoring)
WISHES_BOTH = 1.0


@dataclass(frozen=True)
class PairFacts:
    """What a pair's score terms rest on, as facts (codes and numbers, not words)."""

    topics: tuple[str, ...] = ()  # topics the mentee wants that the mentor offers
    values: tuple[str, ...] = ()  # work values both named
    availability: tuple[str, ...] = ()  # slots both can meet in
    text: float = 0.0  # the engine's text term (goals and strengths in common)
    other_role_family: bool = False
    other_industry: bool = False
    age_gap: int = 0  # years between the birth years (counted in the difference term)
    both_wished: bool = False


def _counts(terms: Mapping[str, tuple[float, float]], name: str) -> bool:
    weight, value = terms.get(name, (0.0, 0.0))
    return weight > 0 and value > 0


def term_values(terms: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """A proposal's or a run's stored terms as name -> (weight, value)."""
    return {str(t["name"]): (float(t["weight"]), float(t["value"])) for t in terms}


def pair_facts(
    mentee: dict[str, Any], mentor: dict[str, Any], terms: Mapping[str, tuple[float, float]]
) -> PairFacts:
    """The facts behind the pair's counting terms (``terms``: name -> (weight, value)).

    ``mentee`` and ``mentor`` are the instance's people (``people_of``). A term that does
    not count, or on which the pair scores 0, gives no fact.
    """

    def shared(key: str) -> tuple[str, ...]:
        theirs = set(mentor.get(key) or ())
        return tuple(x for x in mentee.get(key) or () if x in theirs)

    facts: dict[str, Any] = {}
    if _counts(terms, "topics"):
        facts["topics"] = shared("topics")
    if _counts(terms, "values"):
        facts["values"] = shared("values")
    if _counts(terms, "availability") and mentee.get("availability") and mentor.get("availability"):
        facts["availability"] = shared("availability")
    if _counts(terms, "text"):
        facts["text"] = terms["text"][1]
    if _counts(terms, "difference"):
        for key, name in (("role_family", "other_role_family"), ("industry", "other_industry")):
            a, b = mentee.get(key), mentor.get(key)
            facts[name] = bool(a and b and a != b)
        a_year, b_year = mentee.get("birth_year"), mentor.get("birth_year")
        if a_year and b_year:
            facts["age_gap"] = abs(int(a_year) - int(b_year))
    if _counts(terms, "wishes"):
        facts["both_wished"] = terms["wishes"][1] >= WISHES_BOTH
    return PairFacts(**facts)


def _lower_first(label: str) -> str:
    """ "Kunstig intelligens" inside a sentence: «kunstig intelligens» (but "AI" stays)."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _topic_name(topic: Any) -> str:
    return str(getattr(topic, "display_name", topic))


def _listed(labels: list[str]) -> str:
    return str(get_text_list([_lower_first(x) for x in labels], _("and")))


def common_sentences(facts: PairFacts, topics: Mapping[str, Any]) -> list[str]:
    """What the two have in common, in the active language (``topics``: slug -> a name or
    a ``Topic``, named when rendered)."""
    out = []
    if facts.topics:
        names = [_topic_name(topics.get(slug, slug)) for slug in facts.topics]
        out.append(_("You share an interest in %(topics)s.") % {"topics": _listed(names)})
    if facts.values:
        labels = dict(WORK_VALUES)
        names = [str(labels.get(code, code)) for code in facts.values]
        out.append(_("You both value %(values)s.") % {"values": _listed(names)})
    if facts.availability:
        labels = dict(AVAILABILITY_SLOTS)
        names = [str(labels.get(code, code)) for code in facts.availability]
        out.append(_("You can both meet at these times: %(times)s.") % {"times": _listed(names)})
    if facts.text >= TEXT_MUCH:
        out.append(_("What you wrote about goals and strengths has a lot in common."))
    elif facts.text > 0:
        out.append(_("What you wrote about goals and strengths has something in common."))
    if facts.both_wished:
        out.append(_("You both asked to be paired with each other."))
    return out


def difference_sentence(facts: PairFacts) -> str:
    """What differs, in one sentence ("" when nothing the score counts differs)."""
    parts = []
    if facts.other_industry:
        parts.append(_("you work in different industries"))
    if facts.other_role_family:
        parts.append(_("you work in different fields"))
    if facts.age_gap:
        parts.append(
            ngettext(
                "the age difference is %(years)d year",
                "the age difference is %(years)d years",
                facts.age_gap,
            )
            % {"years": facts.age_gap}
        )
    if not parts:
        return ""
    if len(parts) > 1:
        # clauses: Norwegian puts a comma before «og» between two main clauses
        text = _("%(clauses)s and %(last)s") % {"clauses": ", ".join(parts[:-1]), "last": parts[-1]}
    else:
        text = parts[0]
    return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class OwnWords:
    question: str
    text: str


@dataclass(frozen=True)
class Introduction:
    """The partner introduced to one side of a proposal. Words are built when rendered."""

    partner_name: str
    facts: PairFacts
    topics: dict[str, Topic] = field(default_factory=dict)
    own_words: list[OwnWords] = field(default_factory=list)
    answer_by: dt.date | None = None

    @property
    def common(self) -> list[str]:
        return common_sentences(self.facts, self.topics)

    @property
    def different(self) -> str:
        return difference_sentence(self.facts)


def own_words(application: Application) -> list[OwnWords]:
    """What she wrote about her goals or strengths, if she agreed to share it; else none."""
    if not shares_with_partner(application.person):
        return []
    rows = (
        Answer.objects.filter(application=application, question__matching_field=MatchingField.TEXT)
        .select_related("question")
        .order_by("question__order", "question_id")
    )
    return [
        OwnWords(row.question.display_label, str(row.value).strip())
        for row in rows
        if isinstance(row.value, str) and row.value.strip()
    ]


def introduce(
    *,
    mentee: Application,
    mentor: Application,
    role: str,
    terms: list[dict[str, Any]],
    answer_by: dt.date | None,
) -> Introduction:
    """The partner of ``role`` in the pair, introduced (``terms``: the pair's score terms)."""
    people = people_of([mentee, mentor])
    facts = pair_facts(people[str(mentee.code)], people[str(mentor.code)], term_values(terms))
    partner = mentor if role == "mentee" else mentee
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=facts.topics)}
    return Introduction(
        partner_name=partner.person.name,
        facts=facts,
        topics=topics,
        own_words=own_words(partner),
        answer_by=answer_by,
    )


def answer_by(side: ProposalSide | None, reminder_days: int, now: dt.datetime) -> dt.date:
    """The date to answer by: the day the reminder goes (asked + the cohort's days)."""
    asked = side.asked_at if side is not None and side.asked_at else now
    return timezone.localdate(asked + dt.timedelta(days=reminder_days))


def side_introduction(side: ProposalSide, now: dt.datetime) -> Introduction:
    proposal = side.proposal
    return introduce(
        mentee=proposal.mentee_application,
        mentor=proposal.mentor_application,
        role=side.role,
        terms=proposal.terms or [],
        answer_by=answer_by(side, proposal.cohort.proposal_reminder_days, now),
    )
