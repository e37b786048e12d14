"""Network admins: the privacy notice's versions, consents, the register of data-subject
requests and the audit log. The register and the log are read-only and for superusers."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from brobygger.core.admin import SuperuserOnlyReadOnly
from brobygger.core.models import ActivityLog
from brobygger.core.services import client_ip
from brobygger.people.http import signed_in_user
from brobygger.privacy.models import CohortAnonymisation, Consent, DataSubjectRequest, PrivacyNotice
from brobygger.privacy.services import publish_notice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Each version is kept: a published version cannot be changed, only followed by a new one."""

    list_display = ["version", "published_at", "created_at", "consent_count"]
    ordering = ["-version"]
    actions = ["publish"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        latest = PrivacyNotice.objects.order_by("-version").first()
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        initial["version"] = (latest.version + 1) if latest else 1
        if latest:
            initial.update(text=latest.text, text_en=latest.text_en)
        return initial

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.published_at:
            return ["version", "text", "text_en", "published_at"]
        return ["published_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or (obj.published_at is None and not obj.consents.exists())

    @admin.display(description=_("consents"))
    def consent_count(self, obj: PrivacyNotice) -> int:
        return obj.consents.count()

    @admin.action(description=_("Publish the selected versions"))
    def publish(self, request: HttpRequest, queryset: QuerySet[PrivacyNotice]) -> None:
        for notice in queryset.filter(published_at=None).order_by("version"):
            publish_notice(notice=notice, by=signed_in_user(request), ip_address=client_ip(request))
        newest = PrivacyNotice.objects.aggregate(v=Max("version"))["v"]
        self.message_user(request, _("Published. Version %(v)s is now current.") % {"v": newest})


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "purpose", "notice", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice"]
    search_fields = ["person__user__email", "person__user__first_name", "person__user__last_name"]
    list_select_related = ["person__user", "notice"]
    readonly_fields = ["person", "notice", "purpose", "given_at", "withdrawn_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(SuperuserOnlyReadOnly):
    """The register of export and erasure requests, with dates and status."""

    list_display = ["created_at", "kind", "status", "person", "completed_at", "downloaded_at"]
    list_filter = ["kind", "status", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["person__user"]
    fields = [
        "code",
        "kind",
        "status",
        "person",
        "created_at",
        "completed_at",
        "expires_at",
        "downloaded_at",
        "summary",
    ]
    date_hierarchy = "created_at"


@admin.register(CohortAnonymisation)
class CohortAnonymisationAdmin(SuperuserOnlyReadOnly):
    list_display = ["cohort", "created_at"]
    list_select_related = ["cohort__initiative"]
    fields = ["cohort", "created_at", "counts"]


@admin.register(ActivityLog)
class ActivityLogAdmin(SuperuserOnlyReadOnly):
    """The audit log: who did what, when and from where. Redacted entries stay listed."""

    list_display = [
        "created_at",
        "actor_display",
        "action",
        "target_repr",
        "ip_address",
        "redacted_at",
    ]
    list_filter = [
        "action",
        ("created_at", admin.DateFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("redacted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["action", "actor_label", "target_repr", "ip_address"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "data",
        "ip_address",
        "redacted_at",
    ]
    show_full_result_count = False

    @admin.display(description=_("actor"), ordering="actor_label")
    def actor_display(self, obj: ActivityLog) -> str:
        return obj.actor_label or (str(obj.actor) if obj.actor_id else "–")
