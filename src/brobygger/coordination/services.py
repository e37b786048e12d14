"""Writes of the coordination pages: initiatives, programme years, and copying a year on.

Each write runs in one transaction, validates with ``full_clean`` and leaves an activity
log row naming the actor. Copying a year reuses each app's own service (the application
form, the surveys, the gatherings), so their rules hold for the copy too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from brobygger.applications.models import Question
from brobygger.applications.services.forms import copy_form
from brobygger.coordination.dates import (
    move_date,
    move_datetime,
    next_title,
    weeks_to_next_year,
)
from brobygger.core.services import log_activity
from brobygger.gatherings.guides import copy_guides
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.services import GATHERING_FIELDS, create_gathering, update_gathering
from brobygger.matching.selectors.instance import DEFAULT_WEIGHTS
from brobygger.matching.services.inputs import mark_matching_inputs_changed
from brobygger.matching.services.settings import check_weights
from brobygger.people.roles import grant_coordinator_role, revoke_coordinator_role
from brobygger.programs.models import Cohort, CohortEmailText, Initiative
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import CohortStatus
from brobygger.surveys.services import create_survey, update_survey

if TYPE_CHECKING:
    from brobygger.people.models import User

INITIATIVE_TEXTS = ("name", "name_en", "description", "description_en", "accent")
#: what a programme year's set-up page edits (besides the weights)
#: the fields of the set-up page that the matching reads (with the weights)
MATCHING_FIELDS = {
    "target_pairs",
    "company_rule",
    "direction_rule",
    "min_gap_years",
}
COHORT_FIELDS = (
    "title",
    "applications_open_at",
    "applications_close_at",
    "matching_on",
    "kickoff_on",
    "closing_on",
    "target_pairs",
    "company_rule",
    "direction_rule",
    "min_gap_years",
    "proposal_reminder_days",
    "video_link_template",
    "contact",
)
#: copied as they are into next year's programme year
COPIED_SETTINGS = (
    "target_pairs",
    "company_rule",
    "direction_rule",
    "min_gap_years",
    "proposal_reminder_days",
    "video_link_template",
)


# -- initiatives ---------------------------------------------------------------------------


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_initiative(
    *, kind: str, texts: dict[str, str], coordinators: list[User], by: User
) -> Initiative:
    """A new initiative (network admins only: the view checks), last in the order."""
    order = (Initiative.objects.aggregate(m=Max("order"))["m"] or 0) + 1
    initiative = Initiative(kind=kind, slug=_free_slug(texts.get("name", "")), order=order)
    for name in INITIATIVE_TEXTS:
        setattr(initiative, name, texts.get(name, ""))
    initiative.full_clean()
    initiative.save()
    initiative.coordinators.set(coordinators)
    for user in coordinators:
        grant_coordinator_role(user)
    log_activity(
        actor=by,
        action="initiative.create",
        target=initiative,
        data={"coordinators": [u.pk for u in coordinators]},
    )
    return initiative


@transaction.atomic
def update_initiative(*, initiative: Initiative, texts: dict[str, str], by: User) -> Initiative:
    """Change an initiative's names, descriptions and accent colour."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    changed = [n for n in INITIATIVE_TEXTS if n in texts and texts[n] != getattr(initiative, n)]
    for name in changed:
        setattr(initiative, name, texts[name])
    initiative.full_clean()
    initiative.save()
    log_activity(actor=by, action="initiative.update", target=initiative, data={"changed": changed})
    return initiative


@transaction.atomic
def set_coordinators(*, initiative: Initiative, coordinators: list[User], by: User) -> Initiative:
    """Who coordinates the initiative (a network admin decides; the view checks). A new
    coordinator gets the coordinators' role; one who no longer coordinates anything loses
    it. Refused, changing nothing: removing a programme year's contact person while the
    year is not closed. (With none, the network admins run it.)"""
    before = set(initiative.coordinators.all())
    removed = before - set(coordinators)
    contacts = (
        initiative.cohorts.filter(contact__in=removed)
        .exclude(status__in=[CohortStatus.CLOSED, CohortStatus.ARCHIVED])
        .select_related("contact")
        .order_by("kickoff_on")
    )
    problems = [
        _("%(name)s is the contact person of %(year)s: choose another contact person first.")
        % {"name": cohort.contact.get_full_name() or cohort.contact.email, "year": cohort.title}
        for cohort in contacts
        if cohort.contact is not None
    ]
    if problems:
        raise ValidationError(problems)
    added = set(coordinators) - before
    if not added and not removed:
        return initiative
    initiative.coordinators.set(coordinators)
    for user in added:
        grant_coordinator_role(user)
    for user in removed:
        if not user.coordinated_initiatives.exists():
            revoke_coordinator_role(user)
    log_activity(
        actor=by,
        action="initiative.coordinators",
        target=initiative,
        data={
            "added": sorted(u.pk for u in added),
            "removed": sorted(u.pk for u in removed),
        },
    )
    return initiative


