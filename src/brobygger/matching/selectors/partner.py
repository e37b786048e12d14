"""A new partner for one person, without a full run: the engine ranks the candidates.

When one person of a pair leaves (or a pair ends and one of them is offered a new
partner), the coordinator finds her a partner from the pool: every person on the other
side who is in the matching pool and has no open proposal, explained by the engine
(rules broken, score with its breakdown), the allowed ones first, best score first.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from brobygger.applications.models import Application
from brobygger.matching import engine
from brobygger.matching.models import Proposal
from brobygger.matching.reasons import rule_label
from brobygger.matching.selectors.checks import PairCheck, _with_earlier
from brobygger.matching.selectors.instance import build_instance
from brobygger.matching.selectors.proposals import OPEN_STATUSES
from brobygger.matching.selectors.runs import term_rows
from brobygger.programs.models import Cohort


def busy_applications(cohort: Cohort) -> set[int]:
    """Applications with an open proposal (waiting for answers, or accepted by both)."""
    open_ = Proposal.objects.filter(cohort=cohort, status__in=OPEN_STATUSES)
    return set(open_.values_list("mentee_application_id", flat=True)) | set(
        open_.values_list("mentor_application_id", flat=True)
    )


def partner_candidates(cohort: Cohort, application: Application) -> list[PairCheck]:
    """Everyone ``application`` may be paired with now, ranked: allowed first, then by score
    (one engine instance, explained pair by pair; a fixed number of queries)."""
    built = build_instance(cohort, for_check=True)
    busy = busy_applications(cohort)
    other_role = "mentor" if application.role == "mentee" else "mentee"
    others = [
        a
        for a in built.applications.values()
        if a.role == other_role and a.pk not in busy and a.pk != application.pk
    ]
    try:
        instance = engine.load_instance({**built.instance, "locked": []})
    except engine.InstanceError:
        return []
    checks = []
    for other in others:
        mentee, mentor = (
            (application, other) if application.role == "mentee" else (other, application)
        )
        try:
            why = engine.explain(instance, str(mentee.code), str(mentor.code))
        except (engine.InstanceError, KeyError, ValueError):
            checks.append(PairCheck(mentee, mentor, [_("a profile lacks data the matching needs")]))
            continue
        checks.append(
            PairCheck(
                mentee,
                mentor,
                [rule_label(b.rule) for b in why.broken_rules],
                why.score,
                term_rows([t.to_dict() for t in why.terms]),
            )
        )
    checks.sort(key=lambda c: (not c.allowed, -c.score, c.mentee.pk, c.mentor.pk))
    return _with_earlier(cohort, checks)
