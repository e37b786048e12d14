"""Reads of initiatives and cohorts: the only way views fetch them."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brobygger.core.models import FieldIs
from brobygger.core.wording import mid_sentence
from brobygger.programs.email_texts import PARTS, default_text
from brobygger.programs.kinds import CompanyRule
from brobygger.programs.models import Cohort, CohortEmailText, Initiative
from brobygger.programs.status import PUBLIC_STATUSES, CohortStatus
from brobygger.programs.timeline import timeline_prefetches

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def can_coordinate(user: User | AnonymousUser, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return initiative.coordinators.filter(pk=user.pk).exists()


def reply_address(cohort: Cohort, by: User | None = None) -> str:
    """Where replies to any mass email of a programme year go (one rule for every cohort
    mailing): the programme year's contact person; otherwise the coordinator who sends it;
    for a scheduled batch, which nobody sends, the initiative's first coordinator (the one
    the emails name when there is no contact person, see :func:`contact_of`). Empty only
    when the initiative has no active coordinator at all."""
    contact = cohort.contact
    if contact is not None and contact.is_active and contact.email:
        return str(contact.email)
    if by is not None and by.email:
        return str(by.email)
    first = (
        cohort.initiative.coordinators.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .first()
    )
    return str(first.email) if first is not None else ""


def cohorts_visible_to(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """Published cohorts for everyone; drafts too for the initiative's coordinators."""
    qs = Cohort.objects.select_related("initiative")
    if user.is_authenticated and user.is_superuser:
        return qs
    public = qs.filter(status__in=PUBLIC_STATUSES)
    if user.is_authenticated:
        return public | qs.filter(initiative__coordinators=user)
    return public


def get_cohort_for(user: User | AnonymousUser, code: Any) -> Cohort:
    cohort = (
        cohorts_visible_to(user)
        .filter(code=code)
        .select_related("contact")
        .prefetch_related(*timeline_prefetches())
        .distinct()
        .first()
    )
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


def sees_published_years_only(user: User | AnonymousUser) -> bool:
    """Whether the user sees exactly the published programme years (nobody, a participant,
    a company contact): everyone but a network admin and an initiative's coordinators, who
    see drafts too. Those people all see the same front page (:func:`front_page_key`)."""
    if not user.is_authenticated:
        return True
    if user.is_superuser:
        return False
    return not Initiative.objects.filter(coordinators=user).exists()


#: the cache key that holds the front page's version: a write to what the front page shows
#: (an initiative, a programme year, a gathering) replaces it (``services.forget_front_page``)
FRONT_PAGE_VERSION = "programs:front-page:version"
#: the front page is built again at least this often (seconds), whatever happens
FRONT_PAGE_LIFETIME = 600


def front_page_key(language: str) -> str:
    """The cache key of the front page's initiative cards for those who see the published
    years only, in one language, as of the last write to what the cards show."""
    version = cache.get_or_set(FRONT_PAGE_VERSION, lambda: uuid.uuid4().hex, timeout=None)
    return f"programs:front-page:{version}:{language}"


def front_page_lifetime(overviews: list[InitiativeOverview], now: dt.datetime) -> int:
    """How long, in seconds, the cards of ``overviews`` stay true without any write: until
    the next application window of theirs opens or closes (which year is current, the "apply"
    button), or until midnight (what the timelines show as past), at most
    :data:`FRONT_PAGE_LIFETIME`."""
    midnight = dt.datetime.combine(
        timezone.localdate(now) + dt.timedelta(days=1),
        dt.time(),
        tzinfo=timezone.get_current_timezone(),
    )
    moments = [midnight, now + dt.timedelta(seconds=FRONT_PAGE_LIFETIME)]
    for overview in overviews:
        for cohort in (overview.current, *overview.earlier, *overview.later):
            if cohort is not None:
                moments += [cohort.applications_open_at, cohort.applications_close_at]
    soonest = min(moment for moment in moments if moment > now)
    return max(1, math.ceil((soonest - now).total_seconds()))


