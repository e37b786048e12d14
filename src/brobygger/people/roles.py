"""The roles of an account, and what each reaches.

- A **network admin** (``is_superuser``) runs the network: every initiative, and the
  Django administration (the only role that reaches it; see ``core.admin``).
- A **coordinator** (``is_coordinator``, and a member of the coordinators' group) coordinates
  one or more initiatives: she reaches the coordination pages of those initiatives only, and
  never the administration. She is not staff.

``is_coordinator`` is the cheap flag the menus read (no query); what she may see is always
decided from the initiatives she coordinates (``Initiative.coordinators``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group

COORDINATORS_GROUP = "Coordinators"


def ensure_role_groups() -> None:
    """The coordinators' group exists and carries no model permission: a coordinator works
    on the coordination pages, never in the administration."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.clear()


def has_coordinator_role(user: Any) -> bool:
    """A coordinator or a network admin (no query: the menus ask on every page)."""
    return bool(
        user.is_authenticated and (getattr(user, "is_coordinator", False) or user.is_superuser)
    )


def grant_coordinator_role(user: Any) -> None:
    """A coordinator of an initiative: the coordinator flag and the coordinators' group;
    not staff (the administration is for network admins)."""
    ensure_role_groups()
    if not user.is_coordinator:
        user.is_coordinator = True
        user.save(update_fields=["is_coordinator"])
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))


def revoke_coordinator_role(user: Any) -> None:
    """She coordinates nothing any more: no coordinator flag, not in the group (a network
    admin keeps her own rights)."""
    user.groups.remove(*Group.objects.filter(name=COORDINATORS_GROUP))
    if user.is_coordinator:
        user.is_coordinator = False
        user.save(update_fields=["is_coordinator"])
