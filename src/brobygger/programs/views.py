from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from brobygger.programs.selectors import (
    InitiativeOverview,
    apply_roles,
    front_page_key,
    front_page_lifetime,
    get_cohort_for,
    initiatives_with_current_cohorts,
    joining,
    public_contact,
    sees_published_years_only,
)
from brobygger.programs.timeline import cohort_timeline

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User


def home(request: HttpRequest) -> HttpResponse:
    # Everyone who sees the published years only sees the same cards: they are built once
    # per language and kept until what they show is written or their next date passes.
    if not sees_published_years_only(request.user):
        return render(request, "programs/home.html", {"grid": _initiative_grid(request.user)[0]})
    key = front_page_key(get_language())
    grid = cache.get(key)
    if grid is None:
        grid, overviews = _initiative_grid(request.user)
        cache.set(key, grid, front_page_lifetime(overviews, timezone.now()))
    return render(request, "programs/home.html", {"grid": mark_safe(grid)})  # noqa: S308


def _initiative_grid(user: User | AnonymousUser) -> tuple[str, list[InitiativeOverview]]:
    """The front page's initiative cards, rendered, and the overviews they show."""
    overviews = initiatives_with_current_cohorts(user, with_timelines=True)
    cards = [
        (overview, cohort_timeline(overview.current) if overview.current else [])
        for overview in overviews
    ]
    return render_to_string("programs/_initiative_grid.html", {"cards": cards}), overviews


def cohort_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    cohort = get_cohort_for(request.user, code)
    timeline = cohort_timeline(cohort)
    return render(
        request,
        "programs/cohort_detail.html",
        {
            "cohort": cohort,
            "timeline": timeline,
            "apply_roles": apply_roles(cohort),
            "joining": joining(cohort, timeline),
            "contact": public_contact(cohort),
        },
    )
