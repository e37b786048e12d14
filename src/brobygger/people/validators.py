"""Validators for people and companies (pure functions, translated messages)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.no import orgnr

MIN_BIRTH_YEAR = 1930
MIN_AGE_YEARS = 15


# Legal forms written before or after a company's name; "A/S" and "A.S." become "a s".
LEGAL_FORMS = frozenset(
    {"as", "asa", "sa", "ans", "da", "nuf", "ba", "ks", "a s", "ltd", "limited", "plc", "inc"}
)
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise_company_name(name: str) -> str:
    """The name as compared for near-duplicates: case, accents' composition, punctuation,
    spaces and a legal form at either end ignored ("Fjord Kraft AS" and "fjordkraft" give
    the same). A name that is nothing but a legal form keeps it."""
    words = _NOT_ALNUM.sub(" ", unicodedata.normalize("NFKC", name).casefold()).split()
    stripped = list(words)
    changed = True
    while changed and stripped:
        changed = False
        for size in (2, 1):
            if len(stripped) > size and " ".join(stripped[-size:]) in LEGAL_FORMS:
                stripped, changed = stripped[:-size], True
                break
            if len(stripped) > size and " ".join(stripped[:size]) in LEGAL_FORMS:
                stripped, changed = stripped[size:], True
                break
    return "".join(stripped or words)


def normalise_org_number(value: str) -> str:
    return "".join(value.split())


def is_valid_org_number(value: str) -> bool:
    """Norwegian organisation number: nine digits with a mod-11 check digit (python-stdnum's
    ``no.orgnr``), starting with 8 or 9 as every number Brønnøysund gives out does."""
    digits = normalise_org_number(value)
    return orgnr.is_valid(digits) and digits[0] in "89"


def validate_org_number(value: str) -> None:
    if value and not is_valid_org_number(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid Norwegian organisation number: it must be "
                "nine digits starting with 8 or 9, with a correct check digit."
            ),
            code="invalid_org_number",
            params={"value": value},
        )


def max_birth_year() -> int:
    return timezone.localdate().year - MIN_AGE_YEARS


def validate_birth_year(value: int | None) -> None:
    if value is None:
        return
    latest = max_birth_year()
    if not MIN_BIRTH_YEAR <= value <= latest:
        raise ValidationError(
            _("Birth year must be between %(earliest)s and %(latest)s."),
            code="birth_year_range",
            params={"earliest": MIN_BIRTH_YEAR, "latest": latest},
        )
