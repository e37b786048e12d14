"""The cohort report: who may open it, what it counts, and its constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brobygger.gatherings.models import Invitation
from brobygger.surveys.models import PublishedResult, Survey
from brobygger.surveys.reports.cohort import build_report
from brobygger.surveys.reports.data import participants
from tests.factories import ApplicationFactory, CohortFactory
from tests.pairs.helpers import gathering
from tests.surveys.conftest import make_pair, open_survey, person_at
from tests.surveys.helpers import answer, hold_meetings, publish, rate_goal, sign_agreement


@pytest.mark.parametrize(
    "name", ["surveys:report", "surveys:report-compare", "surveys:survey-list"]
)
def test_only_the_coordinator_and_the_admin_open_the_coordinator_pages(
    client, name, pairs, coordinator_cora, admin_ada, outsider_dag, contact_hege, mentee_anne
):
    url = reverse(name, args=[pairs[0].cohort.code])
    statuses = []
    for person in (coordinator_cora, admin_ada, outsider_dag, contact_hege, mentee_anne):
        client.force_login(person.user)
        statuses.append(client.get(url).status_code)
    assert statuses == [200, 200, 404, 404, 404]


def test_exports_answer_404_to_others_and_to_unknown_formats(
    client, pairs, coordinator_cora, outsider_dag
):
    code = pairs[0].cohort.code
    client.force_login(outsider_dag.user)
    assert client.get(reverse("surveys:report-export", args=[code, "csv"])).status_code == 404
    client.force_login(coordinator_cora.user)
    assert client.get(reverse("surveys:report-export", args=[code, "pdf"])).status_code == 404
    response = client.get(reverse("surveys:report-export", args=[code, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_company_report_is_for_contacts_of_a_company_taking_part(
    client, pairs, contact_hege, coordinator_cora, mentee_anne, company_c
):
    url = reverse("surveys:company-report", args=[pairs[0].cohort.code])
    client.force_login(contact_hege.user)
    assert client.get(url).status_code == 200
    assert pairs[0].cohort.title in client.get(reverse("surveys:company-reports")).content.decode()
    for person in (coordinator_cora, mentee_anne):
        client.force_login(person.user)
        assert client.get(url).status_code == 404
    other = CohortFactory(initiative=pairs[0].cohort.initiative, title="1999", status="running")
    client.force_login(contact_hege.user)
    assert client.get(reverse("surveys:company-report", args=[other.code])).status_code == 404


def test_a_cohort_joins_her_reports_once_her_colleague_has_been_told(
    client, contact_hege, mentee_anne, reverse_initiative
):
    cohort = CohortFactory(initiative=reverse_initiative, title="2031", status="matching")
    application = ApplicationFactory(
        cohort=cohort, person=mentee_anne, role="mentee", decision="accepted"
    )
    client.force_login(contact_hege.user)
    listed = reverse("surveys:company-reports")
    report = reverse("surveys:company-report", args=[cohort.code])
    assert "2031" not in client.get(listed).content.decode()
    assert client.get(report).status_code == 404
    application.decision_released_at = timezone.now()
    application.save()
    assert "2031" in client.get(listed).content.decode()
    assert client.get(report).status_code == 200


def test_the_funnel_counts_people_by_role(pairs, running_cohort):
    sign_agreement(pairs[0])
    sign_agreement(pairs[1])
    pairs[4].status = "completed"
    pairs[4].save()
    report = build_report(running_cohort)
    funnel = {s.key: (s.mentee, s.mentor) for s in report.funnel}
    assert funnel == {
        "applications": (5, 5),
        "accepted": (5, 5),
        "matched": (5, 5),
        "signed": (2, 2),
        "active_mid": (5, 5),
        "completed": (1, 1),
    }


def test_the_company_funnel_counts_only_her_companys_people(pairs, running_cohort, company_a):
    report = build_report(running_cohort, company=company_a)
    assert {s.key: (s.mentee, s.mentor) for s in report.funnel}["matched"] == (3, 0)


def test_goal_change_mean_share_and_interval(pairs, running_cohort):
    for pair, (start, end) in zip(pairs, ((2, 6), (4, 5), (5, 5), (3, 7)), strict=False):
        rate_goal(pair, 1, start, end)
    for pair, (start, end) in zip(pairs, ((3, 4), (5, 5), (2, 4)), strict=False):
        rate_goal(pair, 1, start, end, role="mentor")
    mentee, mentor, overall = build_report(running_cohort).goal_change
    assert (mentee.summary.n, mentee.summary.mean, mentee.summary.share_improved) == (4, 2.25, 0.75)
    assert mentee.summary.ci.low == pytest.approx(2.25 - 3.18245 * (4.25**0.5 / 2), abs=1e-3)
    assert (mentor.summary.n, mentor.summary.mean) == (3, 1.0)
    # one change per goal: the mentees' goals and the mentors' own goals
    assert overall.summary.n == 7
    assert overall.summary.mean == pytest.approx((4 + 1 + 0 + 4 + 1 + 0 + 2) / 7)
    assert [g.label for g in build_report(running_cohort).goal_change] == [
        "Own goals: mentee (the senior)",
        "Own goals: mentor (the younger)",
        "Overall",
    ]


def test_only_the_owners_ratings_count(pairs, running_cohort):
    """A rating of the senior's goal by her mentor (before goals had sides) is not counted
    as the mentor's own goal change."""
    from brobygger.pairs.models import Goal, GoalRating

    for pair in pairs[:3]:
        goal = rate_goal(pair, 1, 3, 5)
        for rating in GoalRating.objects.filter(goal=goal):
            GoalRating.objects.create(
                goal=goal, phase=rating.phase, rating=9, rated_by_role="mentor"
            )
            GoalRating.objects.filter(goal=goal, rating=9, phase=rating.phase).update(
                created_at=rating.created_at
            )
    mentee, mentor, overall = build_report(running_cohort).goal_change
    assert (mentee.summary.n, mentee.summary.mean) == (3, 2.0)
    assert (mentor.summary.n, overall.summary.n) == (0, 3)
    assert Goal.objects.filter(owner_role="mentor").count() == 0


