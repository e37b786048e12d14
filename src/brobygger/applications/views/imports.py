"""The coordinator imports applicants from a spreadsheet and exports the applications.

Upload → preview (nothing written) → map the values outside our lists and see the
preview again → confirm. The uploaded bytes wait in a file named by a random token that
the session ties to the user and the cohort; each step re-reads that file, and the
token works once.
"""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from brobygger.applications.forms.imports import (
    ExportForm,
    ImportConfirmForm,
    ImportUploadForm,
    mapping_formset,
    posted_mappings,
)
from brobygger.applications.io import exporting
from brobygger.applications.io.importing import (
    Counts,
    Lookups,
    Mappings,
    Preview,
    build_preview,
    vocabularies,
)
from brobygger.applications.models import ImportJob
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.selectors.imports import (
    STALE_IMPORT_MESSAGE,
    applications_for_export,
    export_questions,
    get_import_job_for,
    import_job_is_stale,
    import_lookups,
    recent_import_jobs,
    remembered_mappings,
    topic_names,
)
from brobygger.applications.services.imports import (
    discard_import_file,
    import_applicants,
    import_job_rows_done,
    queue_import,
    read_import_file,
    record_export,
    runs_in_background,
    stash_import_file,
)
from brobygger.people.http import signed_in_user
from brobygger.programs.models import Cohort
from brobygger.programs.selectors import get_coordinated_cohort

SESSION_KEY = "applications_pending_imports"
PROBLEMS_SHOWN = 500


