"""Copy last year: one click makes next year's programme year as a draft, every date moved
52 weeks (weekday kept), with the form, the surveys and the gatherings, and no invitations."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.applications.models import Question
from brobygger.applications.services.forms import create_default_form
from brobygger.core.models import ActivityLog
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.models import Invitation as GatheringInvitation
from brobygger.programs.models import Cohort
from brobygger.surveys.models import Invitation as SurveyInvitation
from brobygger.surveys.models import Survey
from brobygger.surveys.services import create_survey, update_survey
from tests.coordination.conftest import OSLO, at


def _gathering(title, start, cohorts, **fields):
    gathering = Gathering.objects.create(
        title=title,
        theme=fields.pop("theme", ""),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=fields.pop("place", "Bergen"),
        **fields,
    )
    gathering.cohorts.set(cohorts)
    return gathering


@pytest.fixture
def full_year(this_year, shadowing_year, coordinator_cora, mentee_anne):
    create_default_form(cohort=this_year, by=None)
    Question.objects.create(
        cohort=this_year,
        role="mentee",
        kind="single",
        label="Hvordan hørte du om oss?",
        label_en="How did you hear about us?",
        choices=["Kollega", "LinkedIn"],
        required=True,
        order=5,
    )
    survey = create_survey(
        cohort=this_year, kind="baseline", role="mentee", by=coordinator_cora.user
    )
    update_survey(
        survey=survey,
        data={"opens_on": dt.date(2026, 8, 31), "closes_on": dt.date(2026, 9, 17)},
        by=coordinator_cora.user,
    )
    SurveyInvitation.objects.create(survey=survey, person=mentee_anne, invited_at=timezone.now())
    kickoff = _gathering(
        "Felles oppstart", at(dt.date(2026, 9, 3), 17), [this_year, shadowing_year]
    )
    own = _gathering(
        "Samling: Verdibasert ledelse",
        at(dt.date(2026, 10, 29), 17),  # after the clocks went back
        [this_year],
        theme="Verdibasert ledelse",
        capacity=30,
        place="",
        video_url="https://meet.example/samling",
    )
    GatheringInvitation.objects.create(gathering=own, person=mentee_anne, invited_at=timezone.now())
    return this_year, kickoff, own


def _copy(client, user, cohort):
    client.force_login(user)
    with translation.override("nb"):
        return client.post(
            reverse("coordination:cohort-copy", args=[cohort.code]),
            HTTP_ACCEPT_LANGUAGE="nb",
            follow=True,
        )


def test_copy_makes_next_years_draft_with_every_date_a_year_on_on_the_same_weekday(
    client, coordinator_cora, full_year
):
    source, _kickoff, _own = full_year

    response = _copy(client, coordinator_cora.user, source)

    new = Cohort.objects.get(initiative=source.initiative, title="2027–2028")
    assert response.redirect_chain == [(reverse("coordination:cohort-edit", args=[new.code]), 302)]
    local = {
        name: timezone.localtime(getattr(new, name), OSLO).replace(tzinfo=None)
        for name in ("applications_open_at", "applications_close_at")
    }
    assert local == {
        "applications_open_at": dt.datetime(2027, 3, 1, 9, 0),  # Monday -> Monday
        "applications_close_at": dt.datetime(2027, 3, 25, 23, 59),  # Thursday -> Thursday
    }
    assert (new.matching_on, new.kickoff_on, new.closing_on) == (
        dt.date(2027, 4, 14),
        dt.date(2027, 9, 2),
        dt.date(2028, 6, 1),
    )
    assert [d.strftime("%A") for d in (new.kickoff_on, new.closing_on)] == ["Thursday"] * 2
    assert (new.status, new.target_pairs, new.company_rule, new.direction_rule) == (
        "draft",
        8,
        "any",
        "",
    )
    assert (new.min_gap_years, new.matching_weights, new.proposal_reminder_days) == (
        12,
        {"topics": 4.0, "text": 0.5},
        4,
    )
    assert new.contact == coordinator_cora.user


def test_copy_takes_the_form_the_surveys_and_the_gatherings_without_invitations(
    client, coordinator_cora, full_year, shadowing_year
):
    source, kickoff, _own = full_year

    response = _copy(client, coordinator_cora.user, source)

    new = Cohort.objects.get(initiative=source.initiative, title="2027–2028")

    def questions(cohort):
        return list(
            Question.objects.filter(cohort=cohort)
            .order_by("role", "order", "pk")
            .values_list("role", "kind", "label", "label_en", "choices", "required")
        )

    assert questions(new) == questions(source)
    assert len(questions(new)) == 10
    survey = Survey.objects.get(cohort=new)
    assert (survey.kind, survey.role, survey.opens_on, survey.closes_on) == (
        "baseline",
        "mentee",
        dt.date(2027, 8, 30),
        dt.date(2027, 9, 16),
    )
    source_survey = Survey.objects.get(cohort=source)
    assert list(survey.questions.values_list("key", "kind", "label")) == list(
        source_survey.questions.values_list("key", "kind", "label")
    )
    assert survey.invitations.count() == 0
    copies = {
        g.title: (timezone.localtime(g.starts_at, OSLO).replace(tzinfo=None), g.capacity)
        for g in new.gatherings.all()
    }
    assert copies == {
        "Felles oppstart": (dt.datetime(2027, 9, 2, 17, 0), None),
        "Samling: Verdibasert ledelse": (dt.datetime(2027, 10, 28, 17, 0), 30),
    }
    assert GatheringInvitation.objects.filter(gathering__cohorts=new).count() == 0
    joint_copy = new.gatherings.get(title="Felles oppstart")
    assert list(joint_copy.cohorts.all()) == [new]
    assert set(kickoff.cohorts.all()) == {source, shadowing_year}  # last year's is untouched
    messages = [str(m) for m in response.context["messages"]]
    assert messages[1] == (
        "«Felles oppstart» er en felles samling, delt med Executive Shadowing 2026–2027. "
        "Kopien hører bare til dette programåret; kopier også de programårene, så deler de den."
    )


def test_the_other_initiative_copying_its_year_shares_the_joint_gatherings_copy(
    client, coordinator_cora, coordinator_olga, full_year, shadowing_year
):
    source, _kickoff, _own = full_year
    _copy(client, coordinator_cora.user, source)

    _copy(client, coordinator_olga.user, shadowing_year)

    copies = Gathering.objects.filter(title="Felles oppstart").exclude(pk=_kickoff.pk)
    assert copies.count() == 1
    assert sorted(c.initiative.name for c in copies.get().cohorts.all()) == [
        "Executive Shadowing",
        "Reverse Mentoring",
    ]


def test_copy_writes_an_activity_log_row(client, coordinator_cora, full_year):
    source, _kickoff, _own = full_year

    _copy(client, coordinator_cora.user, source)

    row = ActivityLog.objects.get(action="cohort.copy")
    assert (row.actor, row.target_repr, row.data) == (
        coordinator_cora.user,
        "Reverse Mentoring 2027–2028",
        {
            "from": str(source.code),
            "weeks": 52,
            "questions": 10,
            "surveys": 1,
            "gatherings": 2,
            "email_texts": 0,
            "guides": 0,
        },
    )


def test_copying_into_a_year_that_exists_is_refused_and_creates_nothing(
    client, coordinator_cora, full_year
):
    source, _kickoff, _own = full_year
    _copy(client, coordinator_cora.user, source)
    counts = (
        Cohort.objects.count(),
        Question.objects.count(),
        Survey.objects.count(),
        Gathering.objects.count(),
        ActivityLog.objects.count(),
    )

    response = _copy(client, coordinator_cora.user, source)

    assert [str(m) for m in response.context["messages"]] == [
        "Reverse Mentoring har allerede et programår som heter «2027–2028»: ingenting ble "
        "kopiert. Åpne det programåret for å endre det."
    ]
    assert response.redirect_chain == [(reverse("coordination:overview"), 302)]
    assert counts == (
        Cohort.objects.count(),
        Question.objects.count(),
        Survey.objects.count(),
        Gathering.objects.count(),
        ActivityLog.objects.count(),
    )


def test_a_contact_who_no_longer_coordinates_is_not_copied(
    client, coordinator_cora, this_year, reverse_initiative, admin_ada
):
    reverse_initiative.coordinators.remove(coordinator_cora.user)

    _copy(client, admin_ada.user, this_year)

    assert Cohort.objects.get(title="2027–2028").contact is None


def test_copy_needs_a_post(client, coordinator_cora, this_year):
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("coordination:cohort-copy", args=[this_year.code]))

    assert (response.status_code, Cohort.objects.count()) == (405, 1)


def _copy_offers(client, url):
    """The programme years a page offers to copy, by the button's action."""
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return sorted(
        Cohort.objects.get(code=code).title
        for code in re.findall(r'action="/(?:en/)?coordinate/([0-9a-f-]+)/copy/"', html)
    )


def test_once_next_year_exists_only_the_newest_year_is_offered_for_copying(
    client, coordinator_cora, this_year
):
    """Every page that offers "Copy to next year" follows one rule: the overview, the
    network's year, the initiatives and the set-up page."""
    client.force_login(coordinator_cora.user)
    pages = [
        reverse("coordination:overview"),
        reverse("coordination:year", args=[2026]),
        reverse("coordination:initiative-list"),
        reverse("coordination:cohort-edit", args=[this_year.code]),
    ]
    assert [_copy_offers(client, url) for url in pages] == [["2026–2027"]] * 4

    _copy(client, coordinator_cora.user, this_year)
    copy = Cohort.objects.get(title="2027–2028")

    assert [_copy_offers(client, url) for url in pages] == [["2027–2028"], [], ["2027–2028"], []]
    assert _copy_offers(client, reverse("coordination:year", args=[2027])) == ["2027–2028"]
    assert _copy_offers(client, reverse("coordination:cohort-edit", args=[copy.code])) == [
        "2027–2028"
    ]
