"""Writes of spreadsheet imports and exports of applications.

``import_applicants`` writes a checked preview (see ``applications.importing``) in one
transaction: every row or none. Uploaded files wait for the coordinator's confirmation
in ``DATA_DIR/imports/<token>`` (``stash_import_file`` / ``read_import_file`` /
``discard_import_file``); nothing else keeps them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, ImportStatus, MatchingField, Source
from brobygger.applications.io.importing import Counts, Mappings, ParsedRow, Preview, build_preview
from brobygger.applications.models import Answer, Application, ImportJob, ImportValueMapping
from brobygger.applications.selectors.imports import (
    STALE_IMPORT_MESSAGE,
    import_lookups,
    stale_import_jobs,
)
from brobygger.applications.services.forms import ensure_matching_questions
from brobygger.core.services import log_activity
from brobygger.core.tokens import new_token
from brobygger.people.models import PROFILE_DETAILS, Company, Person, User
from brobygger.people.selectors import company_named
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.applications.models import Question

logger = logging.getLogger(__name__)

CHUNK = 500
PENDING_MAX_AGE_SECONDS = 24 * 60 * 60
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# birth_year is a required column, set with the person
PERSON_FIELDS = tuple(name for name in PROFILE_DETAILS if name != "birth_year")
# Relations set to objects loaded or saved in this transaction need no existence check;
# uniqueness is guaranteed by matching on email (case-insensitive) and enforced by the
# database, so full_clean() skips those queries (5,000 rows would cost 20,000 of them).
NO_DB_CHECKS: dict[str, Any] = {"validate_unique": False, "validate_constraints": False}


def company_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def refuse_unless_importable(preview: Preview, confirm_companies: Iterable[str]) -> None:
    """Raise ``ValidationError`` when the preview cannot be imported as confirmed."""
    if preview.problems or not preview.rows:
        raise ValidationError(_("The file has problems; nothing was imported."))
    if preview.unmapped:
        raise ValidationError(
            _("Choose what each value outside our lists means; nothing was imported.")
        )
    confirmed = {company_key(name) for name in confirm_companies}
    unconfirmed = [name for name in preview.new_companies if company_key(name) not in confirmed]
    if unconfirmed:
        raise ValidationError(
            _("Confirm the new companies before importing: %(companies)s.")
            % {"companies": ", ".join(unconfirmed)}
        )


@transaction.atomic
def import_applicants(
    *,
    cohort: Cohort,
    preview: Preview,
    confirm_companies: Iterable[str],
    by: User | None,
    progress: Callable[[int], None] | None = None,
) -> Counts:
    """Create or update the people, applications and answers of a clean preview.

    Side effects: confirmed new companies are created (not as partners); people get an
    account with an unusable password (no email is sent); the mappings of the values
    outside the vocabulary are remembered for the cohort's next import; one
    ``applications.import`` activity row. ``progress`` hears the rows done, roughly (each
    of the four steps covers every row), while the transaction is still open. Raises
    ``ValidationError`` (and writes nothing)
    when the preview has problems or unmapped values, or names a new company that is not
    in ``confirm_companies``.
    """
    confirm_companies = list(confirm_companies)
    refuse_unless_importable(preview, confirm_companies)
    rows = len(preview.rows)
    report = progress or (lambda done: None)
    companies = _companies(preview.new_companies)
    users, new_users = _save_users(preview.rows)
    report(rows // 4)
    people = _save_people(preview.rows, users, companies)
    report(rows // 2)
    applications, new_applications = _save_applications(cohort, preview.rows, people)
    report(rows * 3 // 4)
    _save_answers(cohort, preview.rows, applications)
    mapped = _remember_mappings(cohort, preview)
    counts = Counts(
        rows=len(preview.rows),
        new_people=new_users,
        updated_people=len(preview.rows) - new_users,
        new_applications=new_applications,
        updated_applications=len(preview.rows) - new_applications,
    )
    log_activity(
        actor=by,
        action="applications.import",
        target=cohort,
        data={
            "rows": counts.rows,
            "new_people": counts.new_people,
            "updated_people": counts.updated_people,
            "new_applications": counts.new_applications,
            "updated_applications": counts.updated_applications,
            "new_companies": list(preview.new_companies),
            "mapped_values": mapped,
        },
    )
    return counts


def _remember_mappings(cohort: Cohort, preview: Preview) -> list[list[str]]:
    """Store what each unknown value was mapped to; ``[column, value, target]`` rows."""
    stored = {
        (each.column, each.value): each for each in ImportValueMapping.objects.filter(cohort=cohort)
    }
    mapped: list[list[str]] = []
    for unknown in preview.unknown_values:
        if unknown.target is None:  # not reached: an unmapped preview is refused
            continue
        mapping = stored.get((unknown.column, unknown.key)) or ImportValueMapping(
            cohort=cohort, column=unknown.column, value=unknown.key
        )
        if mapping.pk is None or mapping.target != unknown.target:
            mapping.target = unknown.target
            mapping.full_clean(exclude=["cohort"], **NO_DB_CHECKS)
            mapping.save()
        mapped.append([unknown.column, unknown.value, unknown.target])
    return mapped


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _update(objects: Iterable[Model], fields: list[str]) -> None:
    """One UPDATE per changed row: faster than bulk_update's CASE expressions at this size."""
    for obj in objects:
        obj.save(update_fields=fields)


