"""The programme year's own decision texts are what the release preview shows and what is sent.

Issue "The coordinator runs the whole year herself": editable email texts per programme year.
"""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from brobygger.applications.services.review import decide_application
from brobygger.programs.services import save_email_text
from tests.factories import ApplicationFactory

SIGN_OFF_NB = "Vennlig hilsen Bølge – kvinner i tech (demo)"
SIGN_OFF_EN = "Best regards, Bølge – kvinner i tech (demo)"


@pytest.fixture
def decided(reverse_initiative, open_cohort, mentee_anne, mentor_bo, coordinator_cora):
    """Anne (nb) accepted, Bo (en) not offered a place; the year has its own texts for both."""
    reverse_initiative.name_en = "Reverse Mentoring EN"
    reverse_initiative.save()
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    anne = ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee")
    bo = ApplicationFactory(cohort=open_cohort, person=mentor_bo, role="mentor")
    by = coordinator_cora.user
    decide_application(application=anne, decision="accepted", reason="", by=by)
    decide_application(application=bo, decision="rejected", reason="", by=by)
    save_email_text(
        cohort=open_cohort,
        kind="accepted",
        texts={
            "subject_nb": "Du er med i {programme}, {first_name}!",
            "body_nb": "Hei {first_name}!\n\nDu er tatt opp som {role}.",
        },
        by=by,
    )
    save_email_text(
        cohort=open_cohort,
        kind="not_offered",
        texts={
            "subject_en": "About {programme}",
            "body_en": "Dear {first_name},\n\nNot this time.",
        },
        by=by,
    )
    return open_cohort


def _expected(cohort):
    site = settings.SITE_URL.rstrip("/")
    page = reverse("programs:cohort-detail", args=[cohort.code])
    return [
        (
            "anne@a.example",
            "Du er med i Reverse Mentoring 2027, Anne!",
            "Hei Anne!\n\nDu er tatt opp som mentee (senior).\n\n"
            f"Her er programåret med datoer og samlinger:\n{site}{page}\n\n{SIGN_OFF_NB}\n",
        ),
        (
            "bo@b.example",
            "About Reverse Mentoring EN 2027",
            f"Dear Bo,\n\nNot this time.\n\n{SIGN_OFF_EN}\n",
        ),
    ]


def test_the_release_preview_and_the_send_use_the_years_own_texts(
    client, coordinator_cora, decided, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    url = reverse("applications:review-release", args=[decided.code])
    preview = client.get(url).context["preview"]
    samples = [(s.recipient.address, s.subject, s.body) for s in preview.samples]
    assert samples == _expected(decided)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"token": preview.token, "acknowledge": "on"})

    assert sorted((m.to[0], m.subject, m.body) for m in mail.outbox) == _expected(decided)
