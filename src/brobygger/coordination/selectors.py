"""Reads of the coordination pages: the initiatives one coordinates and the network's year.

A coordinator sees the initiatives she coordinates and their programme years; a network
admin sees all of them. Anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.models import Application, Question
from brobygger.applications.selectors.review import cohorts_for_review
from brobygger.coordination.dates import programme_year_of, programme_year_span
from brobygger.core.emails import render_email
from brobygger.core.models import SentEmail
from brobygger.core.wording import language_in_sentence
from brobygger.gatherings.models import Gathering
from brobygger.matching.models import Proposal, ProposalStatus
from brobygger.matching.selectors.mailings import PUBLISH_PAIRS
from brobygger.pairs.models import Pair, PairStatus
from brobygger.programs.email_texts import TEMPLATES, WHEN_SENT, EmailKind
from brobygger.programs.kinds import profile
from brobygger.programs.models import COHORT_ORDER, Cohort, CohortEmailText, Initiative
from brobygger.programs.selectors import cohorts_coordinated_by, email_text
from brobygger.programs.status import CohortStatus
from brobygger.surveys.models import Survey, SurveyKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def initiatives_coordinated_by(user: User | AnonymousUser) -> QuerySet[Initiative]:
    """The initiatives the user coordinates (every one for a network admin)."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    if user.is_superuser:
        return Initiative.objects.all()
    return Initiative.objects.filter(coordinators=user).distinct()


def get_coordinated_initiative(user: User | AnonymousUser, code: Any) -> Initiative:
    initiative = initiatives_coordinated_by(user).filter(code=code).first()
    if initiative is None:
        raise Http404(_("No such initiative."))
    return initiative


def require_network_admin(user: User | AnonymousUser) -> None:
    """Only a network admin creates initiatives; the page does not exist for anyone else."""
    if not (user.is_authenticated and user.is_superuser):
        raise Http404(_("No such page."))


def initiatives_overview(user: User | AnonymousUser) -> list[Initiative]:
    """The initiatives for the set-up pages, each with its programme years (``years``),
    newest first; 404 for someone who coordinates none (a network admin always passes)."""
    years = with_copy_offer(Cohort.objects.order_by("-kickoff_on", "-pk"))
    initiatives: list[Initiative] = list(
        initiatives_coordinated_by(user)
        .prefetch_related(Prefetch("cohorts", queryset=years, to_attr="years"))
        .order_by("order", "name")
    )
    if not initiatives and not (user.is_authenticated and user.is_superuser):
        raise Http404(_("You coordinate no initiative."))
    return initiatives


def latest_cohort(initiative: Initiative) -> Cohort | None:
    return initiative.cohorts.order_by("-kickoff_on", "-pk").first()


def _later_than(kickoff: Any, pk: Any) -> Q:
    """Programme years after (``kickoff``, ``pk``) in the order of :func:`latest_cohort`."""
    return Q(kickoff_on__gt=kickoff) | Q(kickoff_on=kickoff, pk__gt=pk)