def _companies(new_names: Sequence[str]) -> dict[str, Company]:
    by_key: dict[str, Company] = {}
    for company in Company.objects.order_by("name"):
        by_key.setdefault(company_key(company.name), company)
    for name in new_names:
        if company_key(name) in by_key:  # created meanwhile: use it
            continue
        # "Fjordkraft" is the "Fjord Kraft AS" already there; a new one is confirmed: the
        # coordinator ticked it in the preview
        found = company_named(name)
        if found is None:
            found = Company(name=name, is_partner=False, confirmed=True)
            found.full_clean()
            found.save()
        by_key[company_key(name)] = found
    return by_key


def _save_users(rows: Sequence[ParsedRow]) -> tuple[dict[str, User], int]:
    emails = [row.email for row in rows]
    users: dict[str, User] = {}
    for chunk in _chunks(emails):
        for found in User.objects.annotate(lower=Lower("email")).filter(lower__in=chunk):
            users[found.email.lower()] = found
    changed: list[User] = []
    created: list[User] = []
    for row in rows:
        user: User | None = users.get(row.email)
        if user is None:
            user = User(email=row.email)
            user.set_unusable_password()
            created.append(user)
            users[row.email] = user
        elif (user.first_name, user.last_name) == (row.first_name, row.last_name):
            continue
        else:
            changed.append(user)
        user.first_name, user.last_name = row.first_name, row.last_name
        user.full_clean(exclude=["password"], **NO_DB_CHECKS)
    User.objects.bulk_create(created, batch_size=CHUNK)
    _update(changed, ["first_name", "last_name"])
    return users, len(created)


def _save_people(
    rows: Sequence[ParsedRow], users: dict[str, User], companies: dict[str, Company]
) -> dict[str, Person]:
    known: dict[int, Person] = {}
    user_ids = [user.pk for user in users.values()]
    for chunk in _chunks(user_ids):
        for found in Person.objects.filter(user_id__in=chunk):
            known[found.user_id] = found
    people: dict[str, Person] = {}
    created, changed = [], []
    now = timezone.now()
    for row in rows:
        user = users[row.email]
        person = known.get(user.pk)
        if person is None:
            person = Person(user=user)
            created.append(person)
        else:
            changed.append(person)
        person.company = companies[company_key(row.company)]
        person.birth_year = row.birth_year
        for name in PERSON_FIELDS:
            value = getattr(row, name)
            if value is not None:
                setattr(person, name, value)
        person.updated_at = now
        person.full_clean(exclude=["user", "company"], **NO_DB_CHECKS)
        people[row.email] = person
    Person.objects.bulk_create(created, batch_size=CHUNK)
    fields = ["company", "birth_year", *PERSON_FIELDS, "updated_at"]
    _update(changed, fields)
    return people


