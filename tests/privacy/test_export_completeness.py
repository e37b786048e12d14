"""Export completeness: every registered personal field appears in the export of a person
with data in every app; nobody else's private data does."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.db import transaction
from django.utils import translation

from brobygger.applications.models import Review
from brobygger.core.privacy_registry import personal_fields
from brobygger.privacy.exports import build_zip, collect
from tests.factories import ApplicationFactory
from tests.privacy.planting import plant_everything

TAG = "zqxmine5"
OTHER = "zqxother9"

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(mentee_anne, mentor_bo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plant_everything(mentor_bo, OTHER)
        plant_everything(mentee_anne, TAG)
        # Bo reviewed Anne's application: his name must not follow her review into her export.
        with transaction.atomic():
            Review.objects.create(
                application=ApplicationFactory(person=mentee_anne),
                reviewer=mentor_bo.user,
                score=2,
                comment=f"{TAG}bo-wrote-this",
            )
    return collect(mentee_anne)


def test_every_registered_field_is_in_the_export(document):
    missing = [
        f"{f.model}.{f.field}"
        for f in personal_fields()
        if not any(f.field in row for row in document["tables"].get(f.model, []))
    ]
    assert missing == []


def test_planted_values_are_exported(document):
    text = json.dumps(document, ensure_ascii=False)
    for value in (
        "first",
        "last",
        "mail@example.org",
        "alt@example.org",
        "title",
        "city",
        "reason",
        "answer",
        "sensitive",
        "review",
        "subject",
        "body",
        "data",
    ):
        assert f"{TAG}{value}" in text, value


def test_no_other_persons_private_data(document):
    text = json.dumps(document, ensure_ascii=False).lower()
    assert OTHER not in text
    assert "bo berg" not in text
    assert "reviewer@net.example" not in text
    assert "rita" not in text


def test_zip_holds_the_json_and_the_readable_page(document):
    with translation.override("nb"):
        archive = zipfile.ZipFile(io.BytesIO(build_zip(document, name="Anne Aas")))
    assert sorted(archive.namelist()) == ["data.json", "dine-data.html"]
    data = json.loads(archive.read("data.json"))
    assert (data["format"], data["version"]) == ("brobygger-export", 1)
    page = archive.read("dine-data.html").decode()
    assert f"<dt>E-postadresse</dt><dd>{TAG}mail@example.org</dd>" in page
