from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from brobygger.programs.selectors import (
    apply_roles,
    get_cohort_for,
    initiatives_with_current_cohorts,
    joining,
    public_contact,
)
from brobygger.programs.timeline import cohort_timeline


def home(request: HttpRequest) -> HttpResponse:
    overviews = initiatives_with_current_cohorts(request.user, with_timelines=True)
    cards = [
        (overview, cohort_timeline(overview.current) if overview.current else [])
        for overview in overviews
    ]
    return render(request, "programs/home.html", {"cards": cards})


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
