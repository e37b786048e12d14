"""Issue 21, "The demo uses the product": the demo is loaded through the product's services,
so its activity log tells the demo's history, by whom and when it happened."""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.applications.models import Nomination
from brobygger.core.models import ActivityLog, SentEmail
from brobygger.core.outbox import send_unsent_emails
from brobygger.demo import data
from brobygger.demo.loader import load_demo
from brobygger.gatherings.models import Gathering, Invitation
from brobygger.pairs.models import Pair
from brobygger.programs.models import Cohort

TODAY = dt.date(2026, 11, 28)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.mark.django_db
def test_the_activity_log_shows_the_demos_history_by_the_coordinator():
    load_demo(today=TODAY)
    load_demo(today=TODAY)  # again: the story is not told twice

    coordinator = data.email_for("coordinator")
    by_her = Counter(
        ActivityLog.objects.filter(actor__email=coordinator)
        .exclude(action="profile.update")
        .values_list("action", flat=True)
    )
    assert by_her == {
        "cohort.create": 6,
        # open 1, last year's 6 (to closed), the mentor programme 5 (to running), shadowing
        # in review 2, open for nominations 1, running shadowing 5
        "cohort.status": 20,
        "form.create_default": 4,
        "applications.import": 5,
        # accepted: 11 in shadowing, 10 + 1 in the mentor programme, 2 last year;
        # waitlisted: 1
        "application.decide": 25,
        "surveys.create": 2,
        # the matching of the mentor programme and of last year's reverse mentoring: the
        # demo's pairs locked (5 + 1), a run, the proposals sent and the pairs published,
        # each with its batch of emails
        "matching.lock": 6,
        "matching.run": 2,
        "matching.send": 2,
        "matching.publish": 2,
        # the running shadowing year's three nominated pairs approved, each told in a
        # batch of emails
        "matching.nominated_pair_approve": 3,
        # the eight gatherings; the mentor programme's kickoff: invited (one batch of
        # emails), and who came
        "gathering.create": 8,
        "gathering.invite": 1,
        "gathering.attendance": 1,
        "mailing.send": 2 + 2 + 3 + 1,
    }
    log = ActivityLog.objects.all()
    # each her own: the 43 people joining, and Marianne saving her draft with the form
    assert log.filter(action="profile.update").count() == 43 + 1
    draft = log.get(action="application.save_draft")
    assert (draft.actor_label, draft.created_at) == (
        "marianne.saether@bolge.example",
        _at(TODAY - dt.timedelta(days=5), 10),
    )
    assert log.filter(action="consent.give").count() == 34  # each of the 34 applicants, once
    # the four signed pairs of the running mentor programme and last year's pair: the
    # mentee proposes the agreement, both sign, both rate their goals; every meeting
    # proposed by the mentee, accepted by the mentor, and the 27 held logged (5 + 4 + 4 +
    # 2 + 6 this year, 6 last year; four pairs have their next meeting agreed); one pair
    # answers the pulse; the running shadowing year's talents write their goal (two of
    # three) and log their days
    pairs = log.filter(action__startswith="pair").values_list("action", flat=True)
    assert Counter(pairs) == {
        "pair.agreement.propose": 5,
        "pair.agreement.sign": 10,
        "pair.goals.rate": 10,
        "pair.meeting.propose": 31,
        "pair.meeting.accept": 31,
        "pair.meeting.held": 27,
        "pair.pulse.answer": 2,
        "pairs.shadowing_talent_goal": 2,
        "pairs.shadowing_day": 3,
    }
    withdrawn = log.get(action="application.withdraw")
    assert withdrawn.actor_label == data.email_for("p37")  # Leah withdrew herself
    decided = log.filter(action="application.decide").values_list("data", flat=True)
    assert Counter(each["decision"] for each in decided) == {"accepted": 24, "waitlisted": 1}
    # the ten at the kickoff say yes themselves; eight of the mentor programme's people
    # answer the baseline survey
    invited = Invitation.objects.filter(gathering__title="Oppstart mentorprogrammet")
    replies = log.filter(action="gathering.rsvp").values_list("actor_label", flat=True)
    assert sorted(replies) == sorted(invited.values_list("person__user__email", flat=True))
    assert len(replies) == 10
    assert log.filter(action="surveys.answer").count() == 8
    # the story is loaded, nobody is emailed: what the services would have sent is in the
    # send log, held back for good (the partner told of an agreement or a meeting proposed,
    # the kickoff's invitations), and nothing is left for the worker to send
    assert mail.outbox == []
    held = SentEmail.objects.all()
    assert Counter(held.values_list("template", flat=True)) == {
        "pairs/email/agreement_proposed": 5,
        "pairs/email/meeting_proposed": 31,
        "gatherings/email/invitation": 10,
        "applications/email/nominee_ask": 6,
        "applications/email/nominated_pair_approved": 6,
        "matching/email/proposal": 12,
        "matching/email/matched": 12,
    }
    assert set(held.values_list("sent_at", "held_back", "error")) == {
        (None, True, "eksempeldata: demonettverkets historie, ingen fikk e-post")
    }
    assert send_unsent_emails(now=timezone.now()) == 0