def with_copy_offer(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Annotate ``copy_offered``: "Copy to next year" is offered for the newest programme
    year of its initiative only (in the order of :func:`latest_cohort`). An older one has
    next year already: copying it again would copy nothing. The one rule for every page
    that offers the copy (``coordination/_copy_button.html``)."""
    later = Cohort.objects.filter(
        _later_than(OuterRef("kickoff_on"), OuterRef("pk")), initiative=OuterRef("initiative")
    )
    return cohorts.annotate(copy_offered=~Exists(later))


def copy_offered(cohort: Cohort) -> bool:
    """:func:`with_copy_offer` for one programme year."""
    later = Cohort.objects.filter(
        _later_than(cohort.kickoff_on, cohort.pk), initiative_id=cohort.initiative_id
    )
    return not later.exists()


# -- the network's year ----------------------------------------------------------------

#: the milestones of a programme year, in order: model field -> what it is called
MILESTONES: tuple[tuple[str, Promise], ...] = (
    ("applications_open_at", pgettext_lazy("next date", "Applications open")),
    ("applications_close_at", pgettext_lazy("next date", "Application deadline")),
    ("matching_on", pgettext_lazy("next date", "Matching")),
    ("kickoff_on", pgettext_lazy("next date", "Kickoff")),
    ("closing_on", pgettext_lazy("next date", "Closing")),
)
ENDED = gettext_lazy("Ended")


@dataclass(frozen=True)
class NextDate:
    label: str
    day: dt.date | None


@dataclass(frozen=True)
class YearRow:
    cohort: Cohort
    next_date: NextDate
    joint: list[Gathering]


@dataclass(frozen=True)
class NetworkYear:
    start: int
    first_day: dt.date
    last_day: dt.date
    rows: list[YearRow]
    joint_gatherings: list[JointGathering]

    @property
    def label(self) -> str:
        return f"{self.start}–{self.start + 1}"

    @property
    def previous(self) -> int:
        return self.start - 1

    @property
    def next(self) -> int:
        return self.start + 1


@dataclass(frozen=True)
class JointGathering:
    gathering: Gathering
    #: names of the programme years it belongs to that the user may know of
    cohort_names: list[str]
    #: one of the user's programme years it belongs to (its gathering pages are there)
    via: Cohort


def current_programme_year(today: dt.date | None = None) -> int:
    return programme_year_of(today or timezone.localdate())


def _day(value: dt.date | dt.datetime) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


#: the first milestone still ahead of a programme year in each state: a matched year's
#: deadline is behind it whatever the calendar says (the period may have closed early)
FIRST_MILESTONE_AHEAD: dict[str, str] = {
    CohortStatus.DRAFT: "applications_open_at",
    CohortStatus.OPEN: "applications_open_at",
    CohortStatus.REVIEW: "matching_on",
    CohortStatus.MATCHING: "matching_on",
    CohortStatus.PUBLISHED: "kickoff_on",
    CohortStatus.RUNNING: "closing_on",
}


def next_date(cohort: Cohort, today: dt.date) -> NextDate:
    """The cohort's next milestone from ``today`` on ("Application deadline 26 March"),
    among those still ahead for its state: a matched year's next date is its kickoff, a
    running year's its closing; a closed or archived year has ended."""
    first = FIRST_MILESTONE_AHEAD.get(cohort.status)
    if first is None:
        return NextDate(str(ENDED), _day(cohort.closing_on))
    fields = [field for field, _label in MILESTONES]
    for field, label in MILESTONES[fields.index(first) :]:
        day = _day(getattr(cohort, field))
        if day >= today:
            return NextDate(str(label), day)
    return NextDate(str(ENDED), _day(cohort.closing_on))


def network_year(
    user: User | AnonymousUser, start: int, *, today: dt.date | None = None
) -> NetworkYear:
    """The programme years (cohorts) whose kickoff falls in the programme year that starts
    in September ``start``, of the initiatives the user coordinates, with their gatherings
    shared by more than one programme year. A fixed number of queries, however many."""
    today = today or timezone.localdate()
    first, last = programme_year_span(start)
    gatherings = Gathering.objects.order_by("starts_at", "pk").prefetch_related(
        Prefetch("cohorts", queryset=Cohort.objects.select_related("initiative").order_by("pk"))
    )
    cohorts = list(
        with_copy_offer(cohorts_coordinated_by(user))
        .filter(kickoff_on__range=(first, last))
        .prefetch_related(Prefetch("gatherings", queryset=gatherings))
        .order_by(*COHORT_ORDER)
    )
    mine = {c.pk for c in cohorts}
    rows: list[YearRow] = []
    joint: dict[int, JointGathering] = {}
    for cohort in cohorts:
        shared = [g for g in cohort.gatherings.all() if len(g.cohorts.all()) > 1]
        rows.append(YearRow(cohort, next_date(cohort, today), shared))
        for gathering in shared:
            names = [
                f"{c.initiative.display_name} {c.title}"
                for c in gathering.cohorts.all()
                if c.pk in mine or c.status != CohortStatus.DRAFT
            ]
            joint.setdefault(gathering.pk, JointGathering(gathering, names, cohort))
    ordered = sorted(joint.values(), key=lambda j: (j.gathering.starts_at, j.gathering.pk))
    return NetworkYear(start, first, last, rows, ordered)


def year_is_reachable(user: User | AnonymousUser) -> None:
    """The year page exists for coordinators and network admins only."""
    if not user.is_authenticated:
        raise Http404(_("No such page."))
    if user.is_superuser:
        return
    if not initiatives_coordinated_by(user).exists():
        raise Http404(_("You coordinate no initiative."))


# -- the next step of a programme year ------------------------------------------------------

#: the deadline counts as close this many days ahead
URGENT_DAYS = 7


def _pair_count(status: str) -> Coalesce:
    """The cohort's pairs in ``status``, as a subquery: joined with the applications that
    ``cohorts_for_review`` counts, a plain ``Count`` would multiply both."""
    pairs = (
        Pair.objects.filter(cohort=OuterRef("pk"), status=status)
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pairs, output_field=IntegerField()), 0)


