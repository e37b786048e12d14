from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from brobygger.gatherings.models import Gathering, Invitation


class InvitationInline(admin.TabularInline):
    model = Invitation
    fields = ["person", "response", "responded_at", "waitlisted_at", "attended", "invited_at"]
    readonly_fields = ["person", "responded_at", "waitlisted_at", "invited_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Invitation]:
        return super().get_queryset(request).select_related("person__user")


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "starts_at", "cohort_list", "place", "capacity"]
    list_filter = ["cohorts__initiative", "cohorts"]
    search_fields = ["title", "theme", "description"]
    filter_horizontal = ["cohorts"]
    date_hierarchy = "starts_at"
    inlines = [InvitationInline]
    readonly_fields = ["created_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Gathering]:
        return super().get_queryset(request).prefetch_related("cohorts__initiative")

    @admin.display(description=_("cohorts"))
    def cohort_list(self, obj: Gathering) -> str:
        return ", ".join(str(c) for c in obj.cohorts.all())
