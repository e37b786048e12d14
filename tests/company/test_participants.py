"""A company contact's "Our participants": her company's employees who take part, their
programme year, role and stage; never another company's people, never the partner, never
an application that was not accepted, never the pair's content."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import ActivityLog
from brobygger.matching.models import Proposal, ProposalSide
from brobygger.pairs.models import Pair
from brobygger.people.models import CompanyContact
from brobygger.privacy.models import CohortAnonymisation
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CohortFactory,
    InitiativeFactory,
    PersonFactory,
)
from tests.pairs.helpers import (
    AGREEMENT_SECRET,
    CANCEL_SECRET,
    GOAL_SECRET,
    NOTE_SECRET,
    plant_secrets,
    running_cohort,
)

URL = reverse("company:participants")
EXPORT_URL = reverse("company:participants-export")

ANSWER_SECRET = "SVAR-ORKIDE-4417"
REJECTION_SECRET = "AVSLAG-GRUNN-2209"
END_SECRET = "SLUTT-GRUNN-8830"
DECLINE_SECRET = "NEI-TAKK-6120"

_seq = itertools.count(1)


def employee(company, first, title="Rådgiver", **kwargs):
    n = next(_seq)
    return PersonFactory(
        company=company,
        job_title=title,
        user__first_name=first,
        user__last_name="Ansatt",
        user__email=f"{first.lower()}{n}@example.org",
        **kwargs,
    )


def accepted(cohort, person, role, **kwargs):
    """An application accepted and the decision sent to the applicant."""
    kwargs.setdefault("decision", "accepted")
    kwargs.setdefault("decision_released_at", timezone.now())
    return ApplicationFactory(cohort=cohort, person=person, role=role, **kwargs)


def pair_of(cohort, mentee, mentor, **kwargs):
    kwargs.setdefault("published_at", timezone.now() - dt.timedelta(days=30))
    return Pair.objects.create(cohort=cohort, mentee=mentee, mentor=mentor, **kwargs)


def propose(cohort, mentee_app, mentor_app, *, asked=("mentee", "mentor"), **kwargs):
    proposal = Proposal.objects.create(
        cohort=cohort, mentee_application=mentee_app, mentor_application=mentor_app, **kwargs
    )
    for role, app in (("mentee", mentee_app), ("mentor", mentor_app)):
        ProposalSide.objects.create(
            proposal=proposal,
            role=role,
            person=app.person,
            asked_at=timezone.now() if role in asked else None,
        )
    return proposal


def contact_for(company, first="Berit"):
    person = employee(company, first, "HR-sjef")
    CompanyContact.objects.create(person=person, company=company)
    return person


@pytest.fixture
def world(reverse_initiative, mentee_anne, mentor_bo, company_a, company_b, company_c):
    """Four programme years with company A's participants in every stage, and everything
    that must not show: other answers, other companies, partners, the pair's content."""
    shadowing = InitiativeFactory(kind="shadowing", slug="shadowing", name="Executive Shadowing")
    classic = InitiativeFactory(kind="classic", slug="mentor", name="Mentorprogrammet")
    today = timezone.localdate()
    running = running_cohort(reverse_initiative)  # 2026–2027, kickoff 60 days ago
    matching = CohortFactory(
        initiative=shadowing,
        title="2027",
        status="matching",
        kickoff_on=today + dt.timedelta(days=40),
        closing_on=today + dt.timedelta(days=200),
    )
    closed = CohortFactory(
        initiative=classic,
        title="2025–2026",
        status="closed",
        kickoff_on=today - dt.timedelta(days=400),
        closing_on=today - dt.timedelta(days=200),
    )
    anonymised = CohortFactory(
        initiative=classic,
        title="2019–2020",
        status="closed",
        kickoff_on=today - dt.timedelta(days=2400),
        closing_on=today - dt.timedelta(days=2200),
    )
    CohortAnonymisation.objects.create(cohort=anonymised)

    # Running reverse mentoring: Anne (A) with Bo (B), and the pair's content planted.
    anne_app = accepted(running, mentee_anne, "mentee")
    AnswerFactory(application=anne_app, value=ANSWER_SECRET)
    bo_app = accepted(running, mentor_bo, "mentor")
    pair = pair_of(
        running, mentee_anne, mentor_bo, mentee_application=anne_app, mentor_application=bo_app
    )
    plant_secrets(pair)
    accepted(running, employee(company_a, "Tove", "Controller"), "mentee")  # no pair
    # Applications of company A that must not show.
    accepted(
        running,
        employee(company_a, "Rita"),
        "mentee",
        decision="rejected",
        decision_reason=REJECTION_SECRET,
    )
    accepted(
        running,
        employee(company_a, "Wenche"),
        "mentee",
        status="withdrawn",
        withdrawn_at=timezone.now(),
    )
    ApplicationFactory(cohort=running, person=employee(company_a, "Petra"), role="mentee")
    accepted(running, employee(company_a, "Vera"), "mentor", decision="waitlisted")
    ApplicationFactory(
        cohort=running, person=employee(company_a, "Dina"), status="draft", submitted_at=None
    )
    accepted(running, employee(company_a, "Ulla"), "mentee", decision_released_at=None)
    # An erased employee of A (still linked, to prove the filter), accepted and in a pair.
    erna = employee(company_a, "Erna", erased_at=timezone.now())
    accepted(running, erna, "mentee")
    pair_of(running, erna, employee(company_c, "Cecilie"))
    # Company B's own applicant.
    accepted(running, employee(company_b, "Bjørn"), "mentor")

    # Executive shadowing, matching: proposals.
    nina_app = accepted(matching, employee(company_a, "Nina", "Prosjektleder"), "mentee")
    hanne_app = accepted(matching, employee(company_a, "Hanne", "Direktør"), "mentor")
    propose(matching, nina_app, hanne_app, asked=("mentee",))  # Hanne not asked yet
    pia_app = accepted(matching, employee(company_a, "Pia", "Analytiker"), "mentee")
    oda_app = accepted(matching, employee(company_c, "Oda", "Konsernsjef"), "mentor")
    declined = propose(matching, pia_app, oda_app, status="declined")
    ProposalSide.objects.filter(proposal=declined, role="mentee").update(
        answer="declined", reason=DECLINE_SECRET
    )
    accepted(matching, employee(company_a, "Mona", "Økonom"), "mentee")
    # Asked, but erased since; asked, but withdrawn since.
    eli_app = accepted(matching, employee(company_a, "Eli", erased_at=timezone.now()), "mentee")
    propose(matching, eli_app, accepted(matching, employee(company_c, "Ebba"), "mentor"))
    wilma_app = accepted(
        matching,
        employee(company_a, "Wilma"),
        "mentee",
        status="withdrawn",
        withdrawn_at=timezone.now(),
    )
    propose(matching, wilma_app, accepted(matching, employee(company_c, "Wanja"), "mentor"))

    # Last year's mentor programme: pairs without applications (as in the demo).
    pair_of(
        closed,
        employee(company_a, "Kari", "Teamleder"),
        employee(company_c, "Siri"),
        status="completed",
    )
    pair_of(
        closed,
        employee(company_b, "Gunn"),
        employee(company_a, "Liv", "Arkitekt"),
        status="ended_early",
        end_reason=END_SECRET,
    )
    # An anonymised year: nobody named any more.
    pair_of(
        anonymised, employee(company_a, "Sara"), employee(company_c, "Turid"), status="completed"
    )
    return {"running": running, "matching": matching, "closed": closed}


