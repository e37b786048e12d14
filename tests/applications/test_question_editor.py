"""The coordinator edits her application form's questions in the app: add, edit, delete,
move up and down. Once applications are in, nothing that would break answers changes."""

import pytest
from django.urls import reverse

from brobygger.applications.models import Question
from brobygger.applications.services.forms import create_default_form
from brobygger.core.models import ActivityLog
from tests.factories import AnswerFactory, ApplicationFactory, CohortFactory, InitiativeFactory


def _labels(cohort, role="mentee"):
    return list(
        Question.objects.filter(cohort=cohort, role=role)
        .order_by("order", "pk")
        .values_list("order", "label")
    )


@pytest.fixture
def form(open_cohort):
    create_default_form(cohort=open_cohort, by=None)
    return open_cohort


@pytest.fixture
def ask(client, coordinator_cora):
    client.force_login(coordinator_cora.user)

    def post(name, *args, data=None):
        return client.post(
            reverse(f"applications:{name}", args=args), data or {}, HTTP_ACCEPT_LANGUAGE="nb"
        )

    return post


def _question(cohort, label, role="mentee"):
    return Question.objects.get(cohort=cohort, role=role, label=label)


QUESTION = {
    "label": "Hvordan hørte du om programmet?",
    "label_en": "How did you hear about the programme?",
    "help_text": "Velg det som passer best.",
    "help_text_en": "Pick the one that fits best.",
    "kind": "single",
    "choices": "Fra en kollega\nLinkedIn\n\nNettsiden ",
    "required": "on",
}


def test_a_question_is_added_at_the_end_of_its_role(form, ask, coordinator_cora):
    response = ask("question-add", form.code, "mentee", data=QUESTION)

    assert response.url == reverse("applications:form-overview", args=[form.code])
    added = _question(form, "Hvordan hørte du om programmet?")
    assert (added.order, added.kind, added.choices, added.required, added.help_text_en) == (
        5,
        "single",
        ["Fra en kollega", "LinkedIn", "Nettsiden"],
        True,
        "Pick the one that fits best.",
    )
    assert len(_labels(form, "mentor")) == 5
    log = ActivityLog.objects.get(action="form.question.add")
    assert (log.actor, log.data["role"]) == (coordinator_cora.user, "mentee")


def test_a_choice_question_needs_two_options(form, ask):
    response = ask("question-add", form.code, "mentee", data={**QUESTION, "choices": "Bare én"})

    assert response.context["form"].errors == {
        "choices": ["Gi minst to alternativer, ett per linje."]
    }
    assert len(_labels(form)) == 4


def test_questions_move_up_and_down(form, ask):
    values = _question(form, "Hvilke verdier er viktigst for deg i arbeidslivet?")
    first = _labels(form)

    ask("question-move", form.code, values.pk, data={"direction": "up"})
    moved_up = _labels(form)
    ask("question-move", form.code, values.pk, data={"direction": "down"})
    ask("question-move", form.code, values.pk, data={"direction": "down"})

    assert [label for _order, label in moved_up] == [
        first[0][1],
        first[2][1],
        first[1][1],
        first[3][1],
    ]
    assert [label for _order, label in _labels(form)] == [
        first[0][1],
        first[1][1],
        first[3][1],
        first[2][1],
    ]
    assert [order for order, _label in _labels(form)] == [1, 2, 3, 4]


def test_the_last_question_does_not_move_further_down(form, ask):
    before = _labels(form)
    last = _question(form, before[-1][1])

    ask("question-move", form.code, last.pk, data={"direction": "down"})

    assert _labels(form) == before


def test_a_question_is_made_required_and_its_help_text_edited(form, ask):
    question = _question(form, "Hvilke verdier er viktigst for deg i arbeidslivet?")
    data = {
        "label": question.label,
        "label_en": question.label_en,
        "help_text": "Velg inntil tre verdier.",
        "help_text_en": "Pick up to three values.",
        "kind": question.kind,
        "choices": "",
        "required": "on",
    }

    ask("question-edit", form.code, question.pk, data=data)

    question.refresh_from_db()
    assert (question.required, question.help_text, question.help_text_en) == (
        True,
        "Velg inntil tre verdier.",
        "Pick up to three values.",
    )


@pytest.fixture
def answered(form, mentee_anne):
    """Anne has applied and answered the goals question."""
    application = ApplicationFactory(cohort=form, person=mentee_anne, role="mentee")
    goals = _question(form, "Hva er målene dine for programåret?")
    AnswerFactory(application=application, question=goals, value="Forstå KI")
    return goals


def _edit_data(question, **changes):
    return {
        "label": question.label,
        "label_en": question.label_en,
        "help_text": question.help_text,
        "help_text_en": question.help_text_en,
        "kind": question.kind,
        "choices": "\n".join(question.choices),
        **({"required": "on"} if question.required else {}),
        **changes,
    }


