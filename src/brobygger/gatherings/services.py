"""Writes of gatherings: create and change, invite, reply (with a waitlist), attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.emails import send_templated_email
from brobygger.core.mailings import send_mailing
from brobygger.core.models import Mailing
from brobygger.core.services import log_activity
from brobygger.gatherings.links import make_token
from brobygger.gatherings.models import Gathering, Invitation, Response, new_link_nonce
from brobygger.gatherings.selectors import (
    can_change_gathering,
    cancel_mailing,
    change_mailing,
    cohorts_not_coordinated,
    invitation_mailing,
    invitees_of,
    pending_change,
    people_to_tell,
    places_taken,
)
from brobygger.people.models import Person
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User

GATHERING_FIELDS = (
    "title",
    "theme",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "video_url",
    "capacity",
    "audience",
)


def _refuse_if_cancelled(gathering: Gathering) -> None:
    if gathering.is_cancelled:
        raise ValidationError(_("This gathering has been cancelled."), code="cancelled")


def _refuse_without_place(gathering: Gathering) -> None:
    if not (gathering.place.strip() or gathering.video_url):
        raise ValidationError({"place": _("Give a video link or a place.")})


def _refuse_others_cohorts(by: User, cohorts: Iterable[Cohort]) -> None:
    """Only a programme year of an initiative she coordinates is added to a gathering (its
    participants would see it on their pages and in their calendars)."""
    others = cohorts_not_coordinated(by, cohorts)
    if others:
        names = ", ".join(f"{c.initiative.display_name} {c.title}" for c in others)
        raise ValidationError(
            {
                "cohorts": _(
                    "You can add only programme years of initiatives you coordinate: "
                    "%(years)s is not yours."
                )
                % {"years": names}
            },
            code="not_coordinated",
        )


@transaction.atomic
def create_gathering(*, cohorts: Iterable[Cohort], by: User, **fields: Any) -> Gathering:
    """Create a gathering linked to ``cohorts`` (the kickoff and closing: all initiatives)."""
    cohorts = list(cohorts)
    if not cohorts:
        raise ValidationError({"cohorts": _("Choose at least one cohort.")})
    _refuse_others_cohorts(by, cohorts)
    gathering = Gathering(created_by=by, **{k: fields[k] for k in GATHERING_FIELDS if k in fields})
    if not (gathering.place.strip() or gathering.video_url):
        # digital by default: a room from the first programme year with a video service
        gathering.video_url = next(
            (c.new_video_link() for c in cohorts if c.video_link_template), ""
        )
    gathering.full_clean()
    _refuse_without_place(gathering)
    gathering.save()
    gathering.cohorts.set(cohorts)
    log_activity(actor=by, action="gathering.create", target=gathering)
    return gathering


def _refuse_if_shared_with_others(by: User, gathering: Gathering) -> None:
    """Changing or cancelling a gathering is for a coordinator of every initiative it
    belongs to, or a network admin (docs/coordination.md)."""
    if not can_change_gathering(by, gathering):
        raise ValidationError(
            _(
                "This gathering is shared with initiatives you do not coordinate: only a "
                "coordinator of all of them, or a network admin, can change it."
            ),
            code="shared",
        )


@transaction.atomic
def update_gathering(
    *,
    gathering: Gathering,
    cohorts: Iterable[Cohort],
    by: User,
    cohort: Cohort | None = None,
    token: str | None = None,
    **fields: Any,
) -> Gathering:
    """Change a gathering; a larger capacity moves people up from the waitlist.

    When the time, place or link changes and people were invited, they are told, in one
    mass email she previewed (``token``, from ``change_mailing(pending_change(...),
    cohort)``; ``cohort``: hers, whose send log it goes in). The change and the emails go
    together: without a token, or when the people to tell changed since the preview, the
    change is refused (``ValidationError``) and nothing is saved or sent. Other changes
    (a typo, the capacity) are saved without email.

    A gathering of several initiatives is changed, and its programme years unlinked, only
    by a network admin or a coordinator of all of them; anyone may add a programme year
    she coordinates (copying a year links its joint gatherings this way). Refused
    otherwise (``ValidationError``), changing nothing.
    """
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    cohorts = list(cohorts)
    linked = list(gathering.cohorts.all())
    unlinked = [c for c in linked if cohorts and c not in cohorts]
    edited = [n for n in GATHERING_FIELDS if n in fields and fields[n] != getattr(gathering, n)]
    if edited or unlinked:
        _refuse_if_shared_with_others(by, gathering)
    _refuse_others_cohorts(by, [c for c in cohorts if c not in linked])
    change = pending_change(gathering, fields)
    plan = change_mailing(change, cohort, by) if cohort is not None else None
    if plan is None and change.changed and people_to_tell(gathering).exists():
        raise ValidationError(
            _("The people invited must be told about this change: preview it first."),
            code="preview_change",
        )
    _refuse_if_cancelled(gathering)
    for name in GATHERING_FIELDS:
        if name in fields:
            setattr(gathering, name, fields[name])
    if change.changed:
        gathering.sequence += 1  # calendars replace the event they have (same UID)
    gathering.full_clean()
    _refuse_without_place(gathering)
    if plan is not None and (plan.emails or token):
        if not token:
            raise ValidationError(
                _("The people invited must be told about this change: preview it first."),
                code="preview_change",
            )
        send_mailing(plan, token=token, by=by)
    gathering.save()
    if cohorts:
        gathering.cohorts.set(cohorts)
    log_activity(
        actor=by,
        action="gathering.update",
        target=gathering,
        data={"told": plan.count if plan is not None and token else 0},
    )
    _move_up_waitlist(gathering)
    return gathering


def rsvp_url(invitation: Invitation) -> str:
    assert invitation.person is not None
    token = make_token(person_code=invitation.person.code, nonce=invitation.link_nonce)
    return reverse("gatherings:rsvp-link", args=[invitation.gathering.code, token])


def _email(invitation: Invitation, template: str) -> None:
    person = invitation.person
    assert person is not None
    send_templated_email(
        to=person.user.email,
        template_prefix=f"gatherings/email/{template}",
        context={
            "name": person.user.get_short_name(),
            "gathering": invitation.gathering,
            "gathering_path": reverse("gatherings:detail", args=[invitation.gathering.code]),
            "rsvp_path": rsvp_url(invitation),
        },
        language=person.user.language,
    )


def ensure_invitation(gathering: Gathering, person: Person) -> Invitation:
    invitation, _created = Invitation.objects.get_or_create(gathering=gathering, person=person)
    invitation.gathering = gathering
    invitation.person = person
    return invitation


@transaction.atomic
def send_invitations(*, gathering: Gathering, cohort: Cohort, token: str, by: User) -> Mailing:
    """Email the invitations she previewed (``token``, from ``invitation_mailing``): one,
    with a reply link, to each participant of ``cohort`` not yet invited; returns the batch.

    The gathering row is locked, so two coordinators confirming at once send one set; a
    list changed since the preview is refused (``ValidationError``), nothing sent.
    """
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    _refuse_if_cancelled(gathering)
    preview = invitation_mailing(gathering, cohort)
    # Invitation rows (and their reply links) for everyone on the list, then the real plan.
    people = Person.objects.filter(pk__in=[int(e.key) for e in preview.emails])
    for person in people:
        ensure_invitation(gathering, person)
    plan = invitation_mailing(gathering, cohort, by)
    mailing = send_mailing(plan, token=token, by=by)
    now = timezone.now()
    Invitation.objects.filter(
        gathering=gathering, person_id__in=[int(e.key) for e in plan.emails]
    ).update(invited_at=now, updated_at=now)
    log_activity(
        actor=by,
        action="gathering.invite",
        target=gathering,
        data={"count": plan.count, "mailing": str(mailing.code)},
    )
    return mailing


@transaction.atomic
def respond(
    *,
    gathering: Gathering,
    person: Person,
    response: str,
    by: User | None,
    via_link: bool = False,
    now: dt.datetime | None = None,
) -> Invitation:
    """Record a reply. "Yes" to a full gathering joins the waitlist; a place given up goes to
    the first on the waitlist, who is told by email. A reply link is used up by replying.
    ``now``: when she replies (the demo's story; otherwise the clock).
    """
    now = now or timezone.now()
    if response not in Response.values:
        raise ValidationError(_("Choose yes, no or maybe."), code="invalid_response")
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    _refuse_if_cancelled(gathering)
    if gathering.starts_at <= now:
        raise ValidationError(_("This gathering has already started."), code="started")
    invitation = ensure_invitation(gathering, person)
    had_place = invitation.has_place
    if response == Response.YES and not (had_place or invitation.is_waitlisted):
        full = gathering.capacity is not None and places_taken(gathering) >= gathering.capacity
        invitation.waitlisted_at = now if full else None
    elif response != Response.YES:
        invitation.waitlisted_at = None
    invitation.response = response
    invitation.responded_at = now
    if via_link:
        invitation.link_nonce = new_link_nonce()
    invitation.full_clean()
    invitation.save()
    log_activity(
        actor=by,
        action="gathering.rsvp",
        target=gathering,
        data={"response": response, "waitlisted": invitation.is_waitlisted},
    )
    if had_place and not invitation.has_place:
        _move_up_waitlist(gathering)
    return invitation


def _move_up_waitlist(gathering: Gathering) -> list[Invitation]:
    """Give free places to the waitlist in order; each person moved up gets an email."""
    moved: list[Invitation] = []
    free = None if gathering.capacity is None else gathering.capacity - places_taken(gathering)
    waiting = Invitation.objects.filter(
        gathering=gathering, response=Response.YES, waitlisted_at__isnull=False
    ).select_related("person__user")
    for invitation in waiting.order_by("waitlisted_at", "id"):
        if free is not None and free <= 0:
            break
        invitation.waitlisted_at = None
        invitation.save(update_fields=["waitlisted_at", "updated_at"])
        invitation.gathering = gathering
        if invitation.person is not None:
            _email(invitation, "place_freed")
        moved.append(invitation)
        if free is not None:
            free -= 1
    return moved


@transaction.atomic
def mark_attendance(
    *, gathering: Gathering, cohort: Cohort, attended: Iterable[Person], by: User
) -> int:
    """Set attended yes/no for the invitees of ``cohort``; returns how many attended."""
    present = {p.pk for p in attended}
    count = 0
    for person in invitees_of(gathering, cohorts=[cohort]):
        invitation = ensure_invitation(gathering, person)
        invitation.attended = person.pk in present
        invitation.save(update_fields=["attended", "updated_at"])
        count += invitation.attended
    log_activity(actor=by, action="gathering.attendance", target=gathering, data={"count": count})
    return count


@transaction.atomic
def cancel_gathering(
    *, gathering: Gathering, cohort: Cohort, by: User, token: str | None = None
) -> Gathering:
    """Cancel a gathering that has not ended. Everyone invited or who replied is told, in
    the mass email she previewed (``token``, from ``cancel_mailing``), whose .ics takes the
    event out of their calendars; with nobody to tell, no email. Cancelled, it takes no
    more replies or invitations. Cancelling twice is refused, nothing sent."""
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    _refuse_if_cancelled(gathering)
    _refuse_if_shared_with_others(by, gathering)
    if gathering.ends_at < timezone.now():
        raise ValidationError(_("This gathering is over."), code="over")
    plan = cancel_mailing(gathering, cohort, by)
    told = 0
    if plan.emails:
        if not token:
            raise ValidationError(
                _("The people invited must be told about this change: preview it first."),
                code="preview_change",
            )
        told = send_mailing(plan, token=token, by=by).recipient_count
    gathering.cancelled_at = timezone.now()
    gathering.sequence += 1
    gathering.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    log_activity(actor=by, action="gathering.cancel", target=gathering, data={"told": told})
    return gathering
