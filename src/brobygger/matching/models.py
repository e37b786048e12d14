"""Matching in the app: runs of the engine, the coordinator's locks and forbids, proposals.

- :class:`MatchRun` keeps one run of the engine: the exact JSON instance it was given, the
  settings, the result, who ran it and when (so a result can be explained and reproduced).
- :class:`MatchConstraint` is a coordinator's lock, forbid or removal; kept across runs.
- :class:`MatchingInputs` counts the changes to a cohort's matching inputs: a run started
  at an older count is stale, and cannot be sent or published.
- :class:`Proposal` is one proposed pair sent to the two people; each person answers on
  their own :class:`ProposalSide` through a personal link.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.applications.models import Application
from brobygger.core.models import CodedModel, FieldIs, TimeStampedModel
from brobygger.core.tokens import new_token
from brobygger.people.models import Person, acting_user
from brobygger.programs.models import Cohort


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("run status", "Queued")
    RUNNING = "running", pgettext_lazy("run status", "Running")
    DONE = "done", pgettext_lazy("run status", "Done")
    FAILED = "failed", pgettext_lazy("run status", "Failed")


class MatchRun(CodedModel):
    """One run of the matching engine for a cohort."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="match_runs"
    )
    run_by = acting_user(_("run by"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    instance = models.JSONField(_("engine input"), default=dict)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    result = models.JSONField(_("engine result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    fingerprint = models.CharField(
        _("applicants fingerprint"),
        max_length=64,
        help_text=_("Changes when an applicant is withdrawn or a decision changes."),
    )
    people = models.PositiveIntegerField(_("people"), default=0)
    inputs_version = models.PositiveIntegerField(
        _("matching inputs version"),
        default=0,
        help_text=_("The cohort's matching inputs version when the run started."),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.cohort} {self.created_at:%Y-%m-%d %H:%M}"

    is_finished = FieldIs("status", RunStatus.DONE, RunStatus.FAILED)
    is_failed = FieldIs("status", RunStatus.FAILED)


class MatchingInputs(models.Model):
    """A counter of the changes to what a cohort's matching depends on.

    Every service that changes a lock, a forbidden pair, a hand-made pair, a person left out,
    the matching settings, a withdrawal or a decision bumps it
    (``matching.services.inputs.mark_matching_inputs_changed``); a run remembers the value
    it started at, and is stale once the counter has moved on. Only that function and
    ``start_run`` write it: no other save can set it back.
    """

    cohort = models.OneToOneField(
        Cohort,
        verbose_name=_("cohort"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("matching inputs")
        verbose_name_plural = _("matching inputs")

    def __str__(self) -> str:
        return f"{self.cohort_id}: {self.version}"


class ConstraintKind(models.TextChoices):
    LOCK = "lock", pgettext_lazy("matching constraint", "Locked pair")
    FORBID = "forbid", pgettext_lazy("matching constraint", "Forbidden pair")
    REMOVE = "remove", pgettext_lazy("matching constraint", "Left out of matching")


class MatchConstraint(TimeStampedModel):
    """A coordinator's decision the engine must respect in every later run.

    A lock with an ``override_reason`` is a hand-made pair that breaks a hard rule: the
    engine is not given it (it would refuse), it is added to the proposal as it is.
    A removal names one application only.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ConstraintKind.choices)
    mentee_application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("pair role", "mentee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    mentor_application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("pair role", "mentor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    override_reason = models.TextField(_("reason for breaking a rule"), blank=True)
    created_by = acting_user(_("created by"))

    class Meta:
        verbose_name = _("matching constraint")
        verbose_name_plural = _("matching constraints")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.mentee_application_id}/{self.mentor_application_id}"
        )

    def codes(self) -> tuple[str, str]:
        """The two applications' codes ("" for a side not named), as the engine ids them."""
        e, m = self.mentee_application, self.mentor_application
        return (str(e.code) if e else "", str(m.code) if m else "")

    def clean(self) -> None:
        pair = self.mentee_application_id and self.mentor_application_id
        if self.kind != ConstraintKind.REMOVE and not pair:
            raise ValidationError(_("A locked or forbidden pair needs a mentee and a mentor."))
        if self.kind == ConstraintKind.REMOVE and bool(self.mentee_application_id) == bool(
            self.mentor_application_id
        ):
            raise ValidationError(_("Leave out exactly one person."))


class ProposalStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("proposal status", "Waiting for answers")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted by both")
    DECLINED = "declined", pgettext_lazy("proposal status", "Declined")
    PUBLISHED = "published", pgettext_lazy("proposal status", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "Withdrawn")


class Proposal(CodedModel):
    """A proposed pair sent to both people; becomes a Pair when published."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="+"
    )
    run = models.ForeignKey(
        MatchRun,
        verbose_name=_("matching run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    mentee_application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("pair role", "mentee"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    mentor_application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("pair role", "mentor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    score = models.FloatField(_("matching score"), null=True, blank=True)
    terms = models.JSONField(_("score breakdown"), default=list, blank=True)
    override_reason = models.TextField(_("reason for breaking a rule"), blank=True)
    sent_by = acting_user(_("sent by"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.mentee_application_id} & {self.mentor_application_id}"

    is_pending = FieldIs("status", ProposalStatus.PENDING)


class SideAnswer(models.TextChoices):
    NONE = "", pgettext_lazy("proposal answer", "Not answered")
    APPROVED = "approved", pgettext_lazy("proposal answer", "Approved")
    DECLINED = "declined", pgettext_lazy("proposal answer", "Declined")


class ProposalSide(CodedModel):
    """One person's side of a proposal, answered through a personal capability link."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="sides"
    )
    role = models.CharField(_("role"), max_length=10)  # "mentee" | "mentor"
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(_("link code"), max_length=64, default=new_token, editable=False)
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=SideAnswer.choices, blank=True, default=""
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("proposal side")
        verbose_name_plural = _("proposal sides")
        ordering = ["proposal", "role"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "role"], name="proposal_side_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.role})"


class WishKind(models.TextChoices):
    AVOID = "avoid", pgettext_lazy("wish", "Not with")
    PREFER = "prefer", pgettext_lazy("wish", "Would like")


class Wish(TimeStampedModel):
    """A participant's wish about her partner, read only by the coordinator and the matching:
    not with someone (a colleague, a client, a former manager: never paired), or with
    someone (a bonus in the score). Names a person of the other role in the cohort, or,
    for "not with", a whole company."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("wish"), max_length=10, choices=WishKind.choices)
    other = models.ForeignKey(
        Application,
        verbose_name=_("person named"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        "people.Company",
        verbose_name=_("company named"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    written = models.CharField(_("as written"), max_length=200)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["application", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(other__isnull=False) ^ models.Q(company__isnull=False),
                name="wish_names_a_person_or_a_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.written}"


class ConflictKind(models.TextChoices):
    CLIENT = "client", pgettext_lazy("company conflict", "Client")
    COMPETITOR = "competitor", pgettext_lazy("company conflict", "Competitor")


class CompanyConflict(TimeStampedModel):
    """A member company declared by another's contact as its client or competitor: their
    people are not paired (the cohort's ``company_conflicts``: never, or softly avoided)."""

    company = models.ForeignKey(
        "people.Company", verbose_name=_("company"), on_delete=models.CASCADE, related_name="+"
    )
    other = models.ForeignKey(
        "people.Company",
        verbose_name=_("other company"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("relation"), max_length=12, choices=ConflictKind.choices)
    declared_by = acting_user(_("declared by"))

    class Meta:
        verbose_name = _("conflict between companies")
        verbose_name_plural = _("conflicts between companies")
        ordering = ["company", "other"]
        constraints = [
            models.UniqueConstraint(fields=["company", "other"], name="company_conflict_once"),
            models.CheckConstraint(
                condition=~models.Q(company=models.F("other")), name="company_conflict_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} – {self.other} ({self.kind})"