def test_once_applications_are_in_the_wording_may_change_but_not_the_type(form, ask, answered):
    other = Question.objects.create(
        cohort=form, role="mentee", kind="short_text", label="Stilling?", order=9
    )

    wording = ask(
        "question-edit",
        form.code,
        answered.pk,
        data=_edit_data(answered, label="Hva vil du oppnå i løpet av året?"),
    )
    kind = ask("question-edit", form.code, other.pk, data=_edit_data(other, kind="text"))

    answered.refresh_from_db()
    other.refresh_from_db()
    assert wording.status_code == 302
    assert answered.label == "Hva vil du oppnå i løpet av året?"
    assert kind.context["form"].errors == {
        "kind": [
            "Det er sendt inn søknader: svartypen til et spørsmål kan ikke lenger endres, "
            "ellers ville svarene ikke passe. Legg heller til et nytt spørsmål."
        ]
    }
    assert other.kind == "short_text"


def test_a_question_used_for_matching_keeps_its_type(form, ask):
    goals = _question(form, "Hva er målene dine for programåret?")

    response = ask("question-edit", form.code, goals.pk, data=_edit_data(goals, kind="short_text"))

    assert response.context["form"].errors == {
        "kind": ["Dette spørsmålet brukes i matchingen: svartypen kan ikke endres."]
    }
    goals.refresh_from_db()
    assert goals.kind == "text"


def test_an_answered_option_cannot_be_removed_but_options_can_be_added(form, ask, mentee_anne):
    question = Question.objects.create(
        cohort=form,
        role="mentee",
        kind="single",
        label="Kanal?",
        choices=["A", "B"],
        order=9,
    )
    application = ApplicationFactory(cohort=form, person=mentee_anne, role="mentee")
    AnswerFactory(application=application, question=question, value="A")

    removed = ask(
        "question-edit", form.code, question.pk, data=_edit_data(question, choices="B\nC")
    )
    added = ask(
        "question-edit", form.code, question.pk, data=_edit_data(question, choices="A\nB\nC")
    )

    assert removed.context["form"].errors == {
        "choices": [
            "Noen har svart på dette spørsmålet: du kan legge til alternativer, men ikke fjerne "
            "eller gi nytt navn til dem. Legg tilbake: A."
        ]
    }
    assert added.status_code == 302
    question.refresh_from_db()
    assert question.choices == ["A", "B", "C"]


def test_deleting_an_answered_question_is_refused(client, form, ask, answered):
    response = ask("question-delete", form.code, answered.pk)

    assert Question.objects.filter(pk=answered.pk).exists()
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == [
        "«Hva er målene dine for programåret?» har svar og kan ikke slettes: søknadene som "
        "svarte på det, ville miste svarene. Endre heller ordlyden."
    ]


def test_an_unanswered_question_is_deleted_and_the_rest_close_up(form, ask):
    question = _question(form, "Hva er målene dine for programåret?")

    ask("question-delete", form.code, question.pk)

    assert [order for order, _label in _labels(form)] == [1, 2, 3]
    assert not Question.objects.filter(pk=question.pk).exists()
    assert ActivityLog.objects.filter(action="form.question.delete").count() == 1


@pytest.fixture
def other_form(db):
    """Another initiative's draft with its own form: it must not leak."""
    coordinator = InitiativeFactory(kind="classic", slug="mentorprogram", name="Mentorprogram")
    cohort = CohortFactory(initiative=coordinator, title="Hemmelig", status="draft")
    create_default_form(cohort=cohort, by=None)
    return cohort


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator_cora", 200),
        ("contact_hege", 404),
        ("mentee_anne", 404),
        ("outsider_dag", 404),
        ("admin_ada", 200),
    ],
)
def test_only_the_initiatives_coordinators_and_admins_edit_questions(
    client, request, form, other_form, persona, expected
):
    question = Question.objects.filter(cohort=form).first()
    client.force_login(request.getfixturevalue(persona).user)

    pages = [
        client.get(reverse("applications:question-add", args=[form.code, "mentee"])),
        client.get(reverse("applications:question-edit", args=[form.code, question.pk])),
    ]
    before = _labels(form)
    posts = [
        client.post(reverse("applications:question-delete", args=[form.code, question.pk])),
        client.post(reverse("applications:question-move", args=[form.code, question.pk])),
    ]

    assert [p.status_code for p in pages] == [expected, expected]
    if expected == 404:
        assert [p.status_code for p in posts] == [404, 404]
        assert _labels(form) == before


def test_a_question_of_another_cohort_answers_404_under_her_own(
    client, coordinator_cora, form, other_form
):
    foreign = Question.objects.filter(cohort=other_form).first()
    client.force_login(coordinator_cora.user)

    edit = client.get(reverse("applications:question-edit", args=[form.code, foreign.pk]))
    delete = client.post(reverse("applications:question-delete", args=[form.code, foreign.pk]))

    assert (edit.status_code, delete.status_code) == (404, 404)
    assert Question.objects.filter(pk=foreign.pk).exists()


def test_an_unknown_role_answers_404(client, coordinator_cora, form):
    client.force_login(coordinator_cora.user)

    response = client.get(reverse("applications:question-add", args=[form.code, "boss"]))

    assert response.status_code == 404
