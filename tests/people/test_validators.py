import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from brobygger.people.validators import (
    is_valid_org_number,
    validate_birth_year,
    validate_org_number,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("974760673", True),  # a well-known valid example (Brønnøysundregistrene)
        ("974 760 673", True),
        ("923609016", True),
        ("974760674", False),  # wrong check digit
        ("97476067", False),  # too short
        ("12345678A", False),
        ("123456785", False),  # must start with 8 or 9
        ("", False),
    ],
)
def test_org_number_mod11(value, expected):
    assert is_valid_org_number(value) is expected


def test_invalid_org_number_message_is_translated_and_names_the_value():
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        validate_org_number("974760674")
    assert error.value.messages == [
        "«974760674» er ikke et gyldig norsk organisasjonsnummer: det må ha ni sifre, "
        "begynne med 8 eller 9 og ha riktig kontrollsiffer."
    ]


def test_birth_year_bounds():
    latest = timezone.localdate().year - 15
    validate_birth_year(1930)
    validate_birth_year(latest)
    for bad in (1929, latest + 1):
        with pytest.raises(ValidationError) as error:
            validate_birth_year(bad)
        assert error.value.code == "birth_year_range"
