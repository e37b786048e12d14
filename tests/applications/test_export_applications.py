"""Exporting applications as XLSX and CSV: headings and labels in the reader's language,
answers and reviews as columns, numbers as numbers (a decimal comma in a Norwegian CSV),
formulas defused, sensitive answers only when asked for, and an activity-log row."""

import codecs
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from openpyxl import load_workbook

from brobygger.applications.io.exporting import PROFILE_COLUMNS
from brobygger.applications.io.importing import column_named
from brobygger.applications.models import Review
from brobygger.core.models import ActivityLog
from brobygger.core.spreadsheets import escape_formula
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
    submitted = dt.datetime(2027, 3, 26, 9, 30, tzinfo=dt.UTC)  # 10:30 in Oslo
    anne = ApplicationFactory(
        cohort=open_cohort, person=mentee_anne, role="mentee", submitted_at=submitted
    )
    bo = ApplicationFactory(
        cohort=open_cohort,
        person=mentor_bo,
        role="mentor",
        capacity=2,
        decision="accepted",
        submitted_at=submitted,
    )
    AnswerFactory(application=anne, question=goals, value="=cmd|' /C calc'!A0")
    AnswerFactory(application=anne, question=secret, value="Trenger skjermlys")
    AnswerFactory(application=bo, question=topics, value=["ai"])
    mentor_bo.job_title = "+1"
    mentor_bo.city = "-2"
    mentor_bo.role_family = "leadership"
    mentor_bo.save()
    mentee_anne.user.first_name = "@x"
    mentee_anne.user.save()
    return anne, bo


def export_url(cohort, fmt: str) -> str:
    return reverse("applications:export", args=[cohort.code, fmt])


def csv_rows(content: bytes, delimiter: str = ",") -> list[list[str]]:
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


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
    assert escape_formula(value) == escaped


@pytest.fixture
def reviews(applications, coordinator_cora):
    from tests.factories import UserFactory

    anne, bo = applications
    eva = UserFactory(first_name="Eva", last_name="Eng", email="eva@c.example")
    Review.objects.create(application=bo, reviewer=coordinator_cora.user, score=4, comment="=Sterk")
    Review.objects.create(application=bo, reviewer=eva, score=5, comment="Solid")
    Review.objects.create(application=anne, reviewer=eva, score=3, comment="")
    return anne, bo


@pytest.fixture
def nora(client, coordinator_cora):
    """Cora reading Norwegian."""
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nb"
    return client


EN_HEADER = [
    "Email",
    "Name",
    "Company",
    "Role",
    "Birth year",
    "Job title",
    "Years of experience",
    "Role family",
    "Industry",
    "Languages",
    "City",
    "Meeting format",
    "Capacity",
    "Status",
    "Decision",
    "Source",
    "Submitted",
]
NB_HEADER = [
    "E-post",
    "Navn",
    "Virksomhet",
    "Rolle",
    "Fødselsår",
    "Stillingstittel",
    "Års erfaring",
    "Fagområde",
    "Bransje",
    "Språk",
    "By",
    "Møteform",
    "Kapasitet",
    "Status",
    "Vedtak",
    "Kilde",
    "Sendt inn",
]
NB_REVIEWS = ["Snittpoeng", "Poeng: Cora Coord", "Kommentar: Cora Coord"]
NB_REVIEWS += ["Poeng: Eva Eng", "Kommentar: Eva Eng"]


def by_email(rows):
    return {row[0]: row for row in rows[1:]}