def test_the_overall_goal_change_is_hidden_when_a_role_is_one_or_two(pairs, running_cohort):
    """Overall minus the mentees' figure would give the one mentor's rating away."""
    for pair, (start, end) in zip(pairs, ((2, 6), (4, 5), (5, 5), (3, 7)), strict=False):
        rate_goal(pair, 1, start, end)
    rate_goal(pairs[0], 1, 3, 4, role="mentor")
    mentee, mentor, overall = build_report(running_cohort).goal_change
    assert (mentee.summary.n, mentee.summary.mean) == (4, 2.25)
    assert (mentor.summary.n, mentor.summary.suppressed) == (1, True)
    assert (overall.summary.n, overall.summary.suppressed) == (5, True)


def test_meetings_per_pair_distribution(pairs, running_cohort):
    hold_meetings(pairs[0], 3)
    hold_meetings(pairs[1], 1)
    meetings = build_report(running_cohort).meetings
    assert meetings.n_pairs == 5
    assert meetings.buckets[:4] == [("0", 3), ("1", 1), ("2", 0), ("3", 1)]
    assert (meetings.mean, meetings.median) == (0.8, 0.0)


def test_baseline_and_closing_are_compared_person_by_person(
    pairs, running_cohort, coordinator_cora
):
    baseline = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    closing = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    for pair, (before, after) in zip(pairs, ((2, 4), (3, 4), (3, 3), (1, 5)), strict=False):
        answer(baseline, pair.mentee, change_readiness=before)
        answer(closing, pair.mentee, change_readiness=after)
    publish(running_cohort, baseline, closing)
    rows = {r.key: r for r in build_report(running_cohort).paired}
    change = rows["change_readiness"].change
    assert (change.n, change.mean, change.improved) == (4, 1.75, 3)
    assert rows["change_readiness"].before.mean == 2.25


def test_a_comparison_one_person_short_of_the_question_is_suppressed(
    pairs, running_cohort, coordinator_cora
):
    """Five closing answers, four of them paired: the closing mean times five minus the
    paired closing mean times four would be the fifth person's answer."""
    baseline = open_survey(running_cohort, "baseline", "mentee", coordinator_cora.user)
    closing = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    for pair, (before, after) in zip(pairs, ((2, 4), (3, 4), (3, 3), (1, 5)), strict=False):
        answer(baseline, pair.mentee, change_readiness=before)
        answer(closing, pair.mentee, change_readiness=after)
    answer(closing, pairs[4].mentee, change_readiness=1)  # no baseline: not paired
    publish(running_cohort, baseline, closing)
    report = build_report(running_cohort)
    row = {r.key: r for r in report.paired}["change_readiness"]
    assert (row.n, row.before.mean, row.after.mean, row.change.mean) == (4, None, None, None)
    [question] = [q for q in report.surveys[1].questions if q.question.key == "change_readiness"]
    assert (question.n, question.mean.mean) == (5, 3.4)


def _pair_up(cohort, n, company):
    for _ in range(n):
        pair = make_pair(cohort, person_at(company), person_at(company))
        hold_meetings(pair, 2)
        sign_agreement(pair)
        rate_goal(pair, 1, 3, 6)


