"""The conversation guide a coordinator edits: per phase of the year and per theme of the
programme year's gatherings, in Norwegian and English, with today's text as the default.
Only coordinators of the programme year reach the pages (404 for others); every edit is
logged; bad input re-renders the form with a message and saves nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from brobygger.coordination.services import copy_programme_year
from brobygger.core.models import ActivityLog
from brobygger.gatherings.models import Gathering, GuideText
from tests.factories import InitiativeFactory, PersonFactory
from tests.pairs.helpers import make_pair, other_people, running_cohort

OSLO = ZoneInfo("Europe/Oslo")
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=OSLO)

DEFAULT_START_NB = [
    "Historiene deres: hvordan havnet hver av dere der dere er i dag?",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def branding(cohort):
    gathering = Gathering.objects.create(
        title="Samling 2",
        theme="Personlig merkevarebygging",
        starts_at=NOW - dt.timedelta(days=5),
        ends_at=NOW - dt.timedelta(days=5, hours=-2),
        place="Oslo",
    )
    gathering.cohorts.set([cohort])
    return gathering


def _items(html: str, heading: str) -> list[str]:
    """The list items of the guide page's section under ``heading``."""
    start = html.index(heading)
    section = html[start : html.index("</section>", start)]
    return [part.split("</li>")[0].strip() for part in section.split("<li>")[1:]]


def _guide_page(client, pair) -> str:
    return client.get(reverse("pairs:guide", args=[pair.code])).content.decode()


def test_the_default_text_until_edited_and_the_pages_list_every_part(
    client, cohort, pair, branding, coordinator_cora, mentor_bo
):
    client.force_login(mentor_bo.user)
    page = _guide_page(client, pair)
    assert _items(page, "Kom i gang")[0] == (
        "Historiene deres: hvordan havnet hver av dere der dere er i dag?"
    )
    assert _items(page, "Etter samlingen om Personlig merkevarebygging") == [
        "Hvordan fremstår hver av dere på nett, og hvordan vil dere fremstå?",
        "Gå gjennom en av menteens profiler sammen, og bli enige om én endring.",
    ]

    client.force_login(coordinator_cora.user)
    page = client.get(reverse("gatherings:coordinate-guide", args=[cohort.code])).content.decode()
    headings = [h.split(">", 1)[1].split("<")[0] for h in page.split("<h2 ")[1:]]
    assert headings == [
        "Kom i gang",
        "Midt i året",
        "Mot slutten",
        "Etter samlingen om Personlig merkevarebygging",
    ]
    assert page.count("Standard") == 4


def test_coordinator_edits_a_phase_and_the_pair_sees_it_in_both_languages(
    client, cohort, pair, coordinator_cora, mentor_bo, mentee_anne, settings
):
    url = reverse("gatherings:coordinate-guide-edit", args=[cohort.code, "start"])
    client.force_login(coordinator_cora.user)
    form = client.get(url).content.decode()
    assert "Historiene deres: hvordan havnet hver av dere der dere er i dag?" in form
    assert "Your stories: how did each of you end up where you are?" in form

    response = client.post(
        url,
        {
            "prompts_nb": "Hva vil du utfordre seniorens syn på?\n\n  Hvordan sier du ifra?  \n",
            "prompts_en": "What do you want to challenge?\nHow do you speak up?",
        },
    )
    assert response["Location"] == reverse("gatherings:coordinate-guide", args=[cohort.code])
    guide = GuideText.objects.get()
    assert (guide.cohort, guide.phase, guide.theme, guide.updated_by) == (
        cohort,
        "start",
        "",
        coordinator_cora.user,
    )
    assert guide.prompts_nb == "Hva vil du utfordre seniorens syn på?\nHvordan sier du ifra?"
    log = ActivityLog.objects.get(action="guide.edit")
    assert (log.actor, log.target_id, log.data) == (
        coordinator_cora.user,
        str(cohort.pk),
        {"phase": "start", "theme": ""},
    )

    for person in (mentor_bo, mentee_anne):
        client.force_login(person.user)
        assert _items(_guide_page(client, pair), "Kom i gang") == [
            "Hva vil du utfordre seniorens syn på?",
            "Hvordan sier du ifra?",
        ]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _items(_guide_page(client, pair), "Getting started") == [
        "What do you want to challenge?",
        "How do you speak up?",
    ]


