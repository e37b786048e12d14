"""Exporting applications as CSV and XLSX: answers as columns, formulas defused, sensitive
answers only when asked for, and an activity-log row."""

import codecs
import csv
import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from brobygger.applications.exporting import PROFILE_COLUMNS, escape_cell
from brobygger.core.models import ActivityLog
from tests.factories import AnswerFactory, ApplicationFactory, QuestionFactory, TopicFactory


@pytest.fixture
def cora(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def applications(open_cohort, mentee_anne, mentor_bo):
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    goals = QuestionFactory(
        cohort=open_cohort, role="mentee", label="Goals", label_en="Goals", order=1
    )
    topics = QuestionFactory(
        cohort=open_cohort, role="mentor", kind="topics", label="Temaer", label_en="", order=1
    )
    secret = QuestionFactory(
        cohort=open_cohort,
        role="mentee",
        label="Helse og tilrettelegging",
        label_en="",
        sensitive=True,
        order=2,
    )
    anne = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    bo = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor", capacity=2)
    AnswerFactory(application=anne, question=goals, value="=cmd|' /C calc'!A0")
    AnswerFactory(application=anne, question=secret, value="Trenger skjermlys")
    AnswerFactory(application=bo, question=topics, value=["ai"])
    mentor_bo.job_title = "+1"
    mentor_bo.city = "-2"
    mentor_bo.save()
    mentee_anne.user.first_name = "@x"
    mentee_anne.user.save()
    return anne, bo


def export_url(cohort, fmt: str) -> str:
    return reverse("applications:export", args=[cohort.code, fmt])


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=cmd", "'=cmd"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("Oslo", "Oslo"),
        (1966, 1966),
        ("", ""),
    ],
)
def test_escape_cell(value, escaped):
    assert escape_cell(value) == escaped


def test_csv_export_has_answers_as_columns_and_escapes_formulas(cora, open_cohort, applications):
    response = cora.post(export_url(open_cohort, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="reverse-mentoring-2027-applications.csv"'
    )
    rows = csv_rows(response.content)
    assert rows[0] == [*PROFILE_COLUMNS, "Goals", "Temaer"]
    by_email = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    anne, bo = by_email["anne@a.example"], by_email["bo@b.example"]
    assert (anne["name"], anne["Goals"], anne["Temaer"], anne["role"]) == (
        "'@x Aas",
        "'=cmd|' /C calc'!A0",
        "",
        "mentee",
    )
    assert (bo["job_title"], bo["city"], bo["Temaer"], bo["capacity"], bo["birth_year"]) == (
        "'+1",
        "'-2",
        "Artificial intelligence",
        "2",
        "1999",
    )
    assert "Trenger skjermlys" not in response.content.decode("utf-8-sig")


def test_xlsx_export_escapes_formulas_and_keeps_numbers(cora, open_cohort, applications):
    response = cora.post(export_url(open_cohort, "xlsx"))
    rows = xlsx_rows(response.content)
    header = rows[0]
    assert header == [*PROFILE_COLUMNS, "Goals", "Temaer"]
    by_email = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    anne, bo = by_email["anne@a.example"], by_email["bo@b.example"]
    assert (anne["Goals"], anne["name"], anne["birth_year"]) == (
        "'=cmd|' /C calc'!A0",
        "'@x Aas",
        1966,
    )
    assert (bo["job_title"], bo["city"], bo["capacity"]) == ("'+1", "'-2", 2)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.data_type for c in sheet[2] if c.value and str(c.value).startswith("'=")] == ["s"]


def test_sensitive_answers_only_when_asked_and_logged(
    cora, open_cohort, applications, coordinator_cora
):
    without = csv_rows(cora.post(export_url(open_cohort, "csv")).content)
    with_sensitive = csv_rows(
        cora.post(export_url(open_cohort, "csv"), {"include_sensitive": "on"}).content
    )
    assert "Helse og tilrettelegging" not in without[0]
    assert with_sensitive[0][len(PROFILE_COLUMNS) :] == [
        "Goals",
        "Helse og tilrettelegging",
        "Temaer",
    ]
    anne = next(row for row in with_sensitive if row[0] == "anne@a.example")
    assert anne[len(PROFILE_COLUMNS) + 1] == "Trenger skjermlys"
    logs = ActivityLog.objects.filter(action="applications.export").order_by("id")
    assert [(log.actor, log.target, log.data) for log in logs] == [
        (
            coordinator_cora.user,
            open_cohort,
            {"format": "csv", "include_sensitive": False, "rows": 2},
        ),
        (
            coordinator_cora.user,
            open_cohort,
            {"format": "csv", "include_sensitive": True, "rows": 2},
        ),
    ]


def test_exported_csv_imports_again(cora, open_cohort, applications, tmp_path, settings):
    """Round trip: the export's profile columns are the import's, escaping is undone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    content = cora.post(export_url(open_cohort, "csv")).content
    upload = SimpleUploadedFile("eksport.csv", content, content_type="text/csv")
    url = reverse("applications:import-upload", args=[open_cohort.code])
    preview = cora.post(url, {"file": upload}).context["preview"]
    assert (preview.problems, preview.counts.updated_applications) == ([], 2)
    assert preview.ignored_columns == ["status", "decision", "source", "submitted_at"]
    bo = next(row for row in preview.rows if row.email == "bo@b.example")
    assert (bo.job_title, bo.city, bo.capacity, bo.topics) == ("+1", "-2", 2, ["ai"])
    anne = next(row for row in preview.rows if row.email == "anne@a.example")
    assert (anne.first_name, anne.text) == ("@x", "=cmd|' /C calc'!A0")


def test_unknown_format_and_get_are_refused(cora, open_cohort, applications):
    assert cora.post(export_url(open_cohort, "pdf")).status_code == 404
    assert cora.get(export_url(open_cohort, "csv")).status_code == 405
    assert ActivityLog.objects.filter(action="applications.export").count() == 0
