"""A company contact nominates people from her own company (executive shadowing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from brobygger.applications.choices import ApplicationStatus, Source
from brobygger.applications.models import Application
from brobygger.applications.selectors.applications import other_role_application
from brobygger.applications.selectors.forms import role_label
from brobygger.applications.services.apply import ensure_applicant
from brobygger.core.emails import send_templated_email
from brobygger.core.services import log_activity
from brobygger.people.models import CompanyContact
from brobygger.programs.kinds import CompanyRule
from brobygger.programs.models import Cohort

if TYPE_CHECKING:
    from brobygger.people.models import User


def accepts_nominations(cohort: Cohort) -> bool:
    """Nominations are for cohorts whose pairs are formed inside one company."""
    return cohort.effective_company_rule() == CompanyRule.SAME and cohort.applications_are_open()


@transaction.atomic
def nominate(
    *,
    contact: CompanyContact,
    cohort: Cohort,
    email: str,
    first_name: str,
    last_name: str,
    job_title: str,
    role: str,
    by: User,
) -> Application:
    """Nominate a colleague; she gets an email, confirms and completes the application."""
    if not accepts_nominations(cohort):
        raise ValidationError(
            _("%(cohort)s does not take nominations now.") % {"cohort": cohort},
            code="closed",
        )
    person = ensure_applicant(email=email, first_name=first_name, last_name=last_name)
    if person.company_id and person.company_id != contact.company_id:
        raise ValidationError(
            {
                "email": _("Only people employed by %(company)s can be nominated by you.")
                % {"company": contact.company}
            },
            code="other_company",
        )
    if Application.objects.filter(cohort=cohort, person=person, role=role).exists():
        raise ValidationError(
            {
                "email": _("%(name)s is already nominated or has applied in this role.")
                % {"name": person}
            },
            code="duplicate",
        )
    other = other_role_application(cohort=cohort, person=person, role=role)
    if other is not None:
        raise ValidationError(
            {
                "email": _("%(name)s has already applied to this programme year as “%(role)s”.")
                % {"name": person, "role": role_label(cohort, other.role)}
            },
            code="other_role",
        )
    if person.company_id is None or not person.job_title:
        person.company = contact.company
        person.job_title = person.job_title or job_title
        person.full_clean()
        person.save(update_fields=["company", "job_title", "updated_at"])
    application = Application(
        cohort=cohort,
        person=person,
        role=role,
        status=ApplicationStatus.NOMINATED,
        source=Source.NOMINATION,
        nominated_by=contact,
    )
    application.full_clean()
    application.save()
    log_activity(actor=by, action="application.nominate", target=application)
    edit_url = reverse("applications:application-edit", args=[application.code])
    send_templated_email(
        to=person.user.email,
        template_prefix="applications/email/nomination",
        context={
            "name": person.user.get_short_name(),
            "contact": contact.person.name,
            "company": contact.company.name,
            "cohort": cohort,
            "deadline": cohort.applications_close_at,
            "url": f"{reverse('account_request_login_code')}?{urlencode({'next': edit_url})}",
        },
        language=person.user.language,
    )
    return application
