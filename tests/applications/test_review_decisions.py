"""Decisions: one by one or in bulk (all or nothing); emails only when released, once each."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from brobygger.applications.models import Application
from brobygger.applications.selectors.review import decision_mailing
from brobygger.applications.services.review import decide_application, release_decisions
from brobygger.core.models import ActivityLog
from tests.factories import ApplicationFactory, PersonFactory


@pytest.fixture
def bilingual_initiative(reverse_initiative):
    reverse_initiative.name = "Omvendt mentoring"
    reverse_initiative.name_en = "Reverse Mentoring"
    reverse_initiative.save()
    return reverse_initiative


@pytest.fixture
def nb_application(open_cohort, mentee_anne):
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    return ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")


@pytest.fixture
def en_application(open_cohort, mentor_bo):
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    return ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")


@pytest.fixture
def withdrawn_application(open_cohort):
    person = PersonFactory(user__first_name="Wenche", user__last_name="Wik")
    return ApplicationFactory(
        cohort=open_cohort, person=person, status="withdrawn", withdrawn_at=timezone.now()
    )


def _release(cohort, by):
    token = decision_mailing(cohort).token
    return release_decisions(cohort=cohort, token=token, window_confirmed=True, by=by)


def _state(*applications):
    result = []
    for application in applications:
        application.refresh_from_db()
        result.append((application.decision, application.decision_reason))
    return result


def test_decide_one_queues_without_sending(
    client, coordinator_cora, nb_application, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    url = reverse("applications:review-decide", args=[nb_application.code])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accepted", "reason": "God match"})
    assert response["Location"] == reverse("applications:review-detail", args=[nb_application.code])
    nb_application.refresh_from_db()
    assert (
        nb_application.decision,
        nb_application.decision_reason,
        nb_application.decided_by,
        nb_application.decision_released_at,
    ) == ("accepted", "God match", coordinator_cora.user, None)
    assert mail.outbox == []
    assert ActivityLog.objects.filter(action="application.decide").count() == 1


def test_invalid_decision_rerenders_and_changes_nothing(client, coordinator_cora, nb_application):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("applications:review-decide", args=[nb_application.code])
    response = client.post(url, {"decision": "pending"})
    assert response.context["decision_form"].errors == {
        "decision": ["Choose accept, waitlist or reject."]
    }
    assert _state(nb_application) == [("pending", "")]


def test_bulk_decide(client, coordinator_cora, nb_application, en_application):
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("applications:review-bulk", args=[nb_application.cohort.code]),
        {
            "applications": [str(nb_application.code), str(en_application.code)],
            "decision": "waitlisted",
            "reason": "Flere søkere enn plasser",
        },
    )
    assert response["Location"] == reverse(
        "applications:review-list", args=[nb_application.cohort.code]
    )
    assert (
        _state(nb_application, en_application) == [("waitlisted", "Flere søkere enn plasser")] * 2
    )
    assert ActivityLog.objects.filter(action="application.decide").count() == 2


def test_bulk_decide_is_all_or_nothing(
    client, coordinator_cora, nb_application, en_application, withdrawn_application
):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("applications:review-bulk", args=[nb_application.cohort.code]),
        {
            "applications": [
                str(nb_application.code),
                str(withdrawn_application.code),
                str(en_application.code),
            ],
            "decision": "accepted",
        },
    )
    assert response.status_code == 200
    message = "Nothing was changed. These applications cannot be decided: Wenche Wik (Withdrawn)."
    assert response.context["bulk_form"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert response.context["selected_codes"] == {
        str(a.code) for a in (nb_application, withdrawn_application, en_application)
    }
    assert _state(nb_application, en_application, withdrawn_application) == [("pending", "")] * 3
    assert ActivityLog.objects.filter(action="application.decide").count() == 0


def test_bulk_refuses_an_application_of_another_cohort(
    client, coordinator_cora, nb_application, draft_cohort
):
    elsewhere = ApplicationFactory(cohort=draft_cohort)
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("applications:review-bulk", args=[nb_application.cohort.code]),
        {"applications": [str(nb_application.code), str(elsewhere.code)], "decision": "rejected"},
    )
    assert response.context["bulk_form"].errors == {
        "applications": ["One of the selected applications is not in this cohort."]
    }
    assert _state(nb_application, elsewhere) == [("pending", "")] * 2


def test_release_sends_once_each_in_the_applicants_language(
    client,
    coordinator_cora,
    bilingual_initiative,
    nb_application,
    en_application,
    django_capture_on_commit_callbacks,
):
    undecided = ApplicationFactory(cohort=nb_application.cohort)
    by = coordinator_cora.user
    decide_application(application=nb_application, decision="accepted", reason="", by=by)
    decide_application(application=en_application, decision="rejected", reason="Intern", by=by)
    client.force_login(by)
    url = reverse("applications:review-release", args=[nb_application.cohort.code])
    title = nb_application.cohort.title

    token = client.get(url).context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"token": token, "acknowledge": "on"})
    sent = {message.to[0]: message for message in mail.outbox}
    with translation.override("nb"):
        nb_subject = gettext("You have a place in %(initiative)s %(title)s") % {
            "initiative": "Omvendt mentoring",
            "title": title,
        }
    assert {to: m.subject for to, m in sent.items()} == {
        "anne@a.example": nb_subject,
        "bo@b.example": f"Your application to Reverse Mentoring {title}",
    }
    assert "som mentee (senior)" in sent["anne@a.example"].body
    assert "as mentor (the younger)" in sent["bo@b.example"].body
    assert "Intern" not in sent["bo@b.example"].body  # the reason is for coordinators
    assert sent["bo@b.example"].body == (
        "Hi Bo,\n\n"
        f"Thank you for applying to Reverse Mentoring {title} as mentor (the younger). We had "
        "more applicants than places, and unfortunately we cannot offer you a place this year."
        "\n\nWe hope you will apply again, and you are welcome at the network's other events."
        f"\n\nBest regards, {settings.BROBYGGER_NETWORK_NAME}\n"
    )
    released = Application.objects.filter(decision_released_at__isnull=False)
    assert set(released) == {nb_application, en_application}
    undecided.refresh_from_db()
    assert undecided.decision_released_at is None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"token": token, "acknowledge": "on"})  # a replay sends nothing twice
    assert len(mail.outbox) == 2
    assert list(
        ActivityLog.objects.filter(action="cohort.release_decisions").values_list(
            "data__count", flat=True
        )
    ) == [2]


def test_changed_decision_after_release_is_sent_again_on_next_release(
    coordinator_cora, nb_application, django_capture_on_commit_callbacks
):
    by = coordinator_cora.user
    cohort = nb_application.cohort
    with django_capture_on_commit_callbacks(execute=True):
        decide_application(application=nb_application, decision="waitlisted", reason="", by=by)
        assert _release(cohort, by).recipient_count == 1
        decide_application(
            application=nb_application, decision="waitlisted", reason="Ny grunn", by=by
        )
        assert decision_mailing(cohort).count == 0  # only the reason changed
        decide_application(application=nb_application, decision="accepted", reason="", by=by)
        assert _release(cohort, by).recipient_count == 1
    with translation.override("nb"):
        waitlisted = gettext("You are on the waiting list for %(initiative)s %(title)s")
        accepted = gettext("You have a place in %(initiative)s %(title)s")
    names = {"initiative": "Reverse Mentoring", "title": cohort.title}
    assert [m.subject for m in mail.outbox] == [waitlisted % names, accepted % names]


def test_withdrawn_after_decision_gets_no_email(
    coordinator_cora, nb_application, django_capture_on_commit_callbacks
):
    by = coordinator_cora.user
    decide_application(application=nb_application, decision="accepted", reason="", by=by)
    Application.objects.filter(pk=nb_application.pk).update(
        status="withdrawn", withdrawn_at=timezone.now()
    )
    assert decision_mailing(nb_application.cohort).count == 0
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _release(nb_application.cohort, by)
    assert mail.outbox == []