def rows(response):
    return [
        (
            f"{group.cohort.initiative.display_name} {group.cohort.title}",
            [(p.name, p.job_title, str(p.role_label), str(p.stage_label)) for p in participants],
        )
        for group, participants in response.context["groups"]
    ]


def test_contact_sees_her_companys_participants_by_year_with_their_stages(
    client, contact_hege, world
):
    client.force_login(contact_hege.user)
    response = client.get(URL)
    assert rows(response) == [
        (
            "Executive Shadowing 2027",
            [
                ("Hanne Ansatt", "Direktør", "Toppleder", "Tatt opp, venter på matching"),
                ("Mona Ansatt", "Økonom", "Talent", "Tatt opp, venter på matching"),
                ("Nina Ansatt", "Prosjektleder", "Talent", "Foreslått par"),
                ("Pia Ansatt", "Analytiker", "Talent", "Tatt opp, venter på matching"),
            ],
        ),
        (
            "Reverse Mentoring 2026–2027",
            [
                ("Anne Aas", "Direktør HR", "Mentee (senior)", "I et par"),
                ("Tove Ansatt", "Controller", "Mentee (senior)", "Tatt opp, ikke matchet"),
            ],
        ),
        (
            "Mentorprogrammet 2025–2026",
            [
                ("Kari Ansatt", "Teamleder", "Mentee", "Fullført"),
                ("Liv Ansatt", "Arkitekt", "Mentor", "Avsluttet tidlig"),
            ],
        ),
    ]
    html = response.content.decode()
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["Våre deltakere"]
    assert "Nordlys Kraft AS" in html
    counts = re.findall(r'<p class="muted">(\d+ deltakere?)</p>', html)
    assert counts == ["4 deltakere", "2 deltakere", "2 deltakere"]


