"""One archive holds everything a Brobygger site needs to come back: ``manage.py backup``
writes it, ``manage.py restore`` puts it into an empty installation (docs/deploy.md).

The archive (``brobygger-backup-<UTC time>.tar.gz``) holds:

- ``database.sqlite3`` — SQLite, copied with SQLite's online backup API, so the site keeps
  running (readers and the writer are not stopped; the copy is one consistent snapshot), or
  ``database.pgdump`` — PostgreSQL, ``pg_dump --format=custom`` (one consistent snapshot too);
- ``manifest.json`` — format version, when, which database, every table's row count (the
  restore checks them), the applied migrations, and the settings that matter to read the
  data again: the network's name and address, language and time zone, and a fingerprint of
  ``SECRET_KEY`` (two-factor secrets are encrypted with a key derived from it: a restore
  under another key warns that authenticator apps must be set up again). The key itself is
  never written into the archive: keep it where you keep the deployment's other secrets.

- ``materials/`` — the materials coordinators uploaded (the handbook, slides), when they
  are kept in a folder (the default); with S3-compatible storage they are not in the
  archive: back the bucket up with its own tools (docs/deploy.md). ``manage.py backup``
  says so, the manifest records it (``materials_elsewhere``) and a restore repeats it.

Nothing else is uploaded (an imported spreadsheet is read and dropped; a personal data
export lives 24 hours and is not worth restoring).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "brobygger-backup"
FORMAT_VERSION = 1
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MATERIALS = "materials"


class BackupError(Exception):
    """What went wrong, in words for the person running the command."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    warnings: list[str]


def key_fingerprint(key: str) -> str:
    return hashlib.sha256(f"brobygger-backup:{key}".encode()).hexdigest()[:16]


def table_counts(alias: str = "default") -> dict[str, int]:
    """Every table of the database and its row count (Django's and the apps' alike)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(alias: str) -> list[list[str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    import os

    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _dump_database(alias: str, folder: Path) -> str:
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / SQLITE_FILE)
        try:
            connection.connection.backup(target)  # online: the site keeps running
        finally:
            target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        command = [
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
            *_pg_args(db), "--file", str(folder / POSTGRES_FILE), str(db["NAME"]),
        ]  # fmt: skip
        result = subprocess.run(  # noqa: S603 (our own arguments)
            command, env=_pg_env(db), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return POSTGRES_FILE
    raise BackupError(f"No backup for the {connection.vendor} database.")


def _materials_folder() -> Path | None:
    """Where uploaded materials are kept, if a folder (``None`` for S3-compatible storage,
    whose ``location`` is a key prefix inside the bucket, never a folder here)."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["materials"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def materials_elsewhere() -> str | None:
    """What to say when the materials are not kept in a folder, so not in the archive:
    they live in a bucket, backed up with the bucket's own tools (``None``: in a folder)."""
    if _materials_folder() is not None:
        return None
    from django.core.files.storage import storages

    storage = storages["materials"]
    bucket = getattr(storage, "bucket_name", None)
    where = f"the bucket {bucket!r}" if bucket else f"the {type(storage).__name__} storage"
    return (
        f"Uploaded materials are in {where}, not in this archive: back the bucket up "
        "separately, with its own versioning or tools (docs/deploy.md)."
    )


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def create_backup(
    directory: Path, *, alias: str = "default", now: dt.datetime | None = None
) -> Path:
    """Write the archive into ``directory``; returns its path."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"brobygger-backup-{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database_file = _dump_database(alias, folder)
        materials = _materials_folder()
        files: list[str] = []
        if materials is not None and materials.is_dir():
            files = _files(materials)
            if files:
                shutil.copytree(materials, folder / MATERIALS)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": {"vendor": connections[alias].vendor, "file": database_file},
            "tables": table_counts(alias),
            "migrations": _migrations(alias),
            "files": files,
            "settings": {
                "network_name": settings.BROBYGGER_NETWORK_NAME,
                "site_url": settings.SITE_URL,
                "language_code": settings.LANGUAGE_CODE,
                "time_zone": settings.TIME_ZONE,
                "secret_key_fingerprint": key_fingerprint(settings.SECRET_KEY),
            },
        }
        if note := materials_elsewhere():
            manifest["materials_elsewhere"] = note
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        archive = directory / f"{name}.tar.gz"
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in sorted(folder.iterdir()):
                tar.add(path, arcname=f"{name}/{path.name}")
        partial.replace(archive)  # a half-written archive never carries the final name
    return archive


def read_manifest(archive: Path, folder: Path) -> tuple[dict[str, Any], Path]:
    """Unpack ``archive`` into ``folder``; its manifest and the folder holding the files."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} is not a Brobygger backup: {error}") from error
    manifests = list(folder.glob("*/manifest.json"))
    if len(manifests) != 1:
        raise BackupError(f"{archive} is not a Brobygger backup (no manifest.json).")
    manifest = json.loads(manifests[0].read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"{archive} is not a backup this version can restore.")
    return manifest, manifests[0].parent


