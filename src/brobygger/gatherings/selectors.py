"""Reads of gatherings: who is invited, who replied, who came.

A gathering is visible to the participants of its cohorts (people in a pair of one of
them) and managed by the coordinators of its cohorts; everyone else gets 404. A gathering
shared by several initiatives (a joint kickoff or closing) is changed only by a network
admin or by someone who coordinates every one of them (:func:`can_change_gathering`); a
coordinator of one of them still invites her own programme year and marks its attendance.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.gatherings.calendar import CANCEL, gathering_ics
from brobygger.gatherings.links import make_token, read_token
from brobygger.gatherings.models import Audience, Gathering, Invitation, Response
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import cohorts_coordinated_by, reply_address
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User

# Pair statuses whose members take part in their cohort's gatherings: ``pairs.PairStatus``
# ACTIVE and COMPLETED, spelled out because the pairs app sits above this one
# (tests/core/test_status_literals.py holds the two together).
PARTICIPATING = ("active", "completed")


def _in_cohorts(cohorts: Any, role: str = Audience.BOTH) -> Q:
    as_mentor = Q(pairs_as_mentor__cohort__in=cohorts, pairs_as_mentor__status__in=PARTICIPATING)
    as_mentee = Q(pairs_as_mentee__cohort__in=cohorts, pairs_as_mentee__status__in=PARTICIPATING)
    if role == Audience.MENTOR:
        return as_mentor
    if role == Audience.MENTEE:
        return as_mentee
    return as_mentor | as_mentee


def participants_of(cohorts: Any, role: str = Audience.BOTH) -> QuerySet[Person]:
    """People in a pair of one of ``cohorts`` (in ``role``, for a gathering of one role):
    the invitees of the cohorts' gatherings (and the people a message to them reaches).
    Erased people are nobody's invitees."""
    ids = Person.objects.filter(_in_cohorts(cohorts, role), erased_at__isnull=True).values("pk")
    return (
        Person.objects.filter(pk__in=ids)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def invitees_of(gathering: Gathering, *, cohorts: Any | None = None) -> QuerySet[Person]:
    """Participants of the gathering's cohorts (limited to ``cohorts`` when given)."""
    linked = gathering.cohorts.all()
    if cohorts is not None:
        linked = linked.filter(pk__in=[c.pk for c in cohorts])
    return participants_of(linked, gathering.audience)


def participant_cohorts(user: User | AnonymousUser) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        Q(pairs__mentor__user=user) | Q(pairs__mentee__user=user), pairs__status__in=PARTICIPATING
    )


def gatherings_for(user: User | AnonymousUser) -> QuerySet[Gathering]:
    """Gatherings of the cohorts the user takes part in, with her invitation attached."""
    if not user.is_authenticated:
        return Gathering.objects.none()
    cohort_ids = participant_cohorts(user).values("pk")
    as_mentor = Cohort.objects.filter(
        pairs__mentor__user=user, pairs__status__in=PARTICIPATING
    ).values("pk")
    as_mentee = Cohort.objects.filter(
        pairs__mentee__user=user, pairs__status__in=PARTICIPATING
    ).values("pk")
    ids = Gathering.objects.filter(
        Q(cohorts__in=cohort_ids, audience=Audience.BOTH)
        | Q(cohorts__in=as_mentor, audience=Audience.MENTOR)
        | Q(cohorts__in=as_mentee, audience=Audience.MENTEE)
    ).values("pk")
    invitations = Invitation.objects.filter(person__user=user)
    return (
        Gathering.objects.filter(pk__in=ids)
        .prefetch_related(
            "cohorts__initiative",
            Prefetch("invitations", queryset=invitations, to_attr="my_invitations"),
        )
        .order_by("starts_at")
    )


def get_gathering_for(user: User | AnonymousUser, code: Any) -> Gathering:
    gathering = gatherings_for(user).filter(code=code).first()
    if gathering is None:
        raise Http404(_("No such gathering."))
    return gathering


def places_taken(gathering: Gathering) -> int:
    return gathering.invitations.filter(response=Response.YES, waitlisted_at__isnull=True).count()


def is_full(gathering: Gathering) -> bool:
    return gathering.capacity is not None and places_taken(gathering) >= gathering.capacity


