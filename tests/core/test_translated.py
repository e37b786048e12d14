"""A text a coordinator writes in Norwegian and may add in English is read in the
reader's language: the English one when there is one, else the Norwegian."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from brobygger.core.models import Translated


@dataclass
class Named:
    name: str
    name_en: str

    display_name = Translated("name")


def test_english_when_written_and_read_in_english_else_norwegian():
    both, only_nb = Named("Ledelse", "Leadership"), Named("Ledelse", "")
    read = {}
    for language in ("nb", "en"):
        with translation.override(language):
            read[language] = (both.display_name, only_nb.display_name)
    assert read == {"nb": ("Ledelse", "Ledelse"), "en": ("Leadership", "Ledelse")}
