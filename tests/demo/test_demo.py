import datetime as dt

import pytest
from django.core.management import call_command

from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.people.models import Person
from brobygger.programs.models import Cohort


@pytest.mark.django_db
def test_demo_is_idempotent_and_shaped_like_a_real_network():
    first = load_demo(today=dt.date(2026, 11, 28))
    second = load_demo(today=dt.date(2026, 11, 28))
    assert (
        first
        == second
        == {
            "companies": 12,
            # and the HR contacts of the three companies nominating shadowing pairs
            "people": 43,
            "initiatives": 3,
            # and executive shadowing: a year open for nominations, a running year
            "cohorts": 6,
            "gatherings": 8,
            # 26 in the open and in-review cohorts, the 12 the published pairs grew from, the
            # 6 of the three nominated shadowing pairs, and the mentor accepted in the running
            # year with no mentee yet
            "applications": 45,
            "pairs": 9,
        }
    )
    statuses = sorted(Cohort.objects.values_list("initiative__kind", "status"))
    assert statuses == [
        ("classic", "running"),
        ("reverse", "closed"),
        ("reverse", "open"),
        ("shadowing", "open"),
        ("shadowing", "review"),
        ("shadowing", "running"),
    ]
    years = sorted(Person.objects.values_list("birth_year", flat=True))
    assert (years[0] >= 1960, years[-1] <= 2002, years[0] < 1965, years[-1] > 2000) == (
        True,
        True,
        True,
        True,
    )


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_password(client):
    call_command("load_demo", "--quiet-logins")
    for key, _role, _nb in data.DEMO_LOGINS:
        assert client.login(email=data.email_for(key), password=data.DEMO_PASSWORD) is True
        client.logout()


@pytest.mark.django_db
def test_demo_applicants_say_when_they_can_meet_varied_and_overlapping():
    from brobygger.applications.choices import AVAILABILITY_SLOTS
    from brobygger.applications.models import Answer, Question

    load_demo(today=dt.date(2026, 11, 28))
    load_demo(today=dt.date(2026, 11, 28))

    answers = Answer.objects.filter(
        question__matching_field="availability", application__cohort__status="open"
    ).select_related("question", "application__person__user")
    by_email = {a.application.person.user.email: a.value for a in answers}
    assert len(by_email) == len(answers) == 13  # two applicants ticked nothing
    assert {a.question.kind for a in answers} == {"availability"}
    codes = {code for code, _label in AVAILABILITY_SLOTS}
    assert set().union(*by_email.values()) == codes  # every slot is somebody's
    senior, mentor = (by_email[data.email_for(key)] for key in ("mentee", "mentor"))
    assert set(senior) & set(mentor)  # the two demo logins can meet
    # both roles of the four demo cohorts' standard forms, once each
    assert Question.objects.filter(matching_field="availability").count() == 8


@pytest.mark.django_db
def test_reloading_a_demo_from_before_availability_adds_the_question_and_answers():
    from brobygger.applications.models import Answer, Question

    load_demo(today=dt.date(2026, 11, 28))
    Question.objects.filter(matching_field="availability").delete()  # an older demo

    load_demo(today=dt.date(2026, 11, 28))

    answers = Answer.objects.filter(question__matching_field="availability")
    assert answers.filter(application__cohort__status="open").count() == 13
    assert answers.filter(application__cohort__status="review").count() == 11


@pytest.mark.django_db
def test_the_shadowing_cohort_in_review_is_ready_to_match():
    """The demo coordinator can run the matching at once: accepted hosts and talents of the
    same companies; one talent has no host in her company and is left with its reason."""
    from brobygger.matching.engine import load_instance, solve
    from brobygger.matching.selectors.instance import build_instance
    from brobygger.programs.models import Cohort

    load_demo(today=dt.date(2026, 11, 28))
    cohort = Cohort.objects.get(status="review")
    coordinators = set(cohort.initiative.coordinators.values_list("email", flat=True))
    assert coordinators == {"ingrid.haugland@bolge.example", "kari.nordby@bolge.example"}

    built = build_instance(cohort)
    assert (built.count("mentor"), built.count("mentee")) == (5, 6)
    result = solve(load_instance(built.instance))
    names = {code: a.person.name for code, a in built.applications.items()}
    pairs = {(names[p.mentee], names[p.mentor]) for p in result.pairs}
    assert pairs == {
        ("Frida Ruud", "Elisabeth Bakke"),
        ("Nora Lie", "Heidi Johansen"),
        ("Tiril Holm", "Camilla Brekke"),
        ("Thea Larsen", "Kristin Aune"),
        ("Kaja Martinsen", "Kristin Aune"),
    }
    assert {(names[u.id], u.code) for u in result.unmatched} == {
        ("Oda Nilsen", "no_eligible_combined"),
        ("Merete Fossum", "outcompeted"),
    }


