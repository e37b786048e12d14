"""Personal data of the applications app: applications, answers and reviewers' comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from brobygger.applications.choices import (
    CHOICE_VOCABULARIES,
    ApplicationStatus,
    Decision,
)
from brobygger.applications.models import (
    Answer,
    Application,
    Nomination,
    Nominee,
    NomineeAnswer,
    Review,
)
from brobygger.core.choices import TEXT_KINDS
from brobygger.core.privacy_registry import (
    PersonalField,
    PrivacyProvider,
    add_months,
    register,
    rows,
)
from brobygger.people.models import Person
from brobygger.programs.models import Cohort
from brobygger.programs.status import CohortStatus

# Free text (``TEXT_KINDS``) is personal; a choice from the coordinator's list is kept as
# an anonymous statistic once the person behind it is erased, unless it is marked sensitive.

_RETENTION = (
    "rejected and withdrawn: the initiative's months after matching; "
    "others: anonymised the initiative's years after the cohort closes"
)

APPLICATION_FIELDS = [
    "code",
    "cohort",
    "role",
    "status",
    "source",
    "meeting_format",
    "capacity",
    "submitted_at",
    "withdrawn_at",
    "decision",
    "decision_reason",
    "decided_at",
    "decision_released_at",
]


def personal_answers(applications: QuerySet[Application]) -> QuerySet[Answer]:
    """Answers that go when their person does: free text, and anything sensitive."""
    return Answer.objects.filter(application__in=applications).filter(
        Q(question__kind__in=TEXT_KINDS) | Q(question__sensitive=True)
    )


def anonymise_applications(applications: QuerySet[Application]) -> dict[str, int]:
    answers = personal_answers(applications).exclude(value__isnull=True).update(value=None)
    reasons = applications.exclude(decision_reason="").update(decision_reason="")
    comments = (
        Review.objects.filter(application__in=applications).exclude(comment="").update(comment="")
    )
    return {
        "applications.Answer": answers,
        "applications.Application": reasons,
        "applications.Review": comments,
    }


def _application_rows(applications: list[Application]) -> list[dict[str, Any]]:
    """Her applications; a decision not sent to her yet is not hers to see (it may still
    change): it shows as not decided, without the reason or the date."""
    result = rows(applications, APPLICATION_FIELDS)
    for application, row in zip(applications, result, strict=True):
        if application.decision_released_at is None:
            row.update(decision=Decision.PENDING.value, decision_reason="", decided_at=None)
    return result


def _answer_row(answer: Answer) -> dict[str, Any]:
    """The stored answer; a choice from a fixed vocabulary (work values, times to meet)
    also in words, so the person can read what she ticked."""
    row = {
        "application": str(answer.application.code),
        "question": answer.question.label,
        "value": answer.value,
    }
    vocabulary = CHOICE_VOCABULARIES.get(answer.question.kind)
    if vocabulary is not None and isinstance(answer.value, list):
        labels = dict(vocabulary)
        row["labels"] = [str(labels.get(str(code), code)) for code in answer.value]
    return row


@register
class ApplicationsPrivacy(PrivacyProvider):
    app_label = "applications"
    not_personal = [
        "Topic.slug",
        "Topic.name",
        "Topic.name_en",
        "Question.role",
        "Question.kind",
        "Question.label",
        "Question.label_en",
        "Question.help_text",
        "Question.help_text_en",
        "Question.choices",
        "Question.matching_field",
        "Application.source",
        # a programme year's words for industries, fields, topics…, not about anyone
        "ImportValueMapping.column",
        "ImportValueMapping.value",
        "ImportValueMapping.target",
        # a background import's bookkeeping: the file with the people is removed when the
        # task has run; the job keeps counts, the vocabulary mappings, company names and a
        # generic error message
        "ImportJob.status",
        "ImportJob.language",
        "ImportJob.token",
        "ImportJob.mappings",
        "ImportJob.confirm_companies",
        "ImportJob.counts",
        "ImportJob.error",
        "Nomination.status",
        "Nominee.role",
        "Nominee.answer",
    ]
    fields = [
        PersonalField(
            "applications.Application",
            "role",
            "selecting and matching participants",
            "consent",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Application",
            "status",
            "selecting participants",
            "consent",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Application",
            "meeting_format",
            "matching",
            "consent",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Application",
            "capacity",
            "matching",
            "consent",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Application",
            "decision",
            "selecting participants",
            "consent",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Application",
            "decision_reason",
            "explaining the decision",
            "consent",
            _RETENTION,
        ),
        PersonalField(
            "applications.Answer",
            "value",
            "selecting and matching participants (free text and sensitive answers "
            "are personal; choices from a list survive as statistics)",
            "consent",
            _RETENTION,
        ),
        PersonalField(
            "applications.Review",
            "score",
            "selecting participants",
            "legitimate interest",
            _RETENTION,
            "kept anonymous",
        ),
        PersonalField(
            "applications.Review",
            "comment",
            "selecting participants",
            "legitimate interest",
            _RETENTION,
        ),
        *[
            PersonalField(
                "applications.Nominee",
                name,
                "asking a nominated person to confirm (executive shadowing)",
                "legitimate interest (her employer nominates her); consent once she confirms",
                "until erasure; an unconfirmed nomination as long as a rejected application",
            )
            for name in ("first_name", "last_name", "email", "job_title")
        ],
        *[
            PersonalField(
                "applications.Nomination",
                name,
                "the company's reason for a nominated pair",
                "legitimate interest",
                _RETENTION,
            )
            for name in ("reason", "wants_to_learn", "coordinator_message")
        ],
    ]

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        applications = Application.objects.filter(person=person).select_related("cohort")
        answers = (
            Answer.objects.filter(application__person=person)
            .select_related("application", "question")
            .order_by("application_id", "question__order", "question_id")
        )
        reviews = Review.objects.filter(application__person=person).select_related("application")
        return {
            "applications.Application": _application_rows(list(applications)),
            "applications.Answer": [_answer_row(a) for a in answers],
            # What reviewers wrote about her, without saying who they are.
            "applications.Review": [
                {"application": str(r.application.code), "score": r.score, "comment": r.comment}
                for r in reviews
            ],
            # nominations of her, found by her address (she may have confirmed none)
            "applications.Nominee": [
                {
                    "nomination": str(n.nomination.code),
                    "role": n.role,
                    "first_name": n.first_name,
                    "last_name": n.last_name,
                    "email": n.email,
                    "job_title": n.job_title,
                    "answer": n.answer,
                }
                for n in _nominees_of(person).select_related("nomination")
            ],
            "applications.Nomination": [
                {
                    "code": str(n.code),
                    "cohort": str(n.cohort),
                    "company": str(n.company),
                    "status": n.status,
                    "reason": n.reason,
                    "wants_to_learn": n.wants_to_learn,
                    "coordinator_message": n.coordinator_message,
                }
                for n in Nomination.objects.filter(nominees__in=_nominees_of(person))
                .select_related("cohort__initiative", "company")
                .distinct()
            ],
        }

    def erase(self, person: Person) -> dict[str, int]:
        counts = anonymise_applications(Application.objects.filter(person=person))
        nominees = _nominees_of(person)
        counts["applications.Nomination"] = Nomination.objects.filter(nominees__in=nominees).update(
            reason="", wants_to_learn="", coordinator_message=""
        )
        counts["applications.Nominee"] = nominees.delete()[0]
        return counts

    def anonymise_cohort(self, cohort: Cohort) -> dict[str, int]:
        counts = anonymise_applications(Application.objects.filter(cohort=cohort))
        counts["applications.Nomination"] = Nomination.objects.filter(cohort=cohort).update(
            reason="", wants_to_learn="", coordinator_message=""
        )
        counts["applications.Nominee"] = Nominee.objects.filter(nomination__cohort=cohort).delete()[
            0
        ]
        return counts

    def apply_retention(self, today: dt.date) -> dict[str, int]:
        """Erase rejected and withdrawn applications once their retention has run out."""
        due = [
            cohort.pk
            for cohort in Cohort.objects.select_related("initiative").exclude(
                status__in=[CohortStatus.DRAFT, CohortStatus.OPEN]
            )
            if add_months(cohort.matching_on, cohort.initiative.retention_rejected_months) <= today
        ]
        expired = Application.objects.filter(cohort__in=due).filter(
            Q(status=ApplicationStatus.WITHDRAWN) | Q(decision=Decision.REJECTED)
        )
        _deleted, per_model = expired.delete()
        # nominees who never confirmed: kept no longer than a rejected application
        _gone, unconfirmed = (
            Nominee.objects.filter(nomination__cohort__in=due)
            .exclude(answer=NomineeAnswer.ACCEPTED)
            .delete()
        )
        per_model = {**per_model, **unconfirmed}
        return {label: count for label, count in per_model.items() if count}


def _nominees_of(person: Person) -> QuerySet[Nominee]:
    email = person.user.email if person.user_id else ""
    return Nominee.objects.filter(email__iexact=email) if email else Nominee.objects.none()
