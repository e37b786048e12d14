"""Personal data of the surveys app: who was invited, and what they answered.

Numeric and choice answers survive erasure as anonymous statistics (the invitation
loses its person and its link); free-text answers are erased with the person.
"""

from __future__ import annotations

from typing import Any

from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register, rows
from brobygger.core.tokens import new_token
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from brobygger.surveys.models import Answer, Invitation, QuestionKind

_RETENTION = "until erasure, or anonymised with the cohort"


@register
class SurveysPrivacy(PrivacyProvider):
    app_label = "surveys"
    fields = [
        PersonalField(
            "surveys.Invitation",
            "person",
            "sending surveys and reminders",
            "legitimate interest",
            _RETENTION,
            "anonymised",
        ),
        PersonalField(
            "surveys.Invitation",
            "company",
            "company reports in aggregate",
            "legitimate interest",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "surveys.Answer",
            "value",
            "evaluating the programme",
            "consent",
            _RETENTION,
            "free text erased; numbers and choices kept anonymous",
        ),
    ]
    # Written by coordinators (the survey and its questions), or a random link code that
    # erasure replaces; published figures are counts, and means and intervals over three
    # answers or more: never an answer, never a person.
    not_personal = [
        "PublishedResult.key",
        "PublishedResult.data",
        "Survey.kind",
        "Survey.role",
        "Survey.title",
        "Survey.title_en",
        "Survey.intro",
        "Survey.intro_en",
        "Question.key",
        "Question.kind",
        "Question.label",
        "Question.label_en",
        "Question.help_text",
        "Question.help_text_en",
        "Question.choices",
        "Question.choices_en",
        "Invitation.token",
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        invitations = Invitation.objects.filter(person=person).select_related("survey")
        answers = Answer.objects.filter(invitation__person=person).select_related(
            "question", "invitation__survey"
        )
        return {
            "surveys.Invitation": rows(
                invitations,
                ["survey", "person", "company", "invited_at", "reminded_at", "answered_at"],
            ),
            "surveys.Answer": [
                {**row, "survey": str(a.invitation.survey)}
                for a, row in zip(answers, rows(answers, ["question", "value"]), strict=True)
            ],
        }

    def erase(self, person: Person) -> dict[str, int]:
        invitations = Invitation.objects.filter(person=person)
        texts = _erase_texts(Answer.objects.filter(invitation__in=invitations))
        count = 0
        for invitation in invitations:
            invitation.person, invitation.token = None, new_token()
            invitation.save(update_fields=["person", "token", "updated_at"])
            count += 1
        return {"surveys.Answer": texts, "surveys.Invitation": count}

    def anonymise_cohort(self, cohort: Cohort) -> dict[str, int]:
        invitations = Invitation.objects.filter(survey__cohort=cohort, person__isnull=False)
        texts = _erase_texts(Answer.objects.filter(invitation__survey__cohort=cohort))
        count = 0
        for invitation in invitations:
            invitation.person, invitation.token = None, new_token()
            invitation.save(update_fields=["person", "token", "updated_at"])
            count += 1
        return {"surveys.Answer": texts, "surveys.Invitation": count}


def _erase_texts(answers: Any) -> int:
    return int(
        answers.filter(question__kind=QuestionKind.LONG_TEXT)
        .exclude(value__isnull=True)
        .update(value=None)
    )
