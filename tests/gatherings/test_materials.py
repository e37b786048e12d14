"""Materials: a coordinator adds a file or a link for both roles or one; participants see
those meant for them on the pair page and the gathering page; files are served only to
those allowed (404 for others); bad input is refused with a message and nothing stored."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brobygger.gatherings.materials import add_material
from brobygger.gatherings.models import Gathering, Material
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import make_pair, other_people, running_cohort

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
PDF = b"%PDF-1.4 handbook"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "materials": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "materials"), "base_url": None},
        },
    }
    settings.MATERIALS_MAX_BYTES = 1024 * 1024
    return tmp_path / "materials"


def _handbook():
    return SimpleUploadedFile("Mentorhandbok.pdf", PDF, content_type="application/pdf")


def _stored(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_mentors_only_handbook_reaches_the_young_mentor_not_the_senior(
    client, cohort, pair, mentee_anne, mentor_bo, coordinator_cora, private_storage
):
    url = reverse("gatherings:coordinate-materials", args=[cohort.code])
    client.force_login(coordinator_cora.user)
    response = client.post(
        url,
        {
            "title": "Mentorhåndbok",
            "description": "Hvordan gi ærlige råd oppover",
            "where": "cohort",
            "audience": "mentor",
            "language": "nb",
            "upload": _handbook(),
            "url": "",
        },
    )
    assert response["Location"] == url
    handbook = Material.objects.get()
    assert (handbook.audience, handbook.cohort, handbook.file_name) == (
        "mentor",
        cohort,
        "Mentorhandbok.pdf",
    )
    assert len(_stored(private_storage)) == 1
    file_url = reverse("gatherings:material-file", args=[handbook.code])

    # Bo is the young mentor (reverse mentoring): he sees it and opens it
    client.force_login(mentor_bo.user)
    page = client.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert "Mentorhåndbok" in page
    assert file_url in page
    opened = client.get(file_url)
    assert b"".join(opened.streaming_content) == PDF
    assert opened["Content-Disposition"] == 'attachment; filename="Mentorhandbok.pdf"'
    assert opened["Cache-Control"] == "no-store, private"

    # Anne, the senior, neither sees it nor opens it
    client.force_login(mentee_anne.user)
    page = client.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert "Mentorhåndbok" not in page
    assert client.get(file_url).status_code == 404


def test_others_get_404_for_a_file(
    client, cohort, pair, coordinator_cora, outsider_dag, reverse_initiative
):
    handbook = add_material(
        cohort=cohort, by=coordinator_cora.user, title="Håndbok", upload=_handbook()
    )
    file_url = reverse("gatherings:material-file", args=[handbook.code])
    # a participant of another initiative's pair, a coordinator of another initiative,
    # someone in no pair
    other_initiative = InitiativeFactory(name="Annet")
    elsewhere = running_cohort(other_initiative)
    senior, junior = other_people("ola")
    make_pair(elsewhere, senior, junior)
    other_coordinator = PersonFactory(user__email="olga@o.example")
    other_initiative.coordinators.add(other_coordinator.user)
    for person in (senior, junior, other_coordinator, outsider_dag):
        client.force_login(person.user)
        assert client.get(file_url).status_code == 404, person
        materials = reverse("gatherings:coordinate-materials", args=[cohort.code])
        assert client.get(materials).status_code == 404
    client.force_login(coordinator_cora.user)
    assert b"".join(client.get(file_url).streaming_content) == PDF


def test_slides_of_a_gathering_on_its_page_for_both_roles(
    client, cohort, pair, mentee_anne, coordinator_cora
):
    gathering = Gathering.objects.create(
        title="Scenariotenkning",
        starts_at=NOW - dt.timedelta(days=3),
        ends_at=NOW - dt.timedelta(days=3, hours=-2),
        place="Oslo",
    )
    gathering.cohorts.set([cohort])
    add_material(
        cohort=cohort,
        by=coordinator_cora.user,
        title="Lysbilder",
        where=str(gathering.code),
        url="https://example.org/lysbilder",
    )
    client.force_login(mentee_anne.user)
    page = client.get(reverse("gatherings:detail", args=[gathering.code])).content.decode()
    assert '<a href="https://example.org/lysbilder" rel="noopener noreferrer">Lysbilder</a>' in page


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"upload": SimpleUploadedFile("stor.pdf", b"x" * (1024 * 1024 + 1))},
            {"upload": ["Filen er større enn 1 MB."]},
        ),
        (
            {"upload": SimpleUploadedFile("virus.exe", b"MZ")},
            {
                "upload": [
                    "Denne filtypen tas ikke imot. Bruk en av disse: .pdf, .docx, .pptx, "
                    ".xlsx, .odt, .odp, .png, .jpg, .txt."
                ]
            },
        ),
        (
            {"url": "javascript:alert(1)"},
            {"url": ["En lenke må begynne med http:// eller https://."]},
        ),
        (
            {"url": "https://example.org", "audience": "coordinator"},
            {"audience": ["Velg hvem som ser det, blant rollene i dette programåret."]},
        ),
        (
            {"url": "https://example.org", "upload": _handbook()},
            {"__all__": ["Legg ved enten en fil eller en lenke."]},
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_stored(
    cohort, coordinator_cora, private_storage, fields, errors
):
    with pytest.raises(ValidationError) as refused:
        add_material(cohort=cohort, by=coordinator_cora.user, title="Noe", **fields)
    found = (
        refused.value.message_dict
        if hasattr(refused.value, "error_dict")
        else {"__all__": refused.value.messages}
    )
    assert found == errors
    assert (Material.objects.count(), _stored(private_storage)) == (0, [])
