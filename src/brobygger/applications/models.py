"""Application forms (questions per cohort and role), applications, answers and reviews."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.choices import (
    APPLICATION_KINDS,
    ApplicationStatus,
    Decision,
    ImportStatus,
    MatchingField,
    MeetingFormat,
    Role,
    Source,
)
from brobygger.core.choices import kind_choices
from brobygger.core.models import (
    AnswerFields,
    CodedModel,
    FieldIs,
    QuestionFields,
    TimeStampedModel,
    Translated,
)
from brobygger.people.models import CompanyContact, Person, acting_user
from brobygger.programs.models import Cohort


class Topic(TimeStampedModel):
    """The network's controlled topic list (offered by mentors, wanted by mentees)."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.display_name

    display_name = Translated("name")


class Question(TimeStampedModel, QuestionFields):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="questions"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    kind = models.CharField(_("type"), max_length=20, choices=kind_choices(APPLICATION_KINDS))
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    help_text_en = models.CharField(_("help text in English"), max_length=500, blank=True)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_("For single and multiple choice: one option per line."),
    )
    matching_field = models.CharField(
        _("used for matching"),
        max_length=20,
        choices=MatchingField.choices,
        blank=True,
        default=MatchingField.NONE,
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Answers are visible to the initiative's coordinators only: never to other "
            "reviewers, and never in exports unless asked for."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["cohort", "role", "order", "id"]


class Application(CodedModel):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="applications"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default="self")
    nominated_by = models.ForeignKey(
        CompanyContact,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    meeting_format = models.CharField(
        _("meeting format"),
        max_length=10,
        choices=MeetingFormat.choices,
        default=MeetingFormat.EITHER,
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many can you take on"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = acting_user(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_released_at = models.DateTimeField(_("decision sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person", "role"], name="application_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.cohort} ({self.get_role_display()})"

    is_mentee = FieldIs("role", Role.MENTEE)
    is_withdrawn = FieldIs("status", ApplicationStatus.WITHDRAWN)

    @property
    def is_editable_by_applicant(self) -> bool:
        return (
            self.status
            in (
                ApplicationStatus.NOMINATED,
                ApplicationStatus.DRAFT,
                ApplicationStatus.SUBMITTED,
            )
            and self.cohort.applications_are_open()
        )


class Answer(AnswerFields):
    question: models.ForeignKey[Question, Question]  # the base's "Question": this app's
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "question"], name="answer_once")
        ]

    def __str__(self) -> str:
        # Lists (the admin's delete confirmation, logs) name the question and the person,
        # never the value: an answer to a sensitive question is read on audited pages only.
        return f"{self.question} ({self.application.person})"


class Review(TimeStampedModel):
    """One reviewer's score (1–5) and comment on one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_once")
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"


class ImportValueMapping(TimeStampedModel):
    """What a value outside a vocabulary meant in a programme year's spreadsheets.

    Saved when an import that used it is confirmed; the next import into the same cohort
    starts from it (see docs/import.md). ``value`` is the cell folded (no case, accents or
    separators); ``target`` is a code of the column's vocabulary or ``other``.
    """

    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="import_value_mappings",
    )
    column = models.CharField(_("column"), max_length=30)
    value = models.CharField(_("value in the spreadsheet"), max_length=200)
    target = models.CharField(_("imported as"), max_length=100)

    class Meta:
        verbose_name = _("import value mapping")
        verbose_name_plural = _("import value mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "column", "value"], name="import_value_mapping_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.column}: {self.value} → {self.target}"


class NominationStatus(models.TextChoices):
    """Where a company's nomination of a pair (or of one person) stands."""

    WAITING = "waiting", pgettext_lazy("nomination status", "Waiting for the nominees")
    CONFIRMED = "confirmed", pgettext_lazy("nomination status", "Confirmed, with the coordinator")
    DECLINED = "declined", pgettext_lazy("nomination status", "Not confirmed")
    CHANGE_REQUESTED = "change_requested", pgettext_lazy("nomination status", "Change asked for")
    APPROVED = "approved", pgettext_lazy("nomination status", "Approved")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination status", "Withdrawn")


class NomineeAnswer(models.TextChoices):
    PENDING = "pending", pgettext_lazy("nominee answer", "Not answered")
    ACCEPTED = "accepted", pgettext_lazy("nominee answer", "Confirmed")
    DECLINED = "declined", pgettext_lazy("nominee answer", "Declined")


class Nomination(CodedModel):
    """A company contact's nomination of a talent and a top leader from her company (or of
    one of them, whom the matching then pairs). It becomes applications only when the
    nominees themselves have confirmed and consented (:class:`Nominee`); until then nobody
    gets an account and nothing about anyone's existing profile is read."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="nominations"
    )
    company = models.ForeignKey(
        "people.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        CompanyContact,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pair_nominations",
    )
    reason = models.TextField(_("why this pair"), max_length=1000)
    wants_to_learn = models.TextField(_("what the talent wants to learn"), max_length=1000)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.WAITING,
        db_index=True,
    )
    coordinator_message = models.TextField(_("message from the coordinator"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = acting_user(_("decided by"))

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return " & ".join(str(n) for n in self.nominees.all()) or str(self.pk)

    is_waiting = FieldIs("status", NominationStatus.WAITING)
    is_confirmed = FieldIs("status", NominationStatus.CONFIRMED)
    is_change_requested = FieldIs("status", NominationStatus.CHANGE_REQUESTED)
    is_approved = FieldIs("status", NominationStatus.APPROVED)
    #: approved or withdrawn: nobody changes or withdraws it any more
    is_settled = FieldIs("status", NominationStatus.APPROVED, NominationStatus.WITHDRAWN)


class Nominee(CodedModel):
    """One nominated person as the company contact typed her in. The random ``code`` is her
    link to confirm (and consent) or decline; ``application`` is made when the nomination's
    nominees have all confirmed."""

    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("nomination"),
        on_delete=models.CASCADE,
        related_name="nominees",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("work email"))
    job_title = models.CharField(_("job title"), max_length=200)
    private_address_confirmed = models.BooleanField(
        _("address outside the company's domains confirmed"), default=False
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=NomineeAnswer.choices, default=NomineeAnswer.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["nomination", "role"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "role"], name="nominee_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name(self) -> str:
        return str(self)

    is_mentee = FieldIs("role", Role.MENTEE)
    is_mentor = FieldIs("role", Role.MENTOR)
    has_accepted = FieldIs("answer", NomineeAnswer.ACCEPTED)
    has_declined = FieldIs("answer", NomineeAnswer.DECLINED)


class ImportJob(CodedModel):
    """A confirmed import too large for a web request, run by the task worker.

    Holds what the confirmation chose (the value mappings and the new companies ticked)
    and the token of the stashed file until the task has run; then the counts, or the
    error in the coordinator's language. The import itself stays all-or-nothing.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="import_jobs"
    )
    created_by = acting_user(_("started by"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    token = models.CharField(_("file token"), max_length=64, blank=True)
    mappings = models.JSONField(_("value mappings"), default=list, blank=True)
    confirm_companies = models.JSONField(_("confirmed new companies"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    counts = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort} {self.created_at:%Y-%m-%d %H:%M}"

    is_finished = FieldIs("status", ImportStatus.DONE, ImportStatus.FAILED)
    is_done = FieldIs("status", ImportStatus.DONE)
    is_failed = FieldIs("status", ImportStatus.FAILED)
