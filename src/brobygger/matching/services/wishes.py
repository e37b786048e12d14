"""A participant says whom she should not be paired with (a colleague, a client, a former
manager: by name or company) and, optionally, whom she would like.

The wishes reach the engine through ``build_instance`` (``selectors.wishes``): "not with" as
``avoid`` and a forbidden pair, "would like" as ``prefer``. Only the coordinator sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Decision
from brobygger.applications.models import Application
from brobygger.core.services import log_activity
from brobygger.matching.models import Proposal, Wish, WishKind
from brobygger.matching.selectors.proposals import OPEN_STATUSES
from brobygger.matching.services.inputs import mark_matching_inputs_changed
from brobygger.people.models import Company
from brobygger.people.validators import normalise_company_name
from brobygger.programs.models import Cohort
from brobygger.programs.status import UNPUBLISHED_STATUSES

if TYPE_CHECKING:
    from brobygger.people.models import User

#: names per list ("not with", "would like"): a wish is about a few people, not a directory
MAX_NAMES = 10


def wish_lines(text: str) -> list[str]:
    """One name or company per line (or separated by semicolons), blanks dropped, in order."""
    seen: dict[str, str] = {}
    for line in text.replace(";", "\n").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


@dataclass(frozen=True)
class _Named:
    written: str
    others: list[Application]
    company: Company | None


def _candidates(application: Application) -> list[Application]:
    """The people she may name: the other role's applicants of the same programme year."""
    other_role = "mentor" if application.role == "mentee" else "mentee"
    return list(
        Application.objects.filter(
            cohort_id=application.cohort_id,
            role=other_role,
            status=ApplicationStatus.SUBMITTED,
            withdrawn_at__isnull=True,
            person__erased_at__isnull=True,
        )
        .exclude(decision=Decision.REJECTED)
        .select_related("person__user", "person__company")
    )


def _partners_to_be(application: Application) -> set[int]:
    """Applications she has an open (pending or accepted) proposal with."""
    rows = Proposal.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(mentee_application=application) | Q(mentor_application=application)
    )
    return {
        pk for pair in rows.values_list("mentee_application", "mentor_application") for pk in pair
    }


def _resolve(
    application: Application, kind: str, lines: list[str], errors: list[str]
) -> list[_Named]:
    candidates = _candidates(application)
    by_name: dict[str, list[Application]] = {}
    for a in candidates:
        by_name.setdefault(a.person.name.casefold(), []).append(a)
    partners = _partners_to_be(application)
    own = application.person.name.casefold()
    found = []
    for written in lines:
        key = written.casefold()
        if key == own:
            errors.append(_("You cannot name yourself."))
            continue
        others = by_name.get(key, [])
        if any(o.pk in partners for o in others):
            errors.append(
                _("%(name)s is already proposed as your partner: talk to the coordinator instead.")
                % {"name": written}
            )
            continue
        if others:
            found.append(_Named(written, others, None))
            continue
        company = None
        if kind == WishKind.AVOID:
            wanted = normalise_company_name(written)
            company = (
                next(
                    (c for c in Company.objects.all() if c.key == wanted),
                    None,
                )
                if wanted
                else None
            )
        if company is not None:
            found.append(_Named(written, [], company))
        elif kind == WishKind.AVOID:
            errors.append(
                _(
                    "“%(name)s” is neither a participant of this programme year nor a member "
                    "company. Write the full name as the person uses it, or the company's name."
                )
                % {"name": written}
            )
        else:
            errors.append(
                _(
                    "“%(name)s” is not a participant of this programme year. Write the full "
                    "name as the person uses it."
                )
                % {"name": written}
            )
    return found


@transaction.atomic
def save_wishes(
    *, application: Application, avoid: str, prefer: str, by: User | None
) -> list[Wish]:
    """Replace her wishes with these (text, one name or company per line).

    Refused (``ValidationError``, nothing stored) once pairs are published, for more than
    ``MAX_NAMES`` names in a list, for her own name, for the person already proposed to her,
    for a name that is no participant of the other role in this programme year (a company
    is accepted for "not with"), and for a person named in both lists.

    Side effects: the wishes; the latest matching run becomes stale; an activity-log row
    (counts only: the names stay out of the log).
    """
    cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
    if cohort.status not in UNPUBLISHED_STATUSES:
        raise ValidationError(
            _("The pairs are published: talk to the coordinator about your pair."),
            code="published",
        )
    lists = {WishKind.AVOID: wish_lines(avoid), WishKind.PREFER: wish_lines(prefer)}
    errors: list[str] = []
    for lines in lists.values():
        if len(lines) > MAX_NAMES:
            errors.append(
                _("Name at most %(max)s people or companies in each list.") % {"max": MAX_NAMES}
            )
    if errors:
        raise ValidationError(errors, code="too_many")
    named = {kind: _resolve(application, kind, lines, errors) for kind, lines in lists.items()}
    avoided = {o.pk for n in named[WishKind.AVOID] for o in n.others}
    for n in named[WishKind.PREFER]:
        if avoided & {o.pk for o in n.others}:
            errors.append(
                _("You named %(name)s both as “not with” and as “would like”.")
                % {"name": n.written}
            )
    if errors:
        raise ValidationError(errors, code="invalid")
    Wish.objects.filter(application=application).delete()
    wishes = []
    for kind, found in named.items():
        for n in found:
            targets: list[dict[str, object]] = (
                [{"other": o} for o in n.others] if n.others else [{"company": n.company}]
            )
            for target in targets:
                wish = Wish(application=application, kind=kind, written=n.written, **target)
                wish.full_clean()
                wish.save()
                wishes.append(wish)
    mark_matching_inputs_changed(cohort=cohort)
    log_activity(
        actor=by,
        action="matching.wishes",
        target=application,
        data={kind: len(found) for kind, found in named.items()},
    )
    return wishes