# -- programme years ------------------------------------------------------------------------


def _effective(weights: dict[str, float] | None) -> dict[str, float]:
    """The weights the matching reads: the defaults, then hers."""
    return {name: float(value) for name, value in {**DEFAULT_WEIGHTS, **(weights or {})}.items()}


@transaction.atomic
def save_programme_year(*, cohort: Cohort, weights: dict[str, float], by: User) -> Cohort:
    """Create or change a programme year's dates, rules, weights and contact person."""
    created = cohort.pk is None
    before = (
        {}
        if created
        else Cohort.objects.filter(pk=cohort.pk).values(*COHORT_FIELDS, "matching_weights")[0]
    )
    cohort.matching_weights = check_weights(weights)
    cohort.full_clean()
    cohort.save()
    changed = [
        name
        for name in COHORT_FIELDS
        if created or before[name] != getattr(cohort, f"{name}_id" if name == "contact" else name)
    ]
    weights_changed = not created and _effective(before["matching_weights"]) != _effective(
        cohort.matching_weights
    )
    if not created and (set(changed) & MATCHING_FIELDS or weights_changed):
        # The same settings as on the matching settings page: the latest run is stale.
        mark_matching_inputs_changed(cohort=cohort)
    log_activity(
        actor=by,
        action="cohort.create" if created else "cohort.update",
        target=cohort,
        data={"changed": changed, "weights": cohort.matching_weights},
    )
    return cohort


@dataclass
class YearCopy:
    """What copying a programme year made, and what the coordinator should know."""

    cohort: Cohort
    questions: int = 0
    surveys: int = 0
    gatherings: int = 0
    email_texts: int = 0
    guides: int = 0
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def copy_programme_year(*, cohort: Cohort, by: User) -> YearCopy:
    """Next year's programme year as a draft, from ``cohort``.

    Every date moves the same whole number of weeks (52, or 53 when 52 would land more
    than three days early), so the kickoff, the closing, the gatherings and the
    application window keep their weekday. The title's years move one on. The rules,
    weights, target and contact person are kept; the application form, the surveys (with
    their questions, without invitations), the gatherings (without invitations), the
    programme year's own email texts and its own conversation guide text are copied. A
    gathering shared with other programme years is copied once: the first copy belongs to
    this programme year, and copying another of its programme years links that one to the
    same copy.
    """
    weeks = weeks_to_next_year(cohort.kickoff_on)
    title = next_title(cohort.title, fallback_year=move_date(cohort.kickoff_on, weeks).year)
    if Cohort.objects.filter(initiative=cohort.initiative, title=title).exists():
        raise ValidationError(
            _(
                "%(initiative)s already has a programme year called “%(title)s”: nothing was "
                "copied. Open that programme year to change it."
            )
            % {"initiative": cohort.initiative.display_name, "title": title},
            code="exists",
        )
    new = _copy_cohort(cohort, title, weeks)
    result = YearCopy(new)
    if new.contact_id is None and cohort.contact_id is not None:
        result.notes.append(
            _("The contact person is no longer a coordinator of the initiative: choose another.")
        )
    if Question.objects.filter(cohort=cohort).exists():
        result.questions = len(copy_form(source=cohort, target=new, by=by))
    for survey in cohort.surveys.order_by("opens_on", "kind", "role"):
        copy = create_survey(
            cohort=new, kind=survey.kind, role=survey.role, by=by, copy_from=survey
        )
        dates = {
            "opens_on": move_date(survey.opens_on, weeks),
            "closes_on": move_date(survey.closes_on, weeks),
        }
        update_survey(survey=copy, data=dates, by=by)
        result.surveys += 1
    for gathering in cohort.gatherings.order_by("starts_at", "pk").prefetch_related(
        "cohorts__initiative"
    ):
        _copy_gathering(gathering, source=cohort, target=new, weeks=weeks, by=by, result=result)
    result.email_texts = _copy_email_texts(cohort, new, by)
    result.guides = copy_guides(source=cohort, target=new, by=by)
    log_activity(
        actor=by,
        action="cohort.copy",
        target=new,
        data={
            "from": str(cohort.code),
            "weeks": weeks,
            "questions": result.questions,
            "surveys": result.surveys,
            "gatherings": result.gatherings,
            "email_texts": result.email_texts,
            "guides": result.guides,
        },
    )
    return result


def _copy_email_texts(source: Cohort, target: Cohort, by: User) -> int:
    """The programme year's own email texts, as they are (the placeholders fill in the new
    year's dates and names)."""
    copies = [
        CohortEmailText(
            cohort=target,
            kind=text.kind,
            updated_by=by,
            **{name: getattr(text, name) for name, _part, _language in CohortEmailText.FIELDS},
        )
        for text in CohortEmailText.objects.filter(cohort=source).order_by("kind")
    ]
    for copy in copies:
        copy.full_clean()
    CohortEmailText.objects.bulk_create(copies)
    return len(copies)