def _is_empty(alias: str) -> bool:
    """No account yet: a fresh installation (``migrate`` may have run and created its
    groups, content types and permissions; nobody has signed up)."""
    from django.contrib.auth import get_user_model

    return table_counts(alias).get(get_user_model()._meta.db_table, 0) == 0


def _restore_sqlite(source: Path, db: dict[str, Any]) -> None:
    target_path = Path(str(db["NAME"]))
    target_path.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(source)
    target = sqlite3.connect(target_path)
    try:
        backup.backup(target)
    finally:
        target.close()
        backup.close()


def _restore_postgres(source: Path, db: dict[str, Any]) -> None:
    command = [
        "pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists",
        "--exit-on-error", "--single-transaction",
        *_pg_args(db), "--dbname", str(db["NAME"]), str(source),
    ]  # fmt: skip
    result = subprocess.run(  # noqa: S603 (our own arguments)
        command, env=_pg_env(db), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_files(source: Path, expected: list[str]) -> None:
    target = _materials_folder()
    if target is None:
        raise BackupError(
            "The backup holds uploaded materials, but this installation keeps them in "
            "S3-compatible storage: copy the archive's materials/ folder into the bucket."
        )
    shutil.copytree(source, target, dirs_exist_ok=True)
    missing = sorted(set(expected) - set(_files(target)))
    if missing:
        raise BackupError(f"Materials missing after the restore: {', '.join(missing)}")


def restore_backup(archive: Path, *, alias: str = "default", force: bool = False) -> Restored:
    """Put ``archive`` into this installation's database, which must be empty (``force``:
    replace what is there). Checks every table's row count against the manifest."""
    connection = connections[alias]
    if not force and not _is_empty(alias):
        raise BackupError(
            "The database is not empty. Restore into a new, empty installation, "
            "or pass --force to replace everything in it."
        )
    with tempfile.TemporaryDirectory() as tmp:
        manifest, folder = read_manifest(archive, Path(tmp))
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"The backup is of a {vendor} database; this installation uses {connection.vendor}."
            )
        source = folder / manifest["database"]["file"]
        db = connection.settings_dict
        connection.close()
        if vendor == "sqlite":
            _restore_sqlite(source, db)
        else:
            _restore_postgres(source, db)
        files = manifest.get("files", [])
        if files:
            _restore_files(folder / MATERIALS, files)
    connections[alias].close()
    counts = table_counts(alias)
    expected = manifest["tables"]
    if counts != expected:
        differ = sorted(t for t in set(counts) | set(expected) if counts.get(t) != expected.get(t))
        raise BackupError(f"The restored tables differ from the backup: {', '.join(differ)}")
    warnings = []
    if note := manifest.get("materials_elsewhere"):
        warnings.append(f"{note} Restore the bucket too.")
    if manifest["settings"]["secret_key_fingerprint"] != key_fingerprint(settings.SECRET_KEY):
        warnings.append(
            "SECRET_KEY differs from the backed-up site's: put the old key in "
            "SECRET_KEY_FALLBACKS, or everyone with an authenticator app sets it up again."
        )
    return Restored(tables=len(counts), rows=sum(counts.values()), warnings=warnings)
