"""The export ZIP: the machine-readable ``data.json`` and the page "Dine data"
(``dine-data.html``, ``your-data.html`` in English: :mod:`brobygger.privacy.readable`) that
shows the same data to a person, in her language.

Structure of ``data.json`` (documented in docs/privacy.md)::

    {"format": "brobygger-export", "version": 1, "generated_at": "<ISO 8601>",
     "person": "<person code>",
     "tables": {"<app_label.Model>": [{"<field>": <value>, ...}, ...], ...},
     "fields": [{"model": ..., "field": ..., "purpose": ..., "legal_basis": ...,
                 "retention": ...}, ...]}
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone, translation

from brobygger.core.privacy_registry import personal_fields, providers
from brobygger.privacy import readable

if TYPE_CHECKING:
    from brobygger.people.models import Person
    from brobygger.privacy.models import DataSubjectRequest

EXPORT_FORMAT_VERSION = 1


def exports_dir() -> Path:
    path = Path(settings.DATA_DIR) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(request: DataSubjectRequest) -> Path:
    return exports_dir() / request.file_name


def collect(person: Person) -> dict[str, Any]:
    """Everything every provider holds about ``person``, as the JSON document."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for provider in providers():
        for label, table_rows in provider.export(person).items():
            tables.setdefault(label, []).extend(table_rows)
    return {
        "format": "brobygger-export",
        "version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "person": str(person.code),
        "tables": tables,
        "fields": [
            {k: v for k, v in asdict(f).items() if k != "erasure"} for f in personal_fields()
        ],
    }


def build_zip(document: dict[str, Any], *, name: str = "") -> bytes:
    """``data.json`` and the readable page, in the active language."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr(readable.file_name(), readable.render_page(document, name=name))
    return buffer.getvalue()


def write_export(request: DataSubjectRequest, person: Person) -> Path:
    request.file_name = f"{request.code}.zip"
    path = export_path(request)
    user = person.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        archive = build_zip(collect(person), name=user.get_full_name() or user.email)
    path.write_bytes(archive)
    return path


def delete_export_file(request: DataSubjectRequest) -> None:
    if request.file_name:
        export_path(request).unlink(missing_ok=True)
