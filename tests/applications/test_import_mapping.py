"""A network's own spreadsheet imported in one go: values outside our lists are mapped.

``spreadsheets/pameldinger_2027.csv`` (and ``.xlsx``) is a sign-up sheet as a network
keeps it: Norwegian headings, ``;`` with a byte order mark, a form's time stamp column,
its own words for industries and fields ("forsikring", "havbruk", "IT", "design"…), and
three real errors (row 15 has no email, rows 31 and 48 impossible birth years).
"""

import codecs
import csv
import io
import re
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from brobygger.applications.models import Answer, Application, ImportValueMapping
from brobygger.core.models import ActivityLog
from brobygger.people.models import Person
from tests.factories import (
    CohortFactory,
    CompanyFactory,
    InitiativeFactory,
    PersonFactory,
    TopicFactory,
)

SHEETS = Path(__file__).parent / "spreadsheets"
REAL_ERRORS = [
    (15, "E-post", ""),
    (31, "Fødselsår", "1899"),
    (48, "Fødselsår", "2019"),
]
# (heading, value as first written, rows): each value once, "Forsikring" counted with "forsikring"
UNKNOWN = [
    ("Fagområde", "design", 5),
    ("Fagområde", "IT", 5),
    ("Fagområde", "markedsføring", 10),
    ("Bransje", "IT", 5),
    ("Bransje", "forsikring", 10),
    ("Bransje", "havbruk", 10),
    ("Bransje", "logistikk", 10),
    ("Møteform", "hybrid", 10),
    ("Språk", "ukrainsk", 8),
    ("Temaer", "cybersikkerhet", 13),
    ("Når kan du møtes", "helg", 10),
]
# what the coordinator chooses: (column, folded value) -> target
CHOICES = {
    ("role_family", "design"): "product",
    ("role_family", "it"): "engineering",
    ("role_family", "markedsforing"): "sales",
    ("industry", "it"): "software",
    ("industry", "forsikring"): "finance",
    ("industry", "havbruk"): "maritime",
    ("industry", "logistikk"): "other",
    ("meeting_format", "hybrid"): "other",
    ("languages", "ukrainsk"): "other",
    ("topics", "cybersikkerhet"): "other",
    ("availability", "helg"): "other",
}


