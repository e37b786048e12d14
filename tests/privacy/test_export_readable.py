"""The export's page for a person, "Dine data": in her language, sections with labels,
codes as words, dates as dates, no JSON, no scripts; her data and nobody else's."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from brobygger.applications.models import Review
from brobygger.privacy.exports import build_zip, collect
from tests.factories import ApplicationFactory
from tests.privacy.planting import plant_everything

pytestmark = pytest.mark.django_db

MINE, OTHER = "zqxmine5", "zqxother9"


def page(person, language="nb") -> str:
    with translation.override(language):
        archive = zipfile.ZipFile(io.BytesIO(build_zip(collect(person), name="Anne Aas")))
        name = "dine-data.html" if language == "nb" else "your-data.html"
        assert sorted(archive.namelist()) == ["data.json", name]
        return archive.read(name).decode()


@pytest.fixture
def anne_applied(mentee_anne, mentor_bo, open_cohort):
    mentee_anne.user.date_joined = dt.datetime(2027, 1, 4, 8, 0, tzinfo=dt.UTC)
    mentee_anne.user.save()
    application = ApplicationFactory(
        cohort=open_cohort,
        person=mentee_anne,
        status="submitted",
        decision="accepted",
        submitted_at=dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC),
        decision_released_at=dt.datetime(2027, 4, 1, 8, 0, tzinfo=dt.UTC),  # she was told
    )
    Review.objects.create(
        application=application, reviewer=mentor_bo.user, score=4, comment="Sterk kandidat"
    )
    return mentee_anne


def test_the_norwegian_page_has_sections_labels_words_and_dates(anne_applied):
    html = page(anne_applied, "nb")
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Dine data"]
    assert '<html lang="nb">' in html
    headings = re.findall(r'<h2 id="[a-z-]+">(.*?)</h2>', html)
    assert headings[:4] == ["Innhold", "Kontoen din", "Profilen din", "E-postadressene dine"]
    assert "Søknadene dine" in headings
    assert "Poeng og kommentarer fra dem som vurderte søknaden" in headings
    for shown in (
        "<dt>Registreringsdato</dt><dd>4. januar 2027 09:00</dd>",
        "<dt>Språk</dt><dd>Norsk, Engelsk</dd>",
        "<dt>Status</dt><dd>Sendt inn</dd>",
        "<dt>Beslutning</dt><dd>Tatt opp</dd>",
        "<dt>Sendt inn</dt><dd>1. mars 2027 09:00</dd>",
        "<dt>Poeng</dt><dd>4</dd>",
        "<dt>Kommentar</dt><dd>Sterk kandidat</dd>",
    ):
        assert shown in html, shown
    assert "submitted" not in html
    assert "2027-03-01" not in html
    assert "Bo Berg" not in html  # the reviewer is not named


def test_the_english_page(anne_applied):
    html = page(anne_applied, "en")
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Your data"]
    assert "<dt>Decision</dt><dd>Accepted</dd>" in html
    assert "Your applications" in html


def test_her_data_and_no_one_elses(mentee_anne, mentor_bo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plant_everything(mentor_bo, OTHER)
        plant_everything(mentee_anne, MINE)
    html = page(mentee_anne)
    for value in ("first", "last", "mail@example.org", "title", "city", "answer", "review"):
        assert f"{MINE}{value}" in html, value
    for table in collect(mentee_anne)["tables"]:
        assert f'id="{table.lower().replace(".", "-")}"' in html, table
    assert OTHER not in html.lower()
    assert "bo berg" not in html.lower()


def test_no_script_and_no_json(mentee_anne, mentor_bo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plant_everything(mentee_anne, MINE)  # with nested values: activity details, matching
    mentee_anne.job_title = '<script>alert("x")</script>'
    mentee_anne.city = '=HYPERLINK("https://evil.example")'
    mentee_anne.save()
    html = page(mentee_anne)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;https://evil.example&quot;)" in html
    assert "default-src &#x27;none&#x27;" in html or "default-src 'none'" in html
    text = re.sub(r"<[^>]+>", "", html.split("<main>", 1)[1])
    assert not re.search(r'[\[{]\s*&quot;|[\[{]\s*"', text)  # no JSON object or list
    assert "<dt>Detaljer</dt><dd><dl" in html  # a nested value is a list of labels


def test_the_emailed_export_is_in_her_language(
    client, mentee_anne, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.DATA_DIR = tmp_path
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    client.force_login(mentee_anne.user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nb"  # this browser reads Norwegian
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export-request"))
    link = re.search(r"https?://\S+(/account/privacy/export/\S+/)", mail.outbox[0].body).group(1)
    archive = zipfile.ZipFile(io.BytesIO(client.get(link).content))
    assert sorted(archive.namelist()) == ["data.json", "your-data.html"]
    html = archive.read("your-data.html").decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Your data"]
    assert "<dt>Email address</dt><dd>anne@a.example</dd>" in html
