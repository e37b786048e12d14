"""Writes of surveys: start one from a template, edit it, invite and remind, save answers.

Every write runs in a transaction, validates with ``full_clean`` and writes an activity
log row; emails are rendered in the recipient's language and sent after commit.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.mailings import MailingPlan, send_mailing, send_scheduled_mailing
from brobygger.core.models import Mailing
from brobygger.core.services import log_activity
from brobygger.programs.status import CohortStatus
from brobygger.surveys.defaults import template as default_template
from brobygger.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Invitation,
    PublishedResult,
    Question,
    QuestionKind,
    Survey,
    SurveyKind,
)
from brobygger.surveys.reports import data as report_data
from brobygger.surveys.reports import figures
from brobygger.surveys.selectors import (
    INVITATION_EMAIL,
    REMINDER_EMAIL,
    cohorts_with_results_due,
    invitation_mailing,
    question_has_answers,
    results_published,
    survey_has_answers,
    surveys_open_on,
)

if TYPE_CHECKING:
    from brobygger.people.models import User
    from brobygger.programs.models import Cohort

STRUCTURAL_FIELDS = ("kind", "choices", "key")


def default_dates(cohort: Cohort, kind: str) -> tuple[dt.date, dt.date]:
    """When a survey opens and closes, from the cohort's timeline."""
    if kind == SurveyKind.BASELINE:
        return cohort.kickoff_on - dt.timedelta(days=3), cohort.kickoff_on + dt.timedelta(days=14)
    if kind == SurveyKind.MIDPOINT:
        mid = report_data.midpoint_of(cohort)
        return mid, mid + dt.timedelta(days=14)
    return cohort.closing_on - dt.timedelta(days=7), cohort.closing_on + dt.timedelta(days=21)


@transaction.atomic
def create_survey(
    *, cohort: Cohort, kind: str, role: str, by: User, copy_from: Survey | None = None
) -> Survey:
    """A cohort's survey from the default template, or a copy of an earlier cohort's."""
    if Survey.objects.filter(cohort=cohort, kind=kind, role=role).exists():
        raise ValidationError(_("This cohort already has that survey."))
    opens_on, closes_on = default_dates(cohort, kind)
    template = default_template(cohort.kind, kind, role)
    survey = Survey(
        cohort=cohort,
        kind=kind,
        role=role,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
        title=copy_from.title if copy_from else template.title,
        title_en=copy_from.title_en if copy_from else template.title_en,
        intro=copy_from.intro if copy_from else template.intro,
        intro_en=copy_from.intro_en if copy_from else template.intro_en,
        anonymous=copy_from.anonymous if copy_from else True,
    )
    survey.full_clean()
    survey.save()
    if copy_from is not None:
        sources = [
            {
                f: getattr(q, f)
                for f in (
                    "key",
                    "kind",
                    "label",
                    "label_en",
                    "help_text",
                    "help_text_en",
                    "choices",
                    "choices_en",
                    "required",
                )
            }
            for q in copy_from.questions.order_by("order", "id")
        ]
    else:
        sources = [
            {
                "key": q.key,
                "kind": q.kind,
                "label": q.label,
                "label_en": q.label_en,
                "help_text": q.help_text,
                "help_text_en": q.help_text_en,
                "choices": list(q.choices),
                "choices_en": list(q.choices_en),
                "required": q.required,
            }
            for q in template.questions
        ]
    for order, data in enumerate(sources, start=1):
        question = Question(survey=survey, order=order, **data)
        question.full_clean()
        question.save()
    log_activity(
        actor=by,
        action="surveys.create",
        target=survey,
        data={"kind": kind, "role": role, "copied_from": str(copy_from.code) if copy_from else ""},
    )
    return survey


@transaction.atomic
def update_survey(*, survey: Survey, data: dict[str, Any], by: User) -> Survey:
    """Change a survey's titles, introduction, dates or anonymity.

    A survey that already has answers cannot be made non-anonymous: people answered
    on the promise that their names would not be shown.
    """
    was_anonymous = Survey.objects.filter(pk=survey.pk, anonymous=True).exists()
    if was_anonymous and data.get("anonymous") is False and survey_has_answers(survey):
        raise ValidationError(
            {"anonymous": _("People have answered anonymously; the survey stays anonymous.")}
        )
    closes_on = data.get("closes_on")
    if closes_on and closes_on >= timezone.localdate() and results_published(survey):
        raise ValidationError(
            {
                "closes_on": _(
                    "This survey's results have been published; it cannot open again. "
                    "Keep a closing date in the past."
                )
            }
        )
    for name, value in data.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save()
    log_activity(actor=by, action="surveys.update", target=survey, data={"fields": sorted(data)})
    return survey


