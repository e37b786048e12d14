"""``manage.py import_applicants``: the same preview, writes only with --commit, exit 0 or 2."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from brobygger.applications.models import Application
from brobygger.people.models import Company

GOOD = (
    "email;name;company;role;birth_year\n"
    "kari@x.example;Kari Nordmann;Nordlys Kraft AS;mentee;1968\n"
    "ola@x.example;Ola Nordmann;Nordlys Kraft AS;mentor;1999\n"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(*args) -> str:
    out = StringIO()
    call_command("import_applicants", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "søkere.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    return path


def test_dry_run_prints_the_preview_and_writes_nothing(open_cohort, company_a, good_file):
    out = run(str(open_cohort.code), str(good_file))
    assert out.splitlines() == [
        "2 rows. People: 2 new, 0 updated. Applications: 2 new, 0 updated.",
        "Dry run: nothing was written. Add --commit to import.",
    ]
    assert Application.objects.count() == 0


def test_commit_writes_and_the_cohort_may_be_named_by_slug_and_title(
    open_cohort, company_a, good_file
):
    out = run("reverse-mentoring/2027", str(good_file), "--commit")
    assert out.splitlines()[-1] == "Imported 2 rows into Reverse Mentoring 2027."
    assert Application.objects.filter(cohort=open_cohort, source="import").count() == 2
    again = run("reverse-mentoring/2027", str(good_file), "--commit")
    assert (
        again.splitlines()[0] == "2 rows. People: 0 new, 2 updated. Applications: 0 new, 2 updated."
    )
    assert Application.objects.count() == 2


def test_problems_exit_with_code_2(open_cohort, company_a, tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text(GOOD + "feil;Feil P;Nordlys Kraft AS;mentee;1968\n")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_applicants", str(open_cohort.code), str(path), "--commit", stdout=out)
    assert (error.value.returncode, str(error.value)) == (
        2,
        "The file has problems; nothing was imported.",
    )
    assert out.getvalue().splitlines() == [
        "Row 4, column “email”, value “feil”: "
        "Expected an email address such as kari.nordmann@example.no."
    ]
    assert Application.objects.count() == 0


def test_new_companies_need_create_companies(open_cohort, tmp_path):
    path = tmp_path / "ny.csv"
    path.write_text(GOOD.replace("Nordlys Kraft AS", "Havbruk Data AS"))
    assert "New companies: Havbruk Data AS." in run(str(open_cohort.code), str(path))
    with pytest.raises(CommandError) as error:
        run(str(open_cohort.code), str(path), "--commit")
    assert (error.value.returncode, str(error.value)) == (
        2,
        "Confirm the new companies before importing: Havbruk Data AS. "
        "Add --create-companies to create them.",
    )
    assert (Company.objects.count(), Application.objects.count()) == (0, 0)
    run(str(open_cohort.code), str(path), "--commit", "--create-companies")
    assert (Company.objects.get().name, Application.objects.count()) == ("Havbruk Data AS", 2)


def test_unknown_cohort(db, good_file):
    with pytest.raises(CommandError) as error:
        run("nope/2027", str(good_file))
    assert (error.value.returncode, str(error.value)) == (1, "No cohort “nope/2027”.")


@pytest.mark.django_db(transaction=True)
def test_exit_codes_from_the_shell(open_cohort, company_a, good_file, tmp_path):
    """Through the real entry point: 0 when clean, 2 with problems (as scripts see it).

    The entry point closes database connections when it finishes, as it does for a real
    script; a transactional test database survives that.
    """
    from django.core.management import ManagementUtility

    bad = tmp_path / "tom.csv"
    bad.write_bytes(b"")
    codes = []
    for path in (good_file, bad):
        try:
            ManagementUtility(
                ["manage.py", "import_applicants", str(open_cohort.code), str(path)]
            ).execute()
            codes.append(0)
        except SystemExit as exit_:
            codes.append(exit_.code)
    assert codes == [0, 2]
