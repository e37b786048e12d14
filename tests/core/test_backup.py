"""A backup that restores: ``manage.py backup`` writes one archive while the site runs, and
``manage.py restore`` puts it into an empty installation; every table comes back, row for
row (on SQLite and on PostgreSQL: CI runs this file on both)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from brobygger.core.backup import table_counts
from brobygger.core.services import log_activity
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _every_row() -> dict[str, list[tuple]]:
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


@pytest.fixture(autouse=True)
def materials_folder(settings, tmp_path):
    """This test's own folder of uploaded materials, empty unless the test uploads."""
    folder = tmp_path / "materials"
    settings.STORAGES = {
        **settings.STORAGES,
        "materials": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }
    return folder


@pytest.fixture
def network(mentee_anne, mentor_bo, coordinator_cora, contact_hege, reverse_initiative):
    cohort = CohortFactory(initiative=reverse_initiative, title="2026–2027")
    ApplicationFactory(cohort=cohort, person=mentee_anne, role="mentee")
    ApplicationFactory(cohort=cohort, person=mentor_bo, role="mentor")
    log_activity(actor=coordinator_cora.user, action="cohort.create", target=cohort)
    return cohort


def _backup(tmp_path: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.parent == tmp_path
    assert (archive.name[:17], archive.suffixes[-2:]) == ("brobygger-backup-", [".tar", ".gz"])
    return archive


def test_backup_and_restore_give_back_every_table_row_for_row(network, tmp_path):
    before = _every_row()
    assert (len(before["people_person"]), len(before["applications_application"])) == (4, 2)
    archive = _backup(tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert sorted(Path(n).name for n in names if "/" in n) == sorted([database, "manifest.json"])

    call_command("flush", "--noinput")  # an empty installation: migrated, no data
    assert table_counts()["people_person"] == 0
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert _every_row() == before
    rows = sum(len(r) for r in before.values())
    assert out.getvalue() == f"Restored {rows} rows in {len(before)} tables.\n"


def test_restore_refuses_a_database_with_data_and_changes_nothing(network, tmp_path):
    archive = _backup(tmp_path)
    before = _every_row()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(archive))
    assert str(error.value) == (
        "The database is not empty. Restore into a new, empty installation, "
        "or pass --force to replace everything in it."
    )
    assert _every_row() == before


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "holiday-photos.tar.gz"
    bogus.write_bytes(b"not a tar file")
    call_command("flush", "--noinput")
    with pytest.raises(CommandError) as error:
        call_command("restore", str(bogus))
    assert str(error.value).startswith(f"{bogus} is not a Brobygger backup")


def test_uploaded_materials_come_back_with_the_database(network, materials_folder, tmp_path):
    """The handbook a coordinator uploaded is in the archive and comes back in place."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    folder = materials_folder
    name = storages["materials"].save("handbook/mentorhandbok.pdf", ContentFile(b"%PDF-1.7 x"))
    archive = _backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        stored = sorted(n.split("/", 1)[1] for n in tar.getnames() if "/materials/" in n)
    assert stored == ["materials/handbook", f"materials/{name}"]

    call_command("flush", "--noinput")
    storages["materials"].delete(name)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert (folder / name).read_bytes() == b"%PDF-1.7 x"


def test_with_materials_in_a_bucket_the_backup_says_to_back_the_bucket_up_itself(
    network, settings, monkeypatch, tmp_path
):
    """S3-compatible storage: the archive holds the database and says where the files are;
    nothing of the bucket is copied, a key prefix is never taken for a folder here, and a
    restore repeats the note."""
    import json

    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    from tests.s3_storage import BUCKET, s3_materials

    with s3_materials(settings, monkeypatch):
        storages["materials"].save("materials/handbok.pdf", ContentFile(b"%PDF-1.7 x"))
        out, err = io.StringIO(), io.StringIO()
        call_command("backup", "--dir", str(tmp_path), stdout=out, stderr=err)
    archive = Path(out.getvalue().strip())
    note = (
        f"Uploaded materials are in the bucket {BUCKET!r}, not in this archive: back the "
        "bucket up separately, with its own versioning or tools (docs/deploy.md)."
    )
    assert err.getvalue() == f"Note: {note}\n"
    with tarfile.open(archive) as tar:
        names = sorted(n.split("/", 1)[1] for n in tar.getnames() if "/" in n)
        manifest = json.loads(tar.extractfile(f"{archive.name[:-7]}/manifest.json").read())
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert names == sorted([database, "manifest.json"])
    assert (manifest["files"], manifest["materials_elsewhere"]) == ([], note)

    call_command("flush", "--noinput")
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(archive), stdout=out, stderr=err)
    assert err.getvalue() == f"Warning: {note} Restore the bucket too.\n"
    assert out.getvalue().startswith("Restored ")
