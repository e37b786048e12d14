"""Users, people (profiles), companies and company contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from brobygger.core.models import CodedModel, FieldIs, TimeStampedModel
from brobygger.people.choices import Industry, Language, RoleFamily
from brobygger.people.validators import (
    normalise_company_name,
    normalise_org_number,
    validate_birth_year,
    validate_org_number,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. Email is the login; the profile lives on :class:`Person`."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can sign in to the administration (network admins only)."),
    )
    is_coordinator = models.BooleanField(
        _("coordinator"),
        default=False,
        help_text=_(
            "Coordinates at least one initiative: sees the coordination pages of the "
            "initiatives she coordinates. Set when she is made a coordinator of an initiative."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


def acting_user(verbose_name: Any) -> models.ForeignKey[User | None, User | None]:
    """The user who did something to a row (ran, sent, decided, changed it). Optional; the
    row keeps its history when she is deleted; she has no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class CorporateGroup(TimeStampedModel):
    """Companies in one group count as the same company for pairing rules."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("corporate group")
        verbose_name_plural = _("corporate groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Company(CodedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Optional. Nine digits from the Brønnøysund Register Centre."),
    )
    group = models.ForeignKey(
        CorporateGroup,
        verbose_name=_("corporate group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_partner = models.BooleanField(_("partner company"), default=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "A name typed by an applicant stays unconfirmed until a coordinator confirms it "
            "or merges it into another company. Unconfirmed companies are offered only to "
            "the people who work there."
        ),
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="company_org_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.org_number = normalise_org_number(self.org_number)

    @property
    def key(self) -> str:
        """The name as compared for near-duplicates (``normalise_company_name``)."""
        return normalise_company_name(self.name)


# A person's profile, written once: the profile page, the application form, the admin, the
# import and the privacy register all list these (the application form and the import add
# their own fields around them).
PROFILE_DETAILS = (
    "job_title",
    "birth_year",
    "years_experience",
    "role_family",
    "industry",
    "languages",
    "city",
)
PROFILE_FIELDS = ("company", *PROFILE_DETAILS)


class Person(CodedModel):
    """A human taking part in the network: the profile the matching uses.

    Birth year only, never a birth date; no special-category data.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, validators=[validate_birth_year]
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of work experience"), null=True, blank=True
    )
    role_family = models.CharField(
        _("role family"), max_length=30, choices=RoleFamily.choices, blank=True
    )
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices, blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Languages the person can hold mentoring conversations in."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    erased_at = models.DateTimeField(
        _("erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's personal data was erased at her request or by retention."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.erased_at:
            return str(_("Former participant"))
        return str(self.user)

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


class CompanyContact(TimeStampedModel):
    """A person who is the HR contact for her company (one company per person)."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="company_contact",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )

    class Meta:
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")
        ordering = ["company__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.company})"

    def clean(self) -> None:
        employer_id = self.person.company_id if self.person_id else None
        if employer_id and employer_id != self.company_id:
            raise ValidationError(
                {"company": _("A company contact must be employed by the company.")}
            )


# How long a new API token lasts, in days: she chooses one; there is no "never".
API_TOKEN_LIFETIMES = (30, 90, 365)
DEFAULT_API_TOKEN_LIFETIME = 90
# The profile page says "expires soon" this long before a token stops working.
API_TOKEN_EXPIRY_WARNING = dt.timedelta(days=7)


class ApiTokenStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("API token", "Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", pgettext_lazy("API token", "Revoked")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    """Tokens by status. A revoked token counts as revoked, whether or not it has expired."""

    def active(self, now: dt.datetime | None = None) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def expired(self, now: dt.datetime | None = None) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__lte=now or timezone.now())

    def revoked(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=False)


class ApiToken(CodedModel):
    """A personal API token for the read-only REST API (docs/api.md).

    Only the SHA-256 digest of the token is stored, never the token: it is shown once, when
    created. ``prefix`` (the first characters) lets its owner tell her tokens apart. A token
    works until ``expires_at`` (excluded) unless revoked before.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    expiry_reminded_at = models.DateTimeField(
        _("expiry reminder sent"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Not the name she chose: the audit log keeps this text after erasing her.
        return f"{self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def has_expired(self, now: dt.datetime | None = None) -> bool:
        """Whether the token has stopped working by age (at ``expires_at`` exactly)."""
        return self.expires_at <= (now or timezone.now())

    @property
    def status(self) -> ApiTokenStatus:
        if self.is_revoked:
            return ApiTokenStatus.REVOKED
        if self.has_expired():
            return ApiTokenStatus.EXPIRED
        return ApiTokenStatus.ACTIVE

    is_active = FieldIs("status", ApiTokenStatus.ACTIVE)

    @property
    def expires_soon(self) -> bool:
        """Still working, but not for long: the profile page warns her."""
        now = timezone.now()
        return (
            not self.is_revoked
            and not self.has_expired(now)
            and self.expires_at - now <= API_TOKEN_EXPIRY_WARNING
        )