@transaction.atomic
def save_question(
    *, survey: Survey, data: dict[str, Any], by: User, question: Question | None = None
) -> Question:
    """Add or edit a question. Once answered, its type, options and measure stay fixed
    (the answers refer to them); the wording can still be improved."""
    if question is None:
        question = Question(survey=survey, order=survey.questions.count() + 1)
    elif question_has_answers(question):
        # Compare with the stored row: a bound ModelForm has already changed the instance.
        stored = Question.objects.get(pk=question.pk)
        changed = [f for f in STRUCTURAL_FIELDS if f in data and data[f] != getattr(stored, f)]
        if changed:
            raise ValidationError(
                {
                    changed[0]: _(
                        "This question has answers: its type, options and measure cannot change."
                    )
                }
            )
    for name, value in data.items():
        setattr(question, name, value)
    if question.kind not in CHOICE_KINDS:
        question.choices, question.choices_en = [], []
    question.full_clean()
    question.save()
    log_activity(
        actor=by,
        action="surveys.question.save",
        target=survey,
        data={"question": str(question.code)},
    )
    return question


@transaction.atomic
def delete_question(*, question: Question, by: User) -> None:
    if question_has_answers(question):
        raise ValidationError(_("This question has answers and cannot be deleted."))
    survey = question.survey
    code = str(question.code)
    question.delete()
    log_activity(actor=by, action="surveys.question.delete", target=survey, data={"question": code})


@transaction.atomic
def invite_participants(*, survey: Survey) -> int:
    """Give every participant in the survey's role an invitation (idempotent)."""
    people = report_data.participants(survey.cohort, survey.role)
    existing = set(survey.invitations.values_list("person_id", flat=True))
    new = [
        Invitation(survey=survey, person_id=person_id, company_id=company_id)
        for person_id, company_id in people
        if person_id not in existing
    ]
    Invitation.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def send_invitations(
    *, survey: Survey, today: dt.date | None = None, by: User | None = None
) -> tuple[int, int]:
    """While the survey is open: invite everyone not yet invited, and remind once, a few
    days before it closes, those who have not answered. Returns (invited, reminded).

    The scheduled job's send: the same plan as the coordinator's preview of the next batch
    (:func:`~brobygger.surveys.selectors.invitation_mailing`), sent as one batch with a send
    log. Side effects: invitation rows, the emails (after commit), an activity row.
    """
    today = today or timezone.localdate()
    if not survey.is_open(today):
        return 0, 0
    invite_participants(survey=survey)
    plan = invitation_mailing(survey, today)
    mailing = send_scheduled_mailing(plan)
    if mailing is None:
        return 0, 0
    invited, reminded = _mark_sent(survey, plan)
    log_activity(
        actor=by,
        action="surveys.invite",
        target=survey,
        data={"invited": invited, "reminded": reminded, "mailing": str(mailing.code)},
    )
    return invited, reminded


def _mark_sent(survey: Survey, plan: MailingPlan) -> tuple[int, int]:
    """Who was invited or reminded by ``plan``'s emails: (invited, reminded)."""
    now = timezone.now()
    people = {
        template: [int(e.key) for e in plan.emails if e.template_prefix == template]
        for template in (INVITATION_EMAIL, REMINDER_EMAIL)
    }
    mine = Invitation.objects.filter(survey=survey)
    invited = mine.filter(person_id__in=people[INVITATION_EMAIL], invited_at__isnull=True).update(
        invited_at=now, updated_at=now
    )
    reminded = mine.filter(person_id__in=people[REMINDER_EMAIL], reminded_at__isnull=True).update(
        reminded_at=now, updated_at=now
    )
    return invited, reminded


def send_due_invitations(*, today: dt.date | None = None) -> tuple[int, int, int]:
    """:func:`send_invitations` for every survey open ``today``, and :func:`publish_results`
    for every cohort whose survey has closed; returns (invited, reminded, published).

    The worker's scheduler runs this daily at 09:00 (``surveys/scheduled.py``);
    ``manage.py send_survey_invitations`` runs the same from cron."""
    today = today or timezone.localdate()
    invited = reminded = 0
    for survey in surveys_open_on(today):
        new, again = send_invitations(survey=survey, today=today)
        invited, reminded = invited + new, reminded + again
    published = sum(
        publish_results(cohort=cohort, today=today) for cohort in cohorts_with_results_due(today)
    )
    return invited, reminded, published


@transaction.atomic
def send_invitations_now(*, survey: Survey, token: str, by: User) -> Mailing:
    """The coordinator's send: exactly the invitations and reminders she previewed
    (``token``, from :func:`invitation_mailing`); returns the batch.

    The survey row is locked, so two coordinators confirming at once send one set; a list
    changed since the preview is refused (``ValidationError``), nothing sent.
    """
    survey = Survey.objects.select_for_update().select_related("cohort").get(pk=survey.pk)
    today = timezone.localdate()
    if not survey.is_open(today):
        raise ValidationError(_("Invitations go out only while the survey is open."), code="closed")
    invite_participants(survey=survey)
    plan = invitation_mailing(survey, today)
    mailing = send_mailing(plan, token=token, by=by)
    invited, reminded = _mark_sent(survey, plan)
    log_activity(
        actor=by,
        action="surveys.invite",
        target=survey,
        data={"invited": invited, "reminded": reminded, "mailing": str(mailing.code)},
    )
    return mailing


