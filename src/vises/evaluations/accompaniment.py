"""The accompaniment of an evaluation: comment threads on its parts, the coach's session
log, the team's feedback after each step, the coach's dashboard, and the pseudonymised
view researchers get across a network.

None of this is the evaluation's content: nothing here is recorded in its history.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from vises.access import rules
from vises.accounts import pseudonyms
from vises.accounts.models import (
    CoachAssignment,
    Country,
    Enterprise,
    EnterpriseGroup,
    EnterpriseMembership,
    Network,
    Region,
    User,
)
from vises.analysis import disclosure
from vises.analysis import research as figures
from vises.spreadsheets import safe_cell

from . import journey
from .models import (
    AccompanimentSession,
    Change,
    Comment,
    Evaluation,
    JourneyStep,
    StepFeedback,
)

# Comment threads ------------------------------------------------------------------------


def thread(evaluation: Evaluation, section: str) -> QuerySet[Comment]:
    """The comments on one part, oldest first, with their authors and whether each author
    writes as the enterprise's team (`by_team`) or as one of its coaches (`by_coach`)."""
    return (
        evaluation.comments.filter(section=section)
        .select_related("author")
        .annotate(
            by_team=Exists(
                EnterpriseMembership.objects.filter(
                    user=OuterRef("author"), enterprise_id=evaluation.enterprise_id
                )
            ),
            by_coach=Exists(
                CoachAssignment.objects.filter(
                    coach=OuterRef("author"), enterprise_id=evaluation.enterprise_id
                )
            ),
        )
    )


def comment_counts(evaluation: Evaluation) -> dict[str, int]:
    """How many comments each part's thread holds, every part named, in one query."""
    counts = dict.fromkeys(Comment.Section.values, 0)
    rows = evaluation.comments.order_by().values_list("section").annotate(n=Count("id"))
    counts.update(dict(rows))
    return counts


def add_comment(evaluation: Evaluation, section: str, author, text: str) -> Comment:
    return Comment.objects.create(evaluation=evaluation, section=section, author=author, text=text)


# Sessions and feedback ------------------------------------------------------------------


def sessions(evaluation: Evaluation) -> QuerySet[AccompanimentSession]:
    """The sessions logged for an evaluation, latest first, with their coach."""
    return evaluation.sessions.select_related("coach")


def total_minutes(logged) -> int:
    return figures.total_minutes(session.duration_minutes for session in logged)


def log_session(evaluation: Evaluation, coach, **fields) -> AccompanimentSession:
    return AccompanimentSession.objects.create(evaluation=evaluation, coach=coach, **fields)


@transaction.atomic
def give_feedback(evaluation: Evaluation, step: int, user, **fields) -> StepFeedback:
    """Store the team's feedback on a step; giving it again replaces the earlier answer."""
    feedback, _created = StepFeedback.objects.update_or_create(
        evaluation=evaluation, step=step, defaults={**fields, "given_by": user}
    )
    return feedback


def feedback_due(steps: list[journey.Step], given: set[int]) -> list[JourneyStep]:
    """The steps that are done and on which the team has not given feedback yet (`given`,
    the numbers of the steps it gave feedback on)."""
    return [JourneyStep(step.number) for step in steps if step.done and step.number not in given]


# The coach's dashboard ------------------------------------------------------------------


@dataclass
class Followed:
    """An enterprise a coach follows, with where its latest evaluation stands."""

    enterprise: Enterprise
    overview: "journey.Overview | None" = None
    last_activity: datetime | None = None


def _latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(
        queryset.filter(evaluation=OuterRef("pk")).order_by(f"-{field}").values(field)[:1]
    )


