"""Shared pieces of the administration (no registrations here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class SuperuserOnlyReadOnly(admin.ModelAdmin):
    """Read-only, and visible to network admins (superusers) only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# -- every change made in the administration, in the activity log ------------------------

_FIELDS_ATTR = "_brobygger_admin_fields"


def _changed_fields(form: Any, formsets: Any) -> list[str]:
    """The names of the fields the form changed, and ``<inline model>.<field>`` for each
    inline row added, changed or deleted (names only: the values stay out of the log)."""
    fields = list(getattr(form, "changed_data", []) or [])
    for formset in formsets or []:
        model = formset.model._meta.model_name
        if getattr(formset, "new_objects", None):
            fields.append(f"{model}.add")
        for _obj, changed in getattr(formset, "changed_objects", None) or []:
            fields.extend(f"{model}.{name}" for name in changed)
        if getattr(formset, "deleted_objects", None):
            fields.append(f"{model}.delete")
    return list(dict.fromkeys(fields))


class AuditedAdmin(admin.ModelAdmin):
    """Writes every addition, change and deletion made in the administration to the
    activity log (``admin.add``, ``admin.change``, ``admin.delete``): who (the actor and
    her address), which object, which fields (``data["fields"]``) and Django's own summary
    of the change (``data["change"]``). The admin site mixes it into every model admin it
    registers (``core.admin_site``); custom actions call services, which log themselves."""

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> Any:
        message = super().construct_change_message(request, form, formsets, add)
        setattr(request, _FIELDS_ATTR, _changed_fields(form, formsets))
        return message

    def _audit(self, request: HttpRequest, action: str, obj: Any, message: Any = None) -> None:
        from brobygger.core.services import client_ip, log_activity

        data: dict[str, Any] = {"model": obj._meta.label_lower}
        if action != "admin.delete":
            data["fields"] = getattr(request, _FIELDS_ATTR, [])
            data["change"] = message if isinstance(message, list) else str(message or "")
        log_activity(
            actor=request.user,
            action=action,
            target=obj,
            data=data,
            ip_address=client_ip(request),
        )

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        self._audit(request, "admin.add", obj, message)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        self._audit(request, "admin.change", obj, message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        objects = list(queryset)
        # a list, as Django's own delete view passes one; the stubs ask for a QuerySet
        entries = super().log_deletions(request, objects)  # type: ignore[arg-type]
        for obj in objects:
            self._audit(request, "admin.delete", obj)
        return entries


def audited(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """``admin_class`` with :class:`AuditedAdmin` mixed in (itself if it already is)."""
    if issubclass(admin_class, AuditedAdmin):
        return admin_class
    return type(
        admin_class.__name__,
        (AuditedAdmin, admin_class),
        {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
    )
