"""Reports through the API read the same built report as the pages: a group of two is
suppressed (null, with a reason) exactly where the page says "too few answers", free text
never leaves, and a company contact gets her company's aggregates only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from brobygger.api.reports import report_data
from brobygger.surveys.reports.cohort import build_report, too_few
from tests.api.conftest import NOT_FOUND, as_json
from tests.factories import CohortFactory
from tests.surveys.conftest import open_survey
from tests.surveys.helpers import answer, close, publish, rate_goal

pytestmark = pytest.mark.django_db
SECRET = "HEMMELIG-SVAR-7781"
SUPPRESSED_MEAN = {
    "suppressed": True,
    "reason": "too_few_answers",
    "mean": None,
    "ci_low": None,
    "ci_high": None,
    "ci_clipped": False,
}


@pytest.fixture
def closing(running_cohort, coordinator_cora):
    return open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)


def _question(report, key):
    [survey] = report["surveys"]
    return next(q for q in survey["questions"] if q["key"] == key)


def test_a_group_of_two_is_suppressed_as_on_the_page(
    client, call, coordinator_cora, pairs, closing
):
    for person, value in zip([p.mentee for p in pairs[:2]], (1, 5), strict=True):
        answer(closing, person, change_readiness=value, best=SECRET)
    rate_goal(pairs[0], 1, 2, 9)
    rate_goal(pairs[1], 1, 3, 8)
    close(closing)
    code = pairs[0].cohort.code

    status, report = call(f"/api/v1/cohorts/{code}/report", coordinator_cora)

    assert status == 200
    assert SECRET not in str(report)
    question = _question(report, "change_readiness")
    assert question == {
        "suppressed": True,
        "reason": "too_few_answers",
        "key": "change_readiness",
        "label": question["label"],
        "kind": "likert",
        "n": 2,
        "mean": None,
        "counts": None,
    }
    [survey] = report["surveys"]
    assert [q["suppressed"] for q in survey["questions"]] == [True] * len(survey["questions"])
    assert [g["group"] for g in report["goal_change"]] == ["mentee", "mentor", "overall"]
    assert [g["change"]["suppressed"] for g in report["goal_change"]] == [True, True, True]
    assert report["goal_change"][0]["change"] == {
        **SUPPRESSED_MEAN,
        "n": 2,
        "improved": None,
        "share_improved": None,
        "share_ci_low": None,
        "share_ci_high": None,
    }
    # The page says "too few" for the same three goal groups.
    client.force_login(coordinator_cora.user)
    html = client.get(reverse("surveys:report", args=[code])).content.decode()
    goals = html[html.index('id="goals-heading"') : html.index('id="paired-heading"')]
    assert goals.count(f'class="muted">{too_few()}</td>') == 3  # in her language, bokmål


def test_three_answers_show_the_pages_mean_and_interval(call, coordinator_cora, pairs, closing):
    for person, value in zip([p.mentee for p in pairs[:3]], (3, 4, 5), strict=True):
        answer(closing, person, change_readiness=value)
    close(closing)
    status, report = call(f"/api/v1/cohorts/{pairs[0].cohort.code}/report", coordinator_cora)
    question = _question(report, "change_readiness")
    assert (status, question["mean"]) == (
        200,
        {
            "suppressed": False,
            "reason": None,
            "n": 3,
            "mean": 4.0,
            "ci_low": 1.516,
            "ci_high": 5.0,  # the t interval's 6.484, cut at the scale's end
            "ci_clipped": True,
        },
    )
    assert question["counts"] == [
        {"option": "1", "count": 0, "hidden": False},
        {"option": "2", "count": 0, "hidden": False},
        {"option": "3", "count": 1, "hidden": False},
        {"option": "4", "count": 1, "hidden": False},
        {"option": "5", "count": 1, "hidden": False},
    ]


def test_free_text_never_leaves_even_when_the_page_shows_it(call, coordinator_cora, pairs, closing):
    for person in [p.mentee for p in pairs[:3]]:
        answer(closing, person, best=SECRET)
    close(closing)
    status, report = call(f"/api/v1/cohorts/{pairs[0].cohort.code}/report", coordinator_cora)
    assert status == 200
    assert SECRET not in str(report)
    [survey] = report["surveys"]
    assert "text" not in {q["kind"] for q in survey["questions"]}


def test_the_company_report_for_the_company_contact_only(call, personas, pairs, closing):
    cohort = pairs[0].cohort
    hege = personas["contact_hege"]
    company_a = [p.mentee for p in pairs if p.mentee.company_id == hege.company_id]
    for person, value in zip(company_a, (4, 4, 5), strict=True):
        answer(closing, person, change_readiness=value, best=SECRET)
    for person in [p.mentee for p in pairs if p.mentee.company_id != hege.company_id]:
        answer(closing, person, change_readiness=1, best=SECRET)
    publish(cohort, closing)
    url = f"/api/v1/company/reports/{cohort.code}"
    cohort.refresh_from_db()
    built = as_json(report_data(build_report(cohort, company=hege.company)))
    expected = dict.fromkeys(personas, (404, NOT_FOUND))
    expected["contact_hege"] = (200, built)
    assert {name: call(url, p) for name, p in personas.items()} == expected
    assert built["company"] == {"code": str(hege.company.code), "name": "Nordlys Kraft AS"}
    assert _question(built, "change_readiness")["mean"]["n"] == 3
    assert _question(built, "change_readiness")["mean"]["mean"] == 4.333
    assert built["response_rates"] == [
        {
            "survey_kind": "closing",
            "role": "mentee",
            "published": True,
            "invited": 3,
            "answered": 3,
            "hidden": [],
            "rate": 1.0,
        }
    ]
    assert SECRET not in str(built)


def test_a_cohort_her_company_is_not_part_of_is_a_404(call, contact_hege, pairs):
    elsewhere = CohortFactory(status="running")
    assert call(f"/api/v1/company/reports/{elsewhere.code}", contact_hege) == (404, NOT_FOUND)


def test_a_company_group_of_two_is_suppressed_for_the_contact(call, contact_hege, pairs, closing):
    company_a = [p.mentee for p in pairs if p.mentee.company_id == contact_hege.company_id]
    for person in company_a[:2]:
        answer(closing, person, change_readiness=1)
    for person in [p.mentee for p in pairs if p.mentee.company_id != contact_hege.company_id]:
        answer(closing, person, change_readiness=5)
    close(closing)
    status, report = call(f"/api/v1/company/reports/{pairs[0].cohort.code}", contact_hege)
    question = _question(report, "change_readiness")
    assert (status, question["suppressed"], question["reason"]) == (
        200,
        True,
        "hidden_small_group",
    )
    assert (question["n"], question["mean"], question["counts"]) == (None, None, None)
    # Two invited, two answered: both counts are about two people.
    assert [(r["invited"], r["answered"], r["hidden"]) for r in report["response_rates"]] == [
        (None, None, ["invited", "answered"])
    ]