@pytest.mark.django_db
def test_the_send_log_says_the_demos_emails_were_not_sent_not_that_they_failed(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    load_demo(today=TODAY)
    mailing = SentEmail.objects.filter(template="matching/email/proposal").first().mailing
    (cohort,) = [c for c in Cohort.objects.all() if str(c.code) in mailing.scope]
    client.force_login(get_user_model().objects.get(email=data.email_for("coordinator")))
    page = client.get(
        reverse("applications:mailing-log", kwargs={"code": cohort.code, "mailing": mailing.code})
    ).content.decode()
    assert page.count(">Ikke sendt</span>") == mailing.emails.count() > 0
    assert ">Feilet</span>" not in page


@pytest.mark.django_db
def test_each_step_is_logged_when_it_happened_in_the_story():
    load_demo(today=TODAY)

    last_year = Cohort.objects.get(initiative__slug="reverse-mentoring", status="closed")
    steps = ActivityLog.objects.filter(
        target_id=str(last_year.pk), action__in=["cohort.create", "cohort.status"]
    ).order_by("created_at", "pk")
    opens = last_year.applications_open_at
    assert [(s.action, s.data.get("to"), s.created_at) for s in steps] == [
        ("cohort.create", None, opens - dt.timedelta(days=14, hours=-1)),
        ("cohort.status", "open", opens),
        (
            "cohort.status",
            "review",
            _at(last_year.applications_close_at.date() + dt.timedelta(days=1), 9),
        ),
        ("cohort.status", "matching", _at(last_year.matching_on, 9)),
        ("cohort.status", "published", _at(last_year.matching_on, 10)),
        ("cohort.status", "running", _at(last_year.kickoff_on, 9)),
        ("cohort.status", "closed", _at(last_year.closing_on + dt.timedelta(days=1), 9)),
    ]
    imported = ActivityLog.objects.get(action="applications.import", target_id=str(last_year.pk))
    assert (imported.created_at, imported.data["new_applications"]) == (
        _at(TODAY - dt.timedelta(days=390), 23) + dt.timedelta(minutes=59),
        2,
    )
    # nothing of the demo's history is dated after the day it is loaded for
    assert ActivityLog.objects.filter(created_at__gt=_at(TODAY, 12)).count() == 0


@pytest.mark.django_db
def test_the_pairs_meetings_agreement_and_replies_are_logged_when_they_happened():
    load_demo(today=TODAY)

    # last year's pair: six meetings three weeks apart, the last ten days before the
    # closing; the mentee proposed each eight days before, at eight in the evening, the
    # mentor accepted it the next morning, the mentee logged it at six the day it was held
    pair = Pair.objects.get(cohort__status="closed", mentee__user__email=data.email_for("mentee"))
    last = pair.cohort.closing_on - dt.timedelta(days=10)
    days = [last - dt.timedelta(weeks=3 * n) for n in range(5, -1, -1)]
    mentee, mentor = data.email_for("mentee"), data.email_for("mentor")
    meetings = ActivityLog.objects.filter(
        action__startswith="pair.meeting", target_id__in=[str(m.pk) for m in pair.meetings.all()]
    ).order_by("created_at", "pk")
    assert [(m.action, m.actor_label, m.created_at) for m in meetings] == [
        step
        for day in days
        for step in (
            ("pair.meeting.propose", mentee, _at(day - dt.timedelta(days=8), 20)),
            ("pair.meeting.accept", mentor, _at(day - dt.timedelta(days=7), 9)),
            ("pair.meeting.held", mentee, _at(day, 18)),
        )
    ]
    # published on the matching day: both approved the proposal first, the senior asked
    # first (reverse mentoring), then the coordinator published
    matched = _at(pair.cohort.matching_on, 10)
    proposal = ActivityLog.objects.filter(action="matching.proposal_answer").filter(
        actor_label__in=[mentee, mentor]
    )
    assert list(proposal.order_by("pk").values_list("actor_label", "created_at")) == [
        (mentee, matched - dt.timedelta(minutes=15)),
        (mentor, matched - dt.timedelta(minutes=15)),
    ]
    published = ActivityLog.objects.get(action="matching.publish", target_id=str(pair.cohort.pk))
    assert (published.created_at, published.data["pairs"], pair.published_at) == (
        matched,
        [str(pair.code)],
        matched,
    )
    # the agreement: signed by both after the first meeting; their goals rated while the
    # start rating was open (here before they signed); proposed a day before either
    signed = _at(days[0], 17)
    rated = min(signed, pair.cohort.rating_phase("start").closes_at - dt.timedelta(hours=12))
    agreement = ActivityLog.objects.filter(
        action__startswith="pair.agreement", target_id=str(pair.pk)
    ).order_by("created_at", "pk")
    assert [(a.action, a.actor_label, a.created_at) for a in agreement] == [
        ("pair.agreement.propose", mentee, min(signed, rated) - dt.timedelta(days=1)),
        ("pair.agreement.sign", mentee, signed),
        ("pair.agreement.sign", mentor, signed),
    ]
    # then the year closed, and the pair with it
    closed = ActivityLog.objects.get(
        action="cohort.status", target_id=str(pair.cohort.pk), data__to="closed"
    )
    assert (closed.created_at, pair.status) == (
        _at(pair.cohort.closing_on + dt.timedelta(days=1), 9),
        "completed",
    )
    # the mentor programme's kickoff: invited three weeks before, all said yes two weeks
    # before, the coordinator noted who came the next morning
    kickoff = Gathering.objects.get(title="Oppstart mentorprogrammet")
    steps = ActivityLog.objects.filter(
        action__startswith="gathering", target_id=str(kickoff.pk)
    ).exclude(action="gathering.create")
    assert sorted(Counter((s.action, s.created_at) for s in steps).items()) == [
        (("gathering.attendance", kickoff.ends_at + dt.timedelta(hours=16)), 1),
        (("gathering.invite", kickoff.starts_at - dt.timedelta(days=21)), 1),
        (("gathering.rsvp", kickoff.starts_at - dt.timedelta(days=14)), 10),
    ]
    # the held emails are dated in the story too, never after the day it is loaded for
    assert SentEmail.objects.filter(created_at__gt=_at(TODAY, 12)).count() == 0


@pytest.mark.django_db
def test_the_nominated_pairs_are_approved_and_published_when_the_year_was_matched():
    load_demo(today=TODAY)

    shadowing = Cohort.objects.get(initiative__kind="shadowing", status="running")
    matched = _at(shadowing.matching_on, 10)
    approvals = ActivityLog.objects.filter(action="matching.nominated_pair_approve")
    assert (
        list(approvals.values_list("actor_label", "created_at"))
        == [(data.email_for("coordinator"), matched)] * 3
    )
    pairs = Pair.objects.filter(cohort=shadowing)
    assert (
        sorted(pairs.values_list("status", "published_at", "created_at"))
        == [("active", matched, matched)] * 3
    )


@pytest.mark.django_db
def test_the_companies_nominated_the_shadowing_pairs_and_the_nominees_confirmed():
    load_demo(today=TODAY)
    load_demo(today=TODAY)  # again: nothing nominated twice

    shadowing = Cohort.objects.get(initiative__kind="shadowing", status="running")
    closes = shadowing.applications_close_at.date()
    nominated, confirmed = (_at(closes - dt.timedelta(days=d), 12) for d in (6, 3))
    # each company's HR contact nominated its pair from her page, six days before the
    # deadline; the leader, then the talent, confirmed through her emailed link (no sign-in:
    # the log names no one, but the role) three days before, and the pair was confirmed
    contacts = {"Havørn Bank AS": "p41", "Kystlinje Maritim AS": "p42", "Solvik Handel AS": "p43"}
    nominations = Nomination.objects.filter(cohort=shadowing).order_by("pk")
    assert [(n.company.name, n.nominated_by.person.user.email) for n in nominations] == [
        (company, data.email_for(key)) for company, key in contacts.items()
    ]
    specs = data.PROGRAMME["shadowing_pairs"]
    for nomination, spec in zip(nominations, specs, strict=True):
        steps = ActivityLog.objects.filter(
            action__startswith="nomination", target_id=str(nomination.pk)
        ).order_by("created_at", "pk")
        assert [(s.action, s.actor_label, s.data.get("role"), s.created_at) for s in steps] == [
            ("nomination.create", nomination.nominated_by.person.user.email, None, nominated),
            ("nomination.confirm", "", "mentor", confirmed),
            ("nomination.confirm", "", "mentee", confirmed),
            ("nomination.confirmed_by_all", "", None, confirmed),
        ]
        nominees = nomination.nominees.order_by("role")
        assert [
            (
                n.role,
                n.email,
                n.answer,
                n.emailed_at,
                n.answered_at,
                n.application.person.user.email,
                n.application.submitted_at,
            )
            for n in nominees
        ] == [
            (role, email, "accepted", nominated, confirmed, email, confirmed)
            for role, email in (
                ("mentee", data.email_for(spec["talent"])),
                ("mentor", data.email_for(spec["leader"])),
            )
        ]
        assert (nomination.status, nomination.created_at, nomination.decided_at) == (
            "approved",
            nominated,
            _at(shadowing.matching_on, 10),
        )
    # each nominee was emailed her link then (held, never sent)
    asked = SentEmail.objects.filter(template="applications/email/nominee_ask")
    assert sorted(asked.values_list("to", "created_at")) == sorted(
        (data.email_for(spec[role]), nominated) for spec in specs for role in ("leader", "talent")
    )
