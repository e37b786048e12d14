"""docs/privacy.md lists every personal field the providers declare; every text field of a
provider's app is either declared personal or explicitly not personal."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from brobygger.core.privacy_registry import providers
from brobygger.privacy.fields_doc import doc_path, documented_table, fields_table

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def test_docs_list_every_personal_field():
    assert documented_table(doc_path().read_text()) == fields_table(), (
        "docs/privacy.md is stale: run `manage.py privacy_fields_doc --write`"
    )


def test_every_text_field_is_classified():
    unclassified = []
    for provider in providers():
        declared = {(f.model, f.field) for f in provider.fields}
        declared |= {
            (f"{provider.app_label}.{item.split('.')[0]}", item.split(".")[1])
            for item in provider.not_personal
        }
        for model in apps.get_app_config(provider.app_label).get_models():
            for field in model._meta.concrete_fields:
                key = (model._meta.label, field.name)
                if isinstance(field, TEXT_FIELDS) and key not in declared:
                    unclassified.append(".".join(key))
    assert unclassified == []


def test_declared_fields_exist():
    missing = []
    for provider in providers():
        for f in provider.fields:
            model = apps.get_model(f.model)
            if f.field not in {field.name for field in model._meta.get_fields()}:
                missing.append(f"{f.model}.{f.field}")
    assert missing == []
