"""A coordinator's message is a mass email: preview (the list, each language's email), confirm
once, a send log per person; replies go to the programme year's contact person."""

import pytest
from django.core import mail
from django.urls import reverse

from brobygger.core.models import Mailing, SentEmail
from brobygger.pairs.models import Message
from brobygger.pairs.selectors.messages import message_mailing, starts_with_greeting
from brobygger.pairs.services.messages import send_message
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import gathering, make_pair, meeting, other_people, queries

CHANGED = "The recipient list has changed since the preview. Review it and confirm again."
ALREADY = "These emails have already been sent. See the send log."


def _data(**extra):
    return {
        "cohorts": [],
        "audience": "everyone",
        "role": "",
        "gathering": "",
        "subject": "Husk samlingen",
        "body": "Vi ses på torsdag.",
        **extra,
    }


def _url(cohort):
    return reverse("pairs:messages", args=[cohort.code])


@pytest.fixture
def anne_in_english(mentee_anne):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    return mentee_anne


def test_preview_shows_the_list_and_each_languages_email_and_sends_nothing(
    en, cohort, pair, other_pair, coordinator_cora, anne_in_english
):
    en.force_login(coordinator_cora.user)
    response = en.post(_url(cohort), _data(cohorts=[cohort.pk], preview="1"))
    preview = response.context["preview"]
    assert preview.plan.count == 4
    assert [(r.address, r.language) for r in preview.recipients] == [
        ("anne@a.example", "en"),
        ("bo@b.example", "nb"),
        ("eva.j@y.example", "nb"),
        ("eva.s@x.example", "nb"),
    ]
    assert [r.name for r in preview.recipients][:2] == ["Anne Aas", "Bo Berg"]
    samples = {s.recipient.language: s for s in preview.samples}
    assert sorted(samples) == ["en", "nb"]
    assert (samples["en"].subject, samples["en"].body) == (
        "Husk samlingen",
        "Hi Anne,\n\nVi ses på torsdag.\n\nCora Coord, Reverse Mentoring 2026–2027\n",
    )
    assert samples["nb"].body.startswith("Hei Bo,\n\nVi ses på torsdag.\n\nCora Coord, ")
    assert preview.plan.reply_to == "cora@c.example"
    html = response.content.decode()
    assert "Replies go to cora@c.example" in html
    assert (Message.objects.count(), Mailing.objects.count(), mail.outbox) == (0, 0, [])


def test_confirm_sends_exactly_the_previewed_emails_with_reply_to_the_contact_person(
    client,
    cohort,
    pair,
    other_pair,
    coordinator_cora,
    anne_in_english,
    django_capture_on_commit_callbacks,
):
    contact = PersonFactory(
        user__first_name="Kari", user__email="kontakt@c.example", user__is_coordinator=True
    )
    cohort.initiative.coordinators.add(contact.user)
    cohort.contact = contact.user
    cohort.save()
    client.force_login(coordinator_cora.user)
    data = _data(cohorts=[cohort.pk], audience="role", role="mentee")
    preview = client.post(_url(cohort), {**data, "preview": "1"}).context["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(cohort), {**data, "token": preview.token})
    message = Message.objects.get()
    assert response["Location"] == reverse(
        "applications:mailing-log", args=[cohort.code, message.mailing.code]
    )
    sent = sorted((m.to, m.subject, m.reply_to) for m in mail.outbox)
    assert sent == [
        (["anne@a.example"], "Husk samlingen", ["kontakt@c.example"]),
        (["eva.s@x.example"], "Husk samlingen", ["kontakt@c.example"]),
    ]
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    shown = {s.recipient.address: s for s in preview.samples}
    assert anne.body == shown["anne@a.example"].body
    assert (message.recipient_count, message.cohort, message.body) == (
        2,
        cohort,
        "Vi ses på torsdag.",
    )
    assert message.mailing.recipient_count == 2
    assert sorted(e.to for e in message.mailing.emails.all()) == [
        "anne@a.example",
        "eva.s@x.example",
    ]


def test_a_text_that_greets_gets_no_second_greeting(
    client, cohort, pair, coordinator_cora, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_cora.user)
    data = _data(cohorts=[cohort.pk], body="Hei alle sammen,\n\nVi ses på torsdag.")
    response = client.post(_url(cohort), {**data, "preview": "1"})
    (sample,) = response.context["preview"].samples
    assert sample.body.startswith("Hei alle sammen,\n\nVi ses på torsdag.\n\nCora Coord")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(cohort), {**data, "token": response.context["preview"].token})
    assert [m.body.split("\n")[0] for m in mail.outbox] == ["Hei alle sammen,"] * 2


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("Hei alle!", True),
        ("hallo, her er nytt", True),
        ("Kjære mentorer", True),
        ("Dear all", True),
        ("Hello everyone", True),
        ("  Hi there", True),
        ("Heisann!", True),
        ("Hilsen fra oss", False),
        ("Husk samlingen", False),
        ("Vi ses", False),
    ],
)
def test_what_counts_as_a_greeting(text, greets):
    assert starts_with_greeting(text) is greets


