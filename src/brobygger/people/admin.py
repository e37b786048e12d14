from __future__ import annotations

from typing import Any, cast

import allauth.mfa.admin  # noqa: F401  (registers its admin first; replaced below)
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from brobygger.core.admin import SuperuserOnlyReadOnly
from brobygger.core.services import client_ip, log_activity
from brobygger.people.http import signed_in_user
from brobygger.people.models import (
    PROFILE_FIELDS,
    ApiToken,
    ApiTokenQuerySet,
    ApiTokenStatus,
    Company,
    CompanyContact,
    CorporateGroup,
    Person,
    User,
)
from brobygger.people.services import remove_authenticator, revoke_api_token

_PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """ "Personer | person | Kan endre person". Django stores the permissions' names in
    English when it creates them; the four it makes for each model are named again here, in
    the reader's language, from the app's and the model's translated names."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    app = model._meta.app_config.verbose_name
    action, _sep, model_name = permission.codename.partition("_")
    name = permission.name
    if model_name == model._meta.model_name and action in _PERMISSION_ACTIONS:
        name = str(_PERMISSION_ACTIONS[action]) % {"model": model._meta.verbose_name}
    return gettext("%(app)s | %(model)s | %(permission)s") % {
        "app": app,
        "model": model._meta.verbose_name,
        "permission": name,
    }


def _name_permissions(field: Any) -> Any:
    """The permission picker of a user or a group, with the permissions named in bokmål."""
    if field is not None:
        field.label_from_instance = permission_label
    return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _name_permissions(field) if db_field.name == "permissions" else field


class PersonInline(admin.StackedInline):
    model = Person
    can_delete = False
    autocomplete_fields = ["company"]
    fields = PROFILE_FIELDS


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _name_permissions(field) if db_field.name == "user_permissions" else field

    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_superuser",
        "is_coordinator",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_superuser", "is_coordinator", "is_staff", "is_active", "language", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [PersonInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name and language"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "is_coordinator",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    # Coordinating is given with an initiative, on its page (coordination): not a checkbox here.
    readonly_fields = ["last_login", "date_joined", "is_coordinator"]

    ROLE_FIELDS = ("is_active", "is_staff", "is_superuser")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Audit changes of role flags (who, what, when, from where)."""
        before = (
            User.objects.filter(pk=obj.pk).values(*self.ROLE_FIELDS).first() if change else None
        )
        super().save_model(request, obj, form, change)
        changed = {
            field: [before[field] if before else None, getattr(obj, field)]
            for field in self.ROLE_FIELDS
            if (before[field] if before else False) != getattr(obj, field)
        }
        if changed:
            log_activity(
                actor=request.user,
                action="user.role_change",
                target=obj,
                data=changed,
                ip_address=client_ip(request),
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Audit changes of group membership (the coordinator role is a group)."""
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        if before != after:
            log_activity(
                actor=request.user,
                action="user.groups_change",
                target=user,
                data={"added": sorted(after - before), "removed": sorted(before - after)},
                ip_address=client_ip(request),
            )


@admin.register(CorporateGroup)
class CorporateGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "company_count"]
    search_fields = ["name"]

    @admin.display(description=_("companies"))
    def company_count(self, obj: CorporateGroup) -> int:
        return obj.companies.count()


class CompanyContactInline(admin.TabularInline):
    model = CompanyContact
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "group", "industry", "city", "is_partner", "confirmed"]
    list_filter = ["confirmed", "is_partner", "industry", "group"]
    search_fields = ["name", "org_number", "city"]
    autocomplete_fields = ["group"]
    list_select_related = ["group"]
    inlines = [CompanyContactInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "company", "job_title", "birth_year", "role_family", "city"]
    list_filter = ["role_family", "industry", "company"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "job_title"]
    list_select_related = ["user", "company"]
    autocomplete_fields = ["company", "user"]
    readonly_fields = ["code", "created_at", "updated_at"]

    @admin.display(description=_("name"), ordering="user__first_name")
    def name(self, obj: Person) -> str:
        return str(obj.user)

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj: Person) -> str:
        return obj.user.email


@admin.register(CompanyContact)
class CompanyContactAdmin(admin.ModelAdmin):
    list_display = ["person", "company"]
    list_filter = ["company"]
    search_fields = ["person__user__first_name", "person__user__last_name", "company__name"]
    autocomplete_fields = ["person", "company"]
    list_select_related = ["person__user", "company"]


# allauth's own admin shows and edits the authenticators' secrets: replace it.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Who has two-factor authentication, never the secrets. A network admin deletes the
    authenticator app of someone who lost both her phone and her recovery codes (audited)."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Authenticator) -> None:
        by = signed_in_user(request)
        remove_authenticator(authenticator=obj, by=by, ip_address=client_ip(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Authenticator]) -> None:
        for authenticator in queryset.select_related("user"):
            if Authenticator.objects.filter(pk=authenticator.pk).exists():
                self.delete_model(request, authenticator)


class ApiTokenStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(ApiTokenStatus.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        tokens = cast("ApiTokenQuerySet", queryset)
        match self.value():
            case ApiTokenStatus.ACTIVE:
                return tokens.active()
            case ApiTokenStatus.EXPIRED:
                return tokens.expired()
            case ApiTokenStatus.REVOKED:
                return tokens.revoked()
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyReadOnly):
    """Every person's API tokens, for network admins only: who holds which, when each was
    last used and when it expires, never a digest. Nothing is added, changed or deleted
    here; a token a person should no longer hold is revoked (audited, with the admin as
    the actor)."""

    list_display = [
        "owner_email",
        "name",
        "shown_prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "status_label",
    ]
    list_filter = [ApiTokenStatusFilter]
    search_fields = ["user__email", "prefix"]
    list_select_related = ["user"]
    ordering = ["-created_at", "-id"]
    fields = readonly_fields = (
        "user",
        "name",
        "shown_prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "status_label",
    )
    actions = ["revoke_selected"]

    # Network admins only (as the whole admin is: core/admin_site.py); they may revoke.
    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    @admin.display(description=_("owner"), ordering="user__email")
    def owner_email(self, obj: ApiToken) -> str:
        return obj.user.email

    @admin.display(description=_("prefix"), ordering="prefix")
    def shown_prefix(self, obj: ApiToken) -> str:
        return str(obj)

    @admin.display(description=_("status"))
    def status_label(self, obj: ApiToken) -> str:
        return str(obj.status.label)

    @admin.action(description=_("Revoke selected tokens"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        by = signed_in_user(request)
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            revoke_api_token(token=token, by=by, ip_address=client_ip(request))
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
            % {"count": revoked},
        )
