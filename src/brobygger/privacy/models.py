"""Privacy notices (versioned) and the consents people give to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import TimeStampedModel
from brobygger.people.models import Person


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

    @property
    def display_text(self) -> str:
        if get_language() == "en" and self.text_en:
            return self.text_en
        return self.text


class Consent(models.Model):
    """A person's consent to one version of the privacy notice, for one purpose."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", _("Processing my application and participation")
        NEWSLETTER = "newsletter", _("Newsletter")
        PHOTOS = "photos", _("Photos from gatherings")

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
