"""Privacy notices (versioned) and the consents people give to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import CodedModel, FieldIs, TimeStampedModel, Translated
from brobygger.people.models import Person
from brobygger.programs.models import Cohort


class PrivacyNotice(TimeStampedModel):
    """One version of the network's privacy notice. Versions are kept, never edited."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("text in English"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Privacy notice, version %(version)s") % {"version": self.version}

    display_text = Translated("text")


class Consent(models.Model):
    """A person's consent to one version of the privacy notice, for one purpose."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", _("Processing my application and participation")
        NEWSLETTER = "newsletter", _("Newsletter")
        PHOTOS = "photos", _("Photos from gatherings")
        PARTNER = (
            "partner",
            _("Showing a proposed partner what I wrote about my goals and strengths"),
        )

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_purpose_display()} (v{self.notice.version})"


class DataSubjectRequest(CodedModel):
    """A person's request to export or erase her data: the register network admins read."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASURE = "erasure", _("Erasure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)
    token = models.CharField(_("download token"), max_length=64, blank=True, editable=False)
    file_name = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.created_at:%Y-%m-%d}"

    is_ready = FieldIs("status", Status.READY)


class CohortAnonymisation(TimeStampedModel):
    """Retention anonymised this closed cohort (kept so the next run skips it)."""

    cohort = models.OneToOneField(
        Cohort,
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        related_name="anonymisation",
    )
    counts = models.JSONField(_("what was anonymised"), default=dict, blank=True)

    class Meta:
        verbose_name = _("anonymised cohort")
        verbose_name_plural = _("anonymised cohorts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.cohort)
