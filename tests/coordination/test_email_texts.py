"""E-posttekster: the coordinator writes her programme year's main emails, previews the whole
email in both languages, saves or goes back to the default; copying the year copies them.

Issue "The coordinator runs the whole year herself": editable texts per programme year, with
defaults and named placeholders, in nb and en, previewed before saving.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from brobygger.coordination.services import copy_programme_year
from brobygger.core.models import ActivityLog
from brobygger.programs.email_texts import default_text
from brobygger.programs.models import CohortEmailText
from brobygger.programs.services import save_email_text
from tests.factories import ApplicationFactory

KINDS = [
    "application_received",
    "accepted",
    "waitlisted",
    "not_offered",
    "proposal",
    "matched",
    "invitation",
    "welcome",
]
SIGN_OFF_NB = "Vennlig hilsen Bølge – kvinner i tech (demo)"
SIGN_OFF_EN = "Best regards, Bølge – kvinner i tech (demo)"
# every email to a participant is signed with the programme year's contact person
CONTACT_NB = "Spørsmål? Skriv til Cora Coord, cora@c.example"
CONTACT_EN = "Questions? Write to Cora Coord, cora@c.example"
REFUSED_NB = (
    "«Tekst (norsk)» bruker plassholderen {fornavn}, som ikke finnes i denne e-posten. "
    "Du kan bruke: {first_name}, {programme}, {initiative}, {kickoff}, {closing}, {role}, "
    "{contact_name}, {contact_email}."
)


def _list(cohort):
    return reverse("coordination:email-texts", args=[cohort.code])


def _edit(cohort, kind="accepted"):
    return reverse("coordination:email-text-edit", args=[cohort.code, kind])


def _reset(cohort, kind="accepted"):
    return reverse("coordination:email-text-reset", args=[cohort.code, kind])


def _defaults(kind):
    return {
        f"{part}_{lang}": default_text(kind, part, lang)
        for lang in ("nb", "en")
        for part in ("subject", "body")
    }


@pytest.fixture
def cora(client, coordinator_cora):
    client.force_login(coordinator_cora.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    return client


def test_the_list_shows_each_email_default_or_her_own_with_who_changed_it(
    cora, this_year, coordinator_cora
):
    save_email_text(
        cohort=this_year, kind="welcome", texts={"subject_nb": "Hei!"}, by=coordinator_cora.user
    )

    response = cora.get(_list(this_year))

    rows = response.context["rows"]
    assert [row.kind for row in rows] == KINDS
    assert [(row.kind, row.own is not None) for row in rows if row.own] == [("welcome", True)]
    html = response.content.decode()
    assert html.count("Standard</span>") == 7
    assert html.count("Egen tekst</span>") == 1
    assert "07.12.2026 12:00 av Cora Coord" in html
    assert f'href="{_edit(this_year, "welcome")}"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_reads_in_constant_queries(
    cora, this_year, coordinator_cora, count, django_assert_num_queries
):
    for kind in KINDS[:count]:
        save_email_text(
            cohort=this_year, kind=kind, texts={"subject_nb": "Egen"}, by=coordinator_cora.user
        )
    with django_assert_num_queries(6):
        response = cora.get(_list(this_year))
    assert sum(1 for row in response.context["rows"] if row.own) == count


def test_the_edit_page_starts_from_the_default_and_lists_the_placeholders(cora, this_year):
    response = cora.get(_edit(this_year, "proposal"))

    form = response.context["form"]
    assert {name: form[name].value() for name in form.fields} == _defaults("proposal")
    assert [p.token for p in response.context["placeholders"]] == [
        "{first_name}",
        "{programme}",
        "{initiative}",
        "{kickoff}",
        "{closing}",
        "{role}",
        "{partner_name}",
        "{contact_name}",
        "{contact_email}",
    ]
    html = response.content.decode()
    assert "<code>{partner_name}</code></dt><dd>Fullt navn på den andre i paret.</dd>" in html
    assert "Tilbakestill til standard" not in html  # nothing to reset


def test_preview_shows_the_whole_email_in_both_languages_and_saves_nothing(
    cora, this_year, mentee_anne
):
    ApplicationFactory(cohort=this_year, person=mentee_anne, role="mentee")
    data = {
        **_defaults("accepted"),
        "subject_nb": "Gratulerer, {first_name}!",
        "body_nb": "Hei {first_name},\n\nDu er {role} i {programme} fra {kickoff}.",
        "action": "preview",
    }

    response = cora.post(_edit(this_year), data)

    page = reverse("programs:cohort-detail", args=[this_year.code])
    site = settings.SITE_URL.rstrip("/")
    assert [(p.language, p.recipient, p.subject, p.body) for p in response.context["previews"]] == [
        (
            "nb",
            "Anne Aas",
            "Gratulerer, Anne!",
            "Hei Anne,\n\nDu er mentee (senior) i Reverse Mentoring 2026–2027 fra "
            "3. september 2026.\n\n"
            f"Her er programåret med datoer og samlinger:\n{site}{page}\n\n"
            f"{SIGN_OFF_NB}\n{CONTACT_NB}\n",
        ),
        (
            "en",
            "Anne Aas",
            "You have a place in Reverse Mentoring 2026–2027",
            "Hi Anne,\n\nWe are glad to tell you that your application to Reverse Mentoring "
            "2026–2027 as mentee (the senior) has been accepted.\n\n"
            "We will be in touch before matching with the next steps.\n\n"
            f"The programme year, with its dates and gatherings:\n{site}{page}\n\n"
            f"{SIGN_OFF_EN}\n{CONTACT_EN}\n",
        ),
    ]
    assert "Gratulerer, Anne!" in response.content.decode()
    assert response.context["form"]["subject_nb"].value() == "Gratulerer, {first_name}!"
    assert CohortEmailText.objects.count() == 0


def test_without_applicants_the_preview_writes_to_kari_nordmann(cora, this_year):
    response = cora.post(_edit(this_year, "matched"), {**_defaults("matched"), "action": "preview"})

    nb = response.context["previews"][0]
    assert (nb.recipient, nb.subject) == (
        "Kari Nordmann",
        "Dere er satt sammen i Reverse Mentoring",
    )
    assert nb.body.startswith(
        "Hei Kari,\n\nDere er satt sammen som par! I Reverse Mentoring 2026–2027 deltar du som "
        "mentee (senior) sammen med Ola Nordmann."
    )


def test_save_keeps_her_text_logs_it_and_goes_back_to_the_list(cora, this_year, coordinator_cora):
    data = {**_defaults("accepted"), "subject_en": "Welcome aboard, {first_name}!"}

    response = cora.post(_edit(this_year), {**data, "action": "save"})

    assert response.status_code == 302
    assert response["Location"] == _list(this_year)
    row = CohortEmailText.objects.get()
    assert (row.cohort, row.kind, row.updated_by) == (this_year, "accepted", coordinator_cora.user)
    assert (row.subject_nb, row.body_nb, row.subject_en, row.body_en) == (
        "",
        "",
        "Welcome aboard, {first_name}!",
        "",
    )
    log = ActivityLog.objects.get(action="cohort.email_text")
    assert (log.actor, log.data) == (
        coordinator_cora.user,
        {"kind": "accepted", "languages": ["en"]},
    )
    again = cora.get(_edit(this_year))
    assert again.context["form"]["subject_en"].value() == "Welcome aboard, {first_name}!"
    assert again.context["form"]["subject_nb"].value() == default_text("accepted", "subject", "nb")


@pytest.mark.parametrize("action", ["save", "preview"])
def test_an_unknown_placeholder_is_shown_on_its_field_and_nothing_is_saved(cora, this_year, action):
    data = {**_defaults("accepted"), "body_nb": "Hei {fornavn}!", "action": action}

    response = cora.post(_edit(this_year), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"body_nb": [REFUSED_NB]}
    assert response.context["previews"] == []
    assert REFUSED_NB in response.content.decode()
    assert CohortEmailText.objects.count() == 0
    assert not ActivityLog.objects.filter(action="cohort.email_text").exists()


def test_reset_to_default_removes_her_text(cora, this_year, coordinator_cora):
    save_email_text(
        cohort=this_year, kind="accepted", texts={"subject_nb": "Egen"}, by=coordinator_cora.user
    )
    page = cora.get(_edit(this_year)).content.decode()
    assert "Tilbakestill til standard" in page

    response = cora.post(_reset(this_year))

    assert response["Location"] == _edit(this_year)
    assert CohortEmailText.objects.count() == 0
    form = cora.get(_edit(this_year)).context["form"]
    assert {name: form[name].value() for name in form.fields} == _defaults("accepted")
    assert ActivityLog.objects.filter(action="cohort.email_text_reset").count() == 1


def test_an_unknown_email_is_404(cora, this_year):
    assert cora.get(_edit(this_year, "call-for-applications")).status_code == 404


@pytest.mark.parametrize(
    "persona", ["coordinator_olga", "contact_hege", "mentee_anne", "outsider_dag"]
)
def test_nobody_but_the_initiatives_coordinators_sees_or_changes_the_texts(
    client, request, this_year, coordinator_cora, persona
):
    save_email_text(
        cohort=this_year, kind="accepted", texts={"subject_nb": "Egen"}, by=coordinator_cora.user
    )
    ApplicationFactory(cohort=this_year, person=request.getfixturevalue("mentee_anne"))
    client.force_login(request.getfixturevalue(persona).user)
    data = {**_defaults("accepted"), "subject_nb": "Hacket", "action": "save"}

    answers = [
        client.get(_list(this_year)).status_code,
        client.get(_edit(this_year)).status_code,
        client.post(_edit(this_year), data).status_code,
        client.post(_reset(this_year)).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert list(CohortEmailText.objects.values_list("subject_nb", flat=True)) == ["Egen"]


def test_a_network_admin_may_edit_them(client, this_year, admin_ada):
    client.force_login(admin_ada.user)
    assert client.get(_list(this_year)).status_code == 200
    assert client.get(_edit(this_year)).context["cohort"] == this_year


def test_the_set_up_page_links_to_them(cora, this_year):
    setup = cora.get(reverse("coordination:cohort-edit", args=[this_year.code])).content.decode()
    assert f'href="{_list(this_year)}"' in setup


def test_copying_the_year_copies_her_texts(this_year, coordinator_cora):
    save_email_text(
        cohort=this_year,
        kind="welcome",
        texts={"subject_nb": "Velkommen, {first_name}!", "body_en": "Hi {first_name}!"},
        by=coordinator_cora.user,
    )
    save_email_text(
        cohort=this_year, kind="accepted", texts={"body_nb": "Ja!"}, by=coordinator_cora.user
    )

    result = copy_programme_year(cohort=this_year, by=coordinator_cora.user)

    copied = CohortEmailText.objects.filter(cohort=result.cohort).order_by("kind")
    assert [(t.kind, t.subject_nb, t.body_nb, t.subject_en, t.body_en) for t in copied] == [
        ("accepted", "", "Ja!", "", ""),
        ("welcome", "Velkommen, {first_name}!", "", "", "Hi {first_name}!"),
    ]
    assert result.email_texts == 2
    assert CohortEmailText.objects.filter(cohort=this_year).count() == 2  # the old year keeps its
    assert ActivityLog.objects.get(action="cohort.copy").data["email_texts"] == 2


def test_a_gathering_invitation_uses_the_programme_years_own_text(
    this_year, coordinator_cora, mentee_anne, django_capture_on_commit_callbacks
):
    """The invitation to the joint kickoff: the programme year's own words, the time, the
    place and the personal reply link kept by the template."""
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from brobygger.gatherings.models import Gathering
    from brobygger.gatherings.selectors import invitation_mailing
    from brobygger.gatherings.services import send_invitations
    from tests.pairs.helpers import make_pair, other_people

    save_email_text(
        cohort=this_year,
        kind="invitation",
        texts={
            "subject_nb": "Velkommen til {gathering}!",
            "body_nb": "Kjære {first_name},\n\nVi gleder oss til {gathering} {gathering_time}.",
        },
        by=coordinator_cora.user,
    )
    senior, young = other_people("inv")
    make_pair(this_year, senior, young)
    starts = timezone.make_aware(dt.datetime(2027, 2, 4, 17, 0))
    kickoff = Gathering.objects.create(
        title="Felles oppstart", starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        place="Oslo",
    )  # fmt: skip
    kickoff.cohorts.set([this_year])
    plan = invitation_mailing(kickoff, this_year)

    with django_capture_on_commit_callbacks(execute=True):
        send_invitations(gathering=kickoff, cohort=this_year, token=plan.token, by=None)

    first = sorted(mail.outbox, key=lambda m: m.to[0])[0]
    assert first.subject == "Velkommen til Felles oppstart!"
    lines = first.body.splitlines()
    assert lines[:3] == [
        "Kjære invJunior,",
        "",
        "Vi gleder oss til Felles oppstart 4. februar 2027 kl. 17:00.",
    ]
    assert "Oslo" in lines
    from django.urls import reverse

    rsvp_prefix = reverse("gatherings:rsvp-link", args=[kickoff.code, "x"])[:-2]
    assert len([line for line in lines if rsvp_prefix in line]) == 1  # the reply link is kept
