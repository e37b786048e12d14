"""On the kickoff day, when the programme year starts, both people of each pair get a welcome
email, once, in one batch with a send log; the year's own welcome text is used.

Issue "The coordinator runs the whole year herself": the welcome email, editable per year.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from brobygger.core.models import ActivityLog, Mailing, SentEmail
from brobygger.pairs.models import Pair
from brobygger.programs.services import save_email_text
from tests.factories import CohortFactory, PersonFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
KICKOFF = dt.date(2027, 2, 1)
SIGN_OFF_NB = "Vennlig hilsen Bølge – kvinner i tech (demo)"
SIGN_OFF_EN = "Best regards, Bølge – kvinner i tech (demo)"
# every email to a participant is signed with the programme year's contact person
CONTACT_NB = "Spørsmål? Skriv til Cora Coord, cora@c.example"
CONTACT_EN = "Questions? Write to Cora Coord, cora@c.example"


def _at(day, hour=12, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


@pytest.fixture
def clock():
    with time_machine.travel(_at(dt.date(2026, 12, 10)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def matched_year(clock, reverse_initiative, coordinator_cora, mentee_anne, mentor_bo):
    """Published in December, kickoff 1 February: Anne (nb) & Bo (en), Eva (nb) & Tor (nb)."""
    cohort = CohortFactory(
        initiative=reverse_initiative,
        title="2027",
        status="published",
        applications_open_at=_at(dt.date(2026, 10, 1)),
        applications_close_at=_at(dt.date(2026, 11, 1)),
        matching_on=dt.date(2026, 11, 15),
        kickoff_on=KICKOFF,
        closing_on=dt.date(2027, 6, 3),
        contact=coordinator_cora.user,
    )
    mentee_anne.user.language = "nb"
    mentee_anne.user.save()
    mentor_bo.user.language = "en"
    mentor_bo.user.save()
    eva = PersonFactory(user__first_name="Eva", user__last_name="Eik", user__email="eva@x.example")
    tor = PersonFactory(user__first_name="Tor", user__last_name="Tun", user__email="tor@x.example")
    for mentee, mentor in ((mentee_anne, mentor_bo), (eva, tor)):
        Pair.objects.create(
            cohort=cohort, mentee=mentee, mentor=mentor, published_at=_at(dt.date(2026, 12, 10))
        )
    return cohort


def _start_on(clock, day):
    clock.move_to(_at(day, 0, 5))
    call_command("start_programme_years", stdout=StringIO())


def test_the_welcome_goes_to_each_pair_member_once_on_the_kickoff_day(
    matched_year, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _start_on(clock, KICKOFF - dt.timedelta(days=1))
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        _start_on(clock, KICKOFF)
    with django_capture_on_commit_callbacks(execute=True):
        _start_on(clock, KICKOFF)  # the second run the same day
        _start_on(clock, KICKOFF + dt.timedelta(days=1))  # and the next day's

    site = settings.SITE_URL.rstrip("/")
    anne_pair = Pair.objects.get(mentee__user__email="anne@a.example")
    page = site + reverse("pairs:pair-detail", args=[anne_pair.code])
    sent = {m.to[0]: (m.subject, m.body) for m in mail.outbox}
    assert len(mail.outbox) == 4
    assert sorted(sent) == ["anne@a.example", "bo@b.example", "eva@x.example", "tor@x.example"]
    assert sent["anne@a.example"] == (
        "Velkommen til Reverse Mentoring 2027",
        "Hei Anne,\n\n"
        "I dag starter Reverse Mentoring 2027, og du deltar som mentee (senior) sammen med "
        "Bo Berg. Så fint at du er med!\n\n"
        "Programåret varer til 3. juni 2027. Har du spørsmål underveis, skriv til Cora Coord "
        "(cora@c.example).\n\n"
        f"Siden for paret deres:\n{page}\n\n"
        f"{SIGN_OFF_NB}\n{CONTACT_NB}\n",
    )
    assert sent["bo@b.example"] == (
        "Welcome to Reverse Mentoring 2027",
        "Hi Bo,\n\n"
        "Today Reverse Mentoring 2027 starts, and you take part as mentor (the younger) "
        "together with Anne Aas. We are glad to have you with us!\n\n"
        "The programme year runs until 3 June 2027. If you have questions along the way, "
        "write to Cora Coord (cora@c.example).\n\n"
        f"Your pair page:\n{page}\n\n"
        f"{SIGN_OFF_EN}\n{CONTACT_EN}\n",
    )
    mailing = Mailing.objects.get()
    assert (mailing.action, mailing.target, mailing.recipient_count, mailing.created_by) == (
        "matching.welcome",
        f"cohort:{matched_year.code}",
        4,
        None,
    )
    assert SentEmail.objects.filter(mailing=mailing, sent_at__isnull=False).count() == 4
    assert ActivityLog.objects.filter(action="mailing.send").count() == 1
    matched_year.refresh_from_db()
    assert matched_year.status == "running"


def test_the_welcome_uses_the_years_own_text(
    matched_year, clock, coordinator_cora, django_capture_on_commit_callbacks
):
    save_email_text(
        cohort=matched_year,
        kind="welcome",
        texts={"subject_nb": "Nå starter vi, {first_name}!", "body_nb": "Hei {partner_name}!"},
        by=coordinator_cora.user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _start_on(clock, KICKOFF)
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    assert anne.subject == "Nå starter vi, Anne!"
    assert anne.body.startswith("Hei Bo Berg!\n\nSiden for paret deres:\n")
    bo = next(m for m in mail.outbox if m.to == ["bo@b.example"])
    assert bo.subject == "Welcome to Reverse Mentoring 2027"  # English: the default


def _next_emails(client, cohort):
    """The applications page's list of the next automatic emails, as text."""
    import re

    html = client.get(reverse("applications:review-list", args=[cohort.code])).content.decode()
    found = re.search(r'<ul class="next-batches">(.*?)</ul>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", found[1], re.S) if found else []
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def test_a_matched_years_welcome_is_listed_with_the_next_automatic_emails(
    matched_year, clock, client, coordinator_cora, django_capture_on_commit_callbacks
):
    """10 December: the kickoff is Monday 1 February, when the four people are welcomed."""
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"

    assert _next_emails(client, matched_year) == [
        "Velkomst-e-poster på oppstartsdagen, 1. februar 2027 kl. 00:05, til 4 personer"
        " · Se e-postene"
    ]
    preview = client.get(
        reverse(
            "applications:scheduled-preview", args=[matched_year.code, "matching.send_welcomes"]
        )
    )
    assert [plan.count for plan in preview.context["plans"]] == [4]

    with django_capture_on_commit_callbacks(execute=True):
        _start_on(clock, KICKOFF)
    assert len(mail.outbox) == 4
    assert _next_emails(client, matched_year) == []


def test_the_job_retries_a_welcome_the_start_missed_that_day_only(
    matched_year, clock, django_capture_on_commit_callbacks
):
    from brobygger.matching.services.welcome import send_due_welcomes

    type(matched_year).objects.filter(pk=matched_year.pk).update(status="running")
    clock.move_to(_at(KICKOFF + dt.timedelta(days=1), 0, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_welcomes() == 0  # an older year is never welcomed late
    clock.move_to(_at(KICKOFF, 0, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert (send_due_welcomes(), send_due_welcomes()) == (1, 0)
    assert len(mail.outbox) == 4
