"""Writing an import: all rows or none, re-import updates, email matched case-insensitively."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from brobygger.applications.io.importing import Counts, UnknownValue, build_preview
from brobygger.applications.models import Answer, Application
from brobygger.applications.selectors.imports import import_lookups
from brobygger.applications.services.imports import import_applicants
from brobygger.core.models import ActivityLog
from brobygger.people.models import Company, Person, User
from tests.factories import ApplicationFactory, TopicFactory

HEADER = "email;name;company;role;birth_year;job_title;city;topics;goals;strengths;capacity"
ROWS = (
    "kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968;Direktør;Bergen;ai;"
    "Forstå KI;;\n"
    "ola@x.example;Ola Nordmann;Skarven Software AS;mentor;1999;Utvikler;Oslo;ai, ledelse;;"
    "Forklarer enkelt;2\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def topics(db):
    return [
        TopicFactory(slug="ai", name="Kunstig intelligens", name_en="Artificial intelligence"),
        TopicFactory(slug="ledelse", name="Ledelse", name_en="Leadership"),
    ]


def preview_for(cohort, text: str):
    return build_preview(text.encode(), lookups=import_lookups(cohort))


def answers(application) -> dict[str, object]:
    return {
        answer.question.matching_field: answer.value
        for answer in Answer.objects.filter(application=application).select_related("question")
    }


def test_import_creates_people_applications_and_answers(
    open_cohort, company_a, company_b, coordinator_cora, topics
):
    counts = import_applicants(
        cohort=open_cohort,
        preview=preview_for(open_cohort, HEADER + "\n" + ROWS),
        confirm_companies=set(),
        by=coordinator_cora.user,
    )
    assert counts == Counts(
        rows=2, new_people=2, updated_people=0, new_applications=2, updated_applications=0
    )
    kari = Person.objects.get(user__email="kari@x.example")
    assert (kari.user.first_name, kari.user.last_name, kari.company, kari.birth_year) == (
        "Kari",
        "Nordmann",
        company_a,
        1968,
    )
    assert kari.user.has_usable_password() is False
    application = Application.objects.get(person=kari)
    assert (application.role, application.source, application.status, application.capacity) == (
        "mentee",
        "import",
        "submitted",
        1,
    )
    assert application.submitted_at is not None
    assert answers(application) == {"topics": ["ai"], "text": "Forstå KI"}
    ola = Application.objects.get(person__user__email="ola@x.example")
    assert (ola.role, ola.capacity) == ("mentor", 2)
    assert answers(ola) == {"topics": ["ai", "ledelse"], "text": "Forklarer enkelt"}
    log = ActivityLog.objects.get(action="applications.import")
    assert (log.actor, log.target, log.data) == (
        coordinator_cora.user,
        open_cohort,
        {
            "rows": 2,
            "new_people": 2,
            "updated_people": 0,
            "new_applications": 2,
            "updated_applications": 0,
            "new_companies": [],
            "mapped_values": [],
        },
    )


def test_importing_the_same_file_twice_updates(open_cohort, company_a, company_b, topics):
    import_applicants(
        cohort=open_cohort,
        preview=preview_for(open_cohort, HEADER + "\n" + ROWS),
        confirm_companies=set(),
        by=None,
    )
    changed = ROWS.replace("Direktør;Bergen", "Konsernsjef;Stavanger").replace(
        "Forstå KI", "Lede med KI"
    )
    again = preview_for(open_cohort, HEADER + "\n" + changed)
    assert again.counts == Counts(
        rows=2, new_people=0, updated_people=2, new_applications=0, updated_applications=2
    )
    counts = import_applicants(cohort=open_cohort, preview=again, confirm_companies=set(), by=None)
    assert counts == again.counts
    assert (User.objects.count(), Person.objects.count(), Application.objects.count()) == (2, 2, 2)
    kari = Person.objects.get(user__email="kari@x.example")
    assert (kari.job_title, kari.city) == ("Konsernsjef", "Stavanger")
    assert answers(Application.objects.get(person=kari)) == {
        "topics": ["ai"],
        "text": "Lede med KI",
    }
    assert Answer.objects.count() == 4


def test_email_is_matched_case_insensitively(open_cohort, mentee_anne, company_a):
    ApplicationFactory(cohort=open_cohort, person=mentee_anne, role="mentee", capacity=1)
    text = (
        "email;name;company;role;birth_year;capacity\n"
        "ANNE@A.Example;Anne Aas;Nordlys Kraft AS;mentee;1966;3\n"
    )
    preview = preview_for(open_cohort, text)
    assert preview.counts == Counts(
        rows=1, new_people=0, updated_people=1, new_applications=0, updated_applications=1
    )
    import_applicants(cohort=open_cohort, preview=preview, confirm_companies=set(), by=None)
    assert User.objects.filter(email__iexact="anne@a.example").count() == 1
    application = Application.objects.get(person=mentee_anne)
    assert (application.capacity, application.source) == (3, "self")
    mentee_anne.user.refresh_from_db()
    assert mentee_anne.user.has_usable_password() is True


def test_blank_cells_leave_existing_values(open_cohort, mentee_anne, company_a):
    text = (
        "email;name;company;role;birth_year;job_title;city\n"
        "anne@a.example;Anne Aas;Nordlys Kraft AS;mentee;1966;;\n"
    )
    import_applicants(
        cohort=open_cohort, preview=preview_for(open_cohort, text), confirm_companies=set(), by=None
    )
    mentee_anne.refresh_from_db()
    assert (mentee_anne.job_title, mentee_anne.city) == ("Direktør HR", "Oslo")


def test_unknown_company_is_created_only_when_confirmed(open_cohort, company_a):
    text = (
        "email;name;company;role;birth_year\n"
        "ny@x.example;Ny Person;Fjordkraft  Data AS;mentor;1999\n"
    )
    preview = preview_for(open_cohort, text)
    assert preview.new_companies == ["Fjordkraft Data AS"]
    with pytest.raises(ValidationError) as error:
        import_applicants(cohort=open_cohort, preview=preview, confirm_companies=set(), by=None)
    assert error.value.messages == [
        "Confirm the new companies before importing: Fjordkraft Data AS."
    ]
    assert (Company.objects.filter(name__icontains="fjordkraft").count(), User.objects.count()) == (
        0,
        0,
    )
    import_applicants(
        cohort=open_cohort,
        preview=preview,
        confirm_companies={"fjordkraft data as"},
        by=None,
    )
    company = Company.objects.get(name="Fjordkraft Data AS")
    assert (company.is_partner, Person.objects.get().company) == (False, company)


def test_a_preview_with_problems_writes_nothing(open_cohort, company_a):
    text = (
        "email;name;company;role;birth_year\n"
        "ok@x.example;Ok P;Nordlys Kraft AS;mentee;1968\nbad;B P;Nordlys Kraft AS;mentee;1968\n"
    )
    preview = preview_for(open_cohort, text)
    with pytest.raises(ValidationError) as error:
        import_applicants(cohort=open_cohort, preview=preview, confirm_companies=set(), by=None)
    assert error.value.messages == ["The file has problems; nothing was imported."]
    assert (User.objects.count(), Application.objects.count(), ActivityLog.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_row_the_models_refuse_rolls_back_every_row(open_cohort, company_a):
    """All or nothing: a value only the model catches undoes the rows already written."""
    text = (
        "email;name;company;role;birth_year\n"
        "ok@x.example;Ok P;Nordlys Kraft AS;mentee;1968\n"
        "two@x.example;Two P;Nordlys Kraft AS;mentee;1968\n"
    )
    preview = preview_for(open_cohort, text)
    tampered = replace(preview, rows=[preview.rows[0], replace(preview.rows[1], capacity=50)])
    with pytest.raises(ValidationError):
        import_applicants(cohort=open_cohort, preview=tampered, confirm_companies=set(), by=None)
    assert (User.objects.count(), Person.objects.count(), Application.objects.count()) == (0, 0, 0)


def test_availability_column_is_stored_as_slot_codes(open_cohort, company_a, coordinator_cora):
    text = (
        "email;name;company;role;birth_year;Når kan du møtes\n"
        'kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968;"Lunsj; etter jobb, early"\n'
    )
    preview = preview_for(open_cohort, text)
    assert preview.problems == []
    import_applicants(
        cohort=open_cohort, preview=preview, confirm_companies=set(), by=coordinator_cora.user
    )
    application = Application.objects.get(person__user__email="kari@x.example")
    assert answers(application) == {"availability": ["lunch", "after_work", "early"]}


def test_an_unknown_time_to_meet_waits_for_a_mapping_and_nothing_is_written(open_cohort, company_a):
    text = (
        "email;name;company;role;birth_year;availability\n"
        "kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968;lunch, weekends\n"
    )
    preview = preview_for(open_cohort, text)
    assert preview.problems == []
    assert preview.unknown_values == [
        UnknownValue("availability", "availability", "weekends", "weekends", (2,), None)
    ]
    with pytest.raises(ValidationError) as error:
        import_applicants(cohort=open_cohort, preview=preview, confirm_companies=set(), by=None)
    assert error.value.messages == [
        "Choose what each value outside our lists means; nothing was imported."
    ]
    assert Person.objects.filter(user__email="kari@x.example").count() == 0
