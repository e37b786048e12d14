"""One field factory asks an application form's question and a survey's alike: the same
kind gives the same field, and a stored answer shows as the field's initial value."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from brobygger.core.choices import QuestionKind
from brobygger.core.forms import question_field, question_initial


@dataclass
class Asked:
    kind: str
    required: bool = True
    display_label: str = "Spørsmål"
    display_help_text: str = ""


def _shape(field: forms.Field) -> tuple[str, str, list[str]]:
    choices = [value for value, _label in getattr(field, "choices", [])]
    return type(field).__name__, type(field.widget).__name__, choices


def test_every_kind_has_its_field():
    options = [("0", "Ja"), ("1", "Nei")]
    shapes = {
        kind.value: _shape(question_field(Asked(kind), options=options)) for kind in QuestionKind
    }
    assert shapes == {
        "short_text": ("CharField", "TextInput", []),
        "text": ("CharField", "Textarea", []),
        "single": ("ChoiceField", "RadioSelect", ["0", "1"]),
        "multiple": ("MultipleChoiceField", "CheckboxSelectMultiple", ["0", "1"]),
        "topics": ("MultipleChoiceField", "CheckboxSelectMultiple", ["0", "1"]),
        "scale": ("TypedChoiceField", "RadioSelect", ["1", "2", "3", "4", "5"]),
        "yes_no": ("TypedChoiceField", "RadioSelect", ["yes", "no"]),
        "values": ("MultipleChoiceField", "CheckboxSelectMultiple", ["0", "1"]),
        "availability": ("MultipleChoiceField", "CheckboxSelectMultiple", ["0", "1"]),
        "likert": ("TypedChoiceField", "RadioSelect", ["1", "2", "3", "4", "5"]),
        "scale10": ("TypedChoiceField", "RadioSelect", [str(i) for i in range(11)]),
    }


def test_a_scale_and_yes_no_clean_to_typed_values_and_show_them_again():
    scale = question_field(Asked(QuestionKind.SCALE10))
    yes_no = question_field(Asked(QuestionKind.YES_NO))
    cleaned = (scale.clean("7"), yes_no.clean("no"))
    assert (cleaned, [question_initial(v) for v in cleaned]) == ((7, False), ["7", "no"])


def test_likert_explains_its_steps_unless_the_question_does():
    own = question_field(Asked(QuestionKind.LIKERT, display_help_text="Tenk på året."))
    default = question_field(Asked(QuestionKind.LIKERT))
    assert (own.help_text, str(default.help_text)) == (
        "Tenk på året.",
        "1 = helt uenig, 5 = helt enig",
    )