@transaction.atomic
def save_answers(
    *, invitation: Invitation, values: dict[int, Any], now: dt.datetime | None = None
) -> Invitation:
    """Store (or replace) a person's answers while the survey is open. ``now``: when she
    answers (the demo's story; otherwise the clock)."""
    now = now or timezone.now()
    survey = invitation.survey
    if not survey.is_open(timezone.localdate(now)):
        raise ValidationError(_("This survey is closed; answers can no longer change."))
    questions = {q.pk: q for q in survey.questions.all()}
    existing = {a.question_id: a for a in invitation.answers.all()}
    for question_id, value in values.items():
        question = questions[question_id]
        _check_value(question, value)
        answer = existing.get(question_id) or Answer(invitation=invitation, question=question)
        answer.value = value
        answer.full_clean()
        answer.save()
    first = invitation.answered_at is None
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at", "updated_at"])
    log_activity(
        actor=None, action="surveys.answer" if first else "surveys.answer.change", target=survey
    )
    return invitation


def _check_value(question: Question, value: Any) -> None:
    """Answers are stored as numbers, option indexes or text; anything else is refused."""
    if value is None or value == "" or value == []:
        if question.required:
            raise ValidationError(_("Please answer every required question."))
        return
    kind, n = question.kind, len(question.choices)
    ok: bool = {
        QuestionKind.LIKERT: isinstance(value, int) and 1 <= value <= 5,
        QuestionKind.SCALE10: isinstance(value, int) and 0 <= value <= 10,
        QuestionKind.SINGLE_CHOICE: isinstance(value, int) and 0 <= value < n,
        QuestionKind.MULTIPLE_CHOICE: isinstance(value, list)
        and all(isinstance(v, int) and 0 <= v < n for v in value),
        QuestionKind.LONG_TEXT: isinstance(value, str) and len(value) <= 5000,
    }.get(QuestionKind(kind), False)
    if not ok:
        raise ValidationError(_("That answer is not one of the options."))


@transaction.atomic
def record_report_export(
    *, cohort: Cohort, company: Any, fmt: str, by: User, ip_address: str | None = None
) -> None:
    """Exports are audited: who took the cohort's numbers out, in which form."""
    log_activity(
        actor=by,
        action="surveys.report.export",
        target=cohort,
        ip_address=ip_address,
        data={"format": fmt, "company": company.name if company else ""},
    )


@transaction.atomic
def publish_results(*, cohort: Cohort, today: dt.date | None = None, by: User | None = None) -> int:
    """Publish, once, what is due of ``cohort``: the figures of every survey that has closed,
    and once the programme year has closed, each company's goal change. Published figures
    never change again, so no two reads can be subtracted to give one answer away
    (docs/evaluation.md, *Published once*). Idempotent; returns the rows written.

    Side effects: ``PublishedResult`` rows (one for everyone and one per company), an
    activity row per survey or programme year published.
    """
    today = today or timezone.localdate()
    done = set(
        # no ordering: the model's default one joins five tables for a set of ids
        PublishedResult.objects.filter(cohort=cohort, company__isnull=True)
        .order_by()
        .values_list("survey_id", flat=True)
    )
    written = 0
    for survey in Survey.objects.filter(cohort=cohort, closes_on__lt=today).exclude(pk__in=done):
        written += _publish(cohort, survey, figures.survey_figures(survey), by)
    if None not in done and cohort.status in (CohortStatus.CLOSED, CohortStatus.ARCHIVED):
        written += _publish(cohort, None, figures.outcomes_figures(cohort), by)
    return written


def _publish(
    cohort: Cohort,
    survey: Survey | None,
    by_audience: dict[int | None, dict[str, Any]],
    by: User | None,
) -> int:
    rows = []
    for company_id, data in by_audience.items():
        row = PublishedResult(
            cohort=cohort,
            survey=survey,
            company_id=company_id,
            key=PublishedResult.key_for(cohort, survey, company_id),
            data=data,
        )
        row.full_clean(validate_unique=False, validate_constraints=False)
        rows.append(row)
    # Two readers at once may both publish: the same figures, so the second one's are dropped.
    PublishedResult.objects.bulk_create(rows, ignore_conflicts=True)
    log_activity(
        actor=by,
        action="surveys.results.publish",
        target=survey or cohort,
        data={"audiences": len(rows)},
    )
    return len(rows)
