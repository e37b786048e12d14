"""factory-boy factories for the real models (no mocks)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from brobygger.people.models import Company, Person, User
from brobygger.programs.models import Cohort, Initiative


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Virksomhet {n} AS")
    city = "Oslo"
    confirmed = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    job_title = "Rådgiver"
    birth_year = 1990
    years_experience = 10
    languages = factory.LazyFunction(lambda: ["nb", "en"])
    city = "Oslo"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        django_get_or_create = ("slug",)

    kind = "reverse"
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Initiativ {n}")
    description = "Et program på tvers av generasjoner."


def _aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"{2030 + n}")
    status = "open"
    applications_open_at = factory.LazyFunction(
        lambda: _aware(timezone.localdate() - dt.timedelta(days=10), 9)
    )
    applications_close_at = factory.LazyFunction(
        lambda: _aware(timezone.localdate() + dt.timedelta(days=20), 23)
    )
    matching_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    kickoff_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=50))
    closing_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=250))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Topic"
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Question"

    cohort = factory.SubFactory(CohortFactory)
    role = "mentee"
    kind = "text"
    label = factory.Sequence(lambda n: f"Spørsmål {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    order = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Application"

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)
    role = "mentee"
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "applications.Answer"

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(QuestionFactory)
    value = "Et svar"


class PairFactory(factory.django.DjangoModelFactory):
    """A published, active pair (a week ago) of two new people from two new companies."""

    class Meta:
        model = "pairs.Pair"

    cohort = factory.SubFactory(CohortFactory)
    mentee = factory.SubFactory(PersonFactory)
    mentor = factory.SubFactory(PersonFactory)
    status = "active"
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned, agreed one-hour video meeting a week from now, proposed by the mentee."""

    class Meta:
        model = "pairs.Meeting"

    pair = factory.SubFactory(PairFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + dt.timedelta(hours=1))
    status = "planned"
    proposed_by_role = "mentee"
    video_url = "https://meet.example/abc"
    accepted_at = factory.LazyAttribute(
        lambda meeting: None if meeting.status == "proposed" else timezone.now()
    )


class InvitationFactory(factory.django.DjangoModelFactory):
    """A survey invitation for a person, counted under her company."""

    class Meta:
        model = "surveys.Invitation"

    person = factory.SubFactory(PersonFactory)
    company = factory.LazyAttribute(lambda invitation: invitation.person.company)