@pytest.fixture(autouse=True)
def _january_2027(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with time_machine.travel("2027-01-15 12:00 +01:00", tick=False):
        yield


@pytest.fixture
def network(db, company_a, company_b):
    """The network's topics and the companies the sheet names."""
    for slug, name, name_en in [
        ("ai", "Kunstig intelligens", "Artificial intelligence"),
        ("ledelse", "Ledelse", "Leadership"),
        ("baerekraft", "Bærekraft", "Sustainability"),
        ("sosiale-medier", "Sosiale medier", "Social media"),
        ("karriere", "Karriere", "Career"),
    ]:
        TopicFactory(slug=slug, name=name, name_en=name_en)
    for name in [
        "Fjordtrygd Forsikring AS",
        "Havlandet Sjømat AS",
        "Nordvei Logistikk AS",
        "Studio Bølge AS",
    ]:
        CompanyFactory(name=name)


@pytest.fixture
def cora(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sheet(extension: str) -> bytes:
    return (SHEETS / f"pameldinger_2027.{extension}").read_bytes()


# The coordinator's corrections of the three real errors: (row, heading) -> value
CORRECTIONS = {
    (15, "E-post"): "ida.karlsen@skarven.example",
    (31, "Fødselsår"): "1999",
    (48, "Fødselsår"): "1970",
}


def corrected(extension: str) -> bytes:
    """The sheet after she fixed the real errors, saved by the same program."""
    if extension == "xlsx":
        workbook = load_workbook(io.BytesIO(sheet("xlsx")))
        rows = workbook.active
        header = [cell.value for cell in rows[1]]
        for (row, heading), value in CORRECTIONS.items():
            cell = rows.cell(row=row, column=header.index(heading) + 1)
            cell.value = int(value) if value.isdigit() else value
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    records = list(csv.reader(io.StringIO(sheet("csv").decode("utf-8-sig")), delimiter=";"))
    for (row, heading), value in CORRECTIONS.items():
        records[row - 1][records[0].index(heading)] = value
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(records)
    return codecs.BOM_UTF8 + text.getvalue().encode()


def upload(client, cohort, data: bytes, extension: str = "csv"):
    upload = SimpleUploadedFile(f"påmeldinger.{extension}", data)
    return client.post(reverse("applications:import-upload", args=[cohort.code]), {"file": upload})


def confirm(client, cohort, response, choices=CHOICES, **extra):
    """Post the preview's form as the browser would, with ``choices`` in the selects."""
    forms = response.context["mappings"].forms
    data = {
        "token": response.context["form"]["token"].value(),
        "map-TOTAL_FORMS": len(forms),
        "map-INITIAL_FORMS": len(forms),
        **extra,
    }
    for index, form in enumerate(forms):
        key = (form.initial["column"], form.initial["value"])
        data |= {
            f"map-{index}-column": key[0],
            f"map-{index}-value": key[1],
            f"map-{index}-target": choices.get(key, ""),
        }
    return client.post(reverse("applications:import-confirm", args=[cohort.code]), data)


def listed(preview) -> list[tuple[str, str, int]]:
    return [(u.heading, u.value, u.count) for u in preview.unknown_values]


def stored(email: str) -> dict[str, object]:
    person = Person.objects.get(user__email=email)
    application = Application.objects.get(person=person)
    answers = {
        answer.question.matching_field: answer.value
        for answer in Answer.objects.filter(application=application).select_related("question")
    }
    return {
        "industry": person.industry,
        "role_family": person.role_family,
        "languages": person.languages,
        "meeting_format": application.meeting_format,
        "topics": answers.get("topics"),
        "availability": answers.get("availability"),
    }


# -- the sheet as it arrives ----------------------------------------------------------


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_each_unknown_value_is_listed_once_with_its_count_and_real_errors_stop(
    cora, open_cohort, network, extension, tmp_path
):
    response = upload(cora, open_cohort, sheet(extension), extension)
    preview = response.context["preview"]
    assert [(p.row, p.column, p.value) for p in preview.problems] == REAL_ERRORS
    assert listed(preview) == UNKNOWN
    assert preview.ignored_columns == ["Tidsstempel"]
    html = response.content.decode()
    assert "<td>Bransje</td><td>forsikring</td><td>10</td>" in html
    assert "Import all rows" not in html
    assert not (tmp_path / "imports").exists() or list((tmp_path / "imports").iterdir()) == []
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)


def test_obvious_variants_of_known_values_need_no_mapping(cora, open_cohort, network):
    """ "Energi"/"energi", "BÆREKRAFT"/"Baerekraft", "okonomi og administrasjon"…"""
    preview = upload(cora, open_cohort, corrected("csv")).context["preview"]
    keys = {(u.column, u.key) for u in preview.unknown_values}
    assert keys == set(CHOICES)


# -- the preview: map, see it again, import --------------------------------------------


def test_mapping_in_the_preview_then_importing_the_whole_sheet(
    cora, open_cohort, network, coordinator_cora
):
    response = upload(cora, open_cohort, corrected("csv"))
    preview = response.context["preview"]
    assert (preview.problems, len(preview.unmapped), preview.counts.rows) == ([], 11, 60)
    html = response.content.decode()
    assert html.count('<select name="map-') == 11
    assert "11 values still need a choice before the import." in html

    again = confirm(cora, open_cohort, response, action="apply")
    preview = again.context["preview"]
    assert (preview.problems, preview.unmapped) == ([], [])
    assert [u.target for u in preview.unknown_values] == list(CHOICES.values())
    hanne = next(row for row in preview.rows if row.email == "hanne.ronning@nordvei.example")
    assert (hanne.industry, hanne.meeting_format, hanne.topics, hanne.availability) == (
        "other",
        None,
        ["ai"],
        ["lunch"],
    )
    assert '<option value="finance" selected>Finance and insurance</option>' in (
        again.content.decode()
    )
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)

    done = confirm(cora, open_cohort, again)
    assert done.url == reverse("applications:import-upload", args=[open_cohort.code])
    assert Application.objects.filter(cohort=open_cohort).count() == 60
    assert stored("sigrid.eriksen@fjordtrygd.example")["industry"] == "finance"
    assert stored("marte.moen@havlandet.example") == {
        "industry": "maritime",
        "role_family": "product",
        "languages": ["en"],
        "meeting_format": "either",
        "topics": ["ledelse", "ai"],
        "availability": ["afternoon"],
    }
    assert stored("hanne.ronning@nordvei.example") == {
        "industry": "other",
        "role_family": "hr",
        "languages": ["nb", "sv"],
        "meeting_format": "either",  # "hybrid" → not given: the default stays
        "topics": ["ai"],  # "cybersikkerhet" → left out
        "availability": ["lunch"],  # "helg" → left out
    }
    assert stored("line.haugen@nordlys.example")["languages"] == ["nb"]  # "ukrainsk" left out
    assert stored("tone.andersen@bolge.example")["role_family"] == "engineering"
    remembered = set(
        ImportValueMapping.objects.filter(cohort=open_cohort).values_list(
            "column", "value", "target"
        )
    )
    assert remembered == {(column, value, target) for (column, value), target in CHOICES.items()}
    log = ActivityLog.objects.get(action="applications.import")
    assert (log.actor, log.data["rows"], log.data["mapped_values"][:2]) == (
        coordinator_cora.user,
        60,
        [["role_family", "design", "product"], ["role_family", "IT", "engineering"]],
    )


