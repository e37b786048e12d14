from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from brobygger.gatherings.models import Gathering


@admin.register(Gathering)
class GatheringAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "starts_at", "cohort_list", "place"]
    list_filter = ["cohorts__initiative", "cohorts"]
    search_fields = ["title", "theme", "description"]
    filter_horizontal = ["cohorts"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Gathering]:
        return super().get_queryset(request).prefetch_related("cohorts__initiative")

    @admin.display(description=_("cohorts"))
    def cohort_list(self, obj: Gathering) -> str:
        return ", ".join(str(c) for c in obj.cohorts.all())
