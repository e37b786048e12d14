"""Executive shadowing's pair page: the talent logs shadowing days (her reflection is hers
alone), writes her goal; the leader writes the reflection at the end. Other pairs: 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from brobygger.pairs.models import ShadowingDay, ShadowingPlan
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import make_pair, running_cohort


@pytest.fixture
def shadowing_pair(db, company_a):
    initiative = InitiativeFactory(slug="skygge", kind="shadowing", name="Executive Shadowing")
    cohort = running_cohort(initiative)
    talent = PersonFactory(
        user__first_name="Tiril", user__email="tiril@a.example", company=company_a
    )
    leader = PersonFactory(user__first_name="Lars", user__email="lars@a.example", company=company_a)
    return make_pair(cohort, talent, leader)


def _day(client, pair, **overrides):
    data = {
        "date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "what_happened": "Styremøte om ny strategi.",
        "reflection": "Jeg ble overrasket over hvor raskt de bestemte seg.",
    }
    data.update(overrides)
    return client.post(reverse("pairs:shadowing-day-new", args=[pair.code]), data)


def test_the_talent_logs_a_day_and_only_she_sees_her_reflection(client, shadowing_pair):
    client.force_login(shadowing_pair.mentee.user)
    response = _day(client, shadowing_pair)
    assert response["Location"] == reverse("pairs:pair-detail", args=[shadowing_pair.code])
    day = ShadowingDay.objects.get()
    assert (day.pair, day.what_happened) == (shadowing_pair, "Styremøte om ny strategi.")
    page = client.get(response["Location"]).content.decode()
    assert "Skyggedager" in page
    assert "hvor raskt de bestemte seg" in page
    client.force_login(shadowing_pair.mentor.user)
    leader_page = client.get(response["Location"]).content.decode()
    assert "Styremøte om ny strategi." in leader_page
    assert "hvor raskt de bestemte seg" not in leader_page


def test_a_day_in_the_future_is_refused(client, shadowing_pair):
    client.force_login(shadowing_pair.mentee.user)
    response = _day(
        client, shadowing_pair, date=(timezone.localdate() + dt.timedelta(days=3)).isoformat()
    )
    assert response.context["form"].errors["date"] == [
        "En skyggedag føres etter at den har skjedd."
    ]
    assert ShadowingDay.objects.count() == 0


def test_the_leader_does_not_log_days_but_writes_her_reflection(client, shadowing_pair):
    client.force_login(shadowing_pair.mentor.user)
    assert _day(client, shadowing_pair).status_code == 404
    client.post(
        reverse("pairs:shadowing-text", args=[shadowing_pair.code]),
        {"text": "Tiril stilte gode spørsmål."},
    )
    client.force_login(shadowing_pair.mentee.user)
    client.post(
        reverse("pairs:shadowing-text", args=[shadowing_pair.code]),
        {"text": "Forstå strategiarbeid."},
    )
    plan = ShadowingPlan.objects.get()
    assert (plan.talent_goal, plan.leader_reflection) == (
        "Forstå strategiarbeid.",
        "Tiril stilte gode spørsmål.",
    )
    assert ShadowingDay.objects.count() == 0


def test_another_pair_and_a_mentoring_pair_answer_404(client, shadowing_pair, pair, mentee_anne):
    client.force_login(mentee_anne.user)
    assert _day(client, shadowing_pair).status_code == 404
    assert _day(client, pair).status_code == 404
    assert client.get(reverse("pairs:shadowing-text", args=[pair.code])).status_code == 404
    assert ShadowingDay.objects.count() == 0
    assert (
        "Skyggedager"
        not in client.get(reverse("pairs:pair-detail", args=[pair.code])).content.decode()
    )


def test_her_reflection_is_in_her_export_only_and_erasure_removes_the_words(shadowing_pair):
    from brobygger.pairs.privacy import PairsPrivacy

    ShadowingDay.objects.create(
        pair=shadowing_pair,
        date=timezone.localdate(),
        what_happened="Ledermøte.",
        reflection="Privat tanke.",
    )
    provider = PairsPrivacy()
    talent_rows = provider.export(shadowing_pair.mentee)["pairs.ShadowingDay"]
    leader_rows = provider.export(shadowing_pair.mentor)["pairs.ShadowingDay"]
    assert [r.get("reflection") for r in talent_rows] == ["Privat tanke."]
    assert leader_rows == [
        {
            "pair.code": str(shadowing_pair.code),
            "date": talent_rows[0]["date"],
            "what_happened": "Ledermøte.",
        }
    ]
    provider.erase(shadowing_pair.mentor)
    assert list(ShadowingDay.objects.values_list("what_happened", "reflection")) == [("", "")]
