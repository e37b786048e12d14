"""Read-only admin of matching runs and proposals (they are written by the matching pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from brobygger.matching.models import MatchConstraint, MatchRun, Proposal, ProposalSide


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(cohort__initiative__coordinators=request.user).distinct()


@admin.register(MatchRun)
class MatchRunAdmin(_ReadOnly):
    list_display = ["cohort", "created_at", "run_by", "status", "people"]
    list_filter = ["status"]
    exclude = ["instance", "result"]


@admin.register(MatchConstraint)
class MatchConstraintAdmin(_ReadOnly):
    list_display = ["cohort", "kind", "mentee_application", "mentor_application", "created_by"]
    list_filter = ["kind"]


class ProposalSideInline(admin.TabularInline):
    model = ProposalSide
    exclude = ["token"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(_ReadOnly):
    list_display = ["cohort", "mentee_application", "mentor_application", "status", "score"]
    list_filter = ["status"]
    inlines = [ProposalSideInline]
