from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from brobygger.people.http import signed_in_user
from brobygger.people.roles import grant_coordinator_role, revoke_coordinator_role
from brobygger.programs.models import Cohort, Initiative
from brobygger.programs.services import change_cohort_status
from brobygger.programs.status import TRANSITION_VERBS, CohortStatus


def _coordinated(request: HttpRequest, qs: QuerySet[Any], path: str) -> QuerySet[Any]:
    """Superusers see everything; coordinators only their own initiatives."""
    if request.user.is_superuser:
        return qs
    return qs.filter(**{path: request.user}).distinct()


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "coordinator_names", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    readonly_fields = ["code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Initiative]:
        qs = super().get_queryset(request).prefetch_related("coordinators")
        return _coordinated(request, qs, "coordinators")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Coordinators chosen here get the coordinator role, and those who coordinate
        nothing any more lose it (as on the initiative's page in the app)."""
        before = set(form.instance.coordinators.all()) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.coordinators.all())
        for user in after - before:
            grant_coordinator_role(user)
        for user in before - after:
            if not user.coordinated_initiatives.exists():
                revoke_coordinator_role(user)

    @admin.display(description=Initiative._meta.get_field("coordinators").verbose_name)
    def coordinator_names(self, obj: Initiative) -> str:
        return ", ".join(str(u) for u in obj.coordinators.all())


def _transition_action(target: str) -> Callable[..., None]:
    def action(modeladmin: CohortAdmin, request: HttpRequest, queryset: QuerySet[Cohort]) -> None:
        for cohort in queryset.select_related("initiative"):
            try:
                cohort = change_cohort_status(cohort=cohort, to=target, by=signed_in_user(request))
            except ValidationError as error:
                for message in error.messages:
                    modeladmin.message_user(request, message, messages.ERROR)
            else:
                modeladmin.message_user(
                    request, f"{cohort}: {cohort.get_status_display()}", messages.SUCCESS
                )

    action.__name__ = f"move_to_{target}"
    decorated: Callable[..., None] = admin.action(description=TRANSITION_VERBS[target])(action)  # type: ignore[call-overload]
    return decorated


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "initiative",
        "status",
        "applications_open_at",
        "applications_close_at",
        "kickoff_on",
        "closing_on",
    ]
    list_filter = ["status", "initiative"]
    search_fields = ["title", "initiative__name"]
    list_select_related = ["initiative"]
    readonly_fields = ["status", "code", "created_at", "updated_at"]
    actions = [_transition_action(s) for s in CohortStatus.values]
    fieldsets = [
        (None, {"fields": ["initiative", "title", "status", "code", "contact"]}),
        (
            _("Timeline"),
            {
                "fields": [
                    "applications_open_at",
                    "applications_close_at",
                    "matching_on",
                    "kickoff_on",
                    "closing_on",
                ]
            },
        ),
        (
            _("Matching rules"),
            {
                "fields": [
                    "company_rule",
                    "direction_rule",
                    "min_gap_years",
                    "target_pairs",
                    "matching_weights",
                    "proposal_reminder_days",
                    "avoid_earlier_pairs",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return _coordinated(request, super().get_queryset(request), "initiative__coordinators")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "initiative":
            kwargs["queryset"] = _coordinated(request, Initiative.objects.all(), "coordinators")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
