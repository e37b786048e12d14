"""Privacy providers: each app declares the personal data it holds and how to export and
erase it (STYLE.md example 10). The privacy app orchestrates them.

An app registers its provider in ``<app>/privacy.py``::

    from brobygger.privacy.registry import PersonalField, PrivacyProvider, register

    @register
    class ApplicationsPrivacy(PrivacyProvider):
        app_label = "applications"
        fields = [
            PersonalField("applications.Answer", "value", purpose="...", legal_basis="consent",
                          retention="..."),
        ]

        def export(self, person): return {"answers": [...]}
        def erase(self, person): return {"answers": 3}

``privacy.py`` modules are imported when Django starts (``PrivacyConfig.ready``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from brobygger.people.models import Person


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

    def export(self, person: Person) -> dict[str, list[dict[str, Any]]]:
        """Everything about ``person`` in this app: table name → rows (JSON-serialisable)."""
        raise NotImplementedError

    def erase(self, person: Person) -> dict[str, int]:
        """Erase or anonymise ``person``'s data in this app; return counts per table."""
        raise NotImplementedError


_providers: dict[str, PrivacyProvider] = {}


def register(cls: type[PrivacyProvider]) -> type[PrivacyProvider]:
    _providers[cls.app_label] = cls()
    return cls


def providers() -> list[PrivacyProvider]:
    return [_providers[label] for label in sorted(_providers)]
