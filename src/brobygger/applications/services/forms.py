"""Writes of application forms: the default form, copying last year's, matching questions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from brobygger.applications.choices import MatchingField, QuestionKind, Role
from brobygger.applications.models import Question
from brobygger.applications.selectors.forms import (
    has_submitted_applications,
    question_has_answers,
    questions_for,
)
from brobygger.core.choices import CHOICE_KINDS
from brobygger.core.services import log_activity
from brobygger.programs.kinds import profile
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


@dataclass(frozen=True)
class QuestionTemplate:
    kind: str
    label: str
    label_en: str
    matching_field: str = ""
    required: bool = False
    help_text: str = ""
    help_text_en: str = ""


# Same question for both roles: the engine compares the two people's ticked slots.
AVAILABILITY_QUESTION = QuestionTemplate(
    QuestionKind.AVAILABILITY,
    "Når på dagen kan du vanligvis møtes?",
    "When in the day can you usually meet?",
    MatchingField.AVAILABILITY,
    help_text=(
        "Kryss av for alt som pleier å passe. Vi bruker det bare til å foreslå "
        "par som lett finner tid til hverandre."
    ),
    help_text_en=(
        "Tick every time that usually suits you. We use it only to suggest pairs "
        "who can easily find time to meet."
    ),
)

# The standard form, in the network's voice. Coordinators edit it per cohort.
DEFAULT_FORM: dict[str, list[QuestionTemplate]] = {
    Role.MENTEE: [
        QuestionTemplate(
            QuestionKind.TOPICS,
            "Hvilke temaer ønsker du å lære mer om?",
            "Which topics would you like to learn more about?",
            MatchingField.TOPICS,
            required=True,
        ),
        QuestionTemplate(
            QuestionKind.LONG_TEXT,
            "Hva er målene dine for programåret?",
            "What are your goals for the programme year?",
            MatchingField.TEXT,
            required=True,
            help_text="Skriv gjerne 2–4 konkrete mål med egne ord.",
            help_text_en="Two to four concrete goals, in your own words.",
        ),
        QuestionTemplate(
            QuestionKind.VALUES,
            "Hvilke verdier er viktigst for deg i arbeidslivet?",
            "Which values matter most to you at work?",
            MatchingField.VALUES,
            help_text="Velg inntil tre.",
            help_text_en="Pick up to three.",
        ),
        AVAILABILITY_QUESTION,
    ],
    Role.MENTOR: [
        QuestionTemplate(
            QuestionKind.TOPICS,
            "Hvilke temaer kan du dele kunnskap om?",
            "Which topics can you share knowledge about?",
            MatchingField.TOPICS,
            required=True,
        ),
        QuestionTemplate(
            QuestionKind.LONG_TEXT,
            "Hva er dine styrker som mentor?",
            "What are your strengths as a mentor?",
            MatchingField.TEXT,
            required=True,
        ),
        QuestionTemplate(
            QuestionKind.VALUES,
            "Hvilke verdier er viktigst for deg i arbeidslivet?",
            "Which values matter most to you at work?",
            MatchingField.VALUES,
            help_text="Velg inntil tre.",
            help_text_en="Pick up to three.",
        ),
        AVAILABILITY_QUESTION,
        QuestionTemplate(
            QuestionKind.LONG_TEXT,
            "Hvorfor vil du være mentor?",
            "Why do you want to be a mentor?",
        ),
    ],
}


def default_form(kind: str) -> dict[str, list[QuestionTemplate]]:
    """The standard form of ``kind``: the same questions, in the kind's own words
    (``KindProfile.form_question_words``: executive shadowing's top leader hosts a talent,
    she is no mentor), found by the standard question's Norwegian label."""
    words = profile(kind).form_question_words
    return {
        role: [
            replace(t, label=words[t.label][0], label_en=words[t.label][1])
            if t.label in words
            else t
            for t in templates
        ]
        for role, templates in DEFAULT_FORM.items()
    }