def initiatives_with_current_cohorts(
    user: User | AnonymousUser,
    *,
    now: dt.datetime | None = None,
    include_empty: bool = False,
    with_timelines: bool = False,
    initiatives: QuerySet[Initiative] | None = None,
    current_only: bool = False,
) -> list[InitiativeOverview]:
    """Each initiative with the programme year that matters now, the years before it and
    the years after it. An initiative without a year the user may see is left out, unless
    ``include_empty`` (the API lists every initiative). ``with_timelines``: what the current
    years' timelines read (their gatherings) is loaded too, for those years only — not for
    every year the network ever ran. ``initiatives``: these only (a page of them; all by
    default). ``current_only``: the years that may be current only, not the closed ones (the
    overviews' ``earlier`` then lists none of those)."""
    now = now or timezone.now()
    visible = cohorts_visible_to(user).distinct()
    if current_only:
        visible = visible.exclude(status__in=(CohortStatus.CLOSED, CohortStatus.ARCHIVED))
    in_order = visible.order_by("kickoff_on", "applications_open_at", "pk")
    if initiatives is None:
        initiatives = Initiative.objects.all()
    with_cohorts = initiatives.prefetch_related(
        Prefetch("cohorts", queryset=in_order, to_attr="visible_cohorts")
    )
    overviews = []
    for initiative in with_cohorts:
        cohorts: list[Cohort] = initiative.visible_cohorts
        if not cohorts and not include_empty:
            continue
        current = current_cohort(cohorts, now)
        after = cohorts[cohorts.index(current) + 1 :] if current else []
        later = [c for c in after if c.status not in (CohortStatus.CLOSED, CohortStatus.ARCHIVED)]
        earlier = [c for c in reversed(cohorts) if c is not current and c not in later]
        overviews.append(InitiativeOverview(initiative, current, earlier, later))
    if with_timelines:
        current_years = [o.current for o in overviews if o.current is not None]
        prefetch_related_objects(current_years, *timeline_prefetches())
    return overviews


def current_cohort(cohorts: list[Cohort], now: dt.datetime) -> Cohort | None:
    """The year that matters now, of an initiative's years in kickoff order: the one taking
    applications; else the one under way (reviewing, matching, matched, running); else the
    next one to open; else none (every year has closed)."""
    ongoing = [c for c in cohorts if c.status not in (CohortStatus.CLOSED, CohortStatus.ARCHIVED)]
    taking = [c for c in ongoing if c.applications_are_open(now)]
    under_way = [c for c in ongoing if c.status in UNDER_WAY]
    return next(iter(taking or under_way or ongoing), None)


#: between the application window and the closing: the year is under way
UNDER_WAY = (
    CohortStatus.REVIEW,
    CohortStatus.MATCHING,
    CohortStatus.PUBLISHED,
    CohortStatus.RUNNING,
)


@dataclass(frozen=True)
class InitiativeOverview:
    initiative: Initiative
    current: Cohort | None
    earlier: list[Cohort]
    later: list[Cohort]


