"""Tokens that existed before expiry was introduced get 90 days from the upgrade: none stops
working on the day of the upgrade, none works for ever."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("people", "0003_add_api_token")
AFTER = ("people", "0004_add_api_token_expires_at")
UPGRADED = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_expire_90_days_after_the_upgrade():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        user = old.get_model("people", "User").objects.create(email="anne@a.example")
        tokens = old.get_model("people", "ApiToken").objects
        tokens.create(user=user, name="Gammel", prefix="bro_aaaaaa", digest="a" * 64)
        tokens.create(
            user=user, name="Tilbakekalt", prefix="bro_bbbbbb", digest="b" * 64, revoked_at=UPGRADED
        )
        executor = MigrationExecutor(connection)
        with time_machine.travel(UPGRADED, tick=False):
            executor.migrate([AFTER])
        new = executor.loader.project_state([AFTER]).apps
        expiry = new.get_model("people", "ApiToken").objects.order_by("name")
        assert list(expiry.values_list("name", "expires_at", "revoked_at")) == [
            ("Gammel", UPGRADED + dt.timedelta(days=90), None),
            ("Tilbakekalt", UPGRADED + dt.timedelta(days=90), UPGRADED),
        ]
    finally:
        MigrationExecutor(connection).migrate(latest)
