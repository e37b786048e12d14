"""The coordinator's upload → preview → confirm, and who may use it (everyone else: 404)."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brobygger.applications.io.importing import MAX_FILE_BYTES
from brobygger.applications.models import Application
from brobygger.core.models import ActivityLog
from brobygger.people.models import Company, User
from tests.factories import ApplicationFactory, InitiativeFactory, PersonFactory

GOOD = (
    "E-post;Navn;Virksomhet;Rolle;Fødselsår\n"
    "kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968\n"
    "ola@x.example;Ola Nordmann;Fjord Data AS;mentor;1999\n"
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
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic", name="Mentorprogram").coordinators.add(person.user)
    return person


def upload_url(cohort) -> str:
    return reverse("applications:import-upload", args=[cohort.code])


def confirm_url(cohort) -> str:
    return reverse("applications:import-confirm", args=[cohort.code])


def csv_file(text: str, *, name: str = "søkere.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, cohort, text: str, **kwargs):
    return client.post(upload_url(cohort), {"file": csv_file(text, **kwargs)})


def pending_files(tmp_path) -> list[str]:
    directory = tmp_path / "imports"
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_upload_page_shows_the_form(cora, open_cohort):
    response = cora.get(upload_url(open_cohort))
    html = response.content.decode()
    assert list(response.context["form"].fields) == ["file"]
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "Import and export applications" in html


def test_preview_then_confirm_imports_everything(
    cora, open_cohort, company_a, coordinator_cora, tmp_path
):
    response = upload(cora, open_cohort, GOOD, encoding="cp1252")
    preview = response.context["preview"]
    assert (preview.problems, preview.new_companies, preview.counts.rows) == (
        [],
        ["Fjord Data AS"],
        2,
    )
    assert Application.objects.count() == 0  # nothing written by the preview
    token = response.context["form"].initial["token"]
    assert pending_files(tmp_path) == [token]
    html = response.content.decode()
    assert 'value="Fjord Data AS"' in html
    assert "People: 2 new, 0 updated" in html

    response = cora.post(confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]})
    assert response.url == upload_url(open_cohort)
    emails = sorted(Application.objects.values_list("person__user__email", flat=True))
    assert emails == ["kari@x.example", "ola@x.example"]
    assert Company.objects.get(name="Fjord Data AS").is_partner is False
    assert ActivityLog.objects.get(action="applications.import").actor == coordinator_cora.user
    assert pending_files(tmp_path) == []
    message = [str(m) for m in cora.get(upload_url(open_cohort)).context["messages"]]
    assert message == [
        "Imported 2 rows: 2 new and 0 updated people, 2 new and 0 updated applications."
    ]


def test_confirm_without_ticking_a_new_company_writes_nothing(cora, open_cohort, company_a):
    token = upload(cora, open_cohort, GOOD).context["form"].initial["token"]
    response = cora.post(confirm_url(open_cohort), {"token": token})
    assert response.context["form"].non_field_errors() == [
        "Confirm the new companies before importing: Fjord Data AS."
    ]
    assert (Application.objects.count(), Company.objects.filter(name="Fjord Data AS").count()) == (
        0,
        0,
    )
    # the file still waits: ticking the company now imports it
    cora.post(confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]})
    assert Application.objects.count() == 2


def test_problems_are_listed_by_row_and_column_and_nothing_waits(
    cora, open_cohort, company_a, tmp_path
):
    text = GOOD + "feil;Feil Person;Nordlys Kraft AS;sjef;1800\n"
    response = upload(cora, open_cohort, text)
    rows = [(p.row, p.column, p.value) for p in response.context["problems"]]
    assert rows == [(4, "E-post", "feil"), (4, "Rolle", "sjef"), (4, "Fødselsår", "1800")]
    html = response.content.decode()
    assert (
        "<td>4</td><td>Rolle</td><td>sjef</td><td>Unknown role. Expected mentor or mentee.</td>"
        in html
    )
    assert "Import all rows" not in html
    assert pending_files(tmp_path) == []
    assert User.objects.filter(email__endswith="x.example").count() == 0


def test_too_large_file_is_refused_before_parsing(cora, open_cohort, tmp_path):
    big = SimpleUploadedFile("big.csv", b"a" * (MAX_FILE_BYTES + 1), content_type="text/csv")
    response = cora.post(upload_url(open_cohort), {"file": big})
    assert response.context["form"].errors == {
        "file": ["The file is 5.0 MB; files may be at most 5.0 MB."]
    }
    assert "preview" not in response.context
    assert pending_files(tmp_path) == []


def test_other_file_types_are_refused(cora, open_cohort):
    response = cora.post(upload_url(open_cohort), {"file": csv_file(GOOD, name="søkere.pdf")})
    assert response.context["form"].errors == {
        "file": ["Upload a CSV file or an Excel workbook (.xlsx)."]
    }


def test_a_used_token_is_refused(cora, open_cohort, company_a):
    token = upload(cora, open_cohort, GOOD).context["form"].initial["token"]
    first = cora.post(
        confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]}, follow=True
    )
    assert len(first.context["messages"]) == 1
    Application.objects.all().delete()
    response = cora.post(
        confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This import is not waiting for confirmation any more. Upload the file again."
    ]
    assert Application.objects.count() == 0


def test_another_users_token_is_refused(client, cora, open_cohort, company_a, admin_ada, tmp_path):
    token = upload(cora, open_cohort, GOOD).context["form"].initial["token"]
    other = client_class_login(admin_ada.user)
    response = other.post(
        confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]}
    )
    assert response.url == upload_url(open_cohort)
    assert Application.objects.count() == 0
    assert pending_files(tmp_path) == [token]  # still hers to confirm


def test_a_token_for_another_cohort_is_refused(cora, open_cohort, draft_cohort, company_a):
    token = upload(cora, open_cohort, GOOD).context["form"].initial["token"]
    response = cora.post(
        confirm_url(draft_cohort), {"token": token, "companies": ["Fjord Data AS"]}
    )
    assert response.url == upload_url(draft_cohort)
    assert Application.objects.count() == 0


@pytest.mark.parametrize("token", ["../../etc/passwd", "A" * 43, ""])
def test_forged_tokens_are_refused(cora, open_cohort, token):
    response = cora.post(confirm_url(open_cohort), {"token": token})
    assert response.url == upload_url(open_cohort)
    assert Application.objects.count() == 0


def test_a_file_changed_on_disk_is_refused(cora, open_cohort, company_a, tmp_path):
    token = upload(cora, open_cohort, GOOD).context["form"].initial["token"]
    (tmp_path / "imports" / token).write_bytes(GOOD.replace("Kari", "Mallory").encode())
    cora.post(confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]})
    assert Application.objects.count() == 0
    assert pending_files(tmp_path) == []


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


@pytest.mark.parametrize(
    "persona", [None, "other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_everyone_but_the_coordinators_gets_404(
    client, open_cohort, company_a, coordinator_cora, persona, request, tmp_path
):
    application = ApplicationFactory(
        cohort=open_cohort, person=request.getfixturevalue("mentor_bo")
    )
    cora_client = client_class_login(coordinator_cora.user)
    token = (
        cora_client.post(upload_url(open_cohort), {"file": csv_file(GOOD)})
        .context["form"]
        .initial["token"]
    )
    if persona:
        client.force_login(request.getfixturevalue(persona).user)
    export_url = reverse("applications:export", args=[open_cohort.code, "csv"])
    responses = [
        client.get(upload_url(open_cohort)),
        client.post(upload_url(open_cohort), {"file": csv_file(GOOD)}),
        client.post(confirm_url(open_cohort), {"token": token, "companies": ["Fjord Data AS"]}),
        client.post(export_url, {"include_sensitive": "on"}),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert all(application.person.user.email not in r.content.decode() for r in responses)
    assert list(Application.objects.all()) == [application]
    assert pending_files(tmp_path) == [token]


def test_admin_may_import(client, open_cohort, admin_ada):
    client.force_login(admin_ada.user)
    assert client.get(upload_url(open_cohort)).context["cohort"] == open_cohort


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style[\s>]|\sstyle=", re.I)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_pages_have_one_h1_and_no_inline_script_or_style(cora, open_cohort, company_a, language):
    cora.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        cora.get(upload_url(open_cohort)),
        upload(cora, open_cohort, GOOD),
        upload(cora, open_cohort, GOOD + "feil;F P;X;sjef;1800\n"),
    ]
    for response in pages:
        html = response.content.decode()
        assert (len(re.findall(r"<h1[\s>]", html)), INLINE.findall(html)) == (1, [])