def test_nothing_that_could_leak_is_on_the_page(client, contact_hege, world):
    client.force_login(contact_hege.user)
    html = client.get(URL).content.decode()
    hidden = ("Rita", "Wenche", "Petra", "Vera", "Dina", "Ulla", "Erna", "Eli", "Wilma", "Sara")
    partners = ("Cecilie", "Siri", "Oda", "Ebba", "Wanja", "Turid")
    never = [
        # not accepted, not sent, withdrawn, erased, anonymised, another company
        *(f"{first} Ansatt" for first in (*hidden, "Bjørn", "Gunn")),
        # partners (another company's employees) and their company
        *(f"{first} Ansatt" for first in partners),
        *("Bo Berg", "Skarven Software", "Konsernsjef"),
        # the pair's space, the answers, the reasons
        *(NOTE_SECRET, AGREEMENT_SECRET, GOAL_SECRET, CANCEL_SECRET, ANSWER_SECRET),
        *(REJECTION_SECRET, END_SECRET, DECLINE_SECRET),
    ]
    assert [text for text in never if text in html] == []


def test_another_companys_contact_sees_only_her_own_people(client, company_b, world):
    berit = contact_for(company_b)
    client.force_login(berit.user)
    response = client.get(URL)
    assert rows(response) == [
        (
            "Reverse Mentoring 2026–2027",
            [
                ("Bjørn Ansatt", "Rådgiver", "Mentor (den yngre)", "Tatt opp, ikke matchet"),
                ("Bo Berg", "Utvikler", "Mentor (den yngre)", "I et par"),
            ],
        ),
        ("Mentorprogrammet 2025–2026", [("Gunn Ansatt", "Rådgiver", "Mentee", "Avsluttet tidlig")]),
    ]
    html = response.content.decode()
    assert [name for name in ("Anne Aas", "Liv Ansatt", "Nordlys Kraft") if name in html] == []


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (URL, EXPORT_URL):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{reverse('account_login')}?next={url}",
        )


@pytest.mark.parametrize(
    "persona", ["mentee_anne", "mentor_bo", "outsider_dag", "coordinator_cora", "admin_ada"]
)
def test_only_company_contacts_have_the_page(client, persona, request, world):
    client.force_login(request.getfixturevalue(persona).user)
    assert [client.get(url).status_code for url in (URL, EXPORT_URL)] == [404, 404]
    assert ActivityLog.objects.filter(action="company.participants_export").count() == 0


def test_the_main_navigation_links_the_page_for_company_contacts_only(
    client, contact_hege, mentee_anne
):
    link = f'<a href="{URL}"'
    client.force_login(contact_hege.user)
    assert client.get(reverse("company:nominations")).content.decode().count(link) == 2
    assert client.get(reverse("surveys:company-reports")).content.decode().count(link) == 2
    client.force_login(mentee_anne.user)
    assert client.get(reverse("programs:home")).content.decode().count(link) == 0


def test_one_programme_year_at_a_time(client, contact_hege, world):
    client.force_login(contact_hege.user)
    closed = world["closed"]
    response = client.get(URL, {"year": str(closed.code)})
    assert rows(response) == [
        (
            "Mentorprogrammet 2025–2026",
            [
                ("Kari Ansatt", "Teamleder", "Mentee", "Fullført"),
                ("Liv Ansatt", "Arkitekt", "Mentor", "Avsluttet tidlig"),
            ],
        )
    ]
    assert [g.cohort for g in response.context["years"]] == [
        world["matching"],
        world["running"],
        closed,
    ]
    assert f'href="?year={closed.code}" aria-current="page"' in response.content.decode()


def test_a_year_without_her_people_or_a_made_up_one_is_404(client, contact_hege, company_b, world):
    b_only = CohortFactory(title="2031", status="running")
    accepted(b_only, employee(company_b, "Berta"), "mentor")
    client.force_login(contact_hege.user)
    for year in (str(b_only.code), str(uuid.uuid4()), "1", "'; drop"):
        assert client.get(URL, {"year": year}).status_code == 404, year