def test_a_value_left_unmapped_writes_nothing_and_the_file_still_waits(cora, open_cohort, network):
    response = upload(cora, open_cohort, corrected("csv"))
    partly = {key: target for key, target in CHOICES.items() if key != ("industry", "havbruk")}
    refused = confirm(cora, open_cohort, response, choices=partly)
    assert refused.context["form"].non_field_errors() == [
        "Choose what each value outside our lists means."
    ]
    assert [u.value for u in refused.context["preview"].unmapped] == ["havbruk"]
    assert "1 value still needs a choice before the import." in refused.content.decode()
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)
    confirm(cora, open_cohort, refused)  # she chooses it now: the same file imports
    assert Application.objects.count() == 60


def test_mappings_are_remembered_for_the_next_import_of_that_programme_year(
    cora, open_cohort, draft_cohort, network
):
    confirm(cora, open_cohort, upload(cora, open_cohort, corrected("csv")))
    assert Application.objects.count() == 60

    # the same sheet as a workbook, a week later: nothing left to choose
    response = upload(cora, open_cohort, corrected("xlsx"), "xlsx")
    preview = response.context["preview"]
    assert (not preview.unmapped, [u.target for u in preview.unknown_values]) == (
        True,
        list(CHOICES.values()),
    )
    initial = [form.initial["target"] for form in response.context["mappings"].forms]
    assert initial == list(CHOICES.values())
    # she changes her mind about one: the new choice is remembered instead
    changed = CHOICES | {("industry", "logistikk"): "retail"}
    confirm(cora, open_cohort, response, choices=changed)
    assert ImportValueMapping.objects.get(column="industry", value="logistikk").target == "retail"
    assert stored("hanne.ronning@nordvei.example")["industry"] == "retail"

    # another programme year starts from nothing
    other_year = upload(cora, draft_cohort, corrected("csv")).context["preview"]
    assert len(other_year.unmapped) == 11


