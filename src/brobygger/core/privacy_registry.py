"""Privacy providers: each app declares the personal data it holds and how to export and
erase it (docs/privacy.md, Providers). The privacy app orchestrates them.

The registry lives in ``core`` (shared ground, beneath every app), like the scheduler: any
app, however low in the app order, plugs in without importing the privacy app, and the
privacy app reaches the providers only through :func:`providers`. It names no other app's
models, so its signatures take ``Any`` where a provider means a ``Person``, ``User`` or
``Cohort``; a provider's own methods declare the real types.

An app registers its provider in ``<app>/privacy.py``::

    from brobygger.core.privacy_registry import PersonalField, PrivacyProvider, register

    @register
    class ApplicationsPrivacy(PrivacyProvider):
        app_label = "applications"
        fields = [
            PersonalField("applications.Answer", "value", purpose="...", legal_basis="consent",
                          retention="..."),
        ]

        def export(self, person):
            return {"applications.Answer": rows(Answer.objects.filter(...), ["value", ...])}
        def erase(self, person): return {"applications.Answer": 3}

Conventions the completeness tests rely on (tests/privacy/):

- ``export`` returns one entry per model, keyed by the model label ("app_label.ModelName")
  used in ``PersonalField.model``; each row is a dict holding every declared field of that
  model by name (``rows()`` builds them). Only what the person may see: a partner's private
  notes are hers to export only if the pair's rules let her read them.
- ``erase`` leaves none of the person's personal strings anywhere in the database: the
  erasure test plants a unique value in every field (see ``tests/privacy/planting.py``,
  which needs a planter for every registered provider) and scans every table. Other
  people's rows that name her (a partner's stored emails, a coordinator's message) are
  redacted by the core provider's last sweep (``privacy/redaction.py``).
- ``erase_order``: providers run in ascending order; the identity (people: name, email)
  goes last so that other providers can still find the person's rows.
- ``after_erasure(person, by=...)`` (optional): what follows for other people once she is
  erased and shows as "Former participant": her active pairs end, her open proposals are
  withdrawn, her partner and the coordinators are told (without her name).
- ``anonymise_cohort(cohort)`` (optional): retention anonymises a closed cohort's personal
  content while statistics survive. ``apply_retention(today)`` (optional): time-based
  purges the app owns, such as rejected applications. Both must be idempotent.
- Every declared field appears in docs/privacy.md: ``manage.py privacy_fields_doc --write``
  regenerates its table, and a test fails when the document and the providers differ.

``privacy.py`` modules are imported when Django starts (``PrivacyConfig.ready``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from django.db.models import Model

# A ``people.Person``, ``people.User`` and ``programs.Cohort``: core imports no other app.
Person = Any
User = Any
Cohort = Any


@dataclass(frozen=True)
class PersonalField:
    """One field holding personal data, documented in docs/privacy.md."""

    model: str  # "app_label.ModelName"
    field: str
    purpose: str
    legal_basis: str  # consent | contract | legitimate interest | legal obligation
    retention: str
    erasure: str = "erased"  # erased | anonymised | kept anonymous | deleted with the row


class PrivacyProvider:
    """Base class: subclasses list their fields and implement export and erase."""

    app_label: ClassVar[str] = ""
    fields: ClassVar[list[PersonalField]] = []
    erase_order: ClassVar[int] = 50
    # "Model.field" of the app's text fields that hold no personal data (a test checks that
    # every text field of the app's models is either a PersonalField or listed here).
    not_personal: ClassVar[list[str]] = []

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        """Everything about ``person`` in this app: table name → rows (JSON-serialisable)."""
        raise NotImplementedError

    def erase(self, person: Person) -> dict[str, int]:
        """Erase or anonymise ``person``'s data in this app; return counts per table."""
        raise NotImplementedError

    def after_erasure(self, person: Person, *, by: User | None) -> None:
        """Consequences for other people once ``person`` is erased (she is "Former
        participant" by now): end what she took part in, tell those left behind."""
        return None

    def anonymise_cohort(self, cohort: Cohort) -> dict[str, int]:
        """Anonymise the personal content tied to a closed ``cohort``; counts per table."""
        return {}

    def apply_retention(self, today: dt.date) -> dict[str, int]:
        """Purge what this app keeps past its retention period on ``today``; counts per table."""
        return {}


_providers: dict[str, PrivacyProvider] = {}


def register(cls: type[PrivacyProvider]) -> type[PrivacyProvider]:
    _providers[cls.app_label] = cls()
    return cls


def providers() -> list[PrivacyProvider]:
    return [_providers[label] for label in sorted(_providers)]


def personal_fields() -> list[PersonalField]:
    """Every declared personal field, in provider order."""
    return [field for provider in providers() for field in provider.fields]


def jsonable(value: Any) -> Any:
    """A value as JSON can carry it: dates as ISO strings, UUIDs and the rest as text."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def rows(objects: Iterable[Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    """Export rows: each object's ``fields`` by name (foreign keys as their text; a dotted
    name such as ``pair.code`` follows the relation)."""
    getters = {name: attrgetter(name) for name in fields}
    return [{name: jsonable(get(obj)) for name, get in getters.items()} for obj in objects]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month is 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
