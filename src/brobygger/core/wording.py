"""Words inside a sentence: a language's or a role's name as the reader's language writes it.

Norwegian writes language names and role names in lower case mid-sentence («på norsk
bokmål», «bare mentee (senioren)»), English capitalises language names («in English»).
The lists and table cells keep the name as the site lists it (capitalised, at the start).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

# Languages whose language names are common nouns (written in lower case mid-sentence).
_LOWER_CASE_LANGUAGE_NAMES = ("nb", "nn", "no", "da", "sv")


def language_name(code: str) -> str:
    """The language's name as the site lists it, in the reader's language ("Norsk bokmål")."""
    return str(dict(settings.LANGUAGES).get(code, code))


def mid_sentence(text: object) -> str:
    """``text`` (a name that starts a line or cell: "Mentee (senioren)", "Engelsk") as it
    stands inside a sentence: its first letter in lower case. Not for proper names."""
    value = str(text)
    return value[:1].lower() + value[1:]


def language_in_sentence(code: str) -> str:
    """The language's name inside a sentence: «på norsk bokmål», but "in English"."""
    name = language_name(code)
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return mid_sentence(name) if current in _LOWER_CASE_LANGUAGE_NAMES else name
