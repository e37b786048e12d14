"""The administration is for network admins, and every change made there is in the activity
log: who, which object, which fields."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse

from brobygger.core.admin import AuditedAdmin
from brobygger.core.models import ActivityLog
from brobygger.people.models import CompanyContact, Person


def _form_data(response: Any) -> dict[str, Any]:
    """The change form as the browser would post it back unchanged."""
    data: dict[str, Any] = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        is_json = isinstance(form.fields[name], forms.JSONField)
        data[name] = json.dumps(value) if is_json and not isinstance(value, str) else value
        if form.fields[name].show_hidden_initial:  # a field with a callable default
            data[form[name].html_initial_name] = data[name]
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def _rows(action: str) -> list[tuple[Any, ...]]:
    return [
        (row.actor_id, row.action, row.target_repr, row.data.get("model"), row.data.get("fields"))
        for row in ActivityLog.objects.filter(action=action).order_by("pk")
    ]


def test_every_registered_admin_is_audited() -> None:
    unaudited = [
        str(model_admin)
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, AuditedAdmin)
    ]
    assert unaudited == []


def test_a_person_company_changed_in_the_admin_is_logged(
    client, admin_ada, coordinator_cora, company_a
):
    """Ada (network admin) moves Cora from company C to company A: one activity row names
    Ada, Cora's person record and the changed field, from Ada's address."""
    client.force_login(admin_ada.user)
    url = reverse("admin:people_person_change", args=[coordinator_cora.pk])
    data = _form_data(client.get(url))
    data["company"] = company_a.pk
    response = client.post(url, data, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 302
    assert Person.objects.get(pk=coordinator_cora.pk).company == company_a
    row = ActivityLog.objects.get(action="admin.change")
    assert (
        row.actor,
        row.target,
        row.target_repr,
        row.data["model"],
        row.data["fields"],
        row.ip_address,
    ) == (
        admin_ada.user,
        coordinator_cora,
        "Cora Coord",
        "people.person",
        ["company"],
        "192.0.2.30",
    )


def test_additions_and_deletions_in_the_admin_are_logged(
    client, admin_ada, contact_hege, mentor_bo, company_b
):
    """Adding Bo as a contact of his company B, then deleting his and Hege's contact rows
    with the delete action: one row each, naming the model and, for the addition, its
    fields."""
    client.force_login(admin_ada.user)
    add_url = reverse("admin:people_companycontact_add")
    response = client.post(add_url, {"person": mentor_bo.pk, "company": company_b.pk})
    assert response.status_code == 302
    added = CompanyContact.objects.get(person=mentor_bo, company=company_b)
    assert _rows("admin.add") == [
        (admin_ada.user.pk, "admin.add", str(added), "people.companycontact", ["person", "company"])
    ]
    contacts = list(CompanyContact.objects.order_by("pk"))
    assert [c.person for c in contacts] == [contact_hege, mentor_bo]
    response = client.post(
        reverse("admin:people_companycontact_changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in contacts], "post": "yes"},
    )
    assert response.status_code == 302
    assert CompanyContact.objects.count() == 0
    assert _rows("admin.delete") == [
        (admin_ada.user.pk, "admin.delete", str(c), "people.companycontact", None) for c in contacts
    ]
    targets = list(
        ActivityLog.objects.filter(action="admin.delete")
        .order_by("pk")
        .values_list("target_id", flat=True)
    )
    assert targets == [str(c.pk) for c in contacts]


@pytest.mark.parametrize("persona", ["coordinator_cora", "contact_hege", "mentee_anne"])
def test_no_one_else_changes_anything_in_the_admin(client, request, persona, company_a):
    """A coordinator (Cora, company C), a company contact (Hege, A) and a participant (Anne,
    A) get 404 for the admin, and a change posted there changes and logs nothing (the review
    found a staff coordinator moving herself into another company and becoming its
    contact)."""
    person = request.getfixturevalue(persona)
    client.force_login(person.user)
    change = reverse("admin:people_person_change", args=[person.pk])
    add = reverse("admin:people_companycontact_add")
    answers = [
        client.get(reverse("admin:index")).status_code,
        client.post(change, {"company": company_a.pk, "user": person.user.pk}).status_code,
        client.post(add, {"person": person.pk, "company": company_a.pk}).status_code,
    ]
    assert answers == [404, 404, 404]
    before = person.company_id
    person.refresh_from_db()
    assert person.company_id == before
    contact_rows = CompanyContact.objects.filter(person=person).count()
    assert (contact_rows, ActivityLog.objects.filter(action__startswith="admin.").count()) == (
        1 if persona == "contact_hege" else 0,
        0,
    )