def cohorts_overview(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """The coordination overview: the cohorts the user coordinates with the counts of their
    applications per state and what :func:`next_steps` reads (:func:`cohorts_with_steps`),
    and of their published pairs (active, completed, ended early). One query, however many
    cohorts: :func:`attach_next_steps` reads no more."""
    return with_copy_offer(cohorts_with_steps(user)).annotate(
        n_pairs_active=_pair_count(PairStatus.ACTIVE),
        n_pairs_completed=_pair_count(PairStatus.COMPLETED),
        n_pairs_ended=_pair_count(PairStatus.ENDED_EARLY),
    )


@dataclass(frozen=True)
class Step:
    text: str
    url: str
    done: bool = False
    urgent: bool = False


def cohorts_with_steps(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """The cohorts the user coordinates with what :func:`next_steps` reads: the counts of
    ``cohorts_for_review`` and whether the year has an application form (``has_form``).
    One query, however many cohorts; also the proposals waiting for answers
    (``n_proposals_waiting``) and the day the closing survey opens (``closing_survey_on``)."""
    waiting = (
        Proposal.objects.filter(cohort=OuterRef("pk"), status=ProposalStatus.PENDING)
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    closing = Survey.objects.filter(cohort=OuterRef("pk"), kind=SurveyKind.CLOSING).order_by(
        "opens_on"
    )
    return cohorts_for_review(user).annotate(
        n_proposals_waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        proposals_sent=Exists(Proposal.objects.filter(cohort=OuterRef("pk"))),
        closing_survey_on=Subquery(closing.values("opens_on")[:1]),
        has_form=Exists(Question.objects.filter(cohort=OuterRef("pk"))),
    )


def get_cohort_with_steps(user: User | AnonymousUser, code: Any) -> Cohort:
    cohort = cohorts_with_steps(user).filter(code=code).first()
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


def cohort_has_form(cohort: Cohort) -> bool:
    return Question.objects.filter(cohort=cohort).exists()


def next_steps(cohort: Cohort, *, now: dt.datetime) -> list[Step]:
    """The ordered checklist for the cohort's state. The cohort comes from
    :func:`cohorts_with_steps` (its counts are annotated), so this makes no query."""

    def short_date(day: dt.date | None) -> str:  # "1. feb.", "3. juni"
        return date_format(day, "SHORT_MONTH_DAY_FORMAT") if day else ""

    c: Any = cohort
    code = cohort.code
    status_url = reverse("coordination:cohort-status", args=[code])
    matching_url = reverse("matching:cohort", args=[code])
    review_url = reverse("applications:review-list", args=[code])
    today = timezone.localtime(now).date()
    steps: list[Step] = []
    if cohort.status == CohortStatus.DRAFT:
        steps.append(
            Step(
                _("Make the application form"),
                reverse("applications:form-overview", args=[code]),
                done=bool(c.has_form),
            )
        )
        steps.append(
            Step(
                _("Check the dates and the settings"),
                reverse("coordination:cohort-edit", args=[code]),
            )
        )
        steps.append(
            Step(
                _("Check the email texts"),
                reverse("coordination:email-texts", args=[code]),
            )
        )
        steps.append(Step(_("Open for applications"), status_url))
    elif cohort.status == CohortStatus.OPEN:
        submitted = c.n_pending + c.n_accepted + c.n_waitlisted + c.n_rejected
        days = (_day(cohort.applications_close_at) - today).days
        counts = {"days": days, "submitted": submitted, "drafts": c.n_draft}
        if days >= 0:
            text = (
                ngettext(
                    "The application deadline is in %(days)d day (%(submitted)d applications, "
                    "%(drafts)d drafts)",
                    "The application deadline is in %(days)d days (%(submitted)d applications, "
                    "%(drafts)d drafts)",
                    days,
                )
                % counts
            )
        else:
            text = (
                _(
                    "The application deadline has passed (%(submitted)d applications, "
                    "%(drafts)d drafts)"
                )
                % counts
            )
        steps.append(Step(text, review_url, urgent=days <= URGENT_DAYS))
        steps.append(Step(_("Close the application period"), status_url))
    elif cohort.status == CohortStatus.REVIEW:
        pending = c.n_pending
        steps.append(
            Step(
                ngettext(
                    "%(count)d application is not reviewed",
                    "%(count)d applications are not reviewed",
                    pending,
                )
                % {"count": pending}
                if pending
                else _("Every application is reviewed"),
                review_url,
                done=not pending,
            )
        )
        unreleased = c.n_unreleased
        steps.append(
            Step(
                ngettext(
                    "%(count)d decision is not sent",
                    "%(count)d decisions are not sent",
                    unreleased,
                )
                % {"count": unreleased}
                if unreleased
                else _("The decisions are sent"),
                reverse("applications:review-release", args=[code]),
                done=not unreleased and not pending,
            )
        )
        steps.append(Step(_("Start matching"), status_url))
    elif cohort.status == CohortStatus.MATCHING:
        waiting = c.n_proposals_waiting
        # Done once proposals went out (a later change makes the run stale: the matching
        # page then asks for a new run and refuses to send or publish the old one).
        steps.append(Step(_("Run the matching"), matching_url, done=c.proposals_sent))
        if waiting:
            steps.append(
                Step(
                    ngettext(
                        "%(count)d proposal waits for answers",
                        "%(count)d proposals wait for answers",
                        waiting,
                    )
                    % {"count": waiting},
                    matching_url,
                )
            )
        steps.append(Step(_("Publish the pairs"), matching_url))
    elif cohort.status == CohortStatus.PUBLISHED:
        steps.append(
            Step(
                _("Kickoff %(day)s") % {"day": short_date(cohort.kickoff_on)},
                reverse("pairs:health", args=[code]),
            )
        )
    elif cohort.status == CohortStatus.RUNNING:
        ended = cohort.closing_on < today
        survey_on = c.closing_survey_on
        if survey_on is not None:
            steps.append(
                Step(
                    _("The closing survey is sent %(day)s") % {"day": short_date(survey_on)},
                    reverse("surveys:survey-list", args=[code]),
                    done=survey_on <= today,
                )
            )
        steps.append(
            Step(
                _("Closing %(day)s") % {"day": short_date(cohort.closing_on)},
                reverse("pairs:health", args=[code]),
                done=ended,
            )
        )
        if ended:
            steps.append(Step(_("Close the programme year"), status_url, urgent=True))
    elif cohort.status == CohortStatus.CLOSED:
        steps.append(Step(_("Archive the programme year"), status_url))
    return steps


def attach_next_steps(cohorts: list[Cohort], *, now: dt.datetime) -> None:
    """Give each of ``cohorts`` (read by :func:`cohorts_overview`, which annotates what the
    steps need) its first open step as ``next_step`` (the overview's "Next step"); no query:
    the counts were read once, with the overview's (issue 23)."""
    for cohort in cohorts:
        cohort.next_step = next_step(cohort, now=now)  # type: ignore[attr-defined]


def next_step(cohort: Cohort, *, now: dt.datetime) -> Step | None:
    """The first step not done yet (the overview's "Next step")."""
    return next((s for s in next_steps(cohort, now=now) if not s.done), None)


# -- a matched year's kickoff moved ------------------------------------------------------


@dataclass(frozen=True)
class KickoffMove:
    """A matched programme year's kickoff moved from ``old``: who was told the old date,
    and its gatherings still on that day (the joint kickoff gathering)."""

    old: dt.date
    told: int
    gatherings: list[Gathering]


def kickoff_move(cohort: Cohort, old: dt.date) -> KickoffMove | None:
    """What moving the kickoff of a matched year from ``old`` leaves behind: the people the
    "you are matched" emails told the old date, and the gatherings on the old day. None
    when the year is not matched or the kickoff did not move."""
    if cohort.status != CohortStatus.PUBLISHED or cohort.kickoff_on == old:
        return None
    told = SentEmail.objects.filter(
        mailing__action=PUBLISH_PAIRS, mailing__target=f"cohort:{cohort.code}"
    ).count()
    gatherings = list(cohort.gatherings.filter(starts_at__date=old).order_by("starts_at", "pk"))
    return KickoffMove(old, told, gatherings)


# -- what a move means now -------------------------------------------------------------------


def move_warnings(cohort: Cohort, to: str, *, now: dt.datetime) -> list[str]:
    """What she should know, in words, before moving ``cohort`` to ``to`` now.

    Opening: the window that starts later (the year is public, but nobody can apply before
    that) and another programme year of the initiative that takes applications now.
    Closing early: how far away the deadline still is and the drafts that are locked out.
    """
    warnings: list[str] = []
    today = timezone.localtime(now).date()
    if to == CohortStatus.OPEN:
        if now < cohort.applications_open_at:
            warnings.append(
                _(
                    "The application period opens %(day)s. Until then the programme year is "
                    "shown on the public pages, but nobody can apply."
                )
                % {"day": date_format(_day(cohort.applications_open_at), "DATE_FORMAT")}
            )
        siblings = Cohort.objects.filter(
            initiative=cohort.initiative,
            status=CohortStatus.OPEN,
            applications_open_at__lte=now,
            applications_close_at__gt=now,
        ).exclude(pk=cohort.pk)
        for other in siblings.order_by("applications_close_at", "pk"):
            warnings.append(
                _("The %(title)s programme year takes applications now, until %(day)s.")
                % {
                    "title": other.title,
                    "day": date_format(_day(other.applications_close_at), "MONTH_DAY_FORMAT"),
                }
            )
    elif (
        to == CohortStatus.REVIEW
        and cohort.status == CohortStatus.OPEN
        and now < cohort.applications_close_at
    ):
        days = (_day(cohort.applications_close_at) - today).days
        deadline = date_format(timezone.localtime(cohort.applications_close_at), "DATETIME_FORMAT")
        if days == 0:
            warnings.append(
                _("The application deadline (%(deadline)s) is today.") % {"deadline": deadline}
            )
        else:
            warnings.append(
                ngettext(
                    "The application deadline (%(deadline)s) is still %(days)d day away.",
                    "The application deadline (%(deadline)s) is still %(days)d days away.",
                    days,
                )
                % {"deadline": deadline, "days": days}
            )
        drafts = Application.objects.filter(cohort=cohort, status=ApplicationStatus.DRAFT).count()
        if drafts:
            warnings.append(
                ngettext(
                    "%(count)d application is a draft that has not been sent: it is locked "
                    "and can no longer be sent.",
                    "%(count)d applications are drafts that have not been sent: they are "
                    "locked and can no longer be sent.",
                    drafts,
                )
                % {"count": drafts}
            )
        else:
            warnings.append(_("No application is waiting as an unsent draft."))
    return warnings


# -- a programme year's email texts ----------------------------------------------------------

SAMPLE_NAME = ("Kari", "Kari Nordmann")
SAMPLE_PARTNER = "Ola Nordmann"
LINK_IN_EMAIL = "…"  # a personal link is made for each recipient when the email is sent


@dataclass(frozen=True)
class EmailTextRow:
    kind: str
    label: str
    when_sent: Promise
    own: CohortEmailText | None  # her text, or None: the default


def email_text_rows(cohort: Cohort) -> list[EmailTextRow]:
    """Each main email of the programme year, with her own text if she wrote one (one query)."""
    own = {
        row.kind: row
        for row in CohortEmailText.objects.filter(cohort=cohort).select_related("updated_by")
    }
    return [
        EmailTextRow(kind=value, label=str(label), when_sent=WHEN_SENT[value], own=own.get(value))
        for value, label in EmailKind.choices
    ]


def get_email_kind(kind: str) -> str:
    """``kind`` if it names a main email, else 404."""
    if kind not in EmailKind.values:
        raise Http404(_("No such email."))
    return kind


def current_email_texts(cohort: Cohort, kind: str) -> dict[str, str]:
    """What the edit form starts from: field name → her text, else the default."""
    texts = {}
    for language in ("nb", "en"):
        for part, text in email_text(cohort, kind, language).items():
            texts[f"{part}_{language}"] = text
    return texts


@dataclass(frozen=True)
class EmailPreview:
    language: str
    language_name: str
    recipient: str
    subject: str
    body: str


def _sample_people(cohort: Cohort) -> tuple[str, str, str, str]:
    """(first name, full name, role, partner's name): an applicant of the programme year and
    one of the other role, or the fictional Kari and Ola Nordmann."""
    applications = list(
        Application.objects.filter(cohort=cohort).select_related("person__user").order_by("pk")[:50]
    )
    defaults = profile(cohort.kind)
    if not applications:
        return (*SAMPLE_NAME, defaults.mentee_label, SAMPLE_PARTNER)  # type: ignore[return-value]
    me = applications[0]
    partner = next((a for a in applications if a.role != me.role), None)
    role = defaults.mentor_label if me.role == "mentor" else defaults.mentee_label
    return (
        me.person.user.get_short_name(),
        str(me.person.name),
        role,  # type: ignore[return-value]
        str(partner.person.name) if partner else SAMPLE_PARTNER,
    )


def _sample_gathering(cohort: Cohort) -> Gathering:
    """The programme year's first gathering, or an unsaved joint kickoff on its kickoff day."""
    first = cohort.gatherings.order_by("starts_at", "pk").first()
    if first is not None:
        return first
    starts = timezone.make_aware(dt.datetime.combine(cohort.kickoff_on, dt.time(17, 0)))
    return Gathering(title=_("Joint kickoff"), starts_at=starts, place="Oslo")


def email_text_previews(cohort: Cohort, kind: str, draft: dict[str, str]) -> list[EmailPreview]:
    """The whole email of ``kind`` with the texts of ``draft`` (field name → text; empty:
    the default), in each language, to a sample recipient, exactly as it would be sent."""
    first_name, full_name, role, partner = _sample_people(cohort)
    context: dict[str, Any] = {
        "name": first_name,
        "cohort": cohort,
        "role": role,
        "partner_name": partner,
        "partner_title": "",
        "partner_company": "",
        "books_first_meeting": True,
        "deadline": cohort.applications_close_at,
        "url": LINK_IN_EMAIL,
        "answer_path": LINK_IN_EMAIL,
        "pair_path": LINK_IN_EMAIL,
        "cohort_path": reverse("programs:cohort-detail", args=[cohort.code]),
        "gathering": _sample_gathering(cohort),
        "gathering_path": LINK_IN_EMAIL,
        "rsvp_path": LINK_IN_EMAIL,
        "email_text_draft": draft,
    }
    previews = []
    for language, _name in settings.LANGUAGES:
        subject, body = render_email(TEMPLATES[kind], context, language)
        name = language_in_sentence(language)  # «Til Kari, på norsk bokmål»
        previews.append(EmailPreview(language, name, full_name, subject, body))
    return previews