def test_english_csv_has_labels_reviews_and_escapes_formulas(cora, open_cohort, reviews):
    response = cora.post(export_url(open_cohort, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="reverse-mentoring-2027-applications.csv"'
    )
    rows = csv_rows(response.content, delimiter=",")
    reviews_header = ["Average score", "Score: Cora Coord", "Comment: Cora Coord"]
    reviews_header += ["Score: Eva Eng", "Comment: Eva Eng"]
    assert rows[0] == [*EN_HEADER, "Goals", "Temaer", *reviews_header]
    found = by_email(rows)
    assert found["bo@b.example"] == [
        "bo@b.example",
        "Bo Berg",
        "Skarven Software AS",
        "Mentor (the younger)",
        "1999",
        "'+1",
        "10",
        "Leadership and management",
        "",
        "Norwegian, English",
        "'-2",
        "Either",
        "2",
        "Submitted",
        "Accepted",
        "Applied",
        "2027-03-26 10:30",
        "",
        "Artificial intelligence",
        "4.5",
        "4",
        "'=Sterk",
        "5",
        "Solid",
    ]
    anne = found["anne@a.example"]
    assert (anne[1], anne[3], anne[14], anne[17], anne[19:]) == (
        "'@x Aas",
        "Mentee (the senior)",
        "Not decided",
        "'=cmd|' /C calc'!A0",
        ["3", "", "", "3", ""],
    )
    assert "Trenger skjermlys" not in response.content.decode("utf-8-sig")


def test_norwegian_csv_has_semicolons_decimal_comma_and_norwegian_labels(
    nora, open_cohort, reviews
):
    response = nora.post(export_url(open_cohort, "csv"))
    rows = csv_rows(response.content, delimiter=";")
    assert rows[0] == [*NB_HEADER, "Goals", "Temaer", *NB_REVIEWS]
    bo = by_email(rows)["bo@b.example"]
    assert bo[3:4] + bo[7:8] + bo[9:10] + bo[11:12] + bo[13:17] == [
        "Mentor (den yngre)",
        "Ledelse og styring",
        "Norsk, Engelsk",
        "Begge deler",
        "Sendt inn",
        "Tatt opp",
        "Søkte selv",
        "2027-03-26 10:30",
    ]
    assert bo[19] == "4,5"
    assert Decimal(bo[19].replace(",", ".")) == Decimal("4.5")
    assert [Decimal(bo[i].replace(",", ".")) for i in (20, 22)] == [4, 5]


def test_norwegian_xlsx_has_real_numbers_dates_and_a_bold_header(nora, open_cohort, reviews):
    content = nora.post(export_url(open_cohort, "xlsx")).content
    rows = xlsx_rows(content)
    assert rows[0] == [*NB_HEADER, "Goals", "Temaer", *NB_REVIEWS]
    bo = by_email(rows)["bo@b.example"]
    assert bo == [
        "bo@b.example",
        "Bo Berg",
        "Skarven Software AS",
        "Mentor (den yngre)",
        1999,
        "'+1",
        10,
        "Ledelse og styring",
        "",
        "Norsk, Engelsk",
        "'-2",
        "Begge deler",
        2,
        "Sendt inn",
        "Tatt opp",
        "Søkte selv",
        dt.datetime(2027, 3, 26, 10, 30),
        "",
        "Kunstig intelligens",
        4.5,
        4,
        "'=Sterk",
        5,
        "Solid",
    ]
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert {cell.font.bold for cell in sheet[1]} == {True}
    assert {cell.font.bold for cell in sheet[2]} == {False}
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len("anne@a.example") + 1


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_profile_heading_is_one_the_import_reads(language):
    from django.utils import translation

    from brobygger.applications.io.exporting import profile_header

    with translation.override(language):
        header = profile_header()
    assert [column_named(h) for h in header[:13]] == list(PROFILE_COLUMNS[:13])
    assert [column_named(h) for h in header[13:]] == [None] * 4


def test_english_xlsx_escapes_formulas_and_keeps_numbers(cora, open_cohort, applications):
    response = cora.post(export_url(open_cohort, "xlsx"))
    rows = xlsx_rows(response.content)
    header = rows[0]
    assert header == [*EN_HEADER, "Goals", "Temaer", "Average score"]
    found = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    anne, bo = found["anne@a.example"], found["bo@b.example"]
    assert (anne["Goals"], anne["Name"], anne["Birth year"], anne["Average score"]) == (
        "'=cmd|' /C calc'!A0",
        "'@x Aas",
        1966,
        "",
    )
    assert (bo["Job title"], bo["City"], bo["Capacity"]) == ("'+1", "'-2", 2)
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
        "Average score",
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


@pytest.mark.parametrize(
    ("language", "fmt", "ignored"),
    [
        ("en", "csv", ["Status", "Decision", "Source", "Submitted", "Average score"]),
        ("nb", "csv", ["Status", "Vedtak", "Kilde", "Sendt inn", "Snittpoeng"]),
        ("nb", "xlsx", ["Status", "Vedtak", "Kilde", "Sendt inn", "Snittpoeng"]),
    ],
)
def test_exported_file_imports_again(
    client, coordinator_cora, open_cohort, applications, tmp_path, settings, language, fmt, ignored
):
    """Round trip: the headings and labels are ones the import reads, escaping is undone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    content = client.post(export_url(open_cohort, fmt)).content
    upload = SimpleUploadedFile(f"eksport.{fmt}", content)
    url = reverse("applications:import-upload", args=[open_cohort.code])
    preview = client.post(url, {"file": upload}).context["preview"]
    assert (preview.problems, preview.unknown_values) == ([], [])
    assert preview.counts.updated_applications == 2
    assert preview.ignored_columns == ignored
    bo = next(row for row in preview.rows if row.email == "bo@b.example")
    assert (bo.role, bo.job_title, bo.city, bo.capacity, bo.topics) == (
        "mentor",
        "+1",
        "-2",
        2,
        ["ai"],
    )
    assert (bo.role_family, bo.languages, bo.meeting_format) == (
        "leadership",
        ["nb", "en"],
        "either",
    )
    anne = next(row for row in preview.rows if row.email == "anne@a.example")
    assert (anne.role, anne.first_name, anne.text) == ("mentee", "@x", "=cmd|' /C calc'!A0")


def test_unknown_format_and_get_are_refused(cora, open_cohort, applications):
    assert cora.post(export_url(open_cohort, "pdf")).status_code == 404
    assert cora.get(export_url(open_cohort, "csv")).status_code == 405
    assert ActivityLog.objects.filter(action="applications.export").count() == 0


def test_another_initiatives_coordinator_gets_404(client, open_cohort, reviews):
    from tests.factories import InitiativeFactory, PersonFactory

    other = PersonFactory(user__email="olga@d.example")
    InitiativeFactory(slug="annet").coordinators.add(other.user)
    client.force_login(other.user)
    response = client.post(export_url(open_cohort, "xlsx"))
    assert (response.status_code, b"Solid" in response.content) == (404, False)
