"""Materials for a theme: kept with the initiative, shown on the pair page of pairs whose
programme year has a gathering of that theme and on those gatherings' pages; never to the
pairs of a programme year without that theme, nor to another initiative's. A material for
a role a one-role gathering does not invite is refused with a message."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from brobygger.gatherings.materials import add_material
from brobygger.gatherings.models import Gathering, Material
from tests.factories import InitiativeFactory
from tests.pairs.helpers import make_pair, other_people, running_cohort

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)
LINK = '<a href="https://example.org/merkevare" rel="noopener noreferrer">Merkevareøvelser</a>'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _gathering(cohort, theme, **fields):
    gathering = Gathering.objects.create(
        title=fields.pop("title", f"Samling om {theme}"),
        theme=theme,
        starts_at=NOW + dt.timedelta(days=10),
        ends_at=NOW + dt.timedelta(days=10, hours=2),
        place="Oslo",
        **fields,
    )
    gathering.cohorts.set([cohort])
    return gathering


def test_a_theme_material_reaches_the_programme_years_with_that_theme(
    client, cohort, pair, reverse_initiative, coordinator_cora, mentor_bo, mentee_anne
):
    branding = _gathering(cohort, "Personlig merkevare")
    # next year's programme year of the same initiative, with the same theme
    next_year = running_cohort(reverse_initiative, title="2027–2028")
    senior, junior = other_people("ny")
    next_pair = make_pair(next_year, senior, junior)
    later = _gathering(next_year, "Personlig merkevare", title="Merkevare igjen")
    # a programme year of the initiative without that theme, and another initiative's
    without = running_cohort(reverse_initiative, title="2025–2026")
    s2, j2 = other_people("uten")
    without_pair = make_pair(without, s2, j2)
    _gathering(without, "Scenariotenkning")
    other = running_cohort(InitiativeFactory(name="Annet"))
    s3, j3 = other_people("annet")
    other_pair = make_pair(other, s3, j3)
    foreign = _gathering(other, "Personlig merkevare")

    client.force_login(coordinator_cora.user)
    form = client.get(reverse("gatherings:coordinate-materials", args=[cohort.code]))
    choices = dict(form.context["form"].fields["where"].choices)
    assert choices[f"theme-{branding.code}"] == (
        "Tema: Personlig merkevare (samlingene med dette temaet, i alle programår)"
    )
    response = client.post(
        reverse("gatherings:coordinate-materials", args=[cohort.code]),
        {
            "title": "Merkevareøvelser",
            "where": f"theme-{branding.code}",
            "audience": "both",
            "language": "nb",
            "url": "https://example.org/merkevare",
        },
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.initiative, material.theme, material.cohort, material.gathering) == (
        reverse_initiative,
        "Personlig merkevare",
        None,
        None,
    )

    def sees(person, page_url):
        client.force_login(person.user)
        return LINK in client.get(page_url).content.decode()

    def pair_page(p):
        return reverse("pairs:pair-detail", args=[p.code])

    def gathering_page(g):
        return reverse("gatherings:detail", args=[g.code])

    assert [
        sees(mentor_bo, pair_page(pair)),
        sees(mentee_anne, pair_page(pair)),
        sees(mentee_anne, gathering_page(branding)),
        sees(senior, pair_page(next_pair)),
        sees(junior, gathering_page(later)),
        sees(s2, pair_page(without_pair)),
        sees(s3, pair_page(other_pair)),
        sees(j3, gathering_page(foreign)),
    ] == [True, True, True, True, True, False, False, False]


def test_a_material_for_a_role_the_gathering_does_not_invite_is_refused(
    client, cohort, pair, coordinator_cora
):
    orientation = _gathering(
        cohort, "Ærlige råd oppover", title="Hvordan gi ærlige råd oppover", audience="mentor"
    )
    with pytest.raises(ValidationError) as refused:
        add_material(
            cohort=cohort,
            by=coordinator_cora.user,
            title="Lysbilder",
            where=str(orientation.code),
            audience="mentee",
            url="https://example.org/lysbilder",
        )
    assert refused.value.message_dict == {
        "audience": [
            "«Hvordan gi ærlige råd oppover» er bare for rollen mentor (den yngre), så noe for "
            "mentee (senior) ville aldri blitt sett der. Velg begge roller, eller rollen "
            "samlingen er for."
        ]
    }
    assert Material.objects.count() == 0

    # through the page: the form shows it on the field, nothing stored
    client.force_login(coordinator_cora.user)
    response = client.post(
        reverse("gatherings:coordinate-materials", args=[cohort.code]),
        {
            "title": "Lysbilder",
            "where": str(orientation.code),
            "audience": "mentee",
            "language": "nb",
            "url": "https://example.org/lysbilder",
        },
    )
    assert list(response.context["form"].errors) == ["audience"]
    assert Material.objects.count() == 0
    # for both roles or for the mentors: accepted
    for audience in ("both", "mentor"):
        add_material(
            cohort=cohort,
            by=coordinator_cora.user,
            title=f"Lysbilder {audience}",
            where=str(orientation.code),
            audience=audience,
            url="https://example.org/lysbilder",
        )
    assert Material.objects.count() == 2
