"""Scan every table and column of the database (and the export files) for a string."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection


def text_columns() -> list[tuple[str, str]]:
    columns = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                columns.append((table, column.name))
    return columns


def database_hits(needle: str) -> list[str]:
    """``table.column`` for every column holding ``needle`` (any case), sessions decoded."""
    hits = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from introspection
                f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",
                [f"%{needle.lower()}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(f"{table}.{column}")
    for session in Session.objects.all():
        if needle.lower() in json.dumps(session.get_decoded(), default=str).lower():
            hits.append(f"django_session:{session.session_key} (decoded)")
    return hits


def export_files() -> list[str]:
    """Export ZIPs left on disk (compressed, so their content cannot be scanned as text)."""
    exports = Path(settings.DATA_DIR) / "exports"
    if not exports.exists():
        return []
    return [str(p) for p in exports.rglob("*") if p.is_file()]