def cohorts_coordinated_by(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """Cohorts whose initiative the user coordinates (all of them for a network admin)."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    qs = Cohort.objects.select_related("initiative")
    if user.is_superuser:
        return qs
    return qs.filter(initiative__coordinators=user).distinct()


def get_coordinated_cohort(user: User | AnonymousUser, code: Any) -> Cohort:
    """A cohort the user coordinates, or 404 (never 403: no hint that it exists)."""
    cohort = cohorts_coordinated_by(user).filter(code=code).first()
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


def apply_roles(cohort: Cohort) -> list[tuple[str, str]]:
    """The two roles one can apply for, named as the initiative kind names them.

    The senior side first in reverse mentoring: the senior's goals are in focus.
    """
    from brobygger.programs.kinds import profile

    found = profile(cohort.initiative.kind)
    return [("mentee", str(found.mentee_label)), ("mentor", str(found.mentor_label))]


# -- a programme year's email texts ----------------------------------------------------------


def email_text_override(cohort: Cohort, kind: str) -> CohortEmailText | None:
    if cohort._state.adding:  # not saved: has no texts of its own
        return None
    return CohortEmailText.objects.filter(cohort=cohort, kind=kind).first()


def email_text(
    cohort: Cohort, kind: str, language: str, *, draft: dict[str, str] | None = None
) -> dict[str, str]:
    """The subject and the personal text (``part`` → text) of ``kind`` for a reader of
    ``language``: the programme year's own text, else the default. ``draft`` (field name
    such as ``body_en`` → text) is an unsaved text, for a preview."""
    language = (language or "nb")[:2]
    if draft is not None:
        texts = {part: draft.get(f"{part}_{language}", "") for part in PARTS}
    else:
        row = email_text_override(cohort, kind)
        texts = {part: row.text(part, language) if row else "" for part in PARTS}
    return {part: texts[part] or default_text(kind, part, language) for part in PARTS}


def contact_of(cohort: Cohort) -> Any:
    """Whom participants write to: the contact person, else a coordinator of the initiative."""
    if cohort.contact_id:
        return cohort.contact
    if cohort.initiative._state.adding:
        return None
    return cohort.initiative.coordinators.order_by("pk").first()


@dataclass(frozen=True)
class Contact:
    """The coordinator people can write to about a programme year: a name and an address."""

    name: str
    email: str


def public_contact(cohort: Cohort) -> Contact | None:
    """The programme year's contact person, shown to people with her name and address; only
    an active account with an address (a reply must reach someone). None: no contact person
    is set, and pages and emails name nobody (never a guess)."""
    person = cohort.contact if cohort.contact_id else None
    if person is None or not person.is_active or not person.email:
        return None
    return Contact(name=person.get_full_name() or person.email, email=person.email)


def next_call(cohort: Cohort, now: Any = None) -> Cohort | None:
    """The same initiative's next programme year whose application window is open now or
    opens later (never a draft: it is not public yet)."""
    from django.utils import timezone

    now = now or timezone.now()
    return (
        Cohort.objects.filter(
            initiative_id=cohort.initiative_id,
            status=CohortStatus.OPEN,
            applications_close_at__gt=now,
        )
        .exclude(pk=cohort.pk)
        .select_related("initiative")
        .order_by("applications_open_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class Joining:
    """What taking part in a programme year means, from its own data: how long it runs, the
    gatherings, the two roles and the pairing rules people apply under."""

    months: int
    gatherings: int
    mentee_label: str
    mentor_label: str
    company_rule: str
    #: the direction rule in a sentence, in the kind's words; empty: no rule to tell
    direction_sentence: str
    plans_pairs: bool  # the target number of pairs is still a plan (not matched yet)

    pairs_across_companies = FieldIs("company_rule", CompanyRule.DIFFERENT)
    pairs_within_a_company = FieldIs("company_rule", CompanyRule.SAME)


def joining(cohort: Cohort, timeline: list[Any]) -> Joining:
    from brobygger.programs.kinds import profile
    from brobygger.programs.status import UNPUBLISHED_STATUSES

    found = profile(cohort.initiative.kind)
    direction = cohort.effective_direction_rule()
    gap = cohort.effective_min_gap_years()
    sentence = found.words.direction_sentences.get(direction)
    days = (cohort.closing_on - cohort.kickoff_on).days
    return Joining(
        months=max(1, round(days / 30.44)),
        gatherings=sum(1 for item in timeline if item.kind == "gathering"),
        mentee_label=str(found.mentee_label),
        mentor_label=str(found.mentor_label),
        company_rule=cohort.effective_company_rule(),
        direction_sentence="" if sentence is None else str(sentence % {"years": gap}),
        plans_pairs=bool(cohort.target_pairs) and cohort.status in UNPUBLISHED_STATUSES,
    )


def placeholder_values(
    cohort: Cohort,
    *,
    first_name: Any,
    role: Any = "",
    partner_name: Any = "",
    gathering: Any = "",
    gathering_time: Any = "",
) -> dict[str, str]:
    """What each placeholder stands for, in the active language."""
    contact = contact_of(cohort)
    initiative = cohort.initiative.display_name
    return {
        "first_name": str(first_name or ""),
        "programme": f"{initiative} {cohort.title}",
        "initiative": initiative,
        "role": mid_sentence(role or ""),  # «som mentor (den yngre)»: always mid-sentence
        "partner_name": str(partner_name or ""),
        "kickoff": date_format(cohort.kickoff_on, "DATE_FORMAT"),
        "closing": date_format(cohort.closing_on, "DATE_FORMAT"),
        "contact_name": (contact.get_full_name() or contact.email) if contact else "",
        "contact_email": contact.email if contact else "",
        "gathering": str(gathering or ""),
        "gathering_time": str(gathering_time or ""),
    }