def test_without_a_contact_person_replies_go_to_the_sender(
    cohort, pair, coordinator_cora, django_capture_on_commit_callbacks
):
    kwargs = {
        "cohort": cohort,
        "cohorts": [cohort],
        "audience": "everyone",
        "subject": "S",
        "body": "B",
        "by": coordinator_cora.user,
    }
    token = message_mailing(**kwargs).token
    with django_capture_on_commit_callbacks(execute=True):
        send_message(token=token, **kwargs)
    assert [m.reply_to for m in mail.outbox] == [["cora@c.example"]] * 2
    assert SentEmail.objects.filter(reply_to="cora@c.example").count() == 2


def test_a_changed_list_is_refused_and_a_double_confirm_sends_once(
    en, cohort, pair, other_pair, coordinator_cora, django_capture_on_commit_callbacks
):
    en.force_login(coordinator_cora.user)
    data = _data(cohorts=[cohort.pk])
    token = en.post(_url(cohort), {**data, "preview": "1"}).context["preview"].token
    other_pair.status = "ended_early"
    other_pair.save()
    with django_capture_on_commit_callbacks(execute=True):
        refused = en.post(_url(cohort), {**data, "token": token})
    assert refused.context["form"].non_field_errors() == [CHANGED]
    assert [r.address for r in refused.context["preview"].recipients] == [
        "anne@a.example",
        "bo@b.example",
    ]
    assert (mail.outbox, Message.objects.count(), SentEmail.objects.count()) == ([], 0, 0)

    token = refused.context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        en.post(_url(cohort), {**data, "token": token})
        again = en.post(_url(cohort), {**data, "token": token})
    assert again.context["form"].non_field_errors() == [ALREADY]
    assert (len(mail.outbox), Message.objects.count(), Mailing.objects.count()) == (2, 1, 1)


