"""The engine's verdict on one pair: hard rules broken and the score with its breakdown."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.matching import engine
from brobygger.matching.models import MatchRun
from brobygger.matching.reasons import reason_text, rule_label
from brobygger.matching.selectors.earlier import earlier_pairs, people_key
from brobygger.matching.selectors.instance import build_instance
from brobygger.matching.selectors.runs import TermRow, term_rows
from brobygger.matching.selectors.wishes import silent_terms
from brobygger.programs.models import Cohort


@dataclass(frozen=True)
class PairCheck:
    mentee: Application
    mentor: Application
    broken: list[str] = field(default_factory=list)
    score: float = 0.0
    terms: list[TermRow] = field(default_factory=list)
    #: the programme years in which these two were a pair before
    earlier: list[Cohort] = field(default_factory=list)
    #: the rules behind ``broken``, by name ("company", "direction", "language", …)
    rules: list[str] = field(default_factory=list)
    #: what a profile lacks for the check ("Name: the profile has no birth year"): without
    #: a birth year or years of experience nothing could be checked (``broken`` then says
    #: "a profile lacks data the matching needs"); without languages the language rule
    #: could not be
    unchecked: list[str] = field(default_factory=list)
    #: the rules that could not be checked for want of data ("*" for all of them)
    unchecked_rules: frozenset[str] = frozenset()

    def broken_where_checked(self) -> list[str]:
        """The rules broken, leaving out those the profiles lack the data to check."""
        if "*" in self.unchecked_rules:
            return []
        return [
            label
            for rule, label in zip(self.rules, self.broken, strict=False)
            if rule not in self.unchecked_rules
        ]

    @property
    def allowed(self) -> bool:
        return not self.broken

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _explain(instance: dict[str, Any], mentee: Application, mentor: Application) -> PairCheck:
    data = {**instance, "locked": []}
    try:
        why = engine.explain(engine.load_instance(data), str(mentee.code), str(mentor.code))
    except engine.InstanceError:
        return PairCheck(mentee, mentor, [_("a profile lacks data the matching needs")])
    return PairCheck(
        mentee,
        mentor,
        [rule_label(b.rule) for b in why.broken_rules],
        why.score,
        term_rows([t.to_dict() for t in why.terms], silent_terms(instance)),
        rules=[b.rule for b in why.broken_rules],
    )


def _with_earlier(cohort: Cohort, checks: list[PairCheck]) -> list[PairCheck]:
    people = {a.person_id for c in checks for a in (c.mentee, c.mentor)}
    earlier = earlier_pairs(cohort, people)
    return [
        replace(c, earlier=earlier.get(people_key(c.mentee.person_id, c.mentor.person_id), []))
        for c in checks
    ]


#: the reasons the app leaves a person out of the engine's input: her profile lacks data
MISSING_DATA = ("missing_birth_year", "missing_experience")


def check_pair(cohort: Cohort, mentee: Application, mentor: Application) -> PairCheck:
    """Check a hand-made pair against the cohort as it is now."""
    instance = build_instance(cohort, for_check=True).instance
    check = _explain(instance, mentee, mentor)
    left_out = {e["id"]: e["code"] for e in instance.get("meta", {}).get("excluded", [])}
    unchecked: list[str] = []
    rules: set[str] = set()
    for application in (mentee, mentor):
        name = application.person.name
        if left_out.get(str(application.code)) in MISSING_DATA:
            unchecked.append(
                f"{name}: {reason_text(cohort.kind, left_out[str(application.code)], {})}"
            )
            rules.add("*")
        elif not application.person.languages:
            unchecked.append(f"{name}: {_('the profile has no languages')}")
            rules.add("language")
    if unchecked:
        check = replace(check, unchecked=unchecked, unchecked_rules=frozenset(rules))
    return _with_earlier(cohort, [check])[0]


def swap_preview(
    run: MatchRun, pair_a: tuple[Application, Application], pair_b: tuple[Application, Application]
) -> list[PairCheck]:
    """The two pairs after swapping mentors, scored on the run's own input snapshot, each
    flagged when its two people were a pair in an earlier programme year."""
    (e1, m1), (e2, m2) = pair_a, pair_b
    checks = [_explain(run.instance, e1, m2), _explain(run.instance, e2, m1)]
    return _with_earlier(run.cohort, checks)
