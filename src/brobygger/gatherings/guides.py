"""The conversation guide's text: prompts for each phase of the year and for the themes of
the gatherings, which a coordinator edits per programme year (the pair's page shows them:
``pairs/guide.py``).

The default text lives here, translated; a coordinator's own text is a :class:`GuideText`
row with both languages, and only what she edited is stored. Going back to the default
deletes her row. Reads and writes of the guide's text live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.core.services import log_activity
from brobygger.gatherings.models import Audience, Gathering, GuidePhase, GuideText
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User

#: at most this many prompts in one part, each at most this long
MAX_PROMPTS = 12
MAX_PROMPT_LENGTH = 300

DEFAULT_PHASE_TOPICS: dict[str, list[Promise]] = {
    GuidePhase.START: [
        gettext_lazy("Your stories: how did each of you end up where you are?"),
        gettext_lazy("Your goals: what would make this year worth it?"),
        gettext_lazy("How you like to learn, and how you like to be challenged."),
        gettext_lazy(
            "What stays between you, and how you tell each other when something does not work."
        ),
    ],
    GuidePhase.MIDDLE: [
        gettext_lazy("Look at the goals again: rate them, and change what no longer fits."),
        gettext_lazy(
            "Try something together: a tool, a meeting the mentor runs, a post the mentee writes."
        ),
        gettext_lazy("What has surprised you about the other generation's way of working?"),
        gettext_lazy("A decision the mentee faces now: what would the mentor do, and why?"),
    ],
    GuidePhase.END: [
        gettext_lazy("What has changed since the start? Rate the goals one last time."),
        gettext_lazy("What will each of you keep doing after the programme year?"),
        gettext_lazy("What would you tell next year's pairs?"),
    ],
}

#: The default prompts of a theme, keyed by words that appear in it (Norwegian or English).
DEFAULT_THEME_TOPICS: list[tuple[tuple[str, ...], list[Promise]]] = [
    (
        ("verdi", "value"),
        [
            gettext_lazy(
                "Which of your values did you act on this month, and which did you set aside?"
            ),
            gettext_lazy("A hard decision each of you made: what guided it?"),
        ],
    ),
    (
        ("scenari",),
        [
            gettext_lazy(
                "Pick one trend the mentor follows closely: what could it mean for the mentee's "
                "organisation in five years?"
            ),
            gettext_lazy(
                "Describe a best and a worst case for the mentee's field, and what to do now."
            ),
        ],
    ),
    (
        ("merkevare", "brand"),
        [
            gettext_lazy("How does each of you appear online, and how would you like to appear?"),
            gettext_lazy("Review one of the mentee's profiles together and agree on one change."),
        ],
    ),
]

#: a theme without a default text of its own
DEFAULT_ANY_THEME: list[Promise] = [
    gettext_lazy("What did each of you take away from the gathering, and what will you try?"),
]


def default_prompts(*, phase: str = "", theme: str = "") -> list[Promise]:
    if phase:
        return list(DEFAULT_PHASE_TOPICS[phase])
    lowered = theme.lower()
    found = next((t for words, t in DEFAULT_THEME_TOPICS if any(w in lowered for w in words)), None)
    return list(found) if found is not None else list(DEFAULT_ANY_THEME)


def _same_theme(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _edited(cohort: Cohort, *, phase: str = "", theme: str = "") -> GuideText | None:
    if phase:
        return GuideText.objects.filter(cohort=cohort, phase=phase).first()
    return next(
        (
            t
            for t in GuideText.objects.filter(cohort=cohort, phase="")
            if _same_theme(t.theme, theme)
        ),
        None,
    )


def prompts_for(cohort: Cohort, *, phase: str = "", theme: str = "", language: str) -> list[str]:
    """The prompts the pair sees in ``language``: the coordinator's, else the default."""
    edited = _edited(cohort, phase=phase, theme=theme)
    if edited is not None:
        return edited.prompts(language)
    with translation.override(language):
        return [str(prompt) for prompt in default_prompts(phase=phase, theme=theme)]


# -- the coordinator's page ----------------------------------------------------------------


@dataclass(frozen=True)
class GuidePart:
    """One part of a programme year's guide as the coordinator's page lists it."""

    phase: str
    theme: str
    #: the gathering whose code names a theme in the address
    gathering: Gathering | None
    title: str
    prompts_nb: list[str]
    prompts_en: list[str]
    edited: GuideText | None

    @property
    def key(self) -> str:
        return self.phase or f"theme-{self.gathering.code if self.gathering else ''}"

    @property
    def prompts(self) -> list[str]:
        """The prompts in the page's language."""
        return self.prompts_en if translation.get_language() == "en" else self.prompts_nb


