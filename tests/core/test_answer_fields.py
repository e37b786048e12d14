"""An application's answer and a survey's answer share their fields (``core.AnswerFields``):
the question is the one of the answer's own app, and the value is stored alike (the
labels in bokmål, the tests' language)."""

from __future__ import annotations

from brobygger.applications import models as applications
from brobygger.surveys import models as surveys


def _shape(model: type) -> dict[str, tuple[str, object, str]]:
    fields = {field.name: field for field in model._meta.get_fields() if field.concrete}
    return {
        name: (
            type(fields[name]).__name__,
            fields[name].related_model,
            str(fields[name].verbose_name),
        )
        for name in ("question", "value")
    }


def test_each_answer_asks_its_own_apps_question():
    assert _shape(applications.Answer) == {
        "question": ("ForeignKey", applications.Question, "spørsmål"),
        "value": ("JSONField", None, "svar"),
    }
    assert _shape(surveys.Answer) == {
        "question": ("ForeignKey", surveys.Question, "spørsmål"),
        "value": ("JSONField", None, "svar"),
    }


def test_a_question_reaches_its_answers_by_the_same_name():
    assert applications.Question.answers.rel.related_model is applications.Answer
    assert surveys.Question.answers.rel.related_model is surveys.Answer