def with_last_activity(evaluations: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Evaluations annotated with `last_activity`: the latest of their last content change,
    comment and logged session."""
    since = "updated_at"
    return evaluations.annotate(
        last_activity=Greatest(
            since,
            Coalesce(_latest(Change.objects.all(), "at"), since),
            Coalesce(_latest(Comment.objects.all(), "created_at"), since),
            Coalesce(_latest(AccompanimentSession.objects.all(), "created_at"), since),
        )
    )


def followed_by(coach) -> list[Followed]:
    """Every enterprise assigned to the coach, with its latest evaluation's progress, in a
    number of queries that does not grow with the enterprises."""
    latest_evaluation = (
        Evaluation.objects.filter(enterprise=OuterRef("pk"))
        .order_by("-period_start", "-created_at", "-pk")
        .values("pk")[:1]
    )
    enterprises = list(
        rules.enterprises_coached_by(coach)
        .select_related("network")
        .annotate(latest_evaluation=Subquery(latest_evaluation))
        .order_by("name")
    )
    evaluations = with_last_activity(
        Evaluation.objects.filter(pk__in=[e.latest_evaluation for e in enterprises])
    )
    overviews = {o.evaluation.pk: o for o in journey.overview(evaluations)}
    followed = []
    for enterprise in enterprises:
        overview = overviews.get(enterprise.latest_evaluation)
        followed.append(
            Followed(
                enterprise,
                overview,
                overview.evaluation.last_activity if overview else None,
            )
        )
    return followed


# What researchers see -------------------------------------------------------------------


def coach_pseudonym(user_id: int | None) -> str:
    """A stable code for a coach that says nothing of who they are."""
    if user_id is None:
        return "–"
    digest = salted_hmac("vises.accompaniment.coach", str(user_id)).hexdigest()
    return "C-" + digest[:6].upper()


# Stands for a person of the enterprise named in a free text.
SOMEONE = "[…]"


class Scrubber:
    """Replaces, in free texts, what researchers must not read: the enterprise's name (by
    its pseudonym), its coaches' names (by theirs), its people's (by SOMEONE), and every
    other person, enterprise and network known to the platform, e-mail addresses, web
    domains and phone numbers (by placeholders in the reader's language)."""

    def __init__(self, network: Network):
        self.coaches = dict(
            CoachAssignment.objects.filter(enterprise__network=network).values_list(
                "coach_id", "coach__full_name"
            )
        )
        self.members: dict[int, list[str]] = {}
        for enterprise_id, name in EnterpriseMembership.objects.filter(
            enterprise__network=network
        ).values_list("enterprise_id", "user__full_name"):
            self.members.setdefault(enterprise_id, []).append(name)
        self.people = list(User.objects.values_list("full_name", flat=True))
        self.organisations = [
            *Enterprise.objects.values_list("name", flat=True),
            *Network.objects.values_list("name", flat=True),
        ]
        self.patterns: dict[int, tuple[dict[str, str], re.Pattern | None]] = {}

    def _names(self, enterprise_id: int, name: str, pseudonym: str):
        if enterprise_id not in self.patterns:
            names = pseudonyms.replacements(
                [
                    (pseudonyms.organisation_parts(name) if name else [], pseudonym),
                    *(
                        (pseudonyms.name_parts(coach), coach_pseudonym(user_id))
                        for user_id, coach in self.coaches.items()
                    ),
                    *(
                        (pseudonyms.name_parts(member), SOMEONE)
                        for member in self.members.get(enterprise_id, [])
                    ),
                    *((pseudonyms.name_parts(person), str(_("[name]"))) for person in self.people),
                    *(
                        (pseudonyms.organisation_parts(organisation), str(_("[organisation]")))
                        for organisation in self.organisations
                    ),
                ]
            )
            self.patterns[enterprise_id] = (names, pseudonyms.compile_names(names))
        return self.patterns[enterprise_id]

    def __call__(self, text: str, enterprise_id: int, name: str, pseudonym: str) -> str:
        names, pattern = self._names(enterprise_id, name, pseudonym)
        return pseudonyms.scrub(
            text,
            names,
            pattern,
            email=str(_("[e-mail]")),
            website=str(_("[website]")),
            phone=str(_("[phone]")),
        )


# The free texts researchers read (scrubbed by `Scrubber`), by model.
SCRUBBED_TEXTS = {AccompanimentSession: ("topics",), StepFeedback: ("helped", "missing")}


def hide_person(user) -> int:
    """Before `user`'s account is erased: the Scrubber will no longer know their name, so
    it leaves the stored free texts researchers read for what the Scrubber showed instead.
    In the enterprises they coached, their name and its parts give way to their coach's
    code; in those they belonged to, to SOMEONE; elsewhere their full name gives way to
    SOMEONE. Returns how many texts changed."""
    name = user.full_name.strip()
    if not name:
        return 0
    coached = set(CoachAssignment.objects.filter(coach=user).values_list("enterprise", flat=True))
    members = set(
        EnterpriseMembership.objects.filter(user=user).values_list("enterprise", flat=True)
    )
    stand_ins = {
        "coached": coach_pseudonym(user.pk),
        "member": SOMEONE,
        "other": SOMEONE,
    }
    patterns = {}
    for kind, stand_in in stand_ins.items():
        parts = [name] if kind == "other" else pseudonyms.name_parts(name)
        names = pseudonyms.replacements([(parts, stand_in)])
        patterns[kind] = (names, pseudonyms.compile_names(names))
    changed = 0
    for model, fields in SCRUBBED_TEXTS.items():
        rows = []
        for row in model.objects.select_related("evaluation").only(
            "pk", "evaluation__enterprise_id", *fields
        ):
            enterprise = row.evaluation.enterprise_id
            kind = "other"
            if enterprise in coached:
                kind = "coached"
            elif enterprise in members:
                kind = "member"
            names, pattern = patterns[kind]
            before = [getattr(row, field) for field in fields]
            for field in fields:
                setattr(row, field, pseudonyms.replace_names(getattr(row, field), names, pattern))
            if [getattr(row, field) for field in fields] != before:
                rows.append(row)
        model.objects.bulk_update(rows, fields, batch_size=500)
        changed += len(rows)
    return changed


@dataclass
class Placed:
    """An enterprise as researchers see it: by its pseudonym, with its group and territory,
    and no person. `region` holds the country's code where the region would single the
    enterprise out (see `coarse_regions`)."""

    enterprise: str
    group: str
    country: str
    region: str

    @property
    def group_label(self) -> str:
        return EnterpriseGroup(self.group).label

    @property
    def country_label(self) -> str:
        return Country(self.country).label

    @property
    def region_label(self) -> str:
        if self.region == self.country:
            return self.country_label
        return Region(self.region).label


@dataclass
class ResearchRow(Placed):
    """What a researcher sees of a session or a feedback."""

    step: int

    @property
    def step_label(self) -> str:
        return JourneyStep(self.step).label


@dataclass
class SessionRow(ResearchRow):
    coach: str
    date: date
    minutes: int
    topics: str


@dataclass
class FeedbackRow(ResearchRow):
    usefulness: int
    difficulty: int
    helped: str
    missing: str
    given_on: date


ENTERPRISE_FIELDS = {
    "name": "evaluation__enterprise__name",
    "enterprise_id": "evaluation__enterprise_id",
    "enterprise": "evaluation__enterprise__pseudonym",
    "group": "evaluation__enterprise__group",
    "country": "evaluation__enterprise__country",
    "region": "evaluation__enterprise__region",
}


def _in_network(queryset: QuerySet, network: Network) -> QuerySet:
    return queryset.filter(evaluation__in=rules.evaluations_to_research(network)).annotate(
        **{alias: F(path) for alias, path in ENTERPRISE_FIELDS.items()}
    )


def coarse_regions(network: Network) -> set[tuple[str, str]]:
    """The (group, region) pairs the research view shows by their country: those that
    would single out an enterprise among the ones it shows (those with a session or a
    feedback on an evaluation open to research), by `disclosure.regions_to_coarsen`."""
    studied = rules.evaluations_to_research(network)
    shown = network.enterprises.admitted().filter(
        Exists(
            AccompanimentSession.objects.filter(
                evaluation__in=studied, evaluation__enterprise=OuterRef("pk")
            )
        )
        | Exists(
            StepFeedback.objects.filter(
                evaluation__in=studied, evaluation__enterprise=OuterRef("pk")
            )
        )
    )
    return disclosure.regions_to_coarsen(shown.values_list("group", "country", "region"))


def shown_region(row: dict, coarse: set[tuple[str, str]]) -> str:
    return row["country"] if (row["group"], row["region"]) in coarse else row["region"]


def research_sessions(network: Network) -> list[SessionRow]:
    """Every session logged on the evaluations open to the network's researchers,
    pseudonymised.

    The coach's notes stay with the enterprise: written for its team, they name people."""
    rows = _in_network(AccompanimentSession.objects.all(), network).values(
        *ENTERPRISE_FIELDS, "coach_id", "date", "step", "duration_minutes", "topics"
    )
    scrub = Scrubber(network)
    coarse = coarse_regions(network)
    return [
        SessionRow(
            enterprise=row["enterprise"],
            group=row["group"],
            country=row["country"],
            region=shown_region(row, coarse),
            step=row["step"],
            coach=coach_pseudonym(row["coach_id"]),
            date=row["date"],
            minutes=row["duration_minutes"],
            topics=scrub(row["topics"], row["enterprise_id"], row["name"], row["enterprise"]),
        )
        for row in rows.order_by("date", "id")
    ]


def research_feedback(network: Network) -> list[FeedbackRow]:
    """Every feedback given on the evaluations open to the network's researchers,
    pseudonymised."""
    rows = _in_network(StepFeedback.objects.all(), network).values(
        *ENTERPRISE_FIELDS, "step", "usefulness", "difficulty", "helped", "missing", "given_at"
    )
    scrub = Scrubber(network)
    coarse = coarse_regions(network)
    return [
        FeedbackRow(
            enterprise=row["enterprise"],
            group=row["group"],
            country=row["country"],
            region=shown_region(row, coarse),
            step=row["step"],
            usefulness=row["usefulness"],
            difficulty=row["difficulty"],
            helped=scrub(row["helped"], row["enterprise_id"], row["name"], row["enterprise"]),
            missing=scrub(row["missing"], row["enterprise_id"], row["name"], row["enterprise"]),
            given_on=row["given_at"].date(),
        )
        for row in rows.order_by("step", "given_at", "id")
    ]


StepSummary = figures.StepSummary


def summarise(
    session_rows: list[SessionRow], feedback_rows: list[FeedbackRow]
) -> list[StepSummary]:
    """Per step: how many feedbacks and their mean usefulness and difficulty, how many
    sessions and how many hours."""
    return figures.summarise(list(JourneyStep), session_rows, feedback_rows)


CSV_COLUMNS = [
    "kind",
    "enterprise",
    "group",
    "country",
    "region",
    "step",
    "date",
    "coach",
    "duration_minutes",
    "topics",
    "usefulness",
    "difficulty",
    "helped",
    "missing",
]


def csv_rows(session_rows: list[SessionRow], feedback_rows: list[FeedbackRow]):
    """The header, then one line per session and per feedback, with codes, not labels, so
    that files from different languages can be put together; free texts cannot act as
    spreadsheet formulas."""
    yield CSV_COLUMNS
    for line in _csv_lines(session_rows, feedback_rows):
        yield [safe_cell(value) for value in line]


def _csv_lines(session_rows, feedback_rows):
    for row in session_rows:
        yield [
            "session",
            row.enterprise,
            row.group,
            row.country,
            row.region,
            row.step,
            row.date.isoformat(),
            row.coach,
            row.minutes,
            row.topics,
            "",
            "",
            "",
            "",
        ]
    for row in feedback_rows:
        yield [
            "feedback",
            row.enterprise,
            row.group,
            row.country,
            row.region,
            row.step,
            row.given_on.isoformat(),
            "",
            "",
            "",
            row.usefulness,
            row.difficulty,
            row.helped,
            row.missing,
        ]
