"""The agreement: goals in her words, cadence, format; both sign; a change is signed again."""

from django.core import mail
from django.urls import reverse

from brobygger.pairs.models import Agreement, Goal


def _propose(client, pair, **extra):
    data = {
        "goal_1": "Forstå hvordan unge bruker KI",
        "goal_2": "Bli tryggere i sosiale medier",
        "cadence": "Hver tredje uke, en time",
        "meeting_format": "digital",
        "other_terms": "",
        "confirm": "on",
        **extra,
    }
    return client.post(reverse("pairs:agreement-edit", args=[pair.code]), data)


def test_propose_then_both_sign(
    client, pair, mentee_anne, mentor_bo, django_capture_on_commit_callbacks
):
    client.force_login(mentee_anne.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _propose(client, pair)
    assert response.status_code == 302
    agreement = Agreement.objects.get(pair=pair)
    assert agreement.goals == ["Forstå hvordan unge bruker KI", "Bli tryggere i sosiale medier"]
    assert list(Goal.objects.filter(pair=pair).values_list("position", "text")) == [
        (1, "Forstå hvordan unge bruker KI"),
        (2, "Bli tryggere i sosiale medier"),
    ]
    assert [m.to for m in mail.outbox] == [["bo@b.example"]]
    assert "Forstå" not in mail.outbox[0].body  # the email carries no agreement text

    for person in (mentee_anne, mentor_bo):
        client.force_login(person.user)
        client.post(reverse("pairs:agreement-sign", args=[pair.code]), {"version": 1})
    agreement.refresh_from_db()
    assert agreement.is_signed
    assert agreement.mentee_signed_at <= agreement.mentor_signed_at


def test_a_change_is_a_new_version_signed_again(client, pair, mentee_anne, mentor_bo):
    client.force_login(mentee_anne.user)
    _propose(client, pair)
    for person in (mentee_anne, mentor_bo):
        client.force_login(person.user)
        client.post(reverse("pairs:agreement-sign", args=[pair.code]), {"version": 1})
    client.force_login(mentor_bo.user)
    _propose(client, pair, goal_1="Gi tilbakemelding oppover", goal_2="", cadence="Hver fjerde uke")
    versions = list(Agreement.objects.filter(pair=pair).order_by("version"))
    assert [(a.version, a.is_signed, a.proposed_by_role) for a in versions] == [
        (1, True, "mentee"),
        (2, False, "mentor"),
    ]
    # The mentor wrote her own goal; the mentee's stay as she wrote them.
    assert (versions[1].goals, versions[1].mentor_goals) == (
        ["Forstå hvordan unge bruker KI", "Bli tryggere i sosiale medier"],
        ["Gi tilbakemelding oppover"],
    )
    # The mentee drops her second goal: it is retired, its history kept.
    client.force_login(mentee_anne.user)
    _propose(client, pair, goal_2="")
    goals = Goal.objects.filter(pair=pair).order_by("owner_role", "position")
    assert list(goals.values_list("owner_role", "position", "is_active")) == [
        ("mentee", 1, True),
        ("mentee", 2, False),
        ("mentor", 1, True),
    ]
    assert Agreement.objects.get(pair=pair, version=3).mentor_goals == ["Gi tilbakemelding oppover"]
    # Signing the outdated version changes nothing.
    client.force_login(mentee_anne.user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("pairs:agreement-sign", args=[pair.code]), {"version": 1}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "The agreement has changed. Read it again before you sign."
    )
    assert Agreement.objects.get(pair=pair, version=3).mentee_signed_at is None


def test_agreement_needs_a_goal_and_the_confirmation(en, pair, mentee_anne):
    en.force_login(mentee_anne.user)
    response = _propose(en, pair, goal_1="", goal_2="", confirm="")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"goal_1", "confirm"}
    assert Agreement.objects.count() == 0


def test_others_cannot_sign(client, pair, coordinator_cora, mentee_anne):
    client.force_login(mentee_anne.user)
    _propose(client, pair)
    client.force_login(coordinator_cora.user)
    response = client.post(reverse("pairs:agreement-sign", args=[pair.code]), {"version": 1})
    assert response.status_code == 404
    assert Agreement.objects.get().mentor_signed_at is None