def _create(cohort: Cohort, role: str, template: QuestionTemplate, order: int) -> Question:
    question = Question(
        cohort=cohort,
        role=role,
        kind=template.kind,
        label=template.label,
        label_en=template.label_en,
        help_text=template.help_text,
        help_text_en=template.help_text_en,
        matching_field=template.matching_field,
        required=template.required,
        order=order,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def create_default_form(*, cohort: Cohort, by: User | None) -> list[Question]:
    """Give a cohort without questions the standard form for both roles."""
    if Question.objects.filter(cohort=cohort).exists():
        raise ValidationError(_("This cohort already has an application form."))
    created = [
        _create(cohort, role, template, order)
        for role, templates in default_form(cohort.kind).items()
        for order, template in enumerate(templates, start=1)
    ]
    log_activity(actor=by, action="form.create_default", target=cohort)
    return created


@transaction.atomic
def copy_form(*, source: Cohort, target: Cohort, by: User | None) -> list[Question]:
    """Copy every question of ``source`` (e.g. last year's cohort) into ``target``."""
    if Question.objects.filter(cohort=target).exists():
        raise ValidationError(
            _("“%(cohort)s” already has questions; remove them before copying a form.")
            % {"cohort": target}
        )
    copies = []
    for question in Question.objects.filter(cohort=source).order_by("role", "order", "id"):
        question.pk = None
        question.id = None
        question.cohort = target
        question.full_clean()
        question.save()
        copies.append(question)
    log_activity(actor=by, action="form.copy", target=target, data={"from": str(source.code)})
    return copies


@transaction.atomic
def ensure_matching_questions(*, cohort: Cohort, role: str) -> dict[str, Question]:
    """The cohort's question per matching field for ``role``, creating standard ones if missing.

    Returns ``{"topics": Question, "text": Question, "values": Question,
    "availability": Question}``; imports store spreadsheet columns (topics,
    goals/strengths) as answers to these, and the demo loader fills in the rest.
    """
    found: dict[str, Question] = {}
    for question in Question.objects.filter(cohort=cohort, role=role).exclude(matching_field=""):
        found.setdefault(question.matching_field, question)
    next_order = (
        max((q.order for q in Question.objects.filter(cohort=cohort, role=role)), default=0) + 1
    )
    for template in DEFAULT_FORM[role]:
        if template.matching_field and template.matching_field not in found:
            found[template.matching_field] = _create(cohort, role, template, next_order)
            next_order += 1
    return found


# -- the coordinator's question editor ---------------------------------------------------

#: what the editor may change on a question
EDITABLE_FIELDS = (
    "kind",
    "label",
    "label_en",
    "help_text",
    "help_text_en",
    "required",
    "choices",
)


def _renumber(cohort: Cohort, role: str) -> list[Question]:
    """The role's questions in order, numbered 1..n (earlier forms may share numbers)."""
    questions = list(questions_for(cohort, role))
    for order, question in enumerate(questions, start=1):
        if question.order != order:
            question.order = order
            question.save(update_fields=["order", "updated_at"])
    return questions


def _refuse_breaking_changes(question: Question, data: dict[str, Any]) -> None:
    """Once people have answered, the answers must still fit the question: its type stays,
    and no option they could have picked disappears. Wording and help can always change."""
    stored = Question.objects.get(pk=question.pk)
    answered = question_has_answers(stored)
    kind_changes = "kind" in data and data["kind"] != stored.kind
    if kind_changes and stored.matching_field:
        raise ValidationError(
            {"kind": _("This question feeds the matching: its type cannot change.")}
        )
    if kind_changes and (answered or has_submitted_applications(stored.cohort)):
        raise ValidationError(
            {
                "kind": _(
                    "Applications have been submitted: the type of a question cannot change "
                    "any more, or the answers would no longer fit. Add a new question instead."
                )
            }
        )
    removed = [c for c in stored.choices if c not in data.get("choices", stored.choices)]
    if removed and answered:
        raise ValidationError(
            {
                "choices": _(
                    "People have answered this question: its options can be added to, "
                    "not removed or renamed. Put back: %(options)s."
                )
                % {"options": ", ".join(removed)}
            }
        )


@transaction.atomic
def save_question(
    *,
    cohort: Cohort,
    role: str,
    data: dict[str, Any],
    by: User | None,
    question: Question | None = None,
) -> Question:
    """Add a question at the end of the role's form, or change one."""
    created = question is None
    if question is None:
        order = max((q.order for q in questions_for(cohort, role)), default=0) + 1
        question = Question(cohort=cohort, role=role, order=order)
    else:
        _refuse_breaking_changes(question, data)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(question, name, data[name])
    if question.kind in CHOICE_KINDS and len(question.choices or []) < 2:
        raise ValidationError({"choices": _("Give at least two options, one per line.")})
    if question.kind not in CHOICE_KINDS:
        question.choices = []
    question.full_clean()
    question.save()
    log_activity(
        actor=by,
        action="form.question.add" if created else "form.question.change",
        target=cohort,
        data={"question": question.pk, "role": role, "fields": sorted(data)},
    )
    return question


@transaction.atomic
def delete_question(*, question: Question, by: User | None) -> None:
    """Delete a question nobody has answered; the others close up."""
    if question_has_answers(question):
        raise ValidationError(
            _(
                "“%(question)s” has answers and cannot be deleted: the applications that "
                "answered it would lose them. Edit its wording instead."
            )
            % {"question": question.label}
        )
    cohort, role, pk = question.cohort, question.role, question.pk
    question.delete()
    _renumber(cohort, role)
    log_activity(actor=by, action="form.question.delete", target=cohort, data={"question": pk})


@transaction.atomic
def move_question(*, question: Question, up: bool, by: User | None) -> None:
    """Swap a question with the one before (``up``) or after it in its role's form."""
    questions = _renumber(question.cohort, question.role)
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    first, second = questions[index], questions[other]
    first.order, second.order = second.order, first.order
    for moved in (first, second):
        moved.save(update_fields=["order", "updated_at"])
    log_activity(
        actor=by,
        action="form.question.move",
        target=question.cohort,
        data={"question": question.pk, "up": up},
    )
