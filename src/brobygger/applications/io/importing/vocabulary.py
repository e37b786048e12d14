"""The import's controlled vocabularies and what a value outside them is mapped to.

Six columns take their values from a fixed list: ``role_family``, ``industry``,
``meeting_format``, ``languages``, ``topics`` and ``availability``. A cell is matched
to a code, or to the Norwegian or English label, without regard to case, accents, spaces,
``_`` or ``-`` (``IT-rådgivning`` = ``it radgivning``). A value that still matches
nothing is not an error: the coordinator maps it to a known value or to :data:`OTHER`,
per programme year (see docs/import.md). Only real errors stop an import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from brobygger.applications.choices import AVAILABILITY_SLOTS, MeetingFormat
from brobygger.applications.io.importing.model import Lookups
from brobygger.people.choices import Industry, Language, RoleFamily

#: The target "other": the vocabulary's own "other" value where it has one (industry,
#: role family), elsewhere "not given" (the value is left out, as if the cell were empty).
OTHER = "other"
#: Words accepted for :data:`OTHER` on the command line (``--map industry:havbruk=annet``).
OTHER_WORDS = ("other", "annet", "andre")
#: The vocabulary columns, in the order the preview lists their unknown values.
VOCABULARY_COLUMNS = (
    "role_family",
    "industry",
    "meeting_format",
    "languages",
    "topics",
    "availability",
)
#: (column, folded value) -> target code or OTHER
Mappings = Mapping[tuple[str, str], str]

# Short words people type for the times of day (the slots' codes and full labels also work).
SLOT_ALIASES = {
    "tidlig": "early",
    "tidlig morgen": "early",
    "early morning": "early",
    "formiddag": "morning",
    "morgen": "morning",
    "lunsj": "lunch",
    "lunch": "lunch",
    "ettermiddag": "afternoon",
    "etter jobb": "after_work",
    "etter arbeidstid": "after_work",
    "kveld": "after_work",
    "after work": "after_work",
    "evening": "after_work",
}
MEETING_FORMAT_ALIASES = {
    "digital": MeetingFormat.DIGITAL,
    "digitalt": MeetingFormat.DIGITAL,
    "online": MeetingFormat.DIGITAL,
    "physical": MeetingFormat.PHYSICAL,
    "in person": MeetingFormat.PHYSICAL,
    "fysisk": MeetingFormat.PHYSICAL,
    "i person": MeetingFormat.PHYSICAL,
    "either": MeetingFormat.EITHER,
    "both": MeetingFormat.EITHER,
    "begge": MeetingFormat.EITHER,
    "begge deler": MeetingFormat.EITHER,
    "enten": MeetingFormat.EITHER,
    "uansett": MeetingFormat.EITHER,
}
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb", "norsk": "nb", "bokmål": "nb", "nynorsk": "nb"}

_SEPARATORS = re.compile(r"[\s_\-.:*()]+")
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


@lru_cache(maxsize=8192)  # a sheet repeats the same few words in thousands of cells
def fold(text: str) -> str:
    """The key a cell or heading is compared by: no case, accents or separators."""
    text = text.replace("\ufeff", "").strip().casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True)
class Vocabulary:
    """One column's values: how a cell is read, and the choices for mapping a value."""

    column: str
    lookup: Mapping[str, str]  # folded code, alias or label -> code
    labels: Mapping[str, str]  # code -> label in the current language, in display order
    multiple: bool = False  # a list of values in one cell

    @property
    def has_other(self) -> bool:
        return OTHER in self.labels

    @property
    def other_label(self) -> str:
        """What choosing "other" means in this column, in words."""
        if self.has_other:
            return self.labels[OTHER]
        return _("Not given (left empty)")

    def choices(self) -> list[tuple[str, str]]:
        """The known values, then "other", for the select that maps an unknown value."""
        known = [(code, label) for code, label in self.labels.items() if code != OTHER]
        return [*known, (OTHER, self.other_label)]

    def accepts(self, target: str) -> bool:
        return target == OTHER or target in self.labels

    def resolve(self, target: str) -> str | None:
        """The code stored for ``target``; ``None`` = not given (a cell left empty)."""
        if target == OTHER and not self.has_other:
            return None
        return target

    def target_for(self, text: str) -> str | None:
        """A target written by hand (a code, a label or "other"), or ``None`` if unknown."""
        key = fold(text)
        if key in OTHER_WORDS:
            return OTHER
        return self.lookup.get(key)


def choice_lookup(choices: Iterable[tuple[str, Any]], extra: Mapping[str, str]) -> dict[str, str]:
    """Codes and labels (Norwegian and English) → code, compared by :func:`fold`."""
    lookup = {fold(alias): code for alias, code in extra.items()}
    for code, label in choices:
        if not code:
            continue
        lookup[fold(code)] = code
        for language in ("nb", "en"):
            with translation.override(language):
                lookup.setdefault(fold(str(label)), code)
    return lookup


def _fixed(
    column: str,
    choices: Iterable[tuple[str, Any]],
    extra: Mapping[str, str] | None = None,
    *,
    multiple: bool = False,
) -> Vocabulary:
    choices = list(choices)
    return Vocabulary(
        column=column,
        lookup=choice_lookup(choices, extra or {}),
        labels={code: str(label) for code, label in choices if code},
        multiple=multiple,
    )


def vocabularies(lookups: Lookups) -> dict[str, Vocabulary]:
    """Every vocabulary column's values; labels in the active language."""
    topic_labels = dict(lookups.topic_labels) or {
        slug: slug for slug in sorted(set(lookups.topics.values()))
    }
    return {
        "role_family": _fixed("role_family", RoleFamily.choices),
        "industry": _fixed("industry", Industry.choices),
        "meeting_format": _fixed("meeting_format", MeetingFormat.choices, MEETING_FORMAT_ALIASES),
        "languages": _fixed("languages", Language.choices, LANGUAGE_ALIASES, multiple=True),
        "topics": Vocabulary(
            column="topics",
            lookup={fold(key): slug for key, slug in lookups.topics.items()}
            | {fold(slug): slug for slug in topic_labels},
            labels=topic_labels,
            multiple=True,
        ),
        "availability": _fixed("availability", AVAILABILITY_SLOTS, SLOT_ALIASES, multiple=True),
    }