def _copy_cohort(cohort: Cohort, title: str, weeks: int) -> Cohort:
    contact_id = cohort.contact_id
    if contact_id and not cohort.initiative.coordinators.filter(pk=contact_id).exists():
        contact_id = None
    new = Cohort(
        initiative=cohort.initiative,
        title=title,
        status=CohortStatus.DRAFT,
        applications_open_at=move_datetime(cohort.applications_open_at, weeks),
        applications_close_at=move_datetime(cohort.applications_close_at, weeks),
        matching_on=move_date(cohort.matching_on, weeks),
        kickoff_on=move_date(cohort.kickoff_on, weeks),
        closing_on=move_date(cohort.closing_on, weeks),
        matching_weights=dict(cohort.matching_weights or {}),
        contact_id=contact_id,
        **{name: getattr(cohort, name) for name in COPIED_SETTINGS},
    )
    new.full_clean()
    new.save()
    return new


def _copy_gathering(
    gathering: Gathering, *, source: Cohort, target: Cohort, weeks: int, by: User, result: YearCopy
) -> None:
    fields: dict[str, Any] = {name: getattr(gathering, name) for name in GATHERING_FIELDS}
    fields["starts_at"] = move_datetime(gathering.starts_at, weeks)
    fields["ends_at"] = move_datetime(gathering.ends_at, weeks)
    others = [c for c in gathering.cohorts.all() if c.pk != source.pk]
    if not others:
        create_gathering(cohorts=[target], by=by, **fields)
        result.gatherings += 1
        return
    # A joint gathering: one copy for the network. Another programme year may already have
    # copied it (same title, same moved start): link this one to that copy.
    existing = (
        Gathering.objects.filter(title=gathering.title, starts_at=fields["starts_at"])
        .exclude(pk=gathering.pk)
        .prefetch_related("cohorts")
        .first()
    )
    names = ", ".join(f"{c.initiative.display_name} {c.title}" for c in others)
    if existing is not None:
        update_gathering(gathering=existing, cohorts=[*existing.cohorts.all(), target], by=by)
        result.notes.append(
            _(
                "The joint gathering “%(title)s” had already been copied for next year; "
                "this programme year now shares that copy."
            )
            % {"title": gathering.title}
        )
    else:
        create_gathering(cohorts=[target], by=by, **fields)
        result.notes.append(
            _(
                "“%(title)s” is a joint gathering, shared with %(others)s. Its copy belongs "
                "to this programme year only; copy those programme years too, and they will "
                "share it."
            )
            % {"title": gathering.title, "others": names}
        )
    result.gatherings += 1


# -- moving a programme year on ---------------------------------------------------------

#: the moves a coordinator makes from the status page (target status per current status).
#: Publishing (matching → published) is done on the matching page, and the scheduler
#: starts a published year at kickoff.
APP_MOVES: dict[str, tuple[str, ...]] = {
    CohortStatus.DRAFT: (CohortStatus.OPEN,),
    CohortStatus.OPEN: (CohortStatus.REVIEW,),
    CohortStatus.REVIEW: (CohortStatus.MATCHING, CohortStatus.OPEN),
    CohortStatus.MATCHING: (CohortStatus.REVIEW,),
    CohortStatus.RUNNING: (CohortStatus.CLOSED,),
    CohortStatus.CLOSED: (CohortStatus.ARCHIVED,),
}


@transaction.atomic
def move_programme_year(*, cohort: Cohort, to: str, expected: str, by: User) -> Cohort:
    """Move a programme year from ``expected`` to ``to``; refused (nothing changed) when
    the year is no longer in ``expected`` (someone else moved it meanwhile), when the move
    is not one made from the status page, or when opening a year without an application
    form. The row is locked, so two coordinators at once make exactly one move."""
    locked = Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)
    labels = dict(CohortStatus.choices)
    if locked.status != expected:
        raise ValidationError(
            _(
                "%(cohort)s is now “%(current)s”, not “%(expected)s”: someone else moved it "
                "meanwhile. Nothing was changed; check the status below."
            )
            % {
                "cohort": locked,
                "current": labels[locked.status],
                "expected": labels.get(expected, expected),
            },
            code="stale",
        )
    if to not in APP_MOVES.get(locked.status, ()):
        raise ValidationError(
            _("%(cohort)s cannot move from “%(current)s” to “%(target)s” here.")
            % {
                "cohort": locked,
                "current": labels[locked.status],
                "target": labels.get(to, to),
            },
            code="illegal_transition",
        )
    if to == CohortStatus.OPEN and not Question.objects.filter(cohort=locked).exists():
        raise ValidationError(
            _(
                "%(cohort)s has no application form yet. Make the form first, then open "
                "the programme year for applications."
            )
            % {"cohort": locked},
            code="no_form",
        )
    return change_cohort_status(cohort=locked, to=to, by=by)