def test_a_remembered_topic_no_longer_in_use_is_asked_again(cora, open_cohort, network):
    topic = TopicFactory(slug="sikkerhet", name="Sikkerhet")
    ImportValueMapping.objects.create(
        cohort=open_cohort, column="topics", value="cybersikkerhet", target="sikkerhet"
    )
    topic.is_active = False
    topic.save()
    preview = upload(cora, open_cohort, corrected("csv")).context["preview"]
    assert [u.value for u in preview.unknown_values if u.target is None][-2:] == [
        "cybersikkerhet",
        "helg",
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_mapping_page_has_one_h1_no_inline_style_and_says_what_other_means(
    cora, open_cohort, network, language
):
    cora.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = upload(cora, open_cohort, corrected("csv")).content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=", html, re.I)
    assert (len(re.findall(r"<h1[\s>]", html)), inline) == (1, [])
    other = {"nb": ("Annet", "Ikke oppgitt (står tomt)"), "en": ("Other", "Not given (left empty)")}
    industry_other, format_other = other[language]
    assert f'<option value="other">{industry_other}</option>' in html
    assert f'<option value="other">{format_other}</option>' in html
    labels = re.findall(r'<label class="visually-hidden" for="id_map-\d+-target">', html)
    assert len(labels) == 11


# -- who may map --------------------------------------------------------------------


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(person.user)
    return person


@pytest.mark.parametrize(
    "persona", [None, "other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_only_the_cohorts_coordinators_see_or_choose_mappings(
    client, open_cohort, network, coordinator_cora, persona, request
):
    ImportValueMapping.objects.create(
        cohort=open_cohort, column="industry", value="havbruk", target="maritime"
    )
    cora = Client()
    cora.force_login(coordinator_cora.user)
    response = upload(cora, open_cohort, corrected("csv"))
    if persona:
        client.force_login(request.getfixturevalue(persona).user)
    answers = [
        upload(client, open_cohort, corrected("csv")),
        confirm(client, open_cohort, response, action="apply"),
        confirm(client, open_cohort, response),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert all("havbruk" not in a.content.decode() for a in answers)
    assert Application.objects.count() == 0
    assert list(ImportValueMapping.objects.values_list("value", "target")) == [
        ("havbruk", "maritime")
    ]


def test_another_initiatives_coordinator_maps_her_own_year_only(
    client, open_cohort, network, other_coordinator
):
    ImportValueMapping.objects.create(
        cohort=open_cohort, column="industry", value="havbruk", target="maritime"
    )
    classic = CohortFactory(initiative=InitiativeFactory(slug="mp"), title="2027")
    client.force_login(other_coordinator.user)
    preview = upload(client, classic, corrected("csv")).context["preview"]
    assert [u.target for u in preview.unknown_values] == [None] * 11


# -- the command line ---------------------------------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def run(*args) -> str:
    out = StringIO()
    call_command("import_applicants", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def corrected_file(tmp_path):
    path = tmp_path / "påmeldinger.csv"
    path.write_bytes(corrected("csv"))
    return path


def test_command_lists_unmapped_values_and_writes_nothing(
    open_cohort, network, corrected_file, english
):
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_applicants", str(open_cohort.code), str(corrected_file), "--commit", stdout=out
        )
    assert (error.value.returncode, str(error.value)) == (
        2,
        "Some values are outside our lists; nothing was imported. Map them with "
        "--map COLUMN:VALUE=KNOWN or add --unknown-to-other.",
    )
    lines = out.getvalue().splitlines()
    assert lines[3] == (
        "Column “Bransje”, value “IT”, 5 rows: not in the list. "
        "Map it with --map industry:IT=KNOWN or add --unknown-to-other."
    )
    assert lines[11:] == [
        "60 rows. People: 60 new, 0 updated. Applications: 60 new, 0 updated.",
        "Columns not used: Tidsstempel.",
    ]
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)


def test_command_maps_with_map_and_unknown_to_other_and_remembers(
    open_cohort, network, corrected_file, english
):
    maps = [
        "--map=bransje:Forsikring=finance",  # a heading of the file, another case
        "--map=industry:havbruk=Maritime and ocean",  # an English label
        "--map=Fagområde:design=Produkt og design",  # a Norwegian label
        "--map=role_family:IT=engineering",
        "--map=role_family:markedsføring=sales",
        "--map=industry:IT=software",
    ]
    dry = run(str(open_cohort.code), str(corrected_file), *maps, "--unknown-to-other")
    assert dry.splitlines()[:8] == [
        "Column “Fagområde”, value “design”, 5 rows: imported as Product and design.",
        "Column “Fagområde”, value “IT”, 5 rows: imported as Engineering and development.",
        "Column “Fagområde”, value “markedsføring”, 10 rows: imported as Sales and marketing.",
        "Column “Bransje”, value “IT”, 5 rows: imported as Software and SaaS.",
        "Column “Bransje”, value “forsikring”, 10 rows: imported as Finance and insurance.",
        "Column “Bransje”, value “havbruk”, 10 rows: imported as Maritime and ocean.",
        "Column “Bransje”, value “logistikk”, 10 rows: imported as Other.",
        "Column “Møteform”, value “hybrid”, 10 rows: imported as Not given (left empty).",
    ]
    assert ImportValueMapping.objects.count() == 0  # a dry run remembers nothing

    run(str(open_cohort.code), str(corrected_file), *maps, "--unknown-to-other", "--commit")
    assert Application.objects.count() == 60
    assert stored("marte.moen@havlandet.example")["role_family"] == "product"
    assert stored("hanne.ronning@nordvei.example")["industry"] == "other"
    remembered = {
        (column, value): target
        for column, value, target in ImportValueMapping.objects.values_list(
            "column", "value", "target"
        )
    }
    assert remembered == CHOICES

    # next time the remembered mappings are enough
    assert run(str(open_cohort.code), str(corrected_file)).splitlines()[-1] == (
        "Dry run: nothing was written. Add --commit to import."
    )


def test_command_real_errors_stop_even_with_unknown_to_other(
    open_cohort, network, tmp_path, english
):
    path = tmp_path / "påmeldinger.csv"
    path.write_bytes(sheet("csv"))
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_applicants",
            str(open_cohort.code),
            str(path),
            "--unknown-to-other",
            "--commit",
            stdout=out,
        )
    assert (error.value.returncode, str(error.value)) == (
        2,
        "The file has problems; nothing was imported.",
    )
    assert out.getvalue().splitlines()[:3] == [
        "Row 15, column “E-post”: A value is required in this column.",
        "Row 31, column “Fødselsår”, value “1899”: Birth year must be between 1930 and 2012.",
        "Row 48, column “Fødselsår”, value “2019”: Birth year must be between 1930 and 2012.",
    ]
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (
            "industry=finance",
            "--map “industry=finance”: write it as COLUMN:VALUE=KNOWN, for example "
            "industry:forsikring=finance.",
        ),
        (
            "bransjer:havbruk=maritime",
            "--map “bransjer:havbruk=maritime”: “bransjer” is not a column with a list of "
            "values. Columns that can be mapped: role_family, industry, meeting_format, "
            "languages, topics, availability.",
        ),
        (
            "by:Bergen=Oslo",
            "--map “by:Bergen=Oslo”: “by” is not a column with a list of values. Columns that "
            "can be mapped: role_family, industry, meeting_format, languages, topics, "
            "availability.",
        ),
        (
            "industry:havbruk=fiske",
            "--map “industry:havbruk=fiske”: “fiske” is not a value of industry. Expected one "
            "of: energy, finance, consulting, software, telecom, public, health, retail, "
            "maritime, media, education, or other.",
        ),
        (
            "temaer:cybersikkerhet=security",
            "--map “temaer:cybersikkerhet=security”: “security” is not a value of topics. "
            "Expected one of: baerekraft, karriere, ai, ledelse, sosiale-medier, or other.",
        ),
    ],
)
def test_command_bad_map_argument_is_a_clear_error(
    open_cohort, network, corrected_file, english, argument, message
):
    with pytest.raises(CommandError) as error:
        run(str(open_cohort.code), str(corrected_file), f"--map={argument}", "--commit")
    assert (error.value.returncode, str(error.value)) == (1, message)
    assert (Application.objects.count(), ImportValueMapping.objects.count()) == (0, 0)
