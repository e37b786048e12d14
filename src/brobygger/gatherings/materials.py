"""Materials: the handbook, a conversation guide, a gathering's slides, a recording link.

A coordinator adds them to a programme year, its initiative or one of its gatherings, for
both roles or one. Participants see those of their pairs' programme years that are meant
for their role; files are private (``STORAGES["materials"]``) and served only through a
view to those allowed (404 for others). Writes and reads of materials live here.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.core.services import log_activity
from brobygger.gatherings.models import Audience, Gathering, Material, MaterialLanguage
from brobygger.gatherings.selectors import PARTICIPATING
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import apply_roles, cohorts_coordinated_by

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    from brobygger.people.models import User

INITIATIVE = "initiative"
COHORT = "cohort"
#: ``where`` for a theme: ``"theme-<code of a gathering with that theme>"``
THEME_PREFIX = "theme-"


def storage() -> Any:
    return storages["materials"]


def audience_choices(cohort: Cohort) -> list[tuple[str, str]]:
    """Both roles, or one of the programme year's two roles, named as its kind names them."""
    roles = dict(apply_roles(cohort))
    return [
        (Audience.BOTH, str(Audience.BOTH.label)),
        (Audience.MENTOR, _("Only %(role)s") % {"role": roles["mentor"].lower()}),
        (Audience.MENTEE, _("Only %(role)s") % {"role": roles["mentee"].lower()}),
    ]