def test_english_labels_follow_the_kind(client, contact_hege, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(contact_hege.user)
    response = client.get(URL, {"year": str(world["running"].code)})
    assert rows(response) == [
        (
            "Reverse Mentoring 2026–2027",
            [
                ("Anne Aas", "Direktør HR", "Mentee (the senior)", "In a pair"),
                ("Tove Ansatt", "Controller", "Mentee (the senior)", "Accepted, not matched"),
            ],
        )
    ]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", response.content.decode()) == ["Our participants"]


def test_the_page_explains_what_she_does_not_see(client, contact_hege):
    client.force_login(contact_hege.user)
    html = client.get(URL).content.decode()
    assert (
        "Av hensyn til kollegene dine ser du hvem som deltar og hvor langt de har kommet, "
        "ikke mer: ikke hvem som søkte uten å bli tatt opp, ikke hvem de er i par med, "
        "og ingenting av det et par avtaler, skriver eller snakker om."
    ) in html
    assert "Ingen ansatte i virksomheten din deltar i et programår ennå." in html
    assert "Last ned som CSV" not in html  # nothing to download


def test_csv_export_is_the_same_list_formula_escaped_and_audited(
    client, contact_hege, company_a, world
):
    accepted(world["running"], employee(company_a, "Åse", "=SUM(A1:A9)"), "mentor")
    client.force_login(contact_hege.user)
    response = client.get(EXPORT_URL, {"year": str(world["running"].code)})
    assert (response["Content-Type"], response["Cache-Control"]) == (
        "text/csv; charset=utf-8",
        "no-store, private",
    )
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines == [
        "Navn;Stillingstittel;Initiativ;Programår;Rolle;Status",
        "Anne Aas;Direktør HR;Reverse Mentoring;2026–2027;Mentee (senior);I et par",
        "Tove Ansatt;Controller;Reverse Mentoring;2026–2027;Mentee (senior);Tatt opp, ikke matchet",
        "Åse Ansatt;'=SUM(A1:A9);Reverse Mentoring;2026–2027;Mentor (den yngre);"
        "Tatt opp, ikke matchet",
        "",
    ]
    log = ActivityLog.objects.get(action="company.participants_export")
    assert (log.actor, log.target, log.data) == (
        contact_hege.user,
        company_a,
        {"rows": 3, "via": "csv"},
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_participants(client, contact_hege, company_a, company_b):
    """Each round adds a programme year with one of company A's people in each stage."""
    client.force_login(contact_hege.user)

    def a_year() -> None:
        cohort = CohortFactory(status="matching")
        pair_of(cohort, employee(company_a, "Par"), employee(company_b, "Partner"))
        mentee = accepted(cohort, employee(company_a, "Forslag"), "mentee")
        propose(cohort, mentee, accepted(cohort, employee(company_b, "Annen"), "mentor"))
        accepted(cohort, employee(company_a, "Venter"), "mentor")

    a_year()
    one = _queries(client)
    assert sum(len(shown) for _g, shown in client.get(URL).context["groups"]) == 3
    a_year()
    a_year()
    assert _queries(client) == one
    assert sum(len(shown) for _g, shown in client.get(URL).context["groups"]) == 9


def test_a_big_employer_sees_her_participants_a_page_at_a_time(
    client, contact_hege, company_a, company_b, monkeypatch
):
    """The rows are paged (50 a page; 2 here), each page under its programme years' headings
    with the year's whole count; the total and the years' links count every page."""
    monkeypatch.setattr("brobygger.core.pagination.PER_PAGE", 2)
    late = CohortFactory(status="running", kickoff_on=dt.date(2027, 1, 10))
    early = CohortFactory(status="running", kickoff_on=dt.date(2026, 1, 10))
    for name in ("Anna", "Berit"):
        pair_of(late, employee(company_a, name), employee(company_b, f"{name}s partner"))
    pair_of(early, employee(company_a, "Cato"), employee(company_b, "Catos partner"))
    client.force_login(contact_hege.user)

    def page(number):
        response = client.get(URL, {"page": number})
        shown = [
            (group.cohort, len(group.participants), [p.name for p in participants])
            for group, participants in response.context["groups"]
        ]
        return response.context["total"], shown

    assert page(1) == (3, [(late, 2, ["Anna Ansatt", "Berit Ansatt"])])
    assert page(2) == (3, [(early, 1, ["Cato Ansatt"])])
    html = client.get(URL, {"page": 2}).content.decode()
    assert ('rel="prev"' in html, 'rel="next"' in html) == (True, False)