def test_a_theme_is_edited_and_reset_to_the_default(
    client, cohort, pair, branding, coordinator_cora, mentor_bo
):
    key = f"theme-{branding.code}"
    client.force_login(coordinator_cora.user)
    client.post(
        reverse("gatherings:coordinate-guide-edit", args=[cohort.code, key]),
        {"prompts_nb": "Vis meg profilen din.", "prompts_en": "Show me your profile."},
    )
    assert GuideText.objects.get().theme == "Personlig merkevarebygging"
    client.force_login(mentor_bo.user)
    heading = "Etter samlingen om Personlig merkevarebygging"
    assert _items(_guide_page(client, pair), heading) == ["Vis meg profilen din."]

    client.force_login(coordinator_cora.user)
    reset = reverse("gatherings:coordinate-guide-reset", args=[cohort.code, key])
    response = client.post(reset)
    assert response["Location"] == reverse("gatherings:coordinate-guide", args=[cohort.code])
    assert GuideText.objects.count() == 0
    assert ActivityLog.objects.filter(action="guide.reset").count() == 1
    client.force_login(mentor_bo.user)
    assert _items(_guide_page(client, pair), heading)[0] == (
        "Hvordan fremstår hver av dere på nett, og hvordan vil dere fremstå?"
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"prompts_nb": " \n \n", "prompts_en": "One"},
            "prompts_nb",
            "Skriv minst ett spørsmål, ett på hver linje.",
        ),
        (
            {"prompts_nb": "Ett", "prompts_en": ""},
            "prompts_en",
            "Skriv minst ett spørsmål, ett på hver linje.",
        ),
        (
            {"prompts_nb": "Ett\n" + "x" * 301, "prompts_en": "One"},
            "prompts_nb",
            "Hvert spørsmål kan ha høyst 300 tegn; dette har 301: «" + "x" * 40 + "…»",
        ),
        (
            {"prompts_nb": "\n".join(f"Spørsmål {n}" for n in range(13)), "prompts_en": "One"},
            "prompts_nb",
            "Høyst 12 spørsmål, ett på hver linje.",
        ),
    ],
)
def test_bad_input_re_renders_with_a_message_and_saves_nothing(
    client, cohort, coordinator_cora, data, field, message
):
    client.force_login(coordinator_cora.user)
    url = reverse("gatherings:coordinate-guide-edit", args=[cohort.code, "middle"])
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert GuideText.objects.count() == 0
    assert ActivityLog.objects.filter(action__startswith="guide.").count() == 0


def test_only_coordinators_of_the_programme_year_reach_the_pages(
    client, cohort, pair, branding, coordinator_cora, mentor_bo, outsider_dag, admin_ada
):
    other_initiative = InitiativeFactory(name="Annet")
    elsewhere = running_cohort(other_initiative)
    senior, junior = other_people("ola")
    make_pair(elsewhere, senior, junior)
    other_coordinator = PersonFactory(user__email="olga@o.example")
    other_initiative.coordinators.add(other_coordinator.user)
    other_coordinator.user.is_coordinator = True
    other_coordinator.user.save()

    urls = [
        reverse("gatherings:coordinate-guide", args=[cohort.code]),
        reverse("gatherings:coordinate-guide-edit", args=[cohort.code, "start"]),
        reverse("gatherings:coordinate-guide-edit", args=[cohort.code, f"theme-{branding.code}"]),
    ]
    reset = reverse("gatherings:coordinate-guide-reset", args=[cohort.code, "start"])
    for person in (mentor_bo, outsider_dag, other_coordinator):
        client.force_login(person.user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404], person
        assert client.post(urls[1], {"prompts_nb": "x", "prompts_en": "y"}).status_code == 404
        assert client.post(reset).status_code == 404
    assert GuideText.objects.count() == 0

    # her own coordinator: a theme of another programme year's gathering, an unknown part
    client.force_login(coordinator_cora.user)
    foreign = Gathering.objects.create(
        title="Annen", theme="Scenariotenkning", starts_at=NOW, ends_at=NOW + dt.timedelta(hours=1)
    )
    foreign.cohorts.set([elsewhere])
    for part in (f"theme-{foreign.code}", "later", "theme-nothing"):
        url = reverse("gatherings:coordinate-guide-edit", args=[cohort.code, part])
        assert client.get(url).status_code == 404
    other_url = reverse("gatherings:coordinate-guide", args=[elsewhere.code])
    assert client.get(other_url).status_code == 404
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_copying_the_programme_year_copies_its_own_guide_text(
    client, cohort, branding, coordinator_cora
):
    client.force_login(coordinator_cora.user)
    for part in ("end", f"theme-{branding.code}"):
        client.post(
            reverse("gatherings:coordinate-guide-edit", args=[cohort.code, part]),
            {"prompts_nb": f"Nb {part}", "prompts_en": f"En {part}"},
        )
    copied = copy_programme_year(cohort=cohort, by=coordinator_cora.user)
    assert copied.guides == 2
    texts = GuideText.objects.filter(cohort=copied.cohort).order_by("phase")
    assert [(t.phase, t.theme, t.prompts_nb) for t in texts] == [
        ("", "Personlig merkevarebygging", f"Nb theme-{branding.code}"),
        ("end", "", "Nb end"),
    ]


def test_a_gathering_for_one_role_is_not_the_pairs_theme(
    client, cohort, pair, branding, coordinator_cora, mentee_anne
):
    orientation = Gathering.objects.create(
        title="Hvordan gi ærlige råd oppover",
        theme="Ærlige råd oppover",
        audience="mentor",
        starts_at=NOW - dt.timedelta(days=1),
        ends_at=NOW - dt.timedelta(days=1, hours=-2),
        place="Oslo",
    )
    orientation.cohorts.set([cohort])
    client.force_login(mentee_anne.user)
    page = _guide_page(client, pair)
    assert "Etter samlingen om Personlig merkevarebygging" in page
    assert "Ærlige råd oppover" not in page
    client.force_login(coordinator_cora.user)
    edit = reverse(
        "gatherings:coordinate-guide-edit", args=[cohort.code, f"theme-{orientation.code}"]
    )
    assert client.get(edit).status_code == 404
