"""The applicant's side of issue 3: open call, account by code, draft, submit, edit, withdraw."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobygger.applications.models import Answer, Application
from brobygger.applications.services.forms import create_default_form
from brobygger.core.models import ActivityLog
from brobygger.people.models import User
from brobygger.privacy.models import Consent, PrivacyNotice
from tests.applications.apply_helpers import post_data, questions, start_url
from tests.factories import ApplicationFactory, TopicFactory


@pytest.fixture
def notice(db):
    return PrivacyNotice.objects.create(
        version=3, text="Vi behandler søknaden din.", published_at=timezone.now()
    )


@pytest.fixture
def form_cohort(open_cohort, notice):
    TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence")
    TopicFactory(slug="social-media", name="Sosiale medier", name_en="Social media")
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


def test_closed_window_says_when_it_opens(client, form_cohort, time_machine):
    time_machine.move_to(form_cohort.applications_open_at - dt.timedelta(days=2))
    response = client.get(start_url(form_cohort), HTTP_ACCEPT_LANGUAGE="en")
    opens = timezone.localtime(form_cohort.applications_open_at)
    assert f"Applications open {opens.day} {opens:%B %Y}." in response.content.decode()
    assert "form" not in response.context


def test_anonymous_applicant_gets_an_account_and_a_code(
    client, form_cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            start_url(form_cohort),
            {"email": "Nina@Example.org", "first_name": "Nina", "last_name": "Nes"},
        )
    user = User.objects.get(email="nina@example.org")
    assert (user.first_name, user.has_usable_password()) == ("Nina", False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    assert [m.to for m in mail.outbox] == [["nina@example.org"]]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.M).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response["Location"] == start_url(form_cohort)
    assert client.get(start_url(form_cohort)).context["user"] == user


def test_submit_stores_profile_answers_consent_and_sends_confirmation(
    client, form_cohort, mentee_anne, notice, django_capture_on_commit_callbacks
):
    client.force_login(mentee_anne.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne))
    application = Application.objects.get()
    assert response["Location"] == reverse("applications:application-edit", args=[application.code])
    assert (application.status, application.role, application.meeting_format) == (
        "submitted",
        "mentee",
        "digital",
    )
    q = questions(form_cohort)
    answers = dict(Answer.objects.values_list("question_id", "value"))
    assert answers == {
        q["topics"].pk: ["ai", "social-media"],
        q["text"].pk: "Forstå hvordan yngre kolleger bruker KI.",
        q["values"].pk: ["openness", "courage"],
    }
    consent = Consent.objects.get()
    assert (consent.person, consent.notice.version, consent.purpose) == (
        mentee_anne,
        3,
        "application",
    )
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]
    assert mail.outbox[0].subject == f"Vi har mottatt søknaden din til {form_cohort}"


def test_confirmation_is_in_the_applicants_language(
    client, form_cohort, mentee_anne, django_capture_on_commit_callbacks
):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    client.force_login(mentee_anne.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne, language="en"))
    assert mail.outbox[0].subject == f"We have received your application to {form_cohort}"


def test_draft_needs_nothing_but_consent_and_submit_checks_required(
    client, form_cohort, mentee_anne
):
    client.force_login(mentee_anne.user)
    q = questions(form_cohort)
    draft = post_data(form_cohort, mentee_anne, submit=False, **{f"q_{q['text'].pk}": ""})
    client.post(start_url(form_cohort), draft)
    application = Application.objects.get()
    assert application.status == "draft"
    edit = reverse("applications:application-edit", args=[application.code])
    response = client.post(edit, {**draft, "submit": "1"}, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"q_{q['text'].pk}"]
    application.refresh_from_db()
    assert application.status == "draft"


def test_more_than_three_values_is_refused(client, form_cohort, mentee_anne):
    client.force_login(mentee_anne.user)
    q = questions(form_cohort)
    values = {f"q_{q['values'].pk}": ["openness", "courage", "integrity", "learning"]}
    response = client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne, **values))
    assert response.context["form"].errors == {f"q_{q['values'].pk}": ["Velg høyst 3 verdier."]}
    assert Application.objects.count() == 0


def test_second_application_in_the_same_role_points_to_the_first(client, form_cohort, mentee_anne):
    client.force_login(mentee_anne.user)
    client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne))
    first = Application.objects.get()
    response = client.get(start_url(form_cohort))
    assert response["Location"] == reverse("applications:application-edit", args=[first.code])
    # A replayed creating POST is refused too, and nothing new is stored.
    response = client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne))
    assert response["Location"] == reverse("applications:application-edit", args=[first.code])
    assert Application.objects.count() == 1


def test_submit_after_the_deadline_is_refused_and_changes_nothing(
    client, form_cohort, mentee_anne, time_machine
):
    client.force_login(mentee_anne.user)
    client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne, submit=False))
    application = Application.objects.get()
    time_machine.move_to(form_cohort.applications_close_at + dt.timedelta(minutes=1))
    client.force_login(mentee_anne.user)
    edit = reverse("applications:application-edit", args=[application.code])
    response = client.post(edit, post_data(form_cohort, mentee_anne, job_title="Ny tittel"))
    assert response.context["application"] == application  # the read-only page
    application.refresh_from_db()
    mentee_anne.refresh_from_db()
    assert (application.status, mentee_anne.job_title) == ("draft", "Direktør HR")


@pytest.mark.parametrize("persona", ["mentor_bo", "outsider_dag", "contact_hege"])
def test_someone_elses_application_answers_404(client, form_cohort, mentee_anne, persona, request):
    application = ApplicationFactory(cohort=form_cohort, person=mentee_anne)
    Answer.objects.create(
        application=application,
        question=questions(form_cohort)["text"],
        value="Hemmelig mål om karriereskifte",
    )
    client.force_login(request.getfixturevalue(persona).user)
    for name in ("application-edit", "application-withdraw"):
        url = reverse(f"applications:{name}", args=[application.code])
        response = client.get(url)
        assert response.status_code == 404
        assert "Hemmelig mål" not in response.content.decode()
        assert client.post(url, post_data(form_cohort, mentee_anne)).status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_withdraw_and_replay(client, form_cohort, mentee_anne):
    application = ApplicationFactory(cohort=form_cohort, person=mentee_anne)
    client.force_login(mentee_anne.user)
    url = reverse("applications:application-withdraw", args=[application.code])
    client.post(url)
    client.post(url)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert ActivityLog.objects.filter(action="application.withdraw").count() == 1


def test_my_applications_lists_only_mine(client, form_cohort, mentee_anne, mentor_bo):
    mine = ApplicationFactory(cohort=form_cohort, person=mentee_anne)
    ApplicationFactory(cohort=form_cohort, person=mentor_bo, role="mentor")
    client.force_login(mentee_anne.user)
    response = client.get(reverse("applications:mine"))
    assert list(response.context["applications"]) == [mine]
    assert "Bo Berg" not in response.content.decode()


def test_forged_csrf_submission_is_refused(form_cohort, mentee_anne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(mentee_anne.user)
    response = client.post(start_url(form_cohort), post_data(form_cohort, mentee_anne))
    assert response.status_code == 403
    assert Application.objects.count() == 0
