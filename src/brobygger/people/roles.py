"""The role groups a network needs, with the model permissions each carries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

COORDINATORS_GROUP = "Coordinators"

COORDINATOR_PERMISSIONS = {
    "programs": [
        "view_initiative",
        "change_initiative",
        "view_cohort",
        "add_cohort",
        "change_cohort",
    ],
    "gatherings": ["view_gathering", "add_gathering", "change_gathering", "delete_gathering"],
    "applications": [
        "view_topic",
        "add_topic",
        "change_topic",
        "view_question",
        "add_question",
        "change_question",
        "delete_question",
        "view_application",
        "view_review",
        "view_answer",
    ],
    "privacy": ["view_privacynotice"],
    "pairs": ["view_pair"],
    "people": [
        "view_company",
        "add_company",
        "change_company",
        "view_corporategroup",
        "add_corporategroup",
        "view_person",
        "change_person",
        "view_companycontact",
        "add_companycontact",
        "change_companycontact",
        "delete_companycontact",
    ],
}


def ensure_role_groups() -> None:
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    perms = [
        perm
        for app_label, codenames in COORDINATOR_PERMISSIONS.items()
        for perm in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
    ]
    group.permissions.set(perms)


def grant_coordinator_role(user: Any) -> None:
    """A coordinator of an initiative: a staff account in the coordinators' group."""
    ensure_role_groups()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))


def revoke_coordinator_role(user: Any) -> None:
    """She coordinates nothing any more: no staff account, not in the group (a network
    admin keeps her own rights)."""
    if user.is_superuser:
        return
    user.groups.remove(*Group.objects.filter(name=COORDINATORS_GROUP))
    if user.is_staff:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
