"""Reads of the coordinator's matching page: runs, the proposal as rows, what changed.

Only a cohort's coordinators (and network admins) reach any of this: every entry point
takes a cohort from ``get_coordinated_cohort`` or a run through :func:`get_run_for`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from brobygger.applications.choices import Role
from brobygger.applications.models import Application, Topic
from brobygger.core.models import FieldIs
from brobygger.matching.models import (
    ConstraintKind,
    MatchConstraint,
    MatchingInputs,
    MatchRun,
    Proposal,
    ProposalStatus,
    RunStatus,
)
from brobygger.matching.reasons import REASON_RULE, TERMS, reason_text, rule_summary
from brobygger.matching.selectors.earlier import earlier_pairs, people_key
from brobygger.matching.selectors.instance import (
    DECLINED,
    EARLIER,
    ENDED,
    current_fingerprint,
    forbidden_pairs,
    matching_weights,
)
from brobygger.matching.selectors.wishes import CONFLICT, WISH, silent_terms
from brobygger.pairs.models import Pair
from brobygger.programs.kinds import CompanyRule, direction_rule_label
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_coordinated_by

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def runs_of(cohort: Cohort) -> list[MatchRun]:
    return list(
        MatchRun.objects.filter(cohort=cohort)
        .select_related("run_by")
        .defer("instance", "result")
        .order_by("-created_at", "-id")
    )


def latest_run(cohort: Cohort) -> MatchRun | None:
    return MatchRun.objects.filter(cohort=cohort).order_by("-created_at", "-id").first()


def round_boundary(cohort: Cohort) -> int:
    """The id of the last run whose proposals were published (0 before publishing): the
    runs after it belong to the current round (a second round after publishing)."""
    published = Proposal.objects.filter(
        cohort=cohort, status=ProposalStatus.PUBLISHED, run__isnull=False
    ).aggregate(last=Max("run_id"))
    return published["last"] or 0


def current_round_run(cohort: Cohort) -> MatchRun | None:
    """The latest run of the current round: in a second round, never a run whose pairs
    were already published (it is history, shown among the earlier runs)."""
    return (
        MatchRun.objects.filter(cohort=cohort, pk__gt=round_boundary(cohort))
        .order_by("-created_at", "-id")
        .first()
    )


def latest_done_run(cohort: Cohort) -> MatchRun | None:
    """The latest finished run of the current round (what may be sent, swapped, published):
    a run whose pairs were published never comes back in a second round."""
    return (
        MatchRun.objects.filter(cohort=cohort, status=RunStatus.DONE, pk__gt=round_boundary(cohort))
        .order_by("-created_at", "-id")
        .first()
    )


def get_run_for(user: User | AnonymousUser, code: Any) -> MatchRun:
    """A run of a cohort the user coordinates, or 404."""
    run = (
        MatchRun.objects.filter(cohort__in=cohorts_coordinated_by(user), code=code)
        .select_related("cohort__initiative", "run_by")
        .first()
    )
    if run is None:
        raise Http404(_("No such matching run."))
    return run


def inputs_version(cohort: Cohort) -> int:
    """How many times the cohort's matching inputs changed (0 before the first run)."""
    version = MatchingInputs.objects.filter(cohort=cohort).values_list("version", flat=True)
    return version.first() or 0


def is_stale(run: MatchRun) -> bool:
    """Something the run depends on changed after it started: a lock, a forbidden pair, a
    swap, a hand-made pair, a person left out, a setting, a withdrawal or a decision
    (counted by ``MatchingInputs``), or the set of accepted applicants itself (which also
    catches a change made outside the services, in the admin or the database)."""
    return run.inputs_version != inputs_version(run.cohort) or run.fingerprint != (
        current_fingerprint(run.cohort)
    )


def published_pairs(cohort: Cohort) -> QuerySet[Pair]:
    """The cohort's published pairs, for the read-only matching page after publishing (a
    page at a time: ordered by the mentee's first name, then pk)."""
    return (
        Pair.objects.filter(cohort=cohort)
        .select_related(
            "mentee__user", "mentee__company", "mentor__user", "mentor__company", "published_by"
        )
        .order_by("mentee__user__first_name", "pk")
    )