def _check_file(upload: UploadedFile) -> str:
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = settings.MATERIALS_FILE_TYPES
    if suffix not in allowed:
        raise ValidationError(
            {
                "upload": _("This type of file is not accepted. Use one of: %(types)s.")
                % {"types": ", ".join(allowed)}
            }
        )
    if (upload.size or 0) > settings.MATERIALS_MAX_BYTES:
        raise ValidationError(
            {
                "upload": _("The file is larger than %(limit)s MB.")
                % {"limit": settings.MATERIALS_MAX_BYTES // (1024 * 1024)}
            }
        )
    return suffix


@transaction.atomic
def add_material(
    *,
    cohort: Cohort,
    by: User,
    title: str,
    where: str = COHORT,
    description: str = "",
    language: str = "nb",
    audience: str = Audience.BOTH,
    upload: UploadedFile | None = None,
    url: str = "",
) -> Material:
    """Add a file or a link to ``cohort`` (``where``: ``"cohort"``, ``"initiative"``, a
    theme of its gatherings (``"theme-<a gathering's code>"``: kept with the initiative, so
    its later programme years with that theme have it too) or a gathering's code). Bad
    input is refused with a message and nothing is stored."""
    url = (url or "").strip()
    if audience not in {a for a, _label in audience_choices(cohort)}:
        raise ValidationError(
            {"audience": _("Choose who sees it among the roles of this programme year.")}
        )
    if language not in MaterialLanguage.values:
        raise ValidationError({"language": _("Choose Norwegian or English.")})
    if bool(upload) == bool(url):
        raise ValidationError(_("Give either a file or a link."), code="file_or_link")
    if url and urlparse(url).scheme not in ("http", "https"):
        raise ValidationError({"url": _("A link must start with http:// or https://.")})
    material = Material(
        title=title.strip(),
        description=description.strip(),
        language=language,
        audience=audience,
        url=url,
        created_by=by,
    )
    if where == COHORT:
        material.cohort = cohort
    elif where == INITIATIVE:
        material.initiative = cohort.initiative
    elif where.startswith(THEME_PREFIX):
        code = where.removeprefix(THEME_PREFIX)
        gathering = cohort.gatherings.filter(code=code).first() if _is_code(code) else None
        if gathering is None or not gathering.theme:
            raise ValidationError({"where": _("Choose where the material belongs.")})
        material.initiative = cohort.initiative
        material.theme = gathering.theme
    else:
        gathering = cohort.gatherings.filter(code=where).first() if _is_code(where) else None
        if gathering is None:
            raise ValidationError({"where": _("Choose where the material belongs.")})
        if audience != Audience.BOTH and gathering.audience not in (Audience.BOTH, audience):
            roles = dict(apply_roles(cohort))
            raise ValidationError(
                {
                    "audience": _(
                        "“%(gathering)s” is for %(invited)s only, so %(role)s would never see "
                        "it there. Choose both roles, or the role the gathering is for."
                    )
                    % {
                        "gathering": gathering.title,
                        "invited": roles[gathering.audience].lower(),
                        "role": roles[audience].lower(),
                    }
                }
            )
        material.gathering = gathering
    suffix = _check_file(upload) if upload else ""
    material.full_clean(exclude=["file_path"])
    if upload:
        material.file_name = PurePath(upload.name or "").name[:200]
        material.file_path = storage().save(f"materials/{secrets.token_hex(16)}{suffix}", upload)
    material.save()
    log_activity(actor=by, action="material.add", target=material, data={"audience": audience})
    return material


def _is_code(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def delete_material(*, material: Material, by: User) -> None:
    path = material.file_path
    log_activity(actor=by, action="material.delete", target=material)
    material.delete()
    if path:
        transaction.on_commit(lambda: storage().delete(path))


# -- reads ---------------------------------------------------------------------------


def _for_cohorts(cohorts: Any) -> Q:
    """Materials of ``cohorts``: theirs, their initiatives' (a theme's only where one of
    ``cohorts`` has a gathering of that theme) and their gatherings'."""
    themes = Gathering.objects.filter(cohorts__in=cohorts).exclude(theme="").values("theme")
    return (
        Q(cohort__in=cohorts)
        | Q(initiative__cohorts__in=cohorts, theme="")
        | Q(initiative__cohorts__in=cohorts, theme__in=themes)
        | Q(gathering__cohorts__in=cohorts)
    )


def on_gathering(gathering: Gathering) -> Q:
    """Materials shown on a gathering's page: its own, and those of its theme (kept with an
    initiative of one of its programme years)."""
    if not gathering.theme:
        return Q(gathering=gathering)
    return Q(gathering=gathering) | Q(
        theme=gathering.theme, initiative__cohorts__gatherings=gathering
    )


def visible_materials(user: User | AnonymousUser) -> QuerySet[Material]:
    """Materials a participant may see: her programme years' (and their initiatives' and
    gatherings'), meant for both roles or for the role she has in a pair there."""
    if not user.is_authenticated:
        return Material.objects.none()
    # her programme years and her role in each, read first: the materials' query then names
    # them, rather than repeating two subqueries in each of its eight branches (the pair
    # page's heaviest part was building that query)
    # (a union of two indexed reads: one OR across both sides' joins scans every pair)
    years = [
        Cohort.objects.filter(**{f"pairs__{role}__user": user, "pairs__status__in": PARTICIPATING})
        .order_by()
        .values_list("pk", Value(role, output_field=CharField()))
        for role in ("mentor", "mentee")
    ]
    as_mentor: set[int] = set()
    as_mentee: set[int] = set()
    for cohort_id, role in years[0].union(years[1]).order_by():
        (as_mentor if role == "mentor" else as_mentee).add(cohort_id)
    if not (as_mentor or as_mentee):
        return Material.objects.none()
    branches = Q()
    if as_mentor:
        branches |= Q(audience__in=(Audience.BOTH, Audience.MENTOR)) & _for_cohorts(
            sorted(as_mentor)
        )
    if as_mentee:
        branches |= Q(audience__in=(Audience.BOTH, Audience.MENTEE)) & _for_cohorts(
            sorted(as_mentee)
        )
    ids = Material.objects.filter(branches).values("pk")
    return Material.objects.filter(pk__in=ids).select_related("gathering").order_by("-created_at")


def materials_for_role(cohort_id: int, role: str) -> QuerySet[Material]:
    """A programme year's materials meant for both roles or for ``role``: what the pair page
    shows a member of a pair that takes part (the pair already says the year and the role,
    so this is one query where :func:`visible_materials` first looks them up)."""
    mine = Q(audience__in=(Audience.BOTH, role)) & _for_cohorts([cohort_id])
    ids = Material.objects.filter(mine).values("pk")
    return Material.objects.filter(pk__in=ids).select_related("gathering").order_by("-created_at")


def materials_of_cohort(cohort: Cohort) -> QuerySet[Material]:
    """All materials a coordinator of ``cohort`` manages there."""
    ids = Material.objects.filter(_for_cohorts([cohort.pk])).values("pk")
    return Material.objects.filter(pk__in=ids).select_related("gathering", "initiative", "cohort")


def get_cohort_material(cohort: Cohort, code: Any) -> Material:
    material = materials_of_cohort(cohort).filter(code=code).first() if _is_code(code) else None
    if material is None:
        raise Http404(_("No such material."))
    return material


def get_material_file_for(user: User | AnonymousUser, code: Any) -> Material:
    """A material with a file the user may open: a participant it is meant for, or a
    coordinator of a programme year it belongs to. Anyone else: 404."""
    if not _is_code(code):
        raise Http404(_("No such material."))
    material = visible_materials(user).filter(code=code).exclude(file_path="").first()
    if material is None:
        coordinated = cohorts_coordinated_by(user).values("pk")
        ids = Material.objects.filter(_for_cohorts(coordinated)).values("pk")
        material = Material.objects.filter(pk__in=ids, code=code).exclude(file_path="").first()
    if material is None:
        raise Http404(_("No such material."))
    return material
