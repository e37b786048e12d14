"""Coordinators stop being staff on the upgrade (issue "Least privilege", item 1): everyone
who coordinates an initiative gets the coordinator role; those who are no network admin lose
staff status, so the admin answers them 404; the coordinators' group loses its model
permissions. Nobody else changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("people", "0006_company_confirmed")
AFTER = ("people", "0007_coordinators_are_not_staff")


def _applied() -> list[tuple[str, str]]:
    """The migrations the database has now (the state to read it with)."""
    return list(MigrationExecutor(connection).loader.applied_migrations)


@pytest.mark.django_db(transaction=True)
def test_coordinators_who_are_no_network_admin_stop_being_staff():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([BEFORE])  # and back every migration that depends on a later one
        old = executor.loader.project_state(_applied()).apps
        users = old.get_model("people", "User")
        coordinator = users.objects.create(email="kari@bolge.example", is_staff=True)
        admin = users.objects.create(email="ingrid@bolge.example", is_staff=True, is_superuser=True)
        users.objects.create(email="staff@bolge.example", is_staff=True)
        users.objects.create(email="amina@bolge.example")
        initiative = old.get_model("programs", "Initiative").objects.create(
            kind="reverse", slug="reverse-mentoring", name="Reverse Mentoring", code="1" * 32
        )
        initiative.coordinators.add(coordinator, admin)
        group, _new = old.get_model("auth", "Group").objects.get_or_create(name="Coordinators")
        group.permissions.add(*old.get_model("auth", "Permission").objects.all()[:3])

        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        new = executor.loader.project_state(_applied()).apps
        rows = new.get_model("people", "User").objects.order_by("email")
        assert list(rows.values_list("email", "is_staff", "is_superuser", "is_coordinator")) == [
            ("amina@bolge.example", False, False, False),
            ("ingrid@bolge.example", True, True, True),
            ("kari@bolge.example", False, False, True),
            ("staff@bolge.example", True, False, False),
        ]
        coordinators = new.get_model("auth", "Group").objects.get(name="Coordinators")
        assert coordinators.permissions.count() == 0
    finally:
        MigrationExecutor(connection).migrate(latest)
