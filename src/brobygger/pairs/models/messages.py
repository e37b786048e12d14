"""Messages a coordinator sends to a cohort; kept in the cohort's message log.

What she wrote is the :class:`Message`; who got it, and when (or what failed), is the send log
of its :class:`~brobygger.core.models.Mailing` (one ``SentEmail`` per person).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from brobygger.core.models import CodedModel, Mailing
from brobygger.gatherings.models import Gathering
from brobygger.people.models import acting_user
from brobygger.programs.models import Cohort


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the cohorts")
    ROLE = "role", _("One role in the cohorts")
    GATHERING = "gathering", _("Everyone invited to a gathering")
    AT_RISK = "at_risk", _("Pairs at risk")
    PAIR = "pair", _("One pair")


class Message(CodedModel):
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="messages"
    )
    cohorts = models.ManyToManyField(Cohort, verbose_name=_("cohorts"), related_name="+")
    audience = models.CharField(_("recipients"), max_length=20, choices=Audience.choices)
    role = models.CharField(_("role"), max_length=10, blank=True)
    gathering = models.ForeignKey(
        Gathering,
        verbose_name=_("gathering"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pair = models.ForeignKey(
        "pairs.Pair", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = acting_user(_("sent by"))
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    mailing = models.OneToOneField(
        Mailing,
        verbose_name=_("send log"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