def themes_of(cohort: Cohort, *, pairs_only: bool = False) -> list[Gathering]:
    """One gathering for each theme of the programme year's gatherings (the first of each,
    by date). ``pairs_only``: of its gatherings for both roles, the themes the guide has a
    part for (a pair's guide follows the gatherings both of them went to)."""
    gatherings = cohort.gatherings.exclude(theme="")
    if pairs_only:
        gatherings = gatherings.filter(audience=Audience.BOTH)
    found: list[Gathering] = []
    for gathering in gatherings.order_by("starts_at", "pk"):
        if not any(_same_theme(g.theme, gathering.theme) for g in found):
            found.append(gathering)
    return found


def _part(cohort: Cohort, *, phase: str = "", gathering: Gathering | None = None) -> GuidePart:
    theme = gathering.theme if gathering else ""
    edited = _edited(cohort, phase=phase, theme=theme)
    if phase:
        title = str(GuidePhase(phase).label)
    else:
        title = _("After the gathering on %(theme)s") % {"theme": theme}
    return GuidePart(
        phase=phase,
        theme=theme,
        gathering=gathering,
        title=title,
        prompts_nb=prompts_for(cohort, phase=phase, theme=theme, language="nb"),
        prompts_en=prompts_for(cohort, phase=phase, theme=theme, language="en"),
        edited=edited,
    )


def guide_parts(cohort: Cohort) -> list[GuidePart]:
    """The phases of the year, then each theme of the programme year's gatherings."""
    parts = [_part(cohort, phase=phase) for phase in GuidePhase.values]
    return parts + [_part(cohort, gathering=g) for g in themes_of(cohort, pairs_only=True)]


def get_guide_part(cohort: Cohort, key: str) -> GuidePart:
    """A part of the guide of a programme year the caller coordinates; an unknown phase or
    a gathering of another programme year: 404."""
    if key in GuidePhase.values:
        return _part(cohort, phase=key)
    themes = themes_of(cohort, pairs_only=True)
    gathering = next((g for g in themes if f"theme-{g.code}" == key), None)
    if gathering is None:
        raise Http404(_("No such part of the guide."))
    return _part(cohort, gathering=gathering)


def parse_prompts(text: str, field: str) -> list[str]:
    """One prompt a line; empty lines left out. Raises a message naming ``field``."""
    prompts = [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]
    if not prompts:
        raise ValidationError({field: _("Write at least one prompt, one a line.")})
    if len(prompts) > MAX_PROMPTS:
        raise ValidationError(
            {field: _("At most %(count)s prompts, one a line.") % {"count": MAX_PROMPTS}}
        )
    too_long = next((p for p in prompts if len(p) > MAX_PROMPT_LENGTH), None)
    if too_long is not None:
        raise ValidationError(
            {
                field: _(
                    "Each prompt can be at most %(limit)s characters; this one has %(length)s: "
                    "“%(start)s…”"
                )
                % {"limit": MAX_PROMPT_LENGTH, "length": len(too_long), "start": too_long[:40]}
            }
        )
    return prompts


@transaction.atomic
def edit_guide(
    *, cohort: Cohort, part: GuidePart, prompts_nb: str, prompts_en: str, by: User
) -> GuideText:
    """Save a programme year's own prompts for ``part``, in both languages."""
    errors: dict[str, Any] = {}
    cleaned: dict[str, list[str]] = {}
    for field, text in (("prompts_nb", prompts_nb), ("prompts_en", prompts_en)):
        try:
            cleaned[field] = parse_prompts(text, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    guide = _edited(cohort, phase=part.phase, theme=part.theme) or GuideText(
        cohort=cohort, phase=part.phase, theme=part.theme
    )
    guide.prompts_nb = "\n".join(cleaned["prompts_nb"])
    guide.prompts_en = "\n".join(cleaned["prompts_en"])
    guide.updated_by = by
    guide.full_clean()
    guide.save()
    log_activity(
        actor=by,
        action="guide.edit",
        target=cohort,
        data={"phase": part.phase, "theme": part.theme},
    )
    return guide


@transaction.atomic
def reset_guide(*, cohort: Cohort, part: GuidePart, by: User) -> None:
    """Back to the default text for ``part``."""
    if part.edited is None:
        return
    GuideText.objects.filter(pk=part.edited.pk).delete()
    log_activity(
        actor=by,
        action="guide.reset",
        target=cohort,
        data={"phase": part.phase, "theme": part.theme},
    )


def copy_guides(*, source: Cohort, target: Cohort, by: User) -> int:
    """A programme year's own guide text, copied to the next one (copying a programme year):
    its phases, and its themes as written (they apply where the copied gatherings keep the
    theme)."""
    copies = [
        GuideText(
            cohort=target,
            phase=text.phase,
            theme=text.theme,
            prompts_nb=text.prompts_nb,
            prompts_en=text.prompts_en,
            updated_by=by,
        )
        for text in GuideText.objects.filter(cohort=source).order_by("phase", "theme")
    ]
    for copy in copies:
        copy.full_clean()
    GuideText.objects.bulk_create(copies)
    return len(copies)
