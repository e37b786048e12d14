"""One person, one role per programme year (issue "Broken promises", item 8a): a second
application in the other role is refused with a message, by the form, the service, a
nomination and an import; a withdrawn application frees her to apply in the other role."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from brobygger.applications.io.importing import build_preview
from brobygger.applications.models import Application
from brobygger.applications.selectors.imports import import_lookups
from brobygger.applications.services.apply import ApplicationInput, save_application
from brobygger.applications.services.forms import create_default_form
from brobygger.applications.services.imports import import_applicants
from brobygger.applications.services.nominate import (
    ALREADY_TAKING_PART,
    NomineeInput,
    answer_nomination,
    nominate_pair,
)
from brobygger.people.models import CompanyContact, Person
from brobygger.privacy.models import PrivacyNotice
from tests.applications.apply_helpers import post_data, start_url
from tests.factories import ApplicationFactory, CohortFactory, InitiativeFactory, TopicFactory

ALREADY_MENTEE = (
    "Du har allerede søkt i dette programåret som «Mentee (senior)». Én person deltar i én "
    "rolle; trekk den søknaden først hvis du heller vil søke som «Mentor (den yngre)»."
)


@pytest.fixture
def notice(db):
    return PrivacyNotice.objects.create(
        version=1, text="Vi behandler søknaden.", published_at=timezone.now()
    )


@pytest.fixture
def form_cohort(open_cohort, notice):
    TopicFactory(slug="ai", name="Kunstig intelligens")
    TopicFactory(slug="social-media", name="Sosiale medier")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


@pytest.fixture
def anne_is_mentee(form_cohort, mentee_anne):
    return ApplicationFactory(cohort=form_cohort, person=mentee_anne, role="mentee")


def test_the_mentor_form_sends_her_to_her_mentee_application_with_a_message(
    client, form_cohort, mentee_anne, anne_is_mentee
):
    client.force_login(mentee_anne.user)
    response = client.get(start_url(form_cohort, "mentor"))
    assert response["Location"] == reverse(
        "applications:application-edit", args=[anne_is_mentee.code]
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [ALREADY_MENTEE]


def test_posting_the_mentor_form_is_refused_on_the_page_and_saves_nothing(
    client, form_cohort, mentee_anne, anne_is_mentee
):
    client.force_login(mentee_anne.user)
    data = post_data(form_cohort, mentee_anne)
    response = client.post(start_url(form_cohort, "mentor"), data)
    assert response["Location"] == reverse(
        "applications:application-edit", args=[anne_is_mentee.code]
    )
    assert list(Application.objects.values_list("role", flat=True)) == ["mentee"]


def test_the_service_refuses_a_second_role(form_cohort, mentee_anne, anne_is_mentee, notice):
    data = ApplicationInput(
        profile={}, answers={}, meeting_format="either", capacity=1, notice=notice, submit=False
    )
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        save_application(
            cohort=form_cohort, person=mentee_anne, role="mentor", data=data, by=mentee_anne.user
        )
    assert (refused.value.messages, refused.value.code) == ([ALREADY_MENTEE], "other_role")
    assert list(Application.objects.values_list("role", flat=True)) == ["mentee"]


def test_the_message_is_on_the_page_she_lands_on(client, form_cohort, mentee_anne, anne_is_mentee):
    client.force_login(mentee_anne.user)
    page = client.get(start_url(form_cohort, "mentor"), follow=True)
    assert page.redirect_chain == [
        (reverse("applications:application-edit", args=[anne_is_mentee.code]), 302)
    ]
    assert ALREADY_MENTEE in page.content.decode()


def test_after_withdrawing_she_may_apply_in_the_other_role(
    client, form_cohort, mentee_anne, anne_is_mentee
):
    anne_is_mentee.status = "withdrawn"
    anne_is_mentee.save()
    client.force_login(mentee_anne.user)
    data = post_data(form_cohort, mentee_anne, submit=False)  # a draft: the mentee answers
    response = client.post(start_url(form_cohort, "mentor"), data)
    mentor = Application.objects.get(role="mentor")
    assert response["Location"] == reverse("applications:application-edit", args=[mentor.code])
    assert sorted(Application.objects.values_list("role", "status")) == [
        ("mentee", "withdrawn"),
        ("mentor", "draft"),
    ]


def test_another_programme_year_is_another_matter(
    client, form_cohort, mentee_anne, anne_is_mentee, reverse_initiative
):
    ApplicationFactory(
        cohort=CohortFactory(initiative=reverse_initiative, title="2026"),
        person=mentee_anne,
        role="mentor",
    )
    client.force_login(mentee_anne.user)
    response = client.get(start_url(form_cohort, "mentee"))
    assert response["Location"] == reverse(
        "applications:application-edit", args=[anne_is_mentee.code]
    )


@pytest.fixture
def shadowing_cohort(db):
    initiative = InitiativeFactory(slug="shadowing", kind="shadowing", name="Executive Shadowing")
    return CohortFactory(initiative=initiative, title="2027", status="open")


def test_a_nomination_in_the_other_role_is_refused_when_she_confirms(
    client, contact_hege, shadowing_cohort, company_a
):
    """Her employer is told nothing when nominating (issue 22): she learns it herself when
    she confirms, and the nomination is not confirmed."""
    ApplicationFactory(
        cohort=shadowing_cohort,
        person=Person.objects.create(
            user=type(contact_hege.user).objects.create_user("tiril@a.example"),
            company=company_a,
        ),
        role="mentor",
    )
    nomination = nominate_pair(
        contact=CompanyContact.objects.get(person=contact_hege),
        cohort=shadowing_cohort,
        nominees={
            "mentee": NomineeInput(
                first_name="Tiril",
                last_name="Holm",
                email="tiril@a.example",
                job_title="Analytiker",
            )
        },
        reason="Neste leder.",
        wants_to_learn="Strategi.",
        by=contact_hege.user,
    )
    outcome = answer_nomination(nominee=nomination.nominees.get(), accept=True, consent=True)
    nomination.refresh_from_db()
    assert (outcome, nomination.status) == (ALREADY_TAKING_PART, "declined")
    assert list(Application.objects.values_list("role", flat=True)) == ["mentor"]


HEADER = "email;name;company;role;birth_year"


def test_an_import_row_in_the_other_role_is_an_error_and_nothing_is_imported(
    open_cohort, mentee_anne, company_a, coordinator_cora
):
    ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    text = (
        f"{HEADER}\n"
        "kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968\n"
        "anne@a.example;Anne Aas;Nordlys Kraft AS;mentor;1966\n"
    )
    with translation.override("en"):
        preview = build_preview(text.encode(), lookups=import_lookups(open_cohort))
        assert [(p.row, p.column, p.value, p.message) for p in preview.problems] == [
            (
                3,
                "role",
                "mentor",
                "anne@a.example has already applied to this programme year as “Mentee (the "
                "senior)”; a person takes part in one role. Change the role, or withdraw the "
                "other application first.",
            )
        ]
        assert preview.rows == []
        with pytest.raises(ValidationError):
            import_applicants(
                cohort=open_cohort, preview=preview, confirm_companies=(), by=coordinator_cora.user
            )
    assert list(Application.objects.values_list("person__user__email", "role")) == [
        ("anne@a.example", "mentee")
    ]


def test_an_import_in_the_same_role_still_updates(open_cohort, mentee_anne, company_a):
    ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    text = f"{HEADER}\nanne@a.example;Anne Aas;Nordlys Kraft AS;mentee;1966\n"
    preview = build_preview(text.encode(), lookups=import_lookups(open_cohort))
    assert (preview.problems, preview.counts.updated_applications) == ([], 1)
