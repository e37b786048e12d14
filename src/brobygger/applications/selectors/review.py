"""Reads of the coordinator's side: the review list, one application, the cohort overview.

Only submitted applications are reviewable; withdrawn ones are listed (flagged, not
decidable); drafts and nominations are counted, never shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobygger.applications.choices import (
    CHOICE_VOCABULARIES,
    ApplicationStatus,
    Decision,
    MatchingField,
    QuestionKind,
)
from brobygger.applications.models import Answer, Application, Question, Review, Topic
from brobygger.core.mailings import MailingPlan, PlannedEmail
from brobygger.people.models import Company
from brobygger.programs.kinds import role_label
from brobygger.programs.models import COHORT_ORDER, Cohort
from brobygger.programs.selectors import can_coordinate, cohorts_coordinated_by, reply_address
from brobygger.programs.status import CohortStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from brobygger.people.models import User

REVIEWABLE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
DECIDED = (Decision.ACCEPTED, Decision.WAITLISTED, Decision.REJECTED)

# The review list's "status" filter: the decision of a submitted application, or withdrawn.
STATUS_FILTERS: dict[str, Q] = {
    Decision.PENDING: Q(status=ApplicationStatus.SUBMITTED, decision=Decision.PENDING),
    Decision.ACCEPTED: Q(status=ApplicationStatus.SUBMITTED, decision=Decision.ACCEPTED),
    Decision.WAITLISTED: Q(status=ApplicationStatus.SUBMITTED, decision=Decision.WAITLISTED),
    Decision.REJECTED: Q(status=ApplicationStatus.SUBMITTED, decision=Decision.REJECTED),
    ApplicationStatus.WITHDRAWN: Q(status=ApplicationStatus.WITHDRAWN),
}
NOT_SCORED = "none"


# -- who coordinates ----------------------------------------------------------------


def coordinates_any(user: User | AnonymousUser) -> bool:
    """Whether the user coordinates at least one initiative (one query at most)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.coordinated_initiatives.exists()


def can_see_sensitive(user: User | AnonymousUser, application: Application) -> bool:
    """Answers to sensitive questions are for the initiative's coordinators only."""
    return can_coordinate(user, application.cohort.initiative)


# -- the coordinator's cohorts --------------------------------------------------------


def _count(**conditions: Any) -> Coalesce:
    """The cohort's applications meeting ``conditions``, of people not erased: a correlated
    subquery per count, not a join with GROUP BY, so that the overview's own subqueries (its
    pair counts) run once per programme year instead of once per application."""
    applications = (
        Application.objects.filter(
            cohort=OuterRef("pk"), person__erased_at__isnull=True, **conditions
        )
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(applications, output_field=IntegerField()), 0)


def cohorts_for_review(user: User | AnonymousUser) -> QuerySet[Cohort]:
    """The cohorts the user coordinates, each with counts of applications per state (the
    coordination overview adds its pairs: ``coordination.selectors.cohorts_overview``)."""
    submitted = ApplicationStatus.SUBMITTED
    return (
        cohorts_coordinated_by(user)
        .annotate(
            n_nominated=_count(status=ApplicationStatus.NOMINATED),
            n_draft=_count(status=ApplicationStatus.DRAFT),
            n_pending=_count(status=submitted, decision=Decision.PENDING),
            n_accepted=_count(status=submitted, decision=Decision.ACCEPTED),
            n_waitlisted=_count(status=submitted, decision=Decision.WAITLISTED),
            n_rejected=_count(status=submitted, decision=Decision.REJECTED),
            n_withdrawn=_count(status=ApplicationStatus.WITHDRAWN),
            n_unreleased=_count(
                status=submitted, decision__in=DECIDED, decision_released_at__isnull=True
            ),
        )
        .order_by(*COHORT_ORDER)
    )  # a query with aggregates ignores Meta.ordering


def get_cohort_for_review(user: User | AnonymousUser, code: Any) -> Cohort:
    """A cohort the user coordinates, with the counts of :func:`cohorts_for_review`; or 404."""
    cohort = cohorts_for_review(user).filter(code=code).first()
    if cohort is None:
        raise Http404(_("No such cohort."))
    return cohort


# -- the review list ------------------------------------------------------------------


def _score_subquery(aggregate: Any) -> Subquery:
    return Subquery(
        Review.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(value=aggregate)
        .values("value")
    )


def _with_scores(qs: QuerySet[Application], reviewer: Any | None) -> QuerySet[Application]:
    qs = qs.annotate(
        average_score=_score_subquery(Avg("score")),
        review_count=Coalesce(_score_subquery(Count("id")), 0, output_field=IntegerField()),
    )
    if reviewer is not None:
        mine = Review.objects.filter(application=OuterRef("pk"), reviewer=reviewer)
        qs = qs.annotate(my_score=Subquery(mine.values("score")[:1]))
    return qs