def constraints_of(cohort: Cohort) -> list[MatchConstraint]:
    return list(
        MatchConstraint.objects.filter(cohort=cohort).select_related(
            "mentee_application__person__user", "mentor_application__person__user"
        )
    )


def settings_rows(cohort: Cohort) -> list[tuple[str, str]]:
    """The effective matching settings in words, for the page's summary."""
    company = dict(CompanyRule.choices)
    weights = matching_weights(cohort)
    return [
        (_("Company rule"), str(company[cohort.effective_company_rule()])),
        (
            _("Direction rule"),
            str(direction_rule_label(cohort.kind, cohort.effective_direction_rule())),
        ),
        (_("Minimum gap in years"), str(cohort.effective_min_gap_years())),
        (
            _("Target number of pairs"),
            str(cohort.target_pairs) if cohort.target_pairs else _("as many as possible"),
        ),
        (
            _("Weights"),
            ", ".join(f"{TERMS[name][0]} {value:g}" for name, value in weights.items()),
        ),
    ]


# -- the proposal as rows ------------------------------------------------------------


@dataclass(frozen=True)
class TermRow:
    name: str
    label: str
    help: str
    value: float
    weight: float
    contribution: float

    @property
    def percent(self) -> int:
        return round(self.value * 100)


@dataclass
class PairRow:
    mentee: Application
    mentor: Application
    score: float
    terms: list[TermRow]
    locked: bool = False
    manual_reason: str = ""
    lock: MatchConstraint | None = None
    shared_topics: list[str] = field(default_factory=list)
    change: str = ""  # "" | "new"
    #: the programme years in which these two were a pair before
    earlier: list[Cohort] = field(default_factory=list)
    #: why the pair may no longer be proposed ("" while it may; see ``forbidden_pairs``)
    forbidden: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def forbidden_label(self) -> str:
        """Why the pair may no longer be proposed, in words."""
        label = FORBIDDEN_LABELS.get(self.forbidden)
        return pgettext("pair", "forbidden") if label is None else str(label)


#: why a pair may no longer be proposed (``PairRow.forbidden``), as the matching page says it
FORBIDDEN_LABELS = {
    DECLINED: pgettext_lazy("proposal", "declined"),
    EARLIER: gettext_lazy("paired in an earlier year"),
    ENDED: gettext_lazy("their pair ended this year"),
    WISH: gettext_lazy("one of them asked not to be paired with the other"),
    CONFLICT: gettext_lazy("their companies are clients or competitors"),
}


@dataclass(frozen=True)
class UnmatchedRow:
    application: Application
    side: str
    reason: str

    is_mentee = FieldIs("side", Role.MENTEE)


@dataclass
class ProposalView:
    run: MatchRun
    #: the run's pairs that may still be proposed
    pairs: list[PairRow]
    #: the run's pairs forbidden or declined since: never listed as proposed
    no_longer: list[PairRow]
    unmatched: list[UnmatchedRow]
    rule_summaries: list[str]
    removed_pairs: list[tuple[Application, Application]]
    previous: MatchRun | None
    stale: bool

    @property
    def unchanged(self) -> int:
        return sum(1 for p in self.pairs if not p.change)


def term_rows(terms: list[dict[str, Any]], without: frozenset[str] = frozenset()) -> list[TermRow]:
    """The terms as rows, but those in ``without`` (``wishes.silent_terms``)."""
    rows = []
    for term in terms:
        if term["name"] in without:
            continue
        label, help_text = TERMS.get(term["name"], (term["name"], ""))
        rows.append(
            TermRow(
                term["name"],
                str(label),
                str(help_text),
                float(term["value"]),
                float(term["weight"]),
                float(term["contribution"]),
            )
        )
    return rows


def _pairs_of(run: MatchRun | None) -> set[tuple[str, str]]:
    if run is None or not run.result:
        return set()
    pairs = {(p["mentee"], p["mentor"]) for p in run.result["pairs"]}
    pairs |= {(m["mentee"], m["mentor"]) for m in run.instance.get("meta", {}).get("manual", [])}
    return pairs