def _save_applications(
    cohort: Cohort, rows: Sequence[ParsedRow], people: dict[str, Person]
) -> tuple[dict[str, Application], int]:
    person_ids = [person.pk for person in people.values()]
    existing: dict[tuple[int, str], Application] = {}
    for chunk in _chunks(person_ids):
        for found in Application.objects.filter(cohort=cohort, person_id__in=chunk):
            existing[(found.person_id, found.role)] = found
    now = timezone.now()
    applications: dict[str, Application] = {}
    created: list[Application] = []
    changed: list[Application] = []
    for row in rows:
        person = people[row.email]
        application: Application | None = existing.get((person.pk, row.role))
        if application is None:
            application = Application(
                cohort=cohort,
                person=person,
                role=row.role,
                source=Source.IMPORT,
                status=ApplicationStatus.SUBMITTED,
                submitted_at=now,
            )
            created.append(application)
        else:
            changed.append(application)
            if application.status in (ApplicationStatus.DRAFT, ApplicationStatus.NOMINATED):
                application.status = ApplicationStatus.SUBMITTED
                application.submitted_at = now
        if row.meeting_format is not None:
            application.meeting_format = row.meeting_format
        if row.capacity is not None:
            application.capacity = row.capacity
        application.updated_at = now
        application.full_clean(
            exclude=["cohort", "person", "nominated_by", "decided_by"], **NO_DB_CHECKS
        )
        applications[row.email] = application
    Application.objects.bulk_create(created, batch_size=CHUNK)
    fields = ["status", "submitted_at", "meeting_format", "capacity", "updated_at"]
    _update(changed, fields)
    return applications, len(created)


def _save_answers(
    cohort: Cohort, rows: Sequence[ParsedRow], applications: dict[str, Application]
) -> None:
    questions: dict[str, dict[str, Question]] = {
        role: ensure_matching_questions(cohort=cohort, role=role)
        for role in sorted({row.role for row in rows})
    }
    application_ids = [each.pk for each in applications.values()]
    existing: dict[tuple[int, int], Answer] = {}
    for chunk in _chunks(application_ids):
        for stored in Answer.objects.filter(application_id__in=chunk):
            existing[(stored.application_id, stored.question_id)] = stored
    now = timezone.now()
    created: list[Answer] = []
    changed: list[Answer] = []
    for row in rows:
        application = applications[row.email]
        for field, value in (
            (MatchingField.TOPICS, row.topics),
            (MatchingField.TEXT, row.text),
            (MatchingField.AVAILABILITY, row.availability),
        ):
            if value is None:
                continue
            question = questions[row.role][field]
            answer: Answer | None = existing.get((application.pk, question.pk))
            if answer is None:
                answer = Answer(application=application, question=question)
                created.append(answer)
            else:
                changed.append(answer)
            answer.value = value
            answer.updated_at = now
            answer.full_clean(exclude=["application", "question"], **NO_DB_CHECKS)
    Answer.objects.bulk_create(created, batch_size=CHUNK)
    _update(changed, ["value", "updated_at"])


@transaction.atomic
def record_export(
    *, cohort: Cohort, file_format: str, include_sensitive: bool, rows: int, by: User
) -> None:
    """The audit row of an export: who took which applications out, sensitive or not."""
    log_activity(
        actor=by,
        action="applications.export",
        target=cohort,
        data={"format": file_format, "include_sensitive": include_sensitive, "rows": rows},
    )


# -- large imports: a background task with progress ------------------------------------

#: a confirmed import of more rows than this runs in the task worker, not in the request
IMPORT_IN_REQUEST_MAX_ROWS = 300
PROGRESS_SECONDS = 24 * 60 * 60


def runs_in_background(preview: Preview) -> bool:
    return len(preview.rows) > IMPORT_IN_REQUEST_MAX_ROWS


@transaction.atomic
def queue_import(
    *,
    cohort: Cohort,
    preview: Preview,
    token: str,
    mappings: Mappings,
    confirm_companies: Iterable[str],
    by: User | None,
) -> ImportJob:
    """Queue a checked, confirmed import for the task worker; the stashed file is its own.

    Refuses (``ValidationError``, nothing queued) what ``import_applicants`` would refuse,
    so the coordinator sees the problem on the preview. The task re-reads the file, checks
    it again against the database of that moment and imports every row or none.
    """
    confirm_companies = list(confirm_companies)
    refuse_unless_importable(preview, confirm_companies)
    job = ImportJob(
        cohort=cohort,
        created_by=by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        token=token,
        mappings=[[column, key, target] for (column, key), target in sorted(mappings.items())],
        confirm_companies=confirm_companies,
        total_rows=len(preview.rows),
    )
    job.full_clean(exclude=["cohort", "created_by"])
    job.save()
    from brobygger.applications.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(job_id=job.pk))
    return job