def search_applications(qs: QuerySet[Application], text: str) -> QuerySet[Application]:
    """Applications whose person matches every word of ``text`` (name, email, title,
    employer)."""
    for term in text.split():
        qs = qs.filter(
            Q(person__user__first_name__icontains=term)
            | Q(person__user__last_name__icontains=term)
            | Q(person__user__email__icontains=term)
            | Q(person__job_title__icontains=term)
            | Q(person__company__name__icontains=term)
        )
    return qs


def has_topic(topic: Topic) -> Exists:
    # Topic answers are JSON lists of slugs; a quoted slug matches one whole element.
    return Exists(
        Answer.objects.filter(
            application=OuterRef("pk"),
            question__matching_field=MatchingField.TOPICS,
            value__icontains=f'"{topic.slug}"',
        )
    )


def with_score(qs: QuerySet[Application], score: str) -> QuerySet[Application]:
    """Not scored yet (``NOT_SCORED``), or an average score of at least ``score``."""
    if score == NOT_SCORED:
        return qs.filter(review_count=0)  # type: ignore[misc]
    if score.isdigit():
        return qs.filter(average_score__gte=int(score))  # type: ignore[misc]
    return qs


def reviewable(cohort: Cohort) -> QuerySet[Application]:
    """The cohort's submitted and withdrawn applications; an erased person's are no one's
    to review or decide any more."""
    return Application.objects.filter(
        cohort=cohort, status__in=REVIEWABLE_STATUSES, person__erased_at__isnull=True
    )


def applications_for_review(
    cohort: Cohort, *, reviewer: Any | None = None
) -> QuerySet[Application]:
    """The cohort's reviewable applications with average score and review count (the list
    page filters them: ``forms.review.ReviewFilterSet``).

    ``reviewer`` adds ``my_score``: that reviewer's own score, if any.
    """
    qs = _with_scores(reviewable(cohort), reviewer)
    return qs.select_related("person__user", "person__company").order_by(
        "person__user__first_name", "person__user__last_name", "pk"
    )


@dataclass(frozen=True)
class ReviewRow:
    application: Application
    topics: list[str]

    @property
    def is_withdrawn(self) -> bool:
        return self.application.status == ApplicationStatus.WITHDRAWN


def review_queryset(cohort: Cohort, *, reviewer: Any | None = None) -> QuerySet[Application]:
    """The review list's applications (ordered by name, then pk), with their topic answers
    prefetched: the list page counts and slices it a page at a time."""
    topic_answers = Answer.objects.filter(question__matching_field=MatchingField.TOPICS)
    return applications_for_review(cohort, reviewer=reviewer).prefetch_related(
        Prefetch("answers", queryset=topic_answers, to_attr="topic_answers")
    )


def as_review_rows(applications: Iterable[Application]) -> list[ReviewRow]:
    """Rows of ``review_queryset``'s applications (all, or one page), with topic names."""
    applications = list(applications)
    names = topic_names() if applications else {}
    return [
        ReviewRow(
            application,
            [
                name
                for answer in application.topic_answers  # type: ignore[attr-defined]  # prefetched
                for name in _topic_labels(answer.value, names)
            ],
        )
        for application in applications
    ]


def applications_for_bulk(cohort: Cohort) -> QuerySet[Application]:
    """What a bulk decision may name: the cohort's reviewable applications (the service
    refuses the withdrawn ones)."""
    return reviewable(cohort).select_related("person__user")


def companies_in_review(cohort: Cohort) -> QuerySet[Company]:
    """Employers of the cohort's reviewable applicants, for the company filter."""
    return Company.objects.filter(people__applications__in=reviewable(cohort)).distinct()


def topics_for_filter() -> QuerySet[Topic]:
    return Topic.objects.order_by("order", "name")


def topic_names() -> dict[Any, str]:
    """Every topic's display name, by slug and by id (answers store slugs)."""
    names: dict[Any, str] = {}
    for topic in Topic.objects.all():
        names[topic.slug] = topic.display_name
        names[topic.pk] = topic.display_name
    return names


def _topic_labels(value: Any, names: dict[Any, str]) -> list[str]:
    if not isinstance(value, list):
        return []
    return [names.get(item, str(item)) for item in value]


# -- one application ------------------------------------------------------------------


def get_application_for_review(user: User | AnonymousUser, code: Any) -> Application:
    """A reviewable application in a cohort the user coordinates; 404 for anything else."""
    application = (
        Application.objects.filter(
            code=code,
            status__in=REVIEWABLE_STATUSES,
            cohort__in=cohorts_coordinated_by(user).values("pk"),
        )
        .select_related("cohort__initiative", "person__user", "person__company", "decided_by")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer").order_by("created_at"),
            ),
        )
        .first()
    )
    if application is None:
        raise Http404(_("No such application."))
    return application


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    text: str
    sensitive: bool
    answered: bool


