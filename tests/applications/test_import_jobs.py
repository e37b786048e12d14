"""Large confirmed imports run as a background task with a progress page (all or nothing)."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from brobygger.applications.choices import ImportStatus
from brobygger.applications.models import Application, ImportJob
from brobygger.applications.services import imports as import_services
from brobygger.core.models import ActivityLog
from brobygger.people.models import User
from tests.applications.test_import_views import (
    client_class_login,
    confirm_url,
    csv_file,
    pending_files,
    upload_url,
)

HEADER = "E-post;Navn;Virksomhet;Rolle;Fødselsår\n"


def rows(count: int, *, start: int = 0) -> str:
    return HEADER + "".join(
        f"p{n}@x.example;Person {n};Nordlys Kraft AS;{'mentee' if n % 2 else 'mentor'};1980\n"
        for n in range(start, start + count)
    )


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def cora(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(import_services, "IMPORT_IN_REQUEST_MAX_ROWS", 3)


def confirm(client, cohort, text: str, captured=None):
    token = client.post(upload_url(cohort), {"file": csv_file(text)}).context["form"]
    return client.post(confirm_url(cohort), {"token": token.initial["token"]})


def job_url(job) -> str:
    return reverse("applications:import-job", args=[job.code])


def status_url(job) -> str:
    return reverse("applications:import-job-status", args=[job.code])


def test_a_large_import_runs_as_a_task_and_the_page_shows_the_counts(
    cora,
    open_cohort,
    company_a,
    coordinator_cora,
    small_threshold,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = confirm(cora, open_cohort, rows(4))
    job = ImportJob.objects.get()
    assert (response.status_code, response.url, len(callbacks)) == (302, job_url(job), 1)
    assert (job.status, job.total_rows, job.language, job.token, job.created_by) == (
        ImportStatus.DONE,
        4,
        "en",
        "",
        coordinator_cora.user,
    )
    assert job.counts == {
        "rows": 4,
        "new_people": 4,
        "updated_people": 0,
        "new_applications": 4,
        "updated_applications": 0,
    }
    assert Application.objects.filter(cohort=open_cohort).count() == 4
    assert ActivityLog.objects.get(action="applications.import").data["rows"] == 4
    assert pending_files(tmp_path) == []
    html = cora.get(job_url(job)).content.decode()
    assert "Imported 4 rows: 4 new and 0 updated people, 4 new and 0 updated applications." in html
    assert "hx-get" not in html  # finished: no more polling
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    upload_page = cora.get(upload_url(open_cohort))
    assert upload_page.context["jobs"] == [job]
    assert f'href="{job_url(job)}"' in upload_page.content.decode()


def test_a_queued_job_polls_and_the_status_reloads_the_page_when_done(
    cora, open_cohort, company_a, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(cora, open_cohort, rows(5))
    job = ImportJob.objects.get()
    assert (job.status, Application.objects.count()) == (ImportStatus.QUEUED, 0)
    html = cora.get(job_url(job)).content.decode()
    assert f'hx-get="{status_url(job)}"' in html
    assert "About 0 of 5 rows saved" in html
    waiting = cora.get(status_url(job))
    assert ("HX-Refresh" in waiting, "Queued" in waiting.content.decode()) == (False, True)
    callbacks[0]()
    done = cora.get(status_url(job))
    assert (done["HX-Refresh"], "Done" in done.content.decode()) == ("true", True)
    assert Application.objects.count() == 5


def test_progress_is_shared_through_the_cache_while_running(open_cohort, company_a):
    job = ImportJob.objects.create(cohort=open_cohort, status=ImportStatus.RUNNING, total_rows=400)
    assert import_services.import_job_rows_done(job) == 0
    import_services.cache.set(import_services._progress_key(job), 200)
    assert import_services.import_job_rows_done(job) == 200
    job.status = ImportStatus.DONE
    assert import_services.import_job_rows_done(job) == 400


def test_a_failing_import_leaves_no_rows_and_shows_the_error(
    cora,
    open_cohort,
    company_a,
    small_threshold,
    monkeypatch,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    users_before = User.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_services, "_save_answers", broken)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(cora, open_cohort, rows(4))
    job = ImportJob.objects.get()
    assert (job.status, job.counts) == (ImportStatus.FAILED, {})
    # users, people and applications were saved before the crash: all rolled back
    assert (User.objects.count(), Application.objects.count()) == (users_before, 0)
    assert not ActivityLog.objects.filter(action="applications.import").exists()
    assert pending_files(tmp_path) == []
    html = cora.get(job_url(job)).content.decode()
    assert "The import stopped on an unexpected error; nothing was imported." in html


def test_a_refused_import_shows_the_reason_in_the_coordinators_language(
    cora,
    open_cohort,
    company_a,
    small_threshold,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    cora.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nb"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(cora, open_cohort, rows(4))
    for name in pending_files(tmp_path):  # the file went missing before the worker ran
        (tmp_path / "imports" / name).unlink()
    callbacks[0]()
    job = ImportJob.objects.get()
    assert (job.status, job.language, Application.objects.count()) == (ImportStatus.FAILED, "nb", 0)
    assert (
        job.error
        == "Den opplastede filen er borte, så ingenting ble importert. Last den opp på nytt."
    )


def test_the_threshold_boundary(
    cora, open_cohort, company_a, tmp_path, django_capture_on_commit_callbacks
):
    limit = import_services.IMPORT_IN_REQUEST_MAX_ROWS
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(cora, open_cohort, rows(limit))
    assert (response.url, ImportJob.objects.count()) == (upload_url(open_cohort), 0)
    assert Application.objects.count() == limit
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(cora, open_cohort, rows(limit + 1))
    job = ImportJob.objects.get()
    assert (response.url, job.status, job.total_rows) == (
        job_url(job),
        ImportStatus.DONE,
        limit + 1,
    )
    assert job.counts["updated_applications"] == limit
    assert Application.objects.count() == limit + 1


@pytest.mark.parametrize(
    "persona", [None, "other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_only_the_coordinators_of_the_year_see_the_job(
    client, open_cohort, company_a, coordinator_cora, company_c, persona, request
):
    from tests.factories import InitiativeFactory, PersonFactory

    if persona == "other_coordinator":
        user = PersonFactory(
            user__email="olga@b.example",
            user__is_coordinator=True,
            company=request.getfixturevalue("company_b"),
        ).user
        InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(user)
    elif persona:
        user = request.getfixturevalue(persona).user
    job = ImportJob.objects.create(
        cohort=open_cohort,
        created_by=coordinator_cora.user,
        status=ImportStatus.DONE,
        total_rows=400,
        counts={
            "rows": 400,
            "new_people": 400,
            "updated_people": 0,
            "new_applications": 400,
            "updated_applications": 0,
        },
    )
    if persona:
        client.force_login(user)
    responses = [client.get(job_url(job)), client.get(status_url(job))]
    assert [r.status_code for r in responses] == [404, 404]
    assert all("Imported 400 rows" not in r.content.decode() for r in responses)
    cora = client_class_login(coordinator_cora.user)
    assert cora.get(job_url(job)).context["job"] == job


STARTED = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
STALE_EN = (
    "The import stopped before it finished: the background worker that ran it stopped. "
    "Nothing was imported. Upload the file again; if this happens again, ask the site's "
    "administrator to check the background worker."
)


def _running(cohort, *, started_at=STARTED, language="en", token="") -> ImportJob:
    return ImportJob.objects.create(
        cohort=cohort,
        status=ImportStatus.RUNNING,
        total_rows=400,
        started_at=started_at,
        language=language,
        token=token,
    )


def test_a_job_whose_worker_stopped_is_marked_failed_after_an_hour(open_cohort, tmp_path):
    """The worker died mid-import: the job would say "importing" forever."""
    token = import_services.stash_import_file(data=b"E-post\n")
    lost = _running(open_cohort, token=token)
    nb = _running(open_cohort, language="nb")
    recent = _running(open_cohort, started_at=STARTED + dt.timedelta(minutes=30))
    done = ImportJob.objects.create(
        cohort=open_cohort, status=ImportStatus.DONE, started_at=STARTED, total_rows=4
    )
    queued = ImportJob.objects.create(cohort=open_cohort, total_rows=4)
    an_hour_on = STARTED + dt.timedelta(hours=1)
    assert import_services.fail_stale_import_jobs(now=an_hour_on) == 0  # not yet
    later = an_hour_on + dt.timedelta(minutes=1)
    assert import_services.fail_stale_import_jobs(now=later) == 2
    statuses = {
        job.pk: (job.status, job.error, job.token, job.finished_at)
        for job in ImportJob.objects.all()
    }
    assert statuses == {
        lost.pk: (ImportStatus.FAILED, STALE_EN, "", later),
        nb.pk: (
            ImportStatus.FAILED,
            "Importen stoppet før den var ferdig: bakgrunnsprosessen som kjørte den, stoppet. "
            "Ingenting ble importert. Last opp filen på nytt. Skjer det igjen, be den som "
            "drifter nettstedet om å sjekke bakgrunnsprosessen.",
            "",
            later,
        ),
        recent.pk: (ImportStatus.RUNNING, "", "", None),
        done.pk: (ImportStatus.DONE, "", "", None),
        queued.pk: (ImportStatus.QUEUED, "", "", None),
    }
    assert import_services.read_import_file(token) is None  # its file is removed
    assert import_services.fail_stale_import_jobs(now=later) == 0  # once


def test_the_progress_page_stops_waiting_for_a_stale_job(cora, open_cohort):
    job = _running(open_cohort)
    with time_machine.travel(STARTED + dt.timedelta(minutes=20), tick=False):
        page = cora.get(job_url(job)).content.decode()
        assert (f'hx-get="{status_url(job)}"' in page, STALE_EN in page) == (True, False)
    with time_machine.travel(STARTED + dt.timedelta(hours=1, seconds=1), tick=False):
        page = html.unescape(cora.get(job_url(job)).content.decode())
        status = cora.get(status_url(job))
    assert (f'hx-get="{status_url(job)}"' in page, STALE_EN in page, "Stopped" in page) == (
        False,
        True,
        True,
    )
    assert status["HX-Refresh"] == "true"  # the page reloads to say so
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # reading changes nothing; the scheduled job does