def waitlist_position(invitation: Invitation) -> int | None:
    if not invitation.is_waitlisted:
        return None
    assert invitation.waitlisted_at is not None
    ahead = Invitation.objects.filter(
        gathering_id=invitation.gathering_id,
        response=Response.YES,
        waitlisted_at__lt=invitation.waitlisted_at,
    ).count()
    return ahead + 1


def invitation_from_link(code: Any, token: str) -> tuple[Invitation, bool]:
    """The invitation a reply link is for, and whether the link is still unused.

    An altered link, or one made for another gathering, answers 404.
    """
    data = read_token(token)
    if data is None:
        raise Http404(_("This link is not valid."))
    person_code, nonce = data
    invitation = (
        Invitation.objects.select_related("gathering", "person__user")
        .filter(gathering__code=code, person__code=person_code)
        .first()
    )
    if invitation is None:
        raise Http404(_("This link is not valid."))
    return invitation, invitation.link_nonce == nonce


# -- the coordinator's side ------------------------------------------------------------


def gatherings_of_cohort(cohort: Cohort) -> QuerySet[Gathering]:
    return (
        cohort.gatherings.annotate(
            n_yes=Count(
                "invitations",
                filter=Q(invitations__response=Response.YES, invitations__waitlisted_at=None),
            ),
            n_waitlist=Count(
                "invitations",
                filter=Q(
                    invitations__response=Response.YES, invitations__waitlisted_at__isnull=False
                ),
            ),
            n_maybe=Count("invitations", filter=Q(invitations__response=Response.MAYBE)),
            n_no=Count("invitations", filter=Q(invitations__response=Response.NO)),
            n_attended=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .prefetch_related("cohorts__initiative")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class AttendanceRow:
    title: str
    starts_at: dt.datetime
    invited: int
    coming: int
    attended: int


def attendance_of(
    cohort: Cohort, *, people: Iterable[QuerySet[Any]], company_id: int | None = None
) -> list[AttendanceRow]:
    """Per gathering of ``cohort``, in date order: how many of ``people`` (querysets of
    person ids: the cohort's participants, which the pairs app knows) were invited, said
    yes and attended; of those working at ``company_id`` when given.

    Shared gatherings (the joint kickoff) count only these people, not the other cohorts'.
    """
    mine = reduce(or_, (Q(invitations__person_id__in=ids) for ids in people))
    if company_id is not None:
        mine &= Q(invitations__person__company_id=company_id)
    rows = (
        cohort.gatherings.annotate(
            n_invited=Count("invitations", filter=mine),
            n_coming=Count("invitations", filter=mine & Q(invitations__response=Response.YES)),
            n_attended=Count("invitations", filter=mine & Q(invitations__attended=True)),
        )
        .order_by("starts_at")
        .values("title", "starts_at", "n_invited", "n_coming", "n_attended")
    )
    return [
        AttendanceRow(r["title"], r["starts_at"], r["n_invited"], r["n_coming"], r["n_attended"])
        for r in rows
    ]


def get_cohort_gathering(cohort: Cohort, code: Any) -> Gathering:
    """A gathering linked to a cohort the caller coordinates (``cohort`` came from a selector)."""
    gathering = gatherings_of_cohort(cohort).filter(code=code).first()
    if gathering is None:
        raise Http404(_("No such gathering."))
    return gathering


@dataclass(frozen=True)
class InviteeRow:
    person: Person
    invitation: Invitation | None


def invitee_rows(gathering: Gathering, cohort: Cohort) -> list[InviteeRow]:
    """The coordinator's list: participants of her cohort, with replies and attendance."""
    people = list(invitees_of(gathering, cohorts=[cohort]))
    invitations = {
        i.person_id: i
        for i in Invitation.objects.filter(gathering=gathering, person__in=[p.pk for p in people])
    }
    return [InviteeRow(person=p, invitation=invitations.get(p.pk)) for p in people]


def cohorts_for_gathering_choice(
    cohort: Cohort, user: User | AnonymousUser, gathering: Gathering | None = None
) -> QuerySet[Cohort]:
    """Cohorts a gathering may be shared with: this one, the ones it already has, and every
    cohort not yet closed of an initiative the user coordinates (any initiative's for a
    network admin)."""
    linked = Q(pk__in=gathering.cohorts.values("pk")) if gathering and gathering.pk else Q()
    open_and_mine = Q(pk__in=cohorts_coordinated_by(user).values("pk")) & ~Q(
        status__in=(CohortStatus.CLOSED, CohortStatus.ARCHIVED, CohortStatus.DRAFT)
    )
    return (
        Cohort.objects.filter(Q(pk=cohort.pk) | linked | open_and_mine)
        .select_related("initiative")
        .order_by("initiative__order", "-kickoff_on")
    )


def can_change_gathering(user: User | AnonymousUser, gathering: Gathering) -> bool:
    """A network admin, or a coordinator of every initiative the gathering belongs to. One
    query (none for a network admin)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return not gathering.cohorts.exclude(initiative__coordinators=user).exists()


def cohorts_not_coordinated(user: User | AnonymousUser, cohorts: Any) -> list[Cohort]:
    """Those of ``cohorts`` whose initiative the user does not coordinate (none for a network
    admin)."""
    if user.is_authenticated and user.is_superuser:
        return []
    mine = set(cohorts_coordinated_by(user).values_list("pk", flat=True))
    return [cohort for cohort in cohorts if cohort.pk not in mine]


def upcoming(qs: QuerySet[Gathering]) -> QuerySet[Gathering]:
    return qs.filter(ends_at__gte=timezone.now())


def last_theme(cohort: Cohort) -> str:
    """The theme of the cohort's most recent gathering for both roles (for the pair's
    conversation guide: a gathering for one role was not the pair's)."""
    gathering = (
        cohort.gatherings.filter(starts_at__lte=timezone.now(), audience=Audience.BOTH)
        .exclude(theme="")
        .order_by("-starts_at")
        .first()
    )
    return gathering.theme if gathering else ""


# -- inviting a cohort to a gathering: a mass email (core.mailings) -----------------------

INVITE = "gatherings.invite"
_LINK_NOT_MADE_YET = "…"  # the preview of a person without an invitation row yet


def preview_rsvp_path(gathering: Gathering) -> str:
    """The reply link as a preview shows it before the personal link exists: the path with a
    readable "…" where the personal part goes (not its URL encoding, "%E2%80%A6")."""
    return unquote(reverse("gatherings:rsvp-link", args=[gathering.code, _LINK_NOT_MADE_YET]))


def invitation_mailing(gathering: Gathering, cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The invitations sending now would send: one to each participant of ``cohort`` not
    invited to ``gathering`` yet, with her reply link, in her language; replies go to the
    programme year's contact person (else ``by``, who sends them)."""
    invitations = {
        i.person_id: i for i in Invitation.objects.filter(gathering=gathering, person__isnull=False)
    }
    emails = []
    for person in invitees_of(gathering, cohorts=[cohort]):
        invitation = invitations.get(person.pk)
        if invitation is not None and invitation.invited_at:
            continue
        if invitation is not None:
            token = make_token(person_code=person.code, nonce=invitation.link_nonce)
            rsvp_path = reverse("gatherings:rsvp-link", args=[gathering.code, token])
        else:
            rsvp_path = preview_rsvp_path(gathering)
        user = person.user
        emails.append(
            PlannedEmail.to(
                person,
                template_prefix="gatherings/email/invitation",
                context={
                    "name": user.get_short_name(),
                    "cohort": cohort,  # whose text it is (a programme year's email texts)
                    "gathering": gathering,
                    "gathering_path": reverse("gatherings:detail", args=[gathering.code]),
                    "rsvp_path": rsvp_path,
                },
                key=str(person.pk),
                calendar=gathering_ics(gathering, person),
            )
        )
    return MailingPlan(
        action=INVITE,
        target=f"gathering:{gathering.code}:cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Invitation: %(title)s") % {"title": gathering.title},
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


# -- changing a gathering people were invited to: a mass email ---------------------------

CHANGE = "gatherings.change"
#: the fields invitees are told about when they change (a typo or the capacity: nobody)
TOLD_FIELDS = ("starts_at", "ends_at", "place", "video_url")


@dataclass(frozen=True)
class GatheringChange:
    """A change she is about to make: the gathering as it is, as it would be, and which of
    :data:`TOLD_FIELDS` differ."""

    old: Gathering
    new: Gathering
    changed: frozenset[str]

    @property
    def when_changed(self) -> bool:
        return bool(self.changed & {"starts_at", "ends_at"})


def _same(name: str, old: Any, new: Any) -> bool:
    if name in ("starts_at", "ends_at"):
        # The form's time has minutes; a stored time with seconds is not a change.
        if old is None or new is None:
            return old is new
        return bool(old.replace(second=0, microsecond=0) == new.replace(second=0, microsecond=0))
    return bool((old or "").strip() == (new or "").strip())


def pending_change(gathering: Gathering, fields: dict[str, Any]) -> GatheringChange:
    """``gathering`` with ``fields`` applied (not saved), and what invitees must be told."""
    old, new = copy.copy(gathering), copy.copy(gathering)  # the caller may change hers
    for name, value in fields.items():
        setattr(new, name, value)
    changed = frozenset(
        name
        for name in TOLD_FIELDS
        if name in fields and not _same(name, getattr(old, name), fields[name])
    )
    return GatheringChange(old=old, new=new, changed=changed)


def people_to_tell(gathering: Gathering) -> QuerySet[Person]:
    """Who hears about a change: everyone invited by email or who replied, in any of the
    gathering's cohorts (it is one gathering for all of them), never an erased person."""
    ids = Invitation.objects.filter(gathering=gathering, person__isnull=False).filter(
        Q(invited_at__isnull=False) | ~Q(response="")
    )
    return (
        Person.objects.filter(pk__in=ids.values("person_id"), erased_at__isnull=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def change_mailing(change: GatheringChange, cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The "the gathering has changed" emails saving ``change`` would send now: none when no
    time, place or link changes; else one to each person to tell, in her language, with
    what changed (old → new). The send log belongs to ``cohort`` (hers); replies go to its
    contact person (else ``by``)."""
    old, new = change.old, change.new
    emails = []
    if change.changed:
        # The gathering as saved (its last change) and the change: a later, other change
        # is another mailing; confirming this one twice is refused.
        values = {name: str(getattr(new, name)) for name in sorted(change.changed)}
        key = json.dumps([old.updated_at.isoformat() if old.updated_at else "", values])
        for person in people_to_tell(old):
            user = person.user
            emails.append(
                PlannedEmail.to(
                    person,
                    template_prefix="gatherings/email/changed",
                    context={
                        "name": user.get_short_name(),
                        "cohort": cohort,  # whose coordinator changed it: the contact
                        "gathering": new,
                        "old": old,
                        "when_changed": change.when_changed,
                        "place_changed": "place" in change.changed,
                        "link_changed": "video_url" in change.changed,
                        "gathering_path": reverse("gatherings:detail", args=[old.code]),
                    },
                    key=key,
                    # the same UID, one version on: it replaces the event in her calendar
                    calendar=gathering_ics(new, person, sequence=old.sequence + 1),
                )
            )
    return MailingPlan(
        action=CHANGE,
        target=f"gathering:{old.code}",
        scope=str(cohort.code),
        title=_("Change: %(title)s") % {"title": new.title},
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


# -- cancelling a gathering: a mass email with the calendar's cancellation ---------------

CANCELLATION = "gatherings.cancel"


def cancel_mailing(gathering: Gathering, cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The "the gathering is cancelled" emails cancelling ``gathering`` would send now: one
    to each person to tell (invited or replied), in her language, with the .ics that takes
    the event out of her calendar (``METHOD:CANCEL``, the same UID, one version on)."""
    emails = [
        PlannedEmail.to(
            person,
            template_prefix="gatherings/email/cancelled",
            context={
                "name": person.user.get_short_name(),
                "cohort": cohort,
                "gathering": gathering,
            },
            key=gathering.updated_at.isoformat() if gathering.updated_at else "",
            calendar=gathering_ics(
                gathering, person, method=CANCEL, sequence=gathering.sequence + 1
            ),
        )
        for person in people_to_tell(gathering)
    ]
    return MailingPlan(
        action=CANCELLATION,
        target=f"gathering:{gathering.code}",
        scope=str(cohort.code),
        title=_("Cancelled: %(title)s") % {"title": gathering.title},
        emails=emails,
        reply_to=reply_address(cohort, by),
    )


def split_past(gatherings: Any) -> tuple[list[Gathering], list[Gathering]]:
    """Upcoming gatherings (soonest first) and past ones (latest first), for the lists: a
    past gathering takes no replies."""
    now = timezone.now()
    items = list(gatherings)
    upcoming_ = [g for g in items if g.ends_at >= now]
    past = sorted((g for g in items if g.ends_at < now), key=lambda g: g.starts_at, reverse=True)
    return upcoming_, past
