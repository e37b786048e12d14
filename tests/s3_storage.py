"""Materials in S3-compatible storage, for the tests: django-storages' ``S3Storage`` with the
options production gets from its environment (``config/settings.py``), talking to moto's S3.
Only the network edge is mocked: boto3 signs and sends real S3 requests, moto answers them
in memory; no credentials or buckets of anyone's are ever reached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

BACKEND = "storages.backends.s3.S3Storage"
BUCKET = "brobygger-materials"
REGION = "eu-north-1"
#: the key prefix inside the bucket (``AWS_LOCATION``), as when one bucket serves several sites
PREFIX = "nettverket"


@contextmanager
def s3_materials(settings: Any, monkeypatch: Any) -> Iterator[Any]:
    """``STORAGES["materials"]`` in a private bucket of moto's S3; yields a boto3 client."""
    import boto3
    from moto import mock_aws

    from brobygger.config import settings as config

    for name in ("AWS_PROFILE", "AWS_S3_ENDPOINT_URL", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    environment = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_LOCATION": PREFIX,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        # a new STORAGES resets Django's cache of storage backends (setting_changed)
        settings.STORAGES = {
            **settings.STORAGES,
            "materials": {"BACKEND": BACKEND, "OPTIONS": config.materials_storage_options(BACKEND)},
        }
        yield client


def keys(client: Any) -> list[str]:
    """Every object's key in the bucket."""
    listed = client.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listed.get("Contents", []))
