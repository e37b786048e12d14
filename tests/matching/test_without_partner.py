"""People without a partner and the waitlist (issue "When the plan changes").

Before: after publishing, the young mentor left without a partner (Marte) and the
waitlisted applicant (Vilde) were never told anything.
"""

import pytest
from django.core import mail
from django.urls import reverse

from brobygger.applications.models import Application, Review
from brobygger.core.models import ActivityLog, Mailing
from brobygger.matching.selectors.instance import matching_pool
from brobygger.pairs.models import Pair
from tests.factories import CompanyFactory, InitiativeFactory, PersonFactory

from .conftest import accept
from .helpers import link_of, publish, run, send

pytestmark = pytest.mark.django_db


def _approve_open():
    from django.test import Client

    from brobygger.matching.models import ProposalSide

    client = Client()
    for _ in range(2):  # reverse mentoring asks the mentor after the senior approved
        for side in ProposalSide.objects.filter(
            proposal__status="pending", answer="", asked_at__isnull=False
        ):
            client.post(link_of(side), {"answer": "approved"})


def _person(name, company, year, language="nb"):
    return PersonFactory(
        user__first_name=name,
        user__email=f"{name.lower()}@x.example",
        user__language=language,
        company=CompanyFactory(name=company),
        birth_year=year,
    )


@pytest.fixture
def year(review_cohort, cohort_people, coordinator_cora):
    """Published, with Marte unmatched (a mentor born in 1971: not ten years younger than
    any senior), and two on the waitlist: Vilde (score 5, reads English) and Jon (score 3)."""
    marte = accept(_person("Marte", "Solkraft AS", 1971), review_cohort, "mentor", ["ai"])
    run(review_cohort)
    send(review_cohort)
    _approve_open()
    publish(review_cohort, by=coordinator_cora.user)
    for name, score, language in [("Jon", 3, "nb"), ("Vilde", 5, "en")]:
        app = accept(_person(name, f"{name} AS", 2000, language), review_cohort, "mentor", ["ai"])
        Application.objects.filter(pk=app.pk).update(decision="waitlisted")
        Review.objects.create(application=app, reviewer=coordinator_cora.user, score=score)
    review_cohort.refresh_from_db()
    return {"cohort": review_cohort, "marte": marte}


@pytest.fixture
def cora(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    return client


def test_she_sees_who_is_without_a_partner_and_why_and_the_waitlist_by_score(cora, year):
    cohort = year["cohort"]
    response = cora.get(reverse("matching:without-partner", args=[cohort.code]))

    unmatched = [
        (r.application.person.user.first_name, r.reason) for r in response.context["unmatched"]
    ]
    assert len(unmatched) == 1
    assert unmatched[0][0] == "Marte"
    assert "10 years" in unmatched[0][1]
    waitlisted = [
        (r.application.person.user.first_name, r.score) for r in response.context["waitlisted"]
    ]
    assert waitlisted == [("Vilde", 5.0), ("Jon", 3.0)]
    html = response.content.decode()
    assert html.count('class="waitlist-row"') == 2


def test_the_people_chosen_are_told_what_happens_now_in_their_language(
    cora, year, django_capture_on_commit_callbacks
):
    cohort = year["cohort"]
    url = reverse("matching:without-partner", args=[cohort.code])
    vilde = Application.objects.get(person__user__first_name="Vilde")
    data = {
        "people": [str(year["marte"].code), str(vilde.code)],
        "outcome": "next_year",
        "other_initiative": "",
    }
    preview = cora.post(url, data)
    plan = preview.context["preview"].plan
    assert sorted(e.address for e in plan.emails) == ["marte@x.example", "vilde@x.example"]
    assert mail.outbox == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = cora.post(url, {**data, "token": preview.context["preview"].token})
    assert sent.status_code == 302
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert sorted(bodies) == ["marte@x.example", "vilde@x.example"]
    assert "tilby deg en plass neste år" in bodies["marte@x.example"]
    assert "offer you a place next year" in bodies["vilde@x.example"]
    assert "waitlist" in bodies["vilde@x.example"]
    assert all("10 years" not in b and "10 år" not in b for b in bodies.values())
    assert Mailing.objects.filter(action="matching.tell_without_partner").count() == 1
    log = ActivityLog.objects.get(action="matching.tell_without_partner")
    assert (log.data["outcome"], log.data["count"]) == ("next_year", 2)

    # the same confirm again sends nothing
    mail.outbox.clear()
    again = cora.post(url, {**data, "token": preview.context["preview"].token})
    assert [str(e) for e in again.context["confirm_form"].non_field_errors()] == [
        "These emails have already been sent. See the send log."
    ]
    assert mail.outbox == []


def test_bad_input_changes_nothing(cora, year):
    url = reverse("matching:without-partner", args=[year["cohort"].code])
    response = cora.post(url, {"people": ["not-a-code"], "outcome": "never"})
    assert set(response.context["form"].errors) == {"people", "outcome"}
    assert response.context["preview"] is None
    assert Mailing.objects.filter(action="matching.tell_without_partner").count() == 0


def test_accepting_from_the_waitlist_tells_her_and_puts_her_in_the_next_round(
    cora, year, django_capture_on_commit_callbacks
):
    cohort = year["cohort"]
    vilde = Application.objects.get(person__user__first_name="Vilde")
    url = reverse("matching:waitlist-accept", args=[cohort.code, vilde.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = cora.post(url, follow=True)
    vilde.refresh_from_db()
    assert vilde.decision == "accepted"
    assert [str(m) for m in response.context["messages"]] == [
        f"{vilde.person.name} is accepted, has been told by email and is in the next round."
    ]
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("vilde@x.example", "A place has opened for you in Reverse Mentoring 2027")
    ]
    assert vilde in set(matching_pool(cohort))
    assert ActivityLog.objects.filter(action="application.accept_from_waitlist").count() == 1

    mail.outbox.clear()
    again = cora.post(url, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        f"{vilde.person.name} is not on the waitlist of this programme year."
    ]
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["mentee_anne", "contact_hege", "outsider_dag"])
def test_others_get_404(client, year, who, request):
    cohort = year["cohort"]
    vilde = Application.objects.get(person__user__first_name="Vilde")
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(reverse("matching:without-partner", args=[cohort.code])).status_code == 404
    accept_url = reverse("matching:waitlist-accept", args=[cohort.code, vilde.code])
    assert client.post(accept_url).status_code == 404
    vilde.refresh_from_db()
    assert vilde.decision == "waitlisted"


def test_a_coordinator_of_another_initiative_cannot_reach_this_waitlist(client, year):
    cohort = year["cohort"]
    classic = InitiativeFactory(kind="classic", slug="mentor")
    theirs = PersonFactory(user__is_staff=True)
    classic.coordinators.add(theirs.user)
    client.force_login(theirs.user)
    vilde = Application.objects.get(person__user__first_name="Vilde")
    url = reverse("matching:waitlist-accept", args=[cohort.code, vilde.code])
    assert client.post(url).status_code == 404
    assert Pair.objects.filter(cohort=cohort).count() == 4
