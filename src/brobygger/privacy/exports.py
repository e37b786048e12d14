"""The export ZIP: one machine-readable JSON file and one CSV file per table.

Structure of ``data.json`` (documented in docs/privacy.md)::

    {"format": "brobygger-export", "version": 1, "generated_at": "<ISO 8601>",
     "person": "<person code>",
     "tables": {"<app_label.Model>": [{"<field>": <value>, ...}, ...], ...},
     "fields": [{"model": ..., "field": ..., "purpose": ..., "legal_basis": ...,
                 "retention": ...}, ...]}
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone

from brobygger.core.privacy_registry import personal_fields, providers
from brobygger.core.spreadsheets import escape_formula

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


def _csv(table_rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in table_rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in table_rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read UTF-8


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # starts with [ or {: never a formula
    if isinstance(value, str):
        return escape_formula(value)  # someone's text: a partner's name, a comment
    return str(value)  # a number stays a number (-3 is not a formula)


def build_zip(document: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for label, table_rows in sorted(document["tables"].items()):
            archive.writestr(f"csv/{label}.csv", _csv(table_rows))
    return buffer.getvalue()


def write_export(request: DataSubjectRequest, person: Person) -> Path:
    request.file_name = f"{request.code}.zip"
    path = export_path(request)
    path.write_bytes(build_zip(collect(person)))
    return path


def delete_export_file(request: DataSubjectRequest) -> None:
    if request.file_name:
        export_path(request).unlink(missing_ok=True)
