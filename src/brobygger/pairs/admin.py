from django.contrib import admin

from brobygger.pairs.models import Pair


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    """Metadata only: what the pair writes is never shown here."""

    list_display = ["__str__", "cohort", "status", "published_at"]
    list_filter = ["status", "cohort__initiative", "cohort"]
    search_fields = ["mentor__user__last_name", "mentee__user__last_name"]
    list_select_related = ["cohort__initiative", "mentor__user", "mentee__user"]
    readonly_fields = ["code", "published_at", "published_by", "score"]
