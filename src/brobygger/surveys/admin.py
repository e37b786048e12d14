"""Surveys in the administration: coordinators see their initiatives' surveys only.

Answers are not listed here: they are read through the report, which keeps groups
smaller than three out of sight.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from brobygger.surveys.models import Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "key", "kind", "label", "label_en", "required"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["cohort", "kind", "role", "opens_on", "closes_on", "anonymous"]
    list_filter = ["kind", "role", "anonymous"]
    inlines = [QuestionInline]
    readonly_fields = ["cohort", "kind", "role", "created_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request).select_related("cohort__initiative")
        if request.user.is_superuser:
            return qs
        return qs.filter(cohort__initiative__coordinators=request.user).distinct()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # surveys start from a template on the coordination pages
