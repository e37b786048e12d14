from django.contrib import admin

from brobygger.privacy.models import Consent, PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "created_at"]
    ordering = ["-version"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "purpose", "notice", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice"]
    search_fields = ["person__user__email", "person__user__first_name", "person__user__last_name"]
    list_select_related = ["person__user", "notice"]
    readonly_fields = ["person", "notice", "purpose", "given_at", "withdrawn_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
