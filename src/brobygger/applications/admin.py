"""The admin of applications: the topic list, forms (questions), applications, reviews.

Coordinators see only their initiatives' cohorts; network admins see everything.
Applications are read-only here: scores and decisions go through the review pages,
whose services write the activity log and queue the emails.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from brobygger.applications.models import Answer, Application, Question, Review, Topic
from brobygger.applications.services.review import record_sensitive_read
from brobygger.people.http import signed_in_user
from brobygger.programs.models import Cohort


def _coordinated(request: HttpRequest, qs: QuerySet[Any], path: str) -> QuerySet[Any]:
    """Superusers see everything; coordinators only their own initiatives' objects."""
    if request.user.is_superuser:
        return qs
    return qs.filter(**{path: request.user}).distinct()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The network's controlled topic list, in Norwegian and English."""

    list_display = ["name", "name_en", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["order", "name"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["display_label", "cohort", "role", "kind", "required", "sensitive", "order"]
    list_filter = ["cohort", "role", "kind", "sensitive", "matching_field"]
    search_fields = ["label", "label_en"]
    list_select_related = ["cohort__initiative"]
    ordering = ["cohort", "role", "order", "id"]
    fieldsets = [
        (None, {"fields": ["cohort", "role", "kind", "order", "required", "sensitive"]}),
        (_("Text"), {"fields": ["label", "label_en", "help_text", "help_text_en", "choices"]}),
        (_("Matching"), {"fields": ["matching_field"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        qs = super().get_queryset(request)
        return _coordinated(request, qs, "cohort__initiative__coordinators")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "cohort":
            kwargs["queryset"] = _coordinated(
                request, Cohort.objects.select_related("initiative"), "initiative__coordinators"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "value"]
    readonly_fields = ["question", "value"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ["reviewer", "score", "comment", "created_at"]
    readonly_fields = ["reviewer", "score", "comment", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-mostly: look things up here, decide on the review pages."""

    list_display = [
        "person",
        "cohort",
        "role",
        "status",
        "decision",
        "source",
        "submitted_at",
        "decision_released_at",
    ]
    list_filter = ["cohort", "role", "status", "decision", "source"]
    search_fields = ["person__user__first_name", "person__user__last_name", "person__user__email"]
    list_select_related = ["person__user", "cohort__initiative"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline, ReviewInline]
    readonly_fields = [
        "code",
        "cohort",
        "person",
        "role",
        "status",
        "source",
        "nominated_by",
        "meeting_format",
        "capacity",
        "submitted_at",
        "withdrawn_at",
        "decision",
        "decision_reason",
        "decided_by",
        "decided_at",
        "decision_released_at",
        "created_at",
        "updated_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        qs = super().get_queryset(request)
        return _coordinated(request, qs, "cohort__initiative__coordinators")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The page shows every answer: opening it with sensitive answers is audited, as
        on the review page."""
        response = super().change_view(request, object_id, form_url, extra_context)
        application = self.get_object(request, object_id)
        if request.method == "GET" and application is not None and response.status_code == 200:
            sensitive = list(
                application.answers.filter(question__sensitive=True, value__isnull=False)
                .order_by("question_id")
                .values_list("question_id", flat=True)
            )
            if sensitive:
                record_sensitive_read(
                    application=application,
                    by=signed_in_user(request),
                    questions=sensitive,
                )
        return response


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "score", "created_at"]
    list_filter = ["application__cohort", "score"]
    list_select_related = [
        "application__person__user",
        "application__cohort__initiative",
        "reviewer",
    ]
    readonly_fields = ["application", "reviewer", "score", "comment", "created_at", "updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        qs = super().get_queryset(request)
        return _coordinated(request, qs, "application__cohort__initiative__coordinators")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
