"""A second round while the year runs (issue "When the plan changes").

After publishing, the coordinator matches the people without a partner: the accepted who
were not matched, waitlisted people she accepts later, and people whose pair ended and who
were offered a new partner. Every published pair stays as it is, by construction: its
people are not in the matching pool, so no run, lock, proposal or publication reaches it,
and nobody in it is emailed.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.applications.models import Application
from brobygger.applications.services.review import decide_application
from brobygger.core.models import Mailing
from brobygger.matching.models import Proposal, ProposalSide, ProposalStatus
from brobygger.matching.selectors.instance import build_instance, matching_pool
from brobygger.matching.selectors.mailings import proposal_mailing, publish_mailing
from brobygger.matching.selectors.runs import latest_done_run
from brobygger.matching.services.constraints import lock_pair
from brobygger.pairs.models import Pair
from brobygger.pairs.services.coordination import end_pair_early
from tests.concurrency import publish_twice_at_once
from tests.factories import CompanyFactory, PersonFactory

from .conftest import accept
from .helpers import confirm, link_of, publish, run, send

pytestmark = pytest.mark.django_db


def _approve_open(client=None):
    client = client or Client()  # the people answer in browsers of their own
    for role in ("mentee", "mentor"):
        sides = ProposalSide.objects.filter(role=role, proposal__status="pending", answer="")
        for side in sides.exclude(asked_at=None):
            client.post(link_of(side), {"answer": "approved"})


@pytest.fixture
def published(review_cohort, cohort_people, coordinator_cora):
    run(review_cohort)
    send(review_cohort)
    _approve_open()
    _approve_open()  # reverse mentoring asks the mentor after the senior approved
    publish(review_cohort, by=coordinator_cora.user)
    review_cohort.refresh_from_db()
    assert Pair.objects.filter(cohort=review_cohort).count() == 4
    return review_cohort


@pytest.fixture
def late_mentor(published):
    """Per: a mentor who turned up after publishing, accepted into the running year."""
    person = PersonFactory(
        user__first_name="Per",
        user__email="per@x.example",
        company=CompanyFactory(name="Nordlys Nett AS"),
        birth_year=1999,
    )
    return accept(person, published, "mentor", ["ai"], "kunstig intelligens")


def _snapshot(cohort):
    return list(
        Pair.objects.filter(cohort=cohort)
        .order_by("pk")
        .values("pk", "mentee_id", "mentor_id", "status", "published_at", "updated_at")
    )


def _end_annes_pair(cohort, coordinator, *, mentor_after="leave"):
    pair = Pair.objects.get(cohort=cohort, mentee__user__first_name="Anne")
    end_pair_early(
        pair=pair,
        reason="Ny jobb",
        category="job",
        mentee_after="next_round",
        mentor_after=mentor_after,
        by=coordinator.user,
    )
    pair.refresh_from_db()
    return pair


def test_a_second_round_pairs_the_freed_mentee_with_a_late_mentor_and_nobody_else(
    published, late_mentor, coordinator_cora, django_capture_on_commit_callbacks
):
    ended = _end_annes_pair(published, coordinator_cora)
    others = _snapshot(published)
    others = [p for p in others if p["pk"] != ended.pk]
    mail.outbox.clear()

    second = run(published, by=coordinator_cora.user)

    people = {p["name"] for side in ("mentees", "mentors") for p in second.instance[side]}
    assert people == {ended.mentee.name, late_mentor.person.name}
    assert [(p["mentee"], p["mentor"]) for p in second.result["pairs"]] == [
        (str(ended.mentee_application.code), str(late_mentor.code))
    ]
    assert second.instance["locked"] == []

    with django_capture_on_commit_callbacks(execute=True):
        assert send(published, by=coordinator_cora.user) == 1
    # reverse mentoring asks the senior (the mentee) first
    assert [m.to[0] for m in mail.outbox] == [ended.mentee.user.email]
    with django_capture_on_commit_callbacks(execute=True):
        _approve_open()
        _approve_open()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = publish(published, by=coordinator_cora.user)

    assert [(p.mentee, p.mentor) for p in new] == [(ended.mentee, late_mentor.person)]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ended.mentee.user.email, "per@x.example"]
    )
    after = [p for p in _snapshot(published) if p["pk"] not in (ended.pk, new[0].pk)]
    assert after == others  # every other pair untouched, row for row
    published.refresh_from_db()
    assert published.status == "published"
    assert Pair.objects.get(pk=ended.pk).status == "ended_early"


def test_the_pool_never_holds_a_paired_withdrawn_or_erased_person(
    published, late_mentor, coordinator_cora, cohort_people
):
    p = cohort_people
    assert list(matching_pool(published)) == [late_mentor]
    _end_annes_pair(published, coordinator_cora, mentor_after="next_round")
    names = lambda: sorted(a.person.user.first_name for a in matching_pool(published))  # noqa: E731
    # Anne and her mentor were both offered a new partner; Per is new
    freed_mentor = Pair.objects.get(cohort=published, mentee=p["anne"].person).mentor
    assert names() == sorted(["Anne", freed_mentor.user.first_name, "Per"])

    late_mentor.withdrawn_at = timezone.now()
    late_mentor.status = "withdrawn"
    late_mentor.save()
    freed_mentor.erased_at = timezone.now()
    freed_mentor.save()

    assert names() == ["Anne"]
    built = build_instance(published)
    paired = {str(a.code) for a in p.values() if a.person_id != p["anne"].person_id}
    ids = {x["id"] for side in ("mentees", "mentors") for x in built.instance[side]}
    assert ids == {str(p["anne"].code)}
    assert not ids & paired


def test_a_second_round_cannot_touch_a_published_pair(
    published, late_mentor, coordinator_cora, cohort_people
):
    """Locking a paired person, or publishing a proposal that names one, is refused."""
    p = cohort_people
    before = _snapshot(published)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        lock_pair(cohort=published, mentee=p["eva"], mentor=late_mentor, by=None)
    assert "is not an accepted mentee applicant" in error.value.messages[0]

    # Even a proposal planted past the services never becomes a second pair for Eva.
    _end_annes_pair(published, coordinator_cora)
    before = _snapshot(published)
    run(published)
    Proposal.objects.create(
        cohort=published,
        run=latest_done_run(published),
        mentee_application=p["eva"],
        mentor_application=late_mentor,
        status=ProposalStatus.ACCEPTED,
    )
    with pytest.raises(ValidationError) as error, translation.override("en"):
        publish(published, by=None)
    assert error.value.messages == [
        "An applicant of an accepted proposal is no longer accepted. Run the matching again."
    ]
    assert _snapshot(published) == before


def test_the_pair_ended_is_not_formed_again(published, coordinator_cora):
    ended = _end_annes_pair(published, coordinator_cora, mentor_after="next_round")
    second = run(published)
    assert second.instance["forbidden"] == [
        [str(ended.mentee_application.code), str(ended.mentor_application.code)]
    ]
    assert second.result["pairs"] == []


def test_a_waitlisted_applicant_accepted_later_enters_the_next_round(
    published, coordinator_cora, cohort_people
):
    person = PersonFactory(
        user__first_name="Vilde", company=CompanyFactory(name="Havbris AS"), birth_year=2001
    )
    vilde = accept(person, published, "mentor", ["ai"])
    vilde.decision = "waitlisted"
    vilde.save()
    assert list(matching_pool(published)) == []
    decide_application(
        application=vilde, decision="accepted", reason="A place opened", by=coordinator_cora.user
    )
    assert list(matching_pool(published)) == [vilde]


def test_the_page_walks_her_through_the_second_round(
    client, published, late_mentor, coordinator_cora, django_capture_on_commit_callbacks
):
    """Before the fix, after "End early" the hand-made pair page said the pair was locked and
    running the matching was refused because the year was running."""
    ended = _end_annes_pair(published, coordinator_cora)
    client.force_login(coordinator_cora.user)
    url = reverse("matching:cohort", args=[published.code])
    response = client.post(reverse("matching:run-create", args=[published.code]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Matching done."]
    view = response.context["view"]
    assert [(r.mentee.person, r.mentor.person) for r in view.pairs] == [
        (ended.mentee, late_mentor.person)
    ]
    assert response.context["mentees"] == [ended.mentee_application]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, reverse("matching:proposal-send", args=[published.code]))
        _approve_open(Client())
        _approve_open(Client())
    page = client.get(url).content.decode()
    assert "Publish the new pairs" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, reverse("matching:publish", args=[published.code]))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ended.mentee.user.email, "per@x.example"]
    )
    response = client.get(url)
    assert len(response.context["published_pairs"]) == 5
    assert response.context["view"] is None  # the round's run is published: history


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_others_cannot_run_a_second_round(client, published, who, request):
    client.force_login(request.getfixturevalue(who).user)
    response = client.post(reverse("matching:run-create", args=[published.code]))
    assert response.status_code == 404
    assert published.match_runs.count() == 1


def test_a_coordinator_of_another_initiative_cannot_run_it(client, published):
    from tests.factories import InitiativeFactory

    classic = InitiativeFactory(kind="classic", slug="mentor")
    theirs = PersonFactory(user__is_staff=True)
    classic.coordinators.add(theirs.user)
    client.force_login(theirs.user)
    for name in ("matching:run-create", "matching:proposal-send", "matching:publish"):
        assert client.post(reverse(name, args=[published.code])).status_code == 404, name
    assert published.match_runs.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_publishing_the_second_round_create_each_pair_once(
    published, late_mentor, coordinator_cora
):
    _end_annes_pair(published, coordinator_cora)
    run(published)
    send(published)
    _approve_open()
    _approve_open()
    published.refresh_from_db()
    token = publish_mailing(published).token  # both confirm the same preview
    assert publish_mailing(published).count == 2
    mail.outbox.clear()

    outcomes = publish_twice_at_once(published, token)

    assert sorted(outcomes) == [
        "The pairs of this programme year are already published.",
        "published",
    ]
    assert Pair.objects.filter(cohort=published).count() == 5
    assert Pair.objects.filter(cohort=published, mentor=late_mentor.person).count() == 1
    assert Mailing.objects.filter(action="matching.publish_pairs").count() == 2
    assert len(mail.outbox) == 2
    assert proposal_mailing(published).count == 0


def test_a_new_partner_for_one_person_without_a_full_run(
    client,
    published,
    late_mentor,
    coordinator_cora,
    cohort_people,
    django_capture_on_commit_callbacks,
):
    """Anne's mentor left: the engine ranks the candidates for her, Cora picks Per, the pair
    is checked and proposed as usual; nobody else is run or emailed."""
    ended = _end_annes_pair(published, coordinator_cora)
    client.force_login(coordinator_cora.user)
    url = reverse("matching:partner-for", args=[published.code, ended.mentee_application.code])

    page = client.get(url)
    ranked = [(c.mentor.person.name, c.allowed) for c in page.context["candidates"]]
    assert ranked == [(late_mentor.person.name, True)]

    response = client.post(url, {"partner": str(late_mentor.code)}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The pair is checked. Send the proposal from here as usual."
    ]
    run = latest_done_run(published)
    assert run.people == 2
    assert [(p["mentee"], p["mentor"]) for p in run.result["pairs"]] == [
        (str(ended.mentee_application.code), str(late_mentor.code))
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send(published, by=coordinator_cora.user) == 1
    assert [m.to[0] for m in mail.outbox] == [ended.mentee.user.email]


def test_a_partner_the_rules_forbid_is_refused(client, published, coordinator_cora):
    """Anne and her former mentor may not be paired again; a made-up code is no choice."""
    ended = _end_annes_pair(published, coordinator_cora, mentor_after="next_round")
    client.force_login(coordinator_cora.user)
    url = reverse("matching:partner-for", args=[published.code, ended.mentee_application.code])
    candidates = client.get(url).context["candidates"]
    assert [(c.mentor.person, c.allowed) for c in candidates] == [(ended.mentor, False)]
    runs = published.match_runs.count()
    said = []
    for partner in (str(ended.mentor_application.code), "nobody"):
        response = client.post(url, {"partner": partner}, follow=True)
        said.append([str(m) for m in response.context["messages"]])
    assert said == [
        [
            "The matching does not allow this pair: every mentor (the younger) who meets "
            "the other rules is a forbidden pair."
        ],
        ["Choose someone from the list."],
    ]
    assert published.match_runs.count() == runs


def test_a_late_applicant_imported_into_the_running_year_enters_the_second_round(
    published, coordinator_cora, cohort_people
):
    """A mentor who turns up in October: imported into the running year (logged), accepted,
    and paired with the mentee whose pair ended, while the published pairs stay."""
    from brobygger.applications.io.importing import build_preview
    from brobygger.applications.selectors.imports import import_lookups
    from brobygger.applications.services.imports import import_applicants
    from brobygger.core.models import ActivityLog

    ended = _end_annes_pair(published, coordinator_cora)
    text = (
        "email;name;company;role;birth_year;job_title;city;topics;goals;strengths;capacity\n"
        "mia@x.example;Mia Berg;Havbris AS;mentor;1999;Utvikler;Oslo;ai;;Forklarer KI;1\n"
    )
    with translation.override("en"):
        preview = build_preview(text.encode(), lookups=import_lookups(published))
        import_applicants(
            cohort=published,
            preview=preview,
            confirm_companies={"Havbris AS"},
            by=coordinator_cora.user,
        )
    mia = Application.objects.get(cohort=published, person__user__email="mia@x.example")
    assert ActivityLog.objects.filter(action="applications.import").count() == 1
    assert mia not in set(matching_pool(published))  # not decided yet
    decide_application(application=mia, decision="accepted", reason="", by=coordinator_cora.user)
    mia.person.languages = ["nb"]  # her profile: the import has no language column
    mia.person.save()

    second = run(published)
    assert [(p["mentee"], p["mentor"]) for p in second.result["pairs"]] == [
        (str(ended.mentee_application.code), str(mia.code))
    ]
