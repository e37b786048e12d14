"""Small shared pieces: base models, the translated fields' reading, the activity log."""

from __future__ import annotations

import uuid
from typing import Any, Self, overload

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_reading_language(obj: object, field: str) -> Any:
    """``obj.<field>_en`` when the page is read in English and it is filled in, else
    ``obj.<field>``: a text a coordinator writes in Norwegian and may add in English."""
    english = getattr(obj, f"{field}_en")
    if english and get_language() == "en":
        return english
    return getattr(obj, field)


class ReadFrom[T]:
    """A read-only attribute computed from one field of the object (``field``): the class
    gives the descriptor itself, an instance what :meth:`read` makes of it."""

    def __init__(self, field: str) -> None:
        self.field = field

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Self | T:
        if instance is None:
            return self
        return self.read(instance)

    def read(self, instance: object) -> T:
        raise NotImplementedError


class Translated(ReadFrom[str]):
    """A read-only text in the reader's language: ``display_name = Translated("name")``
    reads ``name_en`` in English when it is filled in, else ``name``."""

    def read(self, instance: object) -> str:
        return str(in_reading_language(instance, self.field))


class FieldIs(ReadFrom[bool]):
    """A yes-or-no question on a status, a role or another code, for templates and code
    alike: ``is_held = FieldIs("status", MeetingStatus.HELD)`` is true when the object's
    ``status`` is one of the values given (an enum's members, never strings by heart)."""

    def __init__(self, field: str, *values: str) -> None:
        super().__init__(field)
        self.values = values

    def read(self, instance: object) -> bool:
        return getattr(instance, self.field) in self.values


class QuestionFields(models.Model):
    """What an application form's question and a survey's question share: the wording in
    Norwegian and English, required or not, the place in the form; the kind, the help text
    and the options are each app's own (``core.choices.QuestionKind``, one subset each)."""

    label = models.CharField(_("question"), max_length=300)
    label_en = models.CharField(_("question in English"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    display_label = Translated("label")
    display_help_text = Translated("help_text")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_label


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AnswerFields(TimeStampedModel):
    """What an application's answer and a survey's answer share: the question, from the
    model named ``Question`` in the concrete answer's own app (Django resolves the name there,
    never in ``core``), and the value as JSON (a text, a number, a list of codes; empty:
    not answered). Each app keeps what the answer belongs to and its uniqueness."""

    # the stubs look for "Question" in core; each answer says which one it is (its annotation)
    question = models.ForeignKey(  # type: ignore[misc, unused-ignore]
        "Question", verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField(_("answer"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.question)


class CodedModel(TimeStampedModel):
    """A model addressed in URLs by a random UUID ``code``, never by its id."""

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class ActivityLog(models.Model):
    """Who did what to which object, and when. Written by services only."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    actor_label = models.CharField(
        _("actor at the time"),
        max_length=254,
        blank=True,
        help_text=_("Who acted, as written when it happened (redacted after erasure)."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class Mailing(CodedModel):
    """One confirmed mass email: the batch a coordinator previewed and confirmed.

    ``target`` names the object the action is about (``"cohort:<code>"``) and ``scope`` the
    programme year whose coordinators may read its send log (a cohort code): strings, since
    core imports no other app. ``digest`` fingerprints the recipient list as previewed; it
    is unique per action and target, so a double confirm creates one mailing and one set of
    emails.
    """

    action = models.CharField(_("action"), max_length=80)
    target = models.CharField(_("object"), max_length=120)
    scope = models.CharField(_("programme year"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    digest = models.CharField(_("recipient list fingerprint"), max_length=64)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "target", "digest"], name="mailing_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class SentEmail(models.Model):
    """An email the platform sent (or is about to send): the only place its content lives.

    The send task receives this row's id, never the content, so task results hold no
    personal data. Bodies of emails carrying a secret (sign-in codes, reset links) are
    cleared once sent.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.TextField(_("to"), help_text=_("Addresses, one per line."))
    reply_to = models.TextField(
        _("reply to"), blank=True, help_text=_("Where replies go, one address per line.")
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    html = models.TextField(_("HTML body"), blank=True)
    # An iCalendar (RFC 5545) file sent as an invitation, update or cancellation.
    calendar = models.TextField(_("calendar file"), blank=True)
    template = models.CharField(_("template"), max_length=200, blank=True)
    keep_body = models.BooleanField(_("keep the body after sending"), default=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    # stored and never sent on purpose (``core.outbox.hold_emails``: the demo's history); it
    # also has ``failed_at``, so nothing ever sends it, and the send log says "not sent"
    held_back = models.BooleanField(_("held back"), default=False)
    # set by the send task as it takes the email: no two tasks send one email
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    mailing = models.ForeignKey(
        Mailing,
        verbose_name=_("mailing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def addresses(self) -> list[str]:
        return [line for line in self.to.splitlines() if line]

    @property
    def reply_to_addresses(self) -> list[str]:
        return [line for line in self.reply_to.splitlines() if line]


class ScheduledRun(models.Model):
    """One slot of one scheduled job, claimed by the worker that runs it (``core.scheduler``).

    The unique (job, slot) pair is the claim: of two workers ticking at once, one inserts the
    row and runs the job, the other's insert fails and it skips. Holds counts, never content.
    """

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (before the scheduler knew the job)")

    job = models.CharField(_("job"), max_length=100)
    slot = models.DateTimeField(_("scheduled for"))
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.QUEUED
    )
    detail = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