def test_change_the_message_goes_back_to_the_filled_form(en, cohort, pair, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.post(_url(cohort), _data(cohorts=[cohort.pk], edit="1"))
    assert response.templates[0].name == "pairs/coordinate/messages.html"
    assert response.context["form"]["subject"].value() == "Husk samlingen"
    assert Message.objects.count() == 0


def test_picking_a_recipient_shows_her_copy(en, cohort, pair, coordinator_cora, anne_in_english):
    en.force_login(coordinator_cora.user)
    plan = message_mailing(
        cohort=cohort,
        cohorts=[cohort],
        audience="everyone",
        subject="Husk samlingen",
        body="Vi ses på torsdag.",
        by=coordinator_cora.user,
    )
    bo = next(e for e in plan.emails if e.address == "bo@b.example")
    response = en.post(_url(cohort), _data(cohorts=[cohort.pk], preview="1", recipient=bo.ref))
    shown = response.context["preview"].shown
    assert (shown.recipient.address, shown.body.split("\n")[0]) == ("bo@b.example", "Hei Bo,")


def test_send_to_a_gatherings_invitees_and_to_pairs_at_risk(
    cohort, pair, other_pair, coordinator_cora, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    def send(**kwargs):
        kwargs = {"cohort": cohort, "cohorts": [cohort], "subject": "S", "body": "B", **kwargs}
        token = message_mailing(by=coordinator_cora.user, **kwargs).token
        return send_message(token=token, by=coordinator_cora.user, **kwargs)

    kickoff = gathering([cohort])
    assert send(audience="gathering", gathering=kickoff).recipient_count == 4
    other_pair.published_at = timezone.now() - timedelta(weeks=8)
    other_pair.save()
    meeting(pair, days=-3, status="held", duration_minutes=60)
    at_risk = send(audience="at_risk")
    assert sorted(e.to for e in at_risk.mailing.emails.all()) == [
        "eva.j@y.example",
        "eva.s@x.example",
    ]


def test_nobody_to_send_to_is_a_clear_message(en, cohort, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.post(_url(cohort), _data(cohorts=[cohort.pk], preview="1"))
    assert response.context["form"].non_field_errors() == [
        "Messages reach the people in the pairs of the chosen programme years, and no pairs "
        "have been published in them yet, so nobody would get this message. Applicants hear "
        "whether they got a place through the decision emails (Applications → Send "
        "decisions); once the pairs are published, you can write to them here."
    ]
    assert "preview" not in response.context
    assert Message.objects.count() == 0


def test_message_log_query_count_does_not_grow(client, cohort, pair, coordinator_cora):
    client.force_login(coordinator_cora.user)
    counts = []
    for n in range(3):
        kwargs = {
            "cohort": cohort,
            "cohorts": [cohort],
            "audience": "everyone",
            "subject": f"S{n}",
            "body": "B",
            "by": coordinator_cora.user,
        }
        send_message(token=message_mailing(**kwargs).token, **kwargs)
        if n in (0, 2):
            counts.append(queries(lambda: client.get(_url(cohort))))
    assert counts[0] == counts[1]
    log = client.get(_url(cohort)).context["log"]
    assert [m.subject for m in log] == ["S2", "S1", "S0"]
    html = client.get(_url(cohort)).content.decode()
    assert reverse("applications:mailing-log", args=[cohort.code, log[0].mailing.code]) in html


def test_the_send_log_shows_each_person_sent_or_failed(
    client, cohort, pair, coordinator_cora, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_helpers.RefusingBackend"}}
    client.force_login(coordinator_cora.user)
    data = _data(cohorts=[cohort.pk])
    token = client.post(_url(cohort), {**data, "preview": "1"}).context["preview"].token
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_url(cohort), {**data, "token": token})
    response = client.get(sent["Location"])
    emails = response.context["emails"]
    rows = [(e.to, e.sent_at is not None, e.failed_at is not None) for e in emails]
    assert rows == [("anne@a.example", True, False), ("bo@b.example", False, True)]
    assert [m.to for m in mail.outbox] == [["anne@a.example"]]
    assert "5.1.1 Mailbox unavailable" in response.content.decode()


def test_cohorts_she_does_not_coordinate_cannot_be_chosen(en, cohort, pair, coordinator_cora):
    from tests.pairs.helpers import running_cohort

    theirs = running_cohort(InitiativeFactory(kind="classic", slug="klassisk"))
    make_pair(theirs, *other_people("z"))
    en.force_login(coordinator_cora.user)
    response = en.post(_url(cohort), _data(cohorts=[theirs.pk], preview="1"))
    assert "cohorts" in response.context["form"].errors
    assert Message.objects.count() == 0


@pytest.fixture
def other_coordinator(company_c):
    person = PersonFactory(
        user__email="olga@c.example", user__is_coordinator=True, company=company_c
    )
    InitiativeFactory(slug="mp", kind="classic").coordinators.add(person.user)
    return person


@pytest.mark.parametrize(
    "who", ["other_coordinator", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_others_get_404_and_nothing_is_sent(
    client, cohort, pair, coordinator_cora, who, request, django_capture_on_commit_callbacks
):
    person = request.getfixturevalue(who)
    client.force_login(person.user)
    token = message_mailing(
        cohort=cohort,
        cohorts=[cohort],
        audience="everyone",
        subject="Husk samlingen",
        body="Vi ses på torsdag.",
        by=coordinator_cora.user,
    ).token
    pair_url = reverse("pairs:pair-message", args=[cohort.code, pair.code])
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.get(_url(cohort)).status_code,
            client.post(_url(cohort), _data(cohorts=[cohort.pk], preview="1")).status_code,
            client.post(_url(cohort), _data(cohorts=[cohort.pk], token=token)).status_code,
            client.post(pair_url, _data(preview="1")).status_code,
        ]
    assert statuses == [404, 404, 404, 404]
    assert (mail.outbox, Message.objects.count(), Mailing.objects.count()) == ([], 0, 0)


def test_a_message_to_one_pair_is_previewed_then_sent_to_both(
    en, cohort, pair, other_pair, coordinator_cora, django_capture_on_commit_callbacks
):
    en.force_login(coordinator_cora.user)
    url = reverse("pairs:pair-message", args=[cohort.code, pair.code])
    data = {"subject": "Hvordan går det?", "body": "Si fra om dere trenger noe."}
    preview = en.post(url, {**data, "preview": "1"}).context["preview"]
    assert [r.address for r in preview.recipients] == ["anne@a.example", "bo@b.example"]
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(url, {**data, "token": preview.token})
    message = Message.objects.get()
    assert response["Location"] == reverse(
        "applications:mailing-log", args=[cohort.code, message.mailing.code]
    )
    assert (message.audience, message.pair) == ("pair", pair)
    assert sorted((m.to[0], m.reply_to) for m in mail.outbox) == [
        ("anne@a.example", ["cora@c.example"]),
        ("bo@b.example", ["cora@c.example"]),
    ]


def test_closed_years_are_not_offered_as_recipients_and_roles_show_labels(
    en, cohort, reverse_initiative, coordinator_cora
):
    from tests.pairs.helpers import running_cohort

    running_cohort(reverse_initiative, title="2024–2025", status="closed")
    running_cohort(reverse_initiative, title="2023–2024", status="archived")
    future = running_cohort(reverse_initiative, title="2027–2028", status="open")
    en.force_login(coordinator_cora.user)
    form = en.get(_url(cohort)).context["form"]
    assert sorted(c.title for c in form.fields["cohorts"].queryset) == sorted(
        [cohort.title, future.title]
    )
    assert [(value, str(label)) for value, label in form.fields["role"].choices] == [
        ("", "–"),
        ("mentor", "Mentor (the younger)"),
        ("mentee", "Mentee (the senior)"),
    ]


def test_a_closed_years_own_page_still_offers_it(en, reverse_initiative, coordinator_cora):
    from tests.pairs.helpers import running_cohort

    closed = running_cohort(reverse_initiative, title="2024–2025", status="closed")
    en.force_login(coordinator_cora.user)
    form = en.get(_url(closed)).context["form"]
    assert [c.title for c in form.fields["cohorts"].queryset] == ["2024–2025"]


def test_a_message_from_the_contact_person_is_signed_once_with_her_address(
    en, cohort, pair, coordinator_cora, anne_in_english
):
    cohort.contact = coordinator_cora.user
    cohort.save(update_fields=["contact"])
    en.force_login(coordinator_cora.user)
    data = _data(cohorts=[cohort.pk], audience="role", role="mentee")
    preview = en.post(_url(cohort), {**data, "preview": "1"}).context["preview"]
    sample = next(s for s in preview.samples if s.recipient.language == "en")
    assert sample.body == (
        "Hi Anne,\n\nVi ses på torsdag.\n\n"
        "Cora Coord, Reverse Mentoring 2026–2027\ncora@c.example\n"
    )
