"""Fixed vocabularies of the applications app (translatable labels, stable codes)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# the question kinds are one vocabulary with the surveys': applications read it from here
from brobygger.core.choices import QuestionKind as QuestionKind


class Role(models.TextChoices):
    """The two sides of a pair. The initiative kind names them (mentor/host, mentee/talent)."""

    MENTOR = "mentor", pgettext_lazy("application role", "Mentor")
    MENTEE = "mentee", pgettext_lazy("application role", "Mentee")


#: the kinds of question an application form asks (the vocabulary is shared with surveys)
APPLICATION_KINDS = (
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.TOPICS,
    QuestionKind.SCALE,
    QuestionKind.YES_NO,
    QuestionKind.VALUES,
    QuestionKind.AVAILABILITY,
)


class MatchingField(models.TextChoices):
    """Which input of the matching engine an answer feeds."""

    NONE = "", _("Not used for matching")
    TOPICS = "topics", _("Topics (wanted or offered)")
    TEXT = "text", _("Free text (goals or strengths)")
    VALUES = "values", _("Work values")
    AVAILABILITY = "availability", _("Availability (times to meet)")


class MeetingFormat(models.TextChoices):
    DIGITAL = "digital", _("Digital")
    PHYSICAL = "physical", _("In person")
    EITHER = "either", _("Either")


class ApplicationStatus(models.TextChoices):
    NOMINATED = "nominated", pgettext_lazy("application status", "Nominated, awaiting confirmation")
    DRAFT = "draft", pgettext_lazy("application status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("decision", "Not decided")
    ACCEPTED = "accepted", pgettext_lazy("decision", "Accepted")
    WAITLISTED = "waitlisted", pgettext_lazy("decision", "Waitlisted")
    REJECTED = "rejected", pgettext_lazy("decision", "Rejected")


class Source(models.TextChoices):
    SELF = "self", _("Applied")
    IMPORT = "import", _("Imported")
    NOMINATION = "nomination", _("Nominated by company")


WORK_VALUES: list[tuple[str, Promise]] = [
    ("openness", _("Openness")),
    ("courage", _("Courage")),
    ("integrity", _("Integrity")),
    ("curiosity", _("Curiosity")),
    ("collaboration", _("Collaboration")),
    ("sustainability", _("Sustainability")),
    ("inclusion", _("Inclusion")),
    ("learning", _("Continuous learning")),
    ("balance", _("Work-life balance")),
    ("impact", _("Making a difference")),
]
MAX_WORK_VALUES = 3

#: When a person can usually meet, ticked on a phone by a busy executive or a young mentor.
#: The codes are stable (stored in answers and sent to the matching engine); labels translate.
AVAILABILITY_SLOTS: list[tuple[str, Promise]] = [
    ("early", _("Early mornings (before 9)")),
    ("morning", _("Mornings (9–11)")),
    ("lunch", _("Around lunch (11–13)")),
    ("afternoon", _("Afternoons (13–16)")),
    ("after_work", _("After work (after 16)")),
]

#: question kind -> its fixed vocabulary (code, label): answers store codes, people read labels
CHOICE_VOCABULARIES: dict[str, list[tuple[str, Promise]]] = {
    QuestionKind.VALUES: WORK_VALUES,
    QuestionKind.AVAILABILITY: AVAILABILITY_SLOTS,
}


class ImportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("import status", "Queued")
    RUNNING = "running", pgettext_lazy("import status", "Importing")
    DONE = "done", pgettext_lazy("import status", "Done")
    FAILED = "failed", pgettext_lazy("import status", "Failed")