def _topic_names(slugs: set[str]) -> dict[str, str]:
    return {t.slug: t.display_name for t in Topic.objects.filter(slug__in=slugs)}


def proposal_view(run: MatchRun) -> ProposalView:
    """Pairs with their breakdown, unmatched people with reasons, and the diff to the
    previous finished run. A fixed number of queries, whatever the size of the run.

    A pair forbidden (or declined) after the run is moved out of the pairs into
    ``no_longer``: a forbidden pair is never listed as proposed or locked. Pairs of two
    people who were a pair in an earlier programme year carry those years in ``earlier``.
    """
    result = run.result or {"pairs": [], "unmatched": []}
    meta = run.instance.get("meta", {})
    people = {p["id"]: p for side in ("mentees", "mentors") for p in run.instance.get(side, [])}
    ids = set(people) | {e["id"] for e in meta.get("excluded", [])}
    for m in meta.get("manual", []):
        ids |= {m["mentee"], m["mentor"]}
    # An erased person's pairs and reasons are left out: she is nobody's choice any more.
    apps = {
        str(a.code): a
        for a in Application.objects.filter(
            code__in=ids, person__erased_at__isnull=True
        ).select_related("person__user", "person__company")
    }
    locks = {
        c.codes(): c
        for c in MatchConstraint.objects.filter(
            cohort=run.cohort, kind=ConstraintKind.LOCK
        ).select_related("mentee_application", "mentor_application")
    }
    previous = (
        MatchRun.objects.filter(
            cohort=run.cohort,
            status=RunStatus.DONE,
            created_at__lte=run.created_at,
            pk__gt=round_boundary(run.cohort),
        )
        .exclude(pk=run.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    before = _pairs_of(previous)
    topic_slugs = {t for p in people.values() for t in p.get("topics", [])}
    topic_names = _topic_names(topic_slugs)
    silent = silent_terms(run.instance)
    rows = []
    for p in result["pairs"]:
        e, m = p["mentee"], p["mentor"]
        if e not in apps or m not in apps:
            continue
        shared = sorted(set(people[e].get("topics", [])) & set(people[m].get("topics", [])))
        rows.append(
            PairRow(
                apps[e],
                apps[m],
                float(p["score"]),
                term_rows(p["terms"], silent),
                locked=bool(p["locked"]),
                lock=locks.get((e, m)),
                shared_topics=[topic_names.get(s, s) for s in shared],
                change="new" if previous and (e, m) not in before else "",
            )
        )
    for m in meta.get("manual", []):
        e, mm = m["mentee"], m["mentor"]
        if e in apps and mm in apps:
            rows.append(
                PairRow(
                    apps[e],
                    apps[mm],
                    0.0,
                    [],
                    locked=True,
                    manual_reason=m["reason"],
                    lock=locks.get((e, mm)),
                    change="new" if previous and (e, mm) not in before else "",
                )
            )
    earlier = earlier_pairs(run.cohort, {a.person_id for a in apps.values()})
    forbidden = forbidden_pairs(run.cohort)
    for row in rows:
        row.earlier = earlier.get(people_key(row.mentee.person_id, row.mentor.person_id), [])
        row.forbidden = forbidden.get((str(row.mentee.code), str(row.mentor.code)), "")
    kind = run.cohort.kind
    unmatched = [
        UnmatchedRow(apps[u["id"]], u["side"], reason_text(kind, u["code"], u.get("params", {})))
        for u in [*meta.get("excluded", []), *result["unmatched"]]
        if u["id"] in apps
    ]
    blamed = Counter(
        REASON_RULE[u["code"]] for u in result["unmatched"] if u["code"] in REASON_RULE
    )
    now = _pairs_of(run)
    removed = [(apps[e], apps[m]) for e, m in sorted(before - now) if e in apps and m in apps]
    return ProposalView(
        run=run,
        pairs=[r for r in rows if not r.forbidden],
        no_longer=[r for r in rows if r.forbidden],
        unmatched=unmatched,
        rule_summaries=[rule_summary(rule, n, len(unmatched)) for rule, n in blamed.most_common()],
        removed_pairs=removed,
        previous=previous,
        stale=is_stale(run),
    )