def import_upload(request: HttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        lookups = import_lookups(cohort)
        preview = build_preview(data, lookups=lookups, mappings=remembered_mappings(cohort))
        token = "" if preview.problems else _remember(request, cohort, data)
        confirm = ImportConfirmForm(
            initial={"token": token},  # new companies start unticked: she confirms each
            new_companies=preview.new_companies,
        )
        return _preview(request, cohort, preview, confirm, lookups)
    context = {
        "cohort": cohort,
        "form": form,
        "export_form": ExportForm(),
        "jobs": recent_import_jobs(cohort),
    }
    return render(request, "applications/imports/import_upload.html", context)


def import_confirm(request: HttpRequest, code: UUID) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = request.POST.get("token", "")
    data = _recall(request, cohort, token)
    if data is None:
        messages.error(
            request,
            _("This import is not waiting for confirmation any more. Upload the file again."),
        )
        return redirect("applications:import-upload", code=cohort.code)
    lookups = import_lookups(cohort)
    mappings = _mappings(request, cohort, lookups)
    preview = build_preview(data, lookups=lookups, mappings=mappings)
    form = ImportConfirmForm(request.POST, new_companies=preview.new_companies)
    if preview.problems:  # the database changed since the preview: start again
        _forget(request, token)
    elif request.POST.get("action") == "apply":  # the preview again, her choices applied
        pass
    elif preview.unmapped:
        form.add_error(None, _("Choose what each value outside our lists means."))
    elif form.is_valid() and runs_in_background(preview):
        try:
            job = queue_import(
                cohort=cohort,
                preview=preview,
                token=token,
                mappings=mappings,
                confirm_companies=form.cleaned_data.get("companies", []),
                by=signed_in_user(request),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            _forget(request, token, keep_file=True)  # the job has it now
            return redirect("applications:import-job", code=job.code)
    elif form.is_valid():
        try:
            counts = import_applicants(
                cohort=cohort,
                preview=preview,
                confirm_companies=form.cleaned_data.get("companies", []),
                by=signed_in_user(request),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            _forget(request, token)
            messages.success(request, _imported_message(counts))
            return redirect("applications:import-upload", code=cohort.code)
    return _preview(request, cohort, preview, form, lookups)


def export(request: HttpRequest, code: UUID, fmt: str) -> HttpResponse:
    cohort = get_coordinated_cohort(request.user, code)
    if fmt not in exporting.FORMATS:
        raise Http404(_("No such format."))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ExportForm(request.POST)
    include_sensitive = form.is_valid() and form.cleaned_data["include_sensitive"]
    table = exporting.application_table(
        applications_for_export(cohort),
        export_questions(cohort, include_sensitive=include_sensitive),
        topic_names=topic_names(),
        role_labels={role: role_label(cohort, role) for role in ("mentor", "mentee")},
    )
    record_export(
        cohort=cohort,
        file_format=fmt,
        include_sensitive=include_sensitive,
        rows=len(table.rows),
        by=signed_in_user(request),
    )
    if fmt == "csv":
        content = exporting.to_csv(table, language=translation.get_language())
    else:
        content = exporting.to_xlsx(table, title=str(cohort))
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[fmt])
    name = exporting.filename(cohort.title, cohort.initiative.slug, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def import_job(request: HttpRequest, code: UUID) -> HttpResponse:
    """The progress of a large import, then its counts or its error."""
    job = get_import_job_for(request.user, code)
    return render(request, "applications/imports/import_job.html", _job_context(job))


@require_GET
def import_job_status(request: HttpRequest, code: UUID) -> HttpResponse:
    """The HTMX-polled status of an import job; a finished job reloads the page."""
    job = get_import_job_for(request.user, code)
    context = _job_context(job)
    response = render(request, "applications/imports/import_job.html#job-status", context)
    if job.is_finished or context["stale"]:
        response["HX-Refresh"] = "true"
    return response


def _job_context(job: ImportJob) -> dict[str, Any]:
    done = import_job_rows_done(job)
    return {
        "job": job,
        # its worker stopped: the page stops waiting (the scheduled job marks it failed)
        "stale": import_job_is_stale(job, now=timezone.now()),
        "stale_message": STALE_IMPORT_MESSAGE,
        "cohort": job.cohort,
        "rows_done": done,
        "percent": done * 100 // job.total_rows if job.total_rows else 0,
        "imported": _imported_message(Counts(**job.counts)) if job.counts else "",
    }


def _preview(
    request: HttpRequest,
    cohort: Cohort,
    preview: Preview,
    form: ImportConfirmForm,
    lookups: Lookups,
) -> HttpResponse:
    context: dict[str, Any] = {
        "cohort": cohort,
        "preview": preview,
        "problems": preview.problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(preview.problems) - PROBLEMS_SHOWN),
        "form": form,
        "mappings": mapping_formset(preview, vocabularies(lookups)),
    }
    return render(request, "applications/imports/import_preview.html", context)


def _mappings(request: HttpRequest, cohort: Cohort, lookups: Lookups) -> Mappings:
    """The cohort's remembered mappings, overridden by the choices she just made."""
    mappings = dict(remembered_mappings(cohort))
    chosen = posted_mappings(request.POST, vocabularies(lookups))
    if chosen.is_valid():  # a forged choice is ignored: the selects offer valid ones only
        mappings |= chosen.mappings()
    return mappings


def _imported_message(counts: Counts) -> str:
    return _(
        "Imported %(rows)s rows: %(new_people)s new and %(updated_people)s updated people, "
        "%(new_applications)s new and %(updated_applications)s updated applications."
    ) % {
        "rows": counts.rows,
        "new_people": counts.new_people,
        "updated_people": counts.updated_people,
        "new_applications": counts.new_applications,
        "updated_applications": counts.updated_applications,
    }


# -- the pending file, tied to this session, user and cohort --------------------------


def _remember(request: HttpRequest, cohort: Cohort, data: bytes) -> str:
    token = stash_import_file(data=data)
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {
        "user": request.user.pk,
        "cohort": str(cohort.code),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    request.session[SESSION_KEY] = pending
    return token


def _recall(request: HttpRequest, cohort: Cohort, token: str) -> bytes | None:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry["user"] != request.user.pk or entry["cohort"] != str(cohort.code):
        return None
    data = read_import_file(token)
    if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        _forget(request, token)
        return None
    return data


def _forget(request: HttpRequest, token: str, *, keep_file: bool = False) -> None:
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if not keep_file:
        discard_import_file(token)


urlpatterns: list[URLPattern] = [
    path("coordinate/<uuid:code>/import/", import_upload, name="import-upload"),
    path("coordinate/<uuid:code>/import/confirm/", import_confirm, name="import-confirm"),
    path("coordinate/<uuid:code>/export.<str:fmt>", export, name="export"),
    path("coordinate/imports/<uuid:code>/", import_job, name="import-job"),
    path("coordinate/imports/<uuid:code>/status/", import_job_status, name="import-job-status"),
]