@pytest.mark.django_db
def test_the_running_programme_has_baseline_answers_and_kickoff_attendance():
    """The report of the running mentor programme shows figures, not "too few answers"."""
    from brobygger.gatherings.models import Invitation as GatheringInvitation
    from brobygger.surveys.models import Answer, Invitation, Survey

    load_demo(today=dt.date(2026, 11, 28))
    load_demo(today=dt.date(2026, 11, 28))  # again: nothing doubles

    surveys = Survey.objects.filter(cohort__initiative__slug="mentorprogram", kind="baseline")
    assert sorted(surveys.values_list("role", flat=True)) == ["mentee", "mentor"]
    for survey in surveys:
        invitations = Invitation.objects.filter(survey=survey)
        assert (invitations.count(), invitations.filter(answered_at__isnull=False).count()) == (
            5,
            4,
        )
    assert Answer.objects.filter(invitation__survey__in=surveys).count() == 2 * 4 * 4
    kickoff = GatheringInvitation.objects.filter(gathering__title="Oppstart mentorprogrammet")
    assert (kickoff.count(), kickoff.filter(attended=True).count()) == (10, 8)


@pytest.mark.django_db
def test_demo_goal_ratings_are_made_while_their_phase_is_open():
    from brobygger.pairs.models import GoalRating
    from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort
    from brobygger.programs.phases import made_in_phase

    load_demo(today=dt.date(2026, 11, 28))
    rated = {}
    # the shadowing pairs keep a goal for the talent and shadowing days, not rated goals
    with_pairs = Cohort.objects.filter(pairs__isnull=False).exclude(initiative__kind="shadowing")
    for cohort in with_pairs.distinct():
        ratings = GoalRating.objects.filter(goal__pair__cohort=cohort)
        assert ratings.filter(made_in_phase(cohort)).count() == ratings.count() > 0
        rated[cohort.initiative.kind] = sorted(
            row.rating_averages.get("start", 0) for row in pair_health(pairs_in_cohort(cohort))
        )
    # the classic pair that has not signed its agreement has no goals to rate
    assert rated == {"classic": [0, 4.5, 4.5, 4.5, 4.5], "reverse": [4.5]}


def test_demo_shadowing_takes_nominations_and_has_a_running_year_with_shadowing_days(db):
    from brobygger.applications.models import Nomination
    from brobygger.applications.services.nominate import accepts_nominations
    from brobygger.pairs.models import Pair, ShadowingDay

    load_demo()
    shadowing = Cohort.objects.filter(initiative__kind="shadowing")
    assert [c.status for c in shadowing if accepts_nominations(c)] == ["open"]
    running = shadowing.get(status="running")
    pairs = Pair.objects.filter(cohort=running).select_related("mentor", "mentee")
    assert sorted((p.mentor.name, p.mentee.name) for p in pairs) == [
        ("Gro Myhre", "Marte Olsen"),
        ("Marianne Sæther", "Vilde Hansen"),
        ("Randi Strand", "Silje Karlsen"),
    ]
    assert all(p.mentor.company_id == p.mentee.company_id for p in pairs)
    assert ShadowingDay.objects.filter(pair__cohort=running).count() == 3
    assert set(Nomination.objects.values_list("status", flat=True)) == {"approved"}


@pytest.mark.django_db
def test_demo_goals_on_both_sides_and_one_pulse_flag():
    from brobygger.pairs.models import Goal, GoalRating, PulseAnswer
    from brobygger.pairs.selectors.health import pair_health, pairs_in_cohort

    load_demo(today=dt.date(2026, 11, 28))
    classic = Cohort.objects.get(initiative__kind="classic", status="running")
    goals = Goal.objects.filter(pair__cohort=classic)
    assert (
        goals.filter(owner_role="mentee").count() == goals.filter(owner_role="mentor").count() == 8
    )
    ratings = GoalRating.objects.filter(goal__pair__cohort=classic)
    assert sorted(set(ratings.values_list("goal__owner_role", "rated_by_role"))) == [
        ("mentee", "mentee"),
        ("mentor", "mentor"),
    ]
    assert PulseAnswer.objects.count() == 2
    calls = [
        (c.point, row.pair.mentee.name == c.name)
        for row in pair_health(pairs_in_cohort(classic))
        for c in row.calls
    ]
    assert calls == [(1, True)]
