"""Every company that exists before the upgrade is confirmed: only names typed afterwards
wait for a coordinator (issue "Broken promises", item 7)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("people", "0005_api_token_expiry_reminded_at")
AFTER = ("people", "0006_company_confirmed")


@pytest.mark.django_db(transaction=True)
def test_existing_companies_are_confirmed_and_new_ones_are_not():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        old.get_model("people", "Company").objects.create(name="Fjord Kraft AS", code="1" * 32)
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        companies = executor.loader.project_state([AFTER]).apps.get_model("people", "Company")
        companies.objects.create(name="Fjordbyte AS", code="2" * 32)
        assert list(companies.objects.order_by("name").values_list("name", "confirmed")) == [
            ("Fjord Kraft AS", True),
            ("Fjordbyte AS", False),
        ]
    finally:
        MigrationExecutor(connection).migrate(latest)