def test_the_report_page_takes_the_same_number_of_queries_for_1_and_3_pairs(
    client, running_cohort, coordinator_cora, company_a, django_assert_num_queries
):
    closing = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    client.force_login(coordinator_cora.user)
    url = reverse("surveys:report", args=[running_cohort.code])
    counts = []
    for n in (1, 2):  # 1 pair, then 3
        _pair_up(running_cohort, n, company_a)
        from brobygger.pairs.models import Pair

        for pair in Pair.objects.filter(cohort=running_cohort).exclude(
            mentee__survey_invitations__survey=closing
        ):
            answer(closing, pair.mentee, change_readiness=4, best="Bra")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_company_report_takes_the_same_number_of_queries_for_1_and_3_colleagues(
    client, running_cohort, coordinator_cora, contact_hege, company_a, company_b
):
    closing = open_survey(running_cohort, "closing", "mentee", coordinator_cora.user)
    client.force_login(contact_hege.user)
    url = reverse("surveys:company-report", args=[running_cohort.code])
    counts = []
    for n in (1, 2):  # 1 colleague, then 3
        Survey.objects.filter(pk=closing.pk).update(closes_on=timezone.localdate())
        closing.refresh_from_db()
        for _ in range(n):
            pair = make_pair(running_cohort, person_at(company_a), person_at(company_b))
            sign_agreement(pair)
            answer(closing, pair.mentee, change_readiness=4)
        counts.append(_company_report_queries(client, url, running_cohort, closing))
    assert counts[0] == counts[1]


def _company_report_queries(client, url, cohort, survey):
    PublishedResult.objects.filter(cohort=cohort).delete()  # publish again, with the new ones
    publish(cohort, survey)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_company_sees_its_own_peoples_goals_per_side(running_cohort, company_a, company_b):
    """Company figures follow the goal's owner: the mentors' own goals count for the
    mentors' employer, the mentees' for theirs; a side of one or two stays hidden."""
    from brobygger.surveys.reports.figures import outcomes_figures

    pairs = [
        make_pair(running_cohort, person_at(company_a), person_at(company_b)) for _ in range(3)
    ]
    for pair, (start, end) in zip(pairs, ((2, 6), (4, 5), (5, 5)), strict=True):
        rate_goal(pair, 1, start, end, role="mentor")
    rate_goal(pairs[0], 1, 3, 4)  # one mentee goal
    figures = outcomes_figures(running_cohort)
    b_groups, a_groups = (figures[c.pk]["goal_change"] for c in (company_b, company_a))
    assert (b_groups["mentor"]["n"], b_groups["mentee"]["n"]) == (3, 0)
    assert b_groups["mentor"]["mean"] == pytest.approx(5 / 3, abs=1e-3)
    assert (a_groups["mentee"]["n"], a_groups["mentee"]["mean"]) == (1, None)
    assert a_groups["mentor"]["n"] == 0


def test_a_pair_that_ended_early_before_the_mid_point_was_not_active_at_it(pairs, running_cohort):
    """The mid-point of ``running_cohort`` is today: a pair that ended ten days ago was not
    active at it, one that ended today was; neither completed, both were matched."""
    midpoint = timezone.make_aware(dt.datetime.combine(running_cohort.kickoff_on, dt.time(12)))
    midpoint += (running_cohort.closing_on - running_cohort.kickoff_on) / 2
    for pair, ended_at in ((pairs[3], midpoint - dt.timedelta(days=10)), (pairs[4], midpoint)):
        pair.status = "ended_early"
        pair.ended_at = ended_at
        pair.save()
    funnel = {s.key: (s.mentee, s.mentor) for s in build_report(running_cohort).funnel}
    assert (funnel["matched"], funnel["active_mid"], funnel["completed"]) == (
        (5, 5),
        (4, 4),
        (0, 0),
    )


def test_the_people_of_a_pair_that_ended_early_take_no_more_part(pairs, running_cohort):
    pairs[0].status = "ended_early"
    pairs[0].save()
    expected = sorted((p.mentee_id, p.mentee.company_id) for p in pairs[1:])
    assert participants(running_cohort, "mentee") == expected


def test_gathering_attendance_counts_only_the_cohorts_own_participants(
    pairs, running_cohort, reverse_initiative, company_a, company_b
):
    """A kickoff shared with another programme year counts this one's people only; a
    gathering nobody was invited to yet shows zeros; in date order."""
    other_cohort = CohortFactory(initiative=reverse_initiative, title="Other year")
    other = make_pair(other_cohort, person_at(company_a), person_at(company_b))
    shared = gathering([running_cohort, other_cohort], days=-30, title="Felles oppstart")
    gathering([running_cohort], days=-60, title="Forsamling")
    for person, response, attended in (
        (pairs[0].mentee, "yes", True),
        (pairs[0].mentor, "yes", False),
        (pairs[1].mentee, "no", False),
        (other.mentee, "yes", True),
        (other.mentor, "yes", True),
    ):
        Invitation.objects.create(
            gathering=shared, person=person, response=response, attended=attended
        )
    rows = build_report(running_cohort).attendance
    assert [(r.title, r.invited, r.coming, r.attended) for r in rows] == [
        ("Forsamling", 0, 0, 0),
        ("Felles oppstart", 3, 2, 1),
    ]
