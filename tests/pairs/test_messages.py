"""Messages: preview with the number of recipients, sent in the background, each copy once."""

from django.core import mail
from django.urls import reverse

from brobygger.pairs.models import Message, MessageDelivery
from brobygger.pairs.services.messages import deliver
from tests.pairs.helpers import gathering, make_pair, meeting, other_people, queries


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


def test_preview_shows_the_recipients_and_sends_nothing(
    client, cohort, pair, other_pair, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("pairs:messages", args=[cohort.code]), _data(cohorts=[cohort.pk], preview="1")
    )
    assert [p.user.email for p in response.context["preview"]["people"]] == [
        "anne@a.example",
        "bo@b.example",
        "eva.s@x.example",
        "eva.j@y.example",
    ] or len(response.context["preview"]["people"]) == 4
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_send_to_one_role_each_copy_once_in_their_language(
    client,
    cohort,
    pair,
    other_pair,
    coordinator_cora,
    mentee_anne,
    django_capture_on_commit_callbacks,
):
    mentee_anne.user.language = "en"
    mentee_anne.user.save()
    client.force_login(coordinator_cora.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pairs:messages", args=[cohort.code]),
            _data(cohorts=[cohort.pk], audience="role", role="mentee", send="1"),
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@a.example", "eva.s@x.example"]
    anne = next(m for m in mail.outbox if m.to == ["anne@a.example"])
    assert anne.body.startswith("Hi Anne,")
    message = Message.objects.get()
    assert (message.recipient_count, message.cohort) == (2, cohort)
    assert deliver(message_id=message.pk) == 0  # running again sends nothing new
    assert len(mail.outbox) == 2
    assert MessageDelivery.objects.filter(sent_at__isnull=True).count() == 0


def test_send_to_a_gatherings_invitees_and_to_pairs_at_risk(
    cohort, pair, other_pair, coordinator_cora
):
    from datetime import timedelta

    from django.utils import timezone

    from brobygger.pairs.services.messages import send_message

    kickoff = gathering([cohort])
    to_gathering = send_message(
        cohort=cohort,
        cohorts=[cohort],
        audience="gathering",
        gathering=kickoff,
        subject="S",
        body="B",
        by=coordinator_cora.user,
    )
    assert to_gathering.recipient_count == 4
    other_pair.published_at = timezone.now() - timedelta(weeks=8)
    other_pair.save()
    meeting(pair, days=-3, status="held", duration_minutes=60)
    at_risk = send_message(
        cohort=cohort,
        cohorts=[cohort],
        audience="at_risk",
        subject="S",
        body="B",
        by=coordinator_cora.user,
    )
    assert sorted(d.person.user.email for d in at_risk.deliveries.all()) == [
        "eva.j@y.example",
        "eva.s@x.example",
    ]


def test_nobody_to_send_to_is_a_clear_message(en, cohort, coordinator_cora):
    en.force_login(coordinator_cora.user)
    response = en.post(
        reverse("pairs:messages", args=[cohort.code]), _data(cohorts=[cohort.pk], send="1")
    )
    assert response.context["form"].non_field_errors() == ["Nobody would get this message."]
    assert Message.objects.count() == 0


def test_message_log_query_count_does_not_grow(client, cohort, pair, coordinator_cora):
    from brobygger.pairs.services.messages import send_message

    client.force_login(coordinator_cora.user)
    url = reverse("pairs:messages", args=[cohort.code])
    counts = []
    for n in range(3):
        send_message(
            cohort=cohort,
            cohorts=[cohort],
            audience="everyone",
            subject=f"S{n}",
            body="B",
            by=coordinator_cora.user,
        )
        if n in (0, 2):
            counts.append(queries(lambda: client.get(url)))
    assert counts[0] == counts[1]
    assert len(client.get(url).context["log"]) == 3


def test_cohorts_she_does_not_coordinate_cannot_be_chosen(en, cohort, pair, coordinator_cora):
    from tests.factories import InitiativeFactory
    from tests.pairs.helpers import running_cohort

    theirs = running_cohort(InitiativeFactory(kind="classic", slug="klassisk"))
    make_pair(theirs, *other_people("z"))
    en.force_login(coordinator_cora.user)
    response = en.post(
        reverse("pairs:messages", args=[cohort.code]), _data(cohorts=[theirs.pk], send="1")
    )
    assert "cohorts" in response.context["form"].errors
    assert Message.objects.count() == 0
