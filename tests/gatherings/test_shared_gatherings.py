"""A gathering shared by several initiatives is changed only by a coordinator of all of them
(or a network admin); nobody adds a programme year she does not coordinate.

The security review found a coordinator of Reverse Mentoring renaming the shared closing
gathering, unlinking the other initiatives' programme years from it, and creating a
gathering for the mentor programme whose participants then saw it.

Personas: Cora coordinates Reverse Mentoring (company C); Olga coordinates both Reverse
Mentoring and the mentor programme; Ada is a network admin; Anne (A) and Bo (B) are a pair
in Reverse Mentoring, Eva's pair is in the mentor programme.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from brobygger.core.models import ActivityLog
from brobygger.gatherings.models import Gathering
from brobygger.gatherings.services import create_gathering, update_gathering
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import gathering, make_pair, other_people, running_cohort


@pytest.fixture
def classic(db):
    """The mentor programme's running year, with Eva's pair in it."""
    cohort = running_cohort(InitiativeFactory(kind="classic", slug="mentorprogram"), title="MP")
    senior, junior = other_people("eva")
    make_pair(cohort, junior, senior)
    return cohort


@pytest.fixture
def olga(cohort, classic):
    person = PersonFactory(user__email="olga@c.example", user__is_coordinator=True)
    cohort.initiative.coordinators.add(person.user)
    classic.initiative.coordinators.add(person.user)
    return person


@pytest.fixture
def closing(cohort, classic):
    return gathering([cohort, classic], title="Felles avslutning")


def _when(days: int, hour: int) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def _form(cohorts, **extra):
    return {
        "title": "Nytt navn",
        "theme": "",
        "description": "",
        "starts_at": _when(20, 17),
        "ends_at": _when(20, 20),
        "video_url": "",
        "place": "Oslo",
        "capacity": "",
        "cohorts": [c.pk for c in cohorts],
        "edit": "1",
        **extra,
    }


def _state(g: Gathering) -> tuple[str, list[str]]:
    g.refresh_from_db()
    return g.title, sorted(c.title for c in g.cohorts.all())


def test_a_coordinator_of_one_initiative_cannot_change_a_shared_gathering(
    en, coordinator_cora, cohort, classic, closing
):
    """Cora sees the shared closing from her programme year, without a change link; its
    edit page answers 404, and a posted rename or unlinking changes and logs nothing."""
    en.force_login(coordinator_cora.user)
    detail = en.get(reverse("gatherings:coordinate-detail", args=[cohort.code, closing.code]))
    edit = reverse("gatherings:coordinate-edit", args=[cohort.code, closing.code])
    html = detail.content.decode()
    assert (detail.status_code, edit in html) == (200, False)
    assert (
        "This gathering is shared with initiatives you do not coordinate: a coordinator of all "
        "of them, or a network admin, changes it." in html
    )
    answers = [en.get(edit).status_code, en.post(edit, _form([cohort])).status_code]
    assert answers == [404, 404]
    assert _state(closing) == ("Felles avslutning", ["2026–2027", "MP"])
    assert ActivityLog.objects.filter(action="gathering.update").count() == 0
    invite = en.get(reverse("gatherings:coordinate-invite", args=[cohort.code, closing.code]))
    assert invite.status_code == 200  # she still invites her own programme year


def test_the_service_refuses_a_rename_or_an_unlinking_by_her(
    coordinator_cora, cohort, classic, closing
):
    message = (
        "Denne samlingen er felles med initiativer du ikke koordinerer: bare en som "
        "koordinerer alle, eller en nettverksadministrator, kan endre den."
    )
    for cohorts, fields in (([cohort, classic], {"title": "Omdøpt"}), ([cohort], {})):
        with pytest.raises(ValidationError) as refused:
            update_gathering(gathering=closing, cohorts=cohorts, by=coordinator_cora.user, **fields)
        assert refused.value.messages == [message]
    assert _state(closing) == ("Felles avslutning", ["2026–2027", "MP"])


def test_she_may_link_her_own_programme_year_to_a_shared_gathering(
    coordinator_cora, reverse_initiative, classic
):
    """Copying a year links its joint gatherings: adding her own year changes nothing else."""
    other_year = running_cohort(reverse_initiative, title="2027–2028")
    joint = gathering([classic], title="Felles oppstart")
    update_gathering(gathering=joint, cohorts=[classic, other_year], by=coordinator_cora.user)
    assert _state(joint) == ("Felles oppstart", ["2027–2028", "MP"])


@pytest.mark.parametrize("who", ["olga", "admin_ada"])
def test_a_coordinator_of_all_of_them_or_the_network_admin_changes_it(
    client, request, who, cohort, classic, closing
):
    user = request.getfixturevalue(who).user
    client.force_login(user)
    edit = reverse("gatherings:coordinate-edit", args=[cohort.code, closing.code])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _form([cohort], title="Avslutning 2027", starts_at=""))
    # the form wants a start: the page comes back, nothing saved
    assert (response.status_code, _state(closing)[0]) == (200, "Felles avslutning")
    data = _form([cohort], title="Avslutning 2027")
    data["starts_at"] = timezone.localtime(closing.starts_at).strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = timezone.localtime(closing.ends_at).strftime("%Y-%m-%dT%H:%M")
    del data["edit"]
    response = client.post(edit, data)
    assert response.status_code == 302
    assert _state(closing) == ("Avslutning 2027", ["2026–2027"])


def test_a_coordinator_cannot_create_a_gathering_for_another_initiative(
    en, coordinator_cora, cohort, classic, pair
):
    """The form offers her own programme years only; a posted mentor-programme year is
    refused with the form's message, nothing is created, and Eva's pair sees nothing."""
    en.force_login(coordinator_cora.user)
    url = reverse("gatherings:coordinate-new", args=[cohort.code])
    offered = en.get(url).context["form"].fields["cohorts"].queryset
    assert list(offered) == [cohort]
    data = _form([cohort, classic])
    del data["edit"]
    response = en.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "cohorts": [f"Select a valid choice. {classic.pk} is not one of the available choices."]
    }
    assert Gathering.objects.count() == 0
    eva = classic.pairs.get().mentee
    en.force_login(eva.user)
    assert list(en.get(reverse("gatherings:mine")).context["gatherings"]) == []


def test_the_service_refuses_another_initiatives_year(coordinator_cora, cohort, classic):
    with pytest.raises(ValidationError) as refused:
        create_gathering(
            cohorts=[cohort, classic],
            by=coordinator_cora.user,
            title="Smugoppstart",
            starts_at=timezone.now() + dt.timedelta(days=3),
            ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
            place="Oslo",
        )
    assert refused.value.message_dict == {
        "cohorts": [
            f"Du kan bare legge til programår i initiativer du koordinerer: "
            f"{classic.initiative.display_name} MP er ikke ditt."
        ]
    }
    assert Gathering.objects.count() == 0


def test_only_a_coordinator_of_every_initiative_cancels_a_shared_gathering(
    en, coordinator_cora, olga, cohort, classic, closing
):
    """Cora's cancel page answers 404 and the service refuses her; Olga (both initiatives)
    can cancel it."""
    from brobygger.gatherings.services import cancel_gathering

    url = reverse("gatherings:coordinate-cancel", args=[cohort.code, closing.code])
    en.force_login(coordinator_cora.user)
    assert en.get(url).status_code == 404
    with pytest.raises(ValidationError) as refused:
        cancel_gathering(gathering=closing, cohort=cohort, by=coordinator_cora.user)
    assert refused.value.messages == [
        "This gathering is shared with initiatives you do not coordinate: only a "
        "coordinator of all of them, or a network admin, can change it."
    ]
    closing.refresh_from_db()
    assert closing.cancelled_at is None
    en.force_login(olga.user)
    page = en.get(url)
    assert page.context["gathering"] == closing
    cancel_gathering(gathering=closing, cohort=cohort, by=olga.user)
    closing.refresh_from_db()
    assert closing.cancelled_at is not None