def _progress_key(job: ImportJob) -> str:
    return f"applications:import-job:{job.code}:rows"


def import_job_rows_done(job: ImportJob) -> int:
    """Rows done so far, as the running task last said (the cache: shared by the web and
    the worker processes in production, where the cache is Redis or files)."""
    if job.status == ImportStatus.DONE:
        return job.total_rows
    if job.status != ImportStatus.RUNNING:
        return 0
    return min(int(cache.get(_progress_key(job)) or 0), job.total_rows)


def run_import_job(*, job_id: int) -> str:
    """The task's work: import a queued job's file, record the counts or the error.

    A refusal or a crash rolls the whole import back (``import_applicants`` is one
    transaction); the job then says why, in the language of the coordinator who
    confirmed it. The stashed file is removed either way.
    """
    started = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return "skipped"  # run already, or running in another worker
    job = ImportJob.objects.select_related("cohort", "created_by").get(pk=job_id)
    key = _progress_key(job)

    def progress(done: int) -> None:
        cache.set(key, done, PROGRESS_SECONDS)

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            data = read_import_file(job.token)
            if data is None:
                raise ValidationError(
                    _("The uploaded file is gone; nothing was imported. Upload it again.")
                )
            preview = build_preview(
                data,
                lookups=import_lookups(job.cohort),
                mappings={(column, key): target for column, key, target in job.mappings},
            )
            counts = import_applicants(
                cohort=job.cohort,
                preview=preview,
                confirm_companies=job.confirm_companies,
                by=job.created_by,
                progress=progress,
            )
        except ValidationError as error:
            job.status = ImportStatus.FAILED
            job.error = " ".join(error.messages)
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            job.status = ImportStatus.FAILED
            job.error = _("The import stopped on an unexpected error; nothing was imported.")
        else:
            job.status = ImportStatus.DONE
            job.counts = asdict(counts)
        finally:
            discard_import_file(job.token)
            cache.delete(key)
    job.token = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "counts", "token", "finished_at", "updated_at"])
    return job.status


def fail_stale_import_jobs(*, now: dt.datetime | None = None) -> int:
    """Mark as failed the jobs still "running" long after they started (``IMPORT_STALE_AFTER``):
    their worker stopped (a restart, a crash, the machine) without recording an end. The
    import is one transaction, so a stopped worker saved no row; the job says so, in the
    language of the coordinator who confirmed it, and its file is removed. The scheduled job
    ``applications.fail_stale_imports``; returns how many were marked."""
    now = now or timezone.now()
    marked = 0
    for job in stale_import_jobs(now=now):
        with translation.override(job.language or settings.LANGUAGE_CODE):
            error = str(STALE_IMPORT_MESSAGE)
        # only if still running: a worker that finishes meanwhile keeps its own result
        marked += ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.FAILED, error=error, token="", finished_at=now, updated_at=now
        )
        discard_import_file(job.token)
        cache.delete(_progress_key(job))
    return marked


# -- files waiting for confirmation -------------------------------------------------


def _pending_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def stash_import_file(*, data: bytes) -> str:
    """Keep an uploaded file until the coordinator confirms; returns its random token."""
    directory = _pending_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep(directory)
    token = new_token()
    descriptor = os.open(directory / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return token


def read_import_file(token: str) -> bytes | None:
    if not TOKEN.fullmatch(token):
        return None
    try:
        return (_pending_dir() / token).read_bytes()
    except FileNotFoundError:
        return None


def discard_import_file(token: str) -> None:
    if TOKEN.fullmatch(token):
        (_pending_dir() / token).unlink(missing_ok=True)


def _sweep(directory: Path) -> None:
    """Forget uploads nobody confirmed within a day."""
    limit = time.time() - PENDING_MAX_AGE_SECONDS
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
