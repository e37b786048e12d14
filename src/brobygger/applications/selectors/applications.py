"""The applicant's own applications: the only way applicant views fetch them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus
from brobygger.applications.models import Answer, Application

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import Person, User
    from brobygger.programs.models import Cohort


def applications_of(user: User | AnonymousUser) -> QuerySet[Application]:
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(person__user=user).select_related(
        "cohort__initiative", "person__user"
    )


def get_own_application(user: User | AnonymousUser, code: Any) -> Application:
    """The user's own application; someone else's answers 404."""
    application = applications_of(user).filter(code=code).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def existing_application(
    user: User | AnonymousUser, cohort_id: int, role: str
) -> Application | None:
    return applications_of(user).filter(cohort_id=cohort_id, role=role).first()


def answers_by_question(application: Application) -> dict[int, Any]:
    return dict(Answer.objects.filter(application=application).values_list("question_id", "value"))


def other_role_application(*, cohort: Cohort, person: Person, role: str) -> Application | None:
    """Her application to ``cohort`` in the other role, unless withdrawn: one person takes
    part in a programme year in one role only (as mentor and mentee at once she could be
    paired with herself, and would take two places)."""
    return (
        Application.objects.filter(cohort=cohort, person=person)
        .exclude(role=role)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .first()
    )
