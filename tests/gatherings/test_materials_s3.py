"""Materials in S3-compatible storage (production, docs/deploy.md): the coordinator's upload
lands in the private bucket under the site's key prefix, the file reaches only those it is
meant for, streamed through the app's own view (never a bucket URL), and removing the
material deletes the object. moto answers S3 in memory (tests/s3_storage.py)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from brobygger.config import settings as config
from brobygger.gatherings.models import Material
from tests.factories import InitiativeFactory
from tests.pairs.helpers import make_pair, other_people, running_cohort
from tests.s3_storage import BACKEND, BUCKET, PREFIX, keys, s3_materials

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
PDF = b"%PDF-1.4 mentorhandbok for unge mentorer"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bucket(settings, monkeypatch):
    with s3_materials(settings, monkeypatch) as client:
        yield client


def test_a_handbook_in_the_bucket_reaches_the_young_mentor_and_nobody_else(
    client,
    bucket,
    cohort,
    pair,
    mentee_anne,
    mentor_bo,
    coordinator_cora,
    outsider_dag,
    django_capture_on_commit_callbacks,
):
    materials_url = reverse("gatherings:coordinate-materials", args=[cohort.code])
    client.force_login(coordinator_cora.user)
    response = client.post(
        materials_url,
        {
            "title": "Mentorhåndbok",
            "description": "Hvordan gi ærlige råd oppover",
            "where": "cohort",
            "audience": "mentor",
            "language": "nb",
            "upload": SimpleUploadedFile("Mentorhandbok.pdf", PDF, content_type="application/pdf"),
            "url": "",
        },
    )
    assert response["Location"] == materials_url
    handbook = Material.objects.get()

    # in the bucket, under the site's prefix, with a random name (not the uploaded one)
    assert re.fullmatch(r"materials/[0-9a-f]{32}\.pdf", handbook.file_path)
    key = f"{PREFIX}/{handbook.file_path}"
    assert keys(bucket) == [key]
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    # no grant to the public: the object is as private as the bucket
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [g["Grantee"].get("URI") for g in grants if g["Grantee"].get("URI")] == []

    # Bo, the young mentor, opens it: the app streams the bytes itself, no redirect
    file_url = reverse("gatherings:material-file", args=[handbook.code])
    client.force_login(mentor_bo.user)
    page = client.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    assert file_url in page
    assert BUCKET not in page
    opened = client.get(file_url)
    assert (opened.status_code, opened.has_header("Location")) == (200, False)
    assert b"".join(opened.streaming_content) == PDF
    assert opened["Content-Disposition"] == 'attachment; filename="Mentorhandbok.pdf"'
    assert opened["Cache-Control"] == "no-store, private"

    # 404 for the senior of the same pair (mentors only), someone at company C in no pair,
    # and both people of a pair in another initiative
    elsewhere = running_cohort(InitiativeFactory(name="Annet"))
    senior, junior = other_people("ola")
    make_pair(elsewhere, senior, junior)
    for person in (mentee_anne, outsider_dag, senior, junior):
        client.force_login(person.user)
        refused = client.get(file_url)
        assert (refused.status_code, refused.has_header("Location")) == (404, False), person
        assert PDF not in refused.content

    # the coordinator removes it: the object leaves the bucket once the removal is committed
    client.force_login(coordinator_cora.user)
    delete_url = reverse("gatherings:coordinate-material-delete", args=[cohort.code, handbook.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response["Location"] == materials_url
    assert Material.objects.count() == 0
    assert keys(bucket) == []
    client.force_login(mentor_bo.user)
    assert client.get(file_url).status_code == 404


def test_a_refused_file_stores_nothing_in_the_bucket(client, bucket, cohort, coordinator_cora):
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("gatherings:coordinate-materials", args=[cohort.code]),
        {
            "title": "Skript",
            "where": "cohort",
            "audience": "both",
            "language": "nb",
            "upload": SimpleUploadedFile("run.exe", b"MZ", content_type="application/x-dosexec"),
            "url": "",
        },
    )
    assert response.status_code == 200
    assert "Denne filtypen tas ikke imot. Bruk en av disse: .pdf," in response.content.decode()
    assert (Material.objects.count(), keys(bucket)) == (0, [])


def test_a_file_missing_from_the_bucket_answers_404(
    client, bucket, cohort, pair, mentor_bo, coordinator_cora
):
    from brobygger.gatherings.materials import add_material

    handbook = add_material(
        cohort=cohort,
        by=coordinator_cora.user,
        title="Håndbok",
        upload=SimpleUploadedFile("h.pdf", PDF),
    )
    bucket.delete_object(Bucket=BUCKET, Key=f"{PREFIX}/{handbook.file_path}")
    client.force_login(mentor_bo.user)
    assert client.get(reverse("gatherings:material-file", args=[handbook.code])).status_code == 404


def test_production_settings_need_the_bucket_and_keep_it_private(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "nettverket-materialer")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.delenv("AWS_S3_REGION_NAME", raising=False)
    monkeypatch.delenv("AWS_LOCATION", raising=False)
    assert config.materials_storage_options(BACKEND) == {
        "bucket_name": "nettverket-materialer",
        "endpoint_url": "https://s3.example.org",
        "region_name": None,
        "location": "",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME is not set"):
        config.materials_storage_options(BACKEND)