@dataclass(frozen=True)
class ReviewSummary:
    reviews: list[Review]
    average: float | None
    mine: Review | None = None
    answers: list[AnswerRow] = field(default_factory=list)

    @property
    def shows_sensitive(self) -> bool:
        return any(row.sensitive and row.answered for row in self.answers)


def answer_rows(application: Application, *, show_sensitive: bool) -> list[AnswerRow]:
    """Every question of the application's form, in order, with the answer as text."""
    answers = {answer.question_id: answer for answer in application.answers.all()}
    questions = Question.objects.filter(cohort=application.cohort_id, role=application.role)
    names: dict[Any, str] | None = None
    rows = []
    for question in questions.order_by("order", "id"):
        if question.sensitive and not show_sensitive:
            continue
        answer = answers.get(question.pk)
        value = answer.value if answer is not None else None
        if question.kind == QuestionKind.TOPICS and names is None:
            names = topic_names()
        text = display_answer(question, value, names or {})
        rows.append(AnswerRow(question, text, question.sensitive, bool(text)))
    return rows


def display_answer(question: Question, value: Any, names: dict[Any, str]) -> str:
    """An answer as one line of text, in the current language; empty when unanswered."""
    if value in (None, "", []):
        return ""
    if question.kind == QuestionKind.TOPICS:
        return ", ".join(_topic_labels(value, names))
    vocabulary = CHOICE_VOCABULARIES.get(question.kind)
    if vocabulary is not None and isinstance(value, list):
        labels = {code: str(label) for code, label in vocabulary}
        return ", ".join(labels.get(item, str(item)) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def review_summary(application: Application, *, user: User | AnonymousUser) -> ReviewSummary:
    """The reviews of an application (prefetched), their average, the user's own, the answers."""
    reviews = list(application.reviews.all())
    scores = [review.score for review in reviews]
    return ReviewSummary(
        reviews=reviews,
        average=sum(scores) / len(scores) if scores else None,
        mine=next((r for r in reviews if r.reviewer_id == user.pk), None),
        answers=answer_rows(application, show_sensitive=can_see_sensitive(user, application)),
    )


def unreleased_decisions(cohort: Cohort) -> QuerySet[Application]:
    """Decided applications whose email has not been sent yet (the release queue)."""
    return Application.objects.filter(
        cohort=cohort,
        status=ApplicationStatus.SUBMITTED,
        decision__in=DECIDED,
        decision_released_at__isnull=True,
    )


DECISION_TEMPLATES: dict[str, str] = {
    Decision.ACCEPTED: "applications/email/decision_accepted",
    Decision.WAITLISTED: "applications/email/decision_waitlisted",
    Decision.REJECTED: "applications/email/decision_rejected",
}
RELEASE_DECISIONS = "applications.release_decisions"


def decision_mailing(cohort: Cohort, by: User | None = None) -> MailingPlan:
    """The decision emails a release of ``cohort`` would send now: one per unreleased
    decision, in the applicant's language (the preview shows exactly these), accepted first,
    then waitlisted, then not offered; replies go to the programme year's contact person
    (else ``by``, who sends them)."""
    queue = sorted(
        unreleased_decisions(cohort).select_related("person__user", "cohort__initiative"),
        key=lambda a: (list(DECISION_TEMPLATES).index(a.decision), a.pk),
    )
    emails = []
    for application in queue:
        user = application.person.user
        emails.append(
            PlannedEmail.to(
                application.person,
                template_prefix=DECISION_TEMPLATES[application.decision],
                context={
                    "name": user.get_short_name(),
                    "cohort": cohort,
                    "role": _role_label(application),
                    "cohort_path": reverse("programs:cohort-detail", args=[cohort.code]),
                },
                key=f"{application.pk}:{application.decision}:{application.decided_at}",
                label=Decision(application.decision).label,
            )
        )
    return MailingPlan(
        action=RELEASE_DECISIONS,
        target=f"cohort:{cohort.code}",
        scope=str(cohort.code),
        title=_("Decisions"),
        emails=emails,
        reply_to=reply_address(cohort, by),
        label_heading=pgettext("column", "Decision"),
    )


def _role_label(application: Application) -> object:
    """Lazy, so that it renders in the recipient's language."""
    return role_label(application.cohort.initiative.kind, application.role)


def decisions_window_open(cohort: Cohort, now: dt.datetime | None = None) -> bool:
    """Applications can still come in (the period is open and its deadline has not
    passed): decisions need her explicit go. Once she closed the period early (the year is
    being reviewed), nobody can apply any more, whatever the deadline says."""
    return cohort.status == CohortStatus.OPEN and (now or timezone.now()) < (
        cohort.applications_close_at
    )
