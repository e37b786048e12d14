"""The work values term is shared values out of the LONGER list (the engine takes the
smaller of the two shares: shared / len(e) and shared / len(m)); its help text says so."""

from django.utils import translation

from brobygger.matching.reasons import TERMS


def test_the_work_values_help_says_the_longer_list():
    label, help_text = TERMS["values"]
    with translation.override("en"):
        assert (str(label), str(help_text)) == (
            "Work values",
            "Shared work values, out of the longer of the two lists.",
        )
    with translation.override("nb"):
        assert (
            str(help_text) == "Felles arbeidsverdier, regnet ut fra den lengste av de to listene."
        )
