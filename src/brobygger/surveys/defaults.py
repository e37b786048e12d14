"""The default survey templates, in Norwegian and English, per survey kind and role.

A coordinator starts a cohort's survey from one of these (or from the same survey of an
earlier cohort) and edits it. Questions sharing a ``key`` in the baseline and the closing
survey are compared person by person in the report.

The measures the baseline and the closing survey ask (the first questions, compared before
and after) are the initiative kind's (``KindProfile.survey_measures``), picked by key from
:data:`MEASURES`: reverse mentoring asks about the other generation and digital confidence,
the mentor programme and executive shadowing about the way ahead and sharing experience.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from brobygger.programs.kinds import profile
from brobygger.surveys.models import QuestionKind, SurveyKind, SurveyRole


@dataclass(frozen=True)
class Q:
    key: str
    kind: str
    label: str
    label_en: str
    choices: tuple[str, ...] = ()
    choices_en: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""
    help_text_en: str = ""


@dataclass(frozen=True)
class SurveyTemplate:
    title: str
    title_en: str
    intro: str
    intro_en: str
    questions: list[Q] = field(default_factory=list)


L, S10, ONE, MANY, TEXT = (
    QuestionKind.LIKERT,
    QuestionKind.SCALE10,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.LONG_TEXT,
)

CHANGE = Q(
    "change_readiness",
    L,
    "Jeg er villig til å endre måten jeg jobber og tenker på.",
    "I am willing to change the way I work and think.",
    required=True,
)
DIGITAL = Q(
    "digital_confidence",
    L,
    "Jeg er trygg på å ta i bruk nye digitale verktøy.",
    "I am confident using new digital tools.",
    required=True,
)
GENERATION_SENIOR = Q(
    "generation_understanding",
    L,
    "Jeg forstår hvordan den yngre generasjonen tenker om arbeid og ledelse.",
    "I understand how the younger generation thinks about work and leadership.",
    required=True,
)
GENERATION_YOUNG = Q(
    "generation_understanding",
    L,
    "Jeg forstår hvilke utfordringer erfarne ledere står i.",
    "I understand the challenges experienced leaders face.",
    required=True,
)
LEADERSHIP = Q(
    "leadership_confidence",
    L,
    "Jeg er trygg på å lede, gi råd og gi ærlige tilbakemeldinger – også oppover.",
    "I am confident leading, advising and giving honest feedback – upwards too.",
    required=True,
)
CAREER = Q(
    "career_direction",
    L,
    "Jeg vet hva jeg vil utvikle meg videre på i arbeidslivet.",
    "I know what I want to grow in next at work.",
    required=True,
)
SHARING = Q(
    "sharing_experience",
    L,
    "Jeg er trygg på å dele erfaringene mine slik at andre har nytte av dem.",
    "I am confident sharing my experience in a way others can use.",
    required=True,
)
LEADER_INSIGHT = Q(
    "leadership_insight",
    L,
    "Jeg forstår hva arbeidsdagen til en toppleder krever.",
    "I understand what a top leader's working day demands.",
    required=True,
)
RELATIONSHIP = Q(
    "relationship_quality",
    L,
    "Samtalene i paret vårt er trygge og nyttige.",
    "The conversations in our pair are safe and useful.",
    required=True,
)
FREQUENCY = Q(
    "meeting_frequency",
    ONE,
    "Hvor ofte har dere møttes så langt?",
    "How often have you met so far?",
    ("Sjeldnere enn planlagt", "Som planlagt", "Oftere enn planlagt"),
    ("Less often than planned", "As planned", "More often than planned"),
)
AGAIN = Q(
    "take_part_again",
    S10,
    "Hvor sannsynlig er det at du ville deltatt igjen?",
    "How likely is it that you would take part again?",
    required=True,
    help_text="0 = svært usannsynlig, 10 = svært sannsynlig",
    help_text_en="0 = very unlikely, 10 = very likely",
)
RECOMMEND = Q(
    "recommend",
    S10,
    "Hvor sannsynlig er det at du vil anbefale programmet til en kollega?",
    "How likely is it that you would recommend the programme to a colleague?",
    required=True,
    help_text="0 = svært usannsynlig, 10 = svært sannsynlig",
    help_text_en="0 = very unlikely, 10 = very likely",
)
GAINS = Q(
    "gains",
    MANY,
    "Hva har du fått ut av programmet?",
    "What has the programme given you?",
    (
        "Nye perspektiver",
        "Digital kompetanse",
        "Et større nettverk",
        "Lederutvikling",
        "Mer selvtillit",
    ),
    (
        "New perspectives",
        "Digital skills",
        "A wider network",
        "Leadership development",
        "More confidence",
    ),
)
EXPECT = Q(
    "expectations", TEXT, "Hva håper du å få ut av året?", "What do you hope to get from the year?"
)
GOING_WELL = Q(
    "going_well",
    TEXT,
    "Hva fungerer godt, og hva kan bli bedre?",
    "What works well, and what could be better?",
)
BEST = Q(
    "best", TEXT, "Hva var det beste med programmet?", "What was the best part of the programme?"
)
IMPROVE = Q("improve", TEXT, "Hva bør vi gjøre annerledes?", "What should we do differently?")

_BASELINE = (
    "Før vi starter",
    "Before we start",
    "Noen få spørsmål før oppstart. Det tar et par minutter.",
    "A few questions before we start. It takes a couple of minutes.",
)
_MIDPOINT = (
    "Halvveis",
    "Half way",
    "Hvordan går det? Svarene hjelper oss å følge opp underveis.",
    "How is it going? Your answers help us follow up along the way.",
)
_CLOSING = (
    "Avslutning",
    "Closing",
    "Takk for året! Svarene viser nettverket og partnerne hva programmet gir.",
    "Thank you for the year! Your answers show the network and the partners what the "
    "programme gives.",
)

#: the measures a kind picks for its baseline and closing surveys: (role, key) -> question
#: (the same key may be worded for each role: the other generation seen from either side)
MEASURES: dict[tuple[str, str], Q] = {
    **{
        (role, q.key): q
        for role in (SurveyRole.MENTEE, SurveyRole.MENTOR)
        for q in (CHANGE, LEADERSHIP, CAREER, SHARING, LEADER_INSIGHT)
    },
    (SurveyRole.MENTEE, DIGITAL.key): DIGITAL,
    (SurveyRole.MENTEE, GENERATION_SENIOR.key): GENERATION_SENIOR,
    (SurveyRole.MENTOR, GENERATION_YOUNG.key): GENERATION_YOUNG,
}

#: (survey kind, role) -> the template, without the kind's measures (see :func:`template`)
TEMPLATES: dict[tuple[str, str], SurveyTemplate] = {
    **{(SurveyKind.BASELINE, role): SurveyTemplate(*_BASELINE, [EXPECT]) for role in SurveyRole},
    **{
        (SurveyKind.MIDPOINT, role): SurveyTemplate(
            *_MIDPOINT, [RELATIONSHIP, FREQUENCY, GOING_WELL]
        )
        for role in SurveyRole
    },
    **{
        (SurveyKind.CLOSING, role): SurveyTemplate(
            *_CLOSING, [RELATIONSHIP, AGAIN, RECOMMEND, GAINS, BEST, IMPROVE]
        )
        for role in SurveyRole
    },
}
#: the surveys that begin with the kind's measures (compared before and after)
MEASURED = (SurveyKind.BASELINE, SurveyKind.CLOSING)


def template(initiative_kind: str, survey_kind: str, role: str) -> SurveyTemplate:
    """The default ``survey_kind`` survey for ``role`` in an initiative of
    ``initiative_kind``: its measures first (baseline and closing), then the rest."""
    base = TEMPLATES[(survey_kind, role)]
    if survey_kind not in MEASURED:
        return base
    keys = profile(initiative_kind).survey_measures.get(role, ())
    return replace(base, questions=[*(MEASURES[(role, key)] for key in keys), *base.questions])
