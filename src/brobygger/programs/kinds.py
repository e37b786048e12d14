"""Initiative kinds and the pairing rules each provides as defaults (docs/architecture.md).

Rules live in data: a cohort starts from its kind's defaults and the coordinator
may tune them. Nothing else in the code branches on the kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    REVERSE = "reverse", _("Reverse mentoring")
    CLASSIC = "classic", _("Mentor programme")
    SHADOWING = "shadowing", _("Executive shadowing")


class CompanyRule(models.TextChoices):
    DIFFERENT = "different", _("Different companies (and corporate groups)")
    SAME = "same", _("Same company")
    ANY = "any", _("Any company")


class DirectionRule(models.TextChoices):
    MENTOR_YOUNGER = "mentor_younger", _("Mentor is younger (by birth year)")
    MENTOR_MORE_EXPERIENCED = "mentor_more_experienced", _("Mentor has more years of experience")
    NONE = "none", _("No direction rule")


@dataclass(frozen=True)
class KindDefaults:
    company_rule: str
    direction_rule: str
    min_gap_years: int
    mentor_label: str | Promise
    mentee_label: str | Promise
    #: the pair page keeps shadowing days (the talent follows the leader), a goal for the
    #: talent and the leader's closing reflection
    shadowing_days: bool = False


KIND_DEFAULTS: dict[str, KindDefaults] = {
    Kind.REVERSE: KindDefaults(
        CompanyRule.DIFFERENT,
        DirectionRule.MENTOR_YOUNGER,
        10,
        pgettext_lazy("reverse mentoring role", "Mentor (the younger)"),
        pgettext_lazy("reverse mentoring role", "Mentee (the senior)"),
    ),
    Kind.CLASSIC: KindDefaults(
        CompanyRule.DIFFERENT,
        DirectionRule.MENTOR_MORE_EXPERIENCED,
        5,
        pgettext_lazy("mentor programme role", "Mentor"),
        pgettext_lazy("mentor programme role", "Mentee"),
    ),
    Kind.SHADOWING: KindDefaults(
        CompanyRule.SAME,
        DirectionRule.MENTOR_MORE_EXPERIENCED,
        5,
        pgettext_lazy("shadowing role", "Top leader"),
        pgettext_lazy("shadowing role", "Talent"),
        shadowing_days=True,
    ),
}
