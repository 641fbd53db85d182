"""A network's shared figures as the aggregation needs them, read in a fixed number of
queries whatever the number of enterprises: the evaluations whose enterprise shares at
least aggregated figures, their indicator values and their answers to question-bank
items, with enterprises known only by their key and place."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from vises.accounts.models import Enterprise, Network
from vises.analysis import aggregates, disclosure
from vises.evaluations.models import Evaluation, SharingLevel
from vises.evaluations.sharing import sharing_at_least
from vises.frameworks.models import FrameworkVersion
from vises.indicators.models import IndicatorValue
from vises.networks.models import ProgrammeEnterprise
from vises.surveys.models import Question, Response

POOLED_KINDS = ("single_choice", "scale")


def thresholds() -> disclosure.Thresholds:
    """The rules of figures across enterprises, as the settings set them."""
    return disclosure.Thresholds(
        enterprises=settings.VISES_AGGREGATE_MIN_ENTERPRISES,
        respondents=settings.VISES_AGGREGATE_MIN_RESPONDENTS,
        dominance=settings.VISES_AGGREGATE_DOMINANCE / 100,
    )


def shared_evaluations(network: Network, programme=None) -> QuerySet:
    """The evaluations of the network's admitted enterprises (of one programme, if given)
    that share aggregated figures (or more) today."""
    evaluations = Evaluation.objects.filter(
        enterprise__network=network, enterprise__admission=Enterprise.Admission.ADMITTED
    )
    if programme is not None:
        evaluations = evaluations.filter(enterprise__programmes=programme)
    return sharing_at_least(evaluations, SharingLevel.AGGREGATED)


@dataclass
class NetworkData:
    places: dict[int, aggregates.Place]
    indicator_values: list[aggregates.IndicatorValue]
    item_counts: dict[str, aggregates.Tally]
    item_options: dict[str, list[str]]
    option_labels: dict[str, dict[str, dict]]  # item code -> option value -> texts
    documents: list[dict]  # the framework versions the evaluations pinned, newest first
    # The enterprises of each of the network's programmes, and those of the programme
    # asked for (None: the whole network's figures).
    programmes: list[frozenset[int]] = field(default_factory=list)
    within: frozenset[int] | None = None


def network_data(network: Network, *, with_answers: bool = True, programme=None) -> NetworkData:
    """Everything the network's consenting evaluations share, as plain values; with a
    programme, the enterprises of each of the network's programmes too, and those of
    that one: its figures are protected against the network's and the other
    programmes' (`aggregates.indicator_results`), so they are read from the whole
    network's."""
    evaluations = shared_evaluations(network)
    places = {
        pk: aggregates.Place(group, region, country)
        for pk, group, region, country in Enterprise.objects.filter(evaluations__in=evaluations)
        .distinct()
        .values_list("pk", "group", "region", "country")
    }
    values = [
        aggregates.IndicatorValue(
            enterprise,
            code,
            period,
            float(number),
            float(target) if target is not None else None,
            direction,
        )
        for enterprise, code, period, number, target, direction in IndicatorValue.objects.filter(
            indicator__plan_row__evaluation__in=evaluations, number__isnull=False
        )
        .exclude(indicator__code="")
        .values_list(
            "indicator__plan_row__evaluation__enterprise_id",
            "indicator__code",
            "period",
            "number",
            "indicator__target",
            "indicator__direction",
        )
    ]
    documents = list(
        FrameworkVersion.objects.filter(pk__in=evaluations.values("framework_version_id"))
        .order_by("-created_at", "-pk")
        .values_list("document", flat=True)
    )
    counts, options, labels = {}, {}, {}
    if with_answers:
        counts, options, labels = _answers(evaluations)
    data = NetworkData(places, values, counts, options, labels, documents)
    if programme is not None:
        cohorts: dict[int, set[int]] = defaultdict(set)
        for cohort, enterprise in ProgrammeEnterprise.objects.filter(
            programme__network=network, enterprise__in=list(places)
        ).values_list("programme_id", "enterprise_id"):
            cohorts[cohort].add(enterprise)
        data.programmes = [frozenset(cohorts[pk]) for pk in sorted(cohorts)]
        data.within = frozenset(cohorts.get(programme.pk, ()))
    return data


def _answers(evaluations):
    """Answers to question-bank items, counted by item, enterprise and year."""
    questions: dict[int, dict[str, str]] = {}
    options: dict[str, list[str]] = {}
    labels: dict[str, dict[str, dict]] = {}
    chosen: dict[int, str] = {}  # question -> item
    # Options as text, decoded once per distinct text: thousands of surveys ask the same
    # items with the same options, and decoding each copy is most of the reading time.
    decoded: dict[str | None, tuple[list[str], dict]] = {}
    for pk, survey, code, item, text in (
        Question.objects.filter(survey__evaluation__in=evaluations, kind__in=POOLED_KINDS)
        .exclude(bank_code="")
        .order_by("survey_id", "id")
        .values_list("pk", "survey_id", "code", "bank_code", Cast("options", TextField()))
    ):
        if text not in decoded:
            choices = (json.loads(text) if text else None) or []
            decoded[text] = (
                [str(choice["value"]) for choice in choices],
                {str(choice["value"]): choice.get("label") or {} for choice in choices},
            )
        values, texts = decoded[text]
        # The first survey asking an item sets its options; a survey offering others
        # (an adapted item) is left out of that item's figures.
        if options.setdefault(item, values) != values:
            continue
        labels.setdefault(item, texts)
        questions.setdefault(survey, {})[code] = item
        chosen[pk] = item
    if connection.vendor == "postgresql":
        counts = _counted_by_postgresql(list(questions), chosen, options)
    else:
        rows = (
            Response.objects.filter(wave__survey_id__in=list(questions))
            .values_list(
                "wave__survey__evaluation__enterprise_id",
                "wave__opens_on",
                "wave__survey_id",
                "answers",
            )
            .iterator(chunk_size=2000)
        )
        counts = aggregates.tally(
            (
                (enterprise, str(opens_on.year), answers, questions[survey])
                for enterprise, opens_on, survey, answers in rows
            ),
            options,
        )
    return counts, options, labels


# The same counts as `aggregates.tally`, made by PostgreSQL where the answers are stored:
# reading 100,000 responses into Python to count them takes several times longer. Answers
# are counted by wave and question (narrow keys), then each question's counts of a wave
# are gathered into one row (a JSON object of answers and counts, quick to decode),
# joined to the wave's enterprise and year: five times fewer rows to send and read than
# one per answer, and no order asked for, since the rows are gathered by key anyway.
SORT_MEMORY = "32MB"
COUNT_ANSWERS = """
SELECT e.enterprise_id, EXTRACT(YEAR FROM w.opens_on)::int::text, counted.question_id,
       counted.counts
FROM (
    SELECT wave_id, question_id,
           jsonb_object_agg(answer, count) FILTER (WHERE answer IS NOT NULL) AS counts
    FROM (
        SELECT r.wave_id, q.id AS question_id, r.answers ->> q.code AS answer,
               count(*) AS count
        FROM surveys_response r
        JOIN surveys_wave w ON w.id = r.wave_id
        JOIN surveys_question q ON q.survey_id = w.survey_id
        WHERE w.survey_id = ANY(%s) AND q.kind = ANY(%s) AND q.bank_code <> ''
          AND r.answers ? q.code
        GROUP BY 1, 2, 3
    ) answered
    GROUP BY 1, 2
) counted
JOIN surveys_wave w ON w.id = counted.wave_id
JOIN surveys_survey s ON s.id = w.survey_id
JOIN evaluations_evaluation e ON e.id = s.evaluation_id
"""


def _counted_by_postgresql(surveys: list[int], chosen: dict[int, str], options) -> dict:
    """Answers to the chosen questions ({question: item}) of these surveys counted by
    item, enterprise and year, in one query. The surveys' other questions of items (an
    adapted item) are counted too, then left out: naming thousands of questions in the
    query would cost more."""
    allowed = {item: set(values) for item, values in options.items()}
    question_items = {question: (item, allowed.get(item, ())) for question, item in chosen.items()}
    counts: dict = defaultdict(dict)
    # The answers of 1,000 enterprises are 2,500,000 pairs of a response and a question to
    # sort by wave, question and answer: given room for it (PostgreSQL's default is 4 MB),
    # the sort stays in memory instead of spilling to disk, a third faster. SET LOCAL ends
    # with the transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        cursor.execute(COUNT_ANSWERS, [surveys, list(POOLED_KINDS)])
        for enterprise, year, question, answered in cursor.fetchall():
            item, values = question_items.get(question, (None, ()))
            if item is None or not answered:
                continue
            answered = json.loads(answered)  # Django reads JSON from the driver as text
            if not answered.keys() <= values:
                answered = {answer: n for answer, n in answered.items() if answer in values}
            tally = counts[item].get((enterprise, year))
            if tally is None:
                counts[item][(enterprise, year)] = answered
            else:  # another wave of the year, or another question of the item
                for answer, n in answered.items():
                    tally[answer] = tally.get(answer, 0) + n
    return counts


def peer_positions(enterprise: Enterprise, *, same_country: bool = False):
    """Where the enterprise stands, indicator by indicator, among the enterprises of its
    network that share their figures (none if it shares none itself), with the framework
    versions to name the indicators."""
    if not enterprise.network_id:
        return [], []
    data = network_data(enterprise.network, with_answers=False)
    if enterprise.pk not in data.places:
        return [], data.documents
    positions = aggregates.peer_positions(
        data.indicator_values, data.places, enterprise.pk, thresholds(), same_country=same_country
    )
    return positions, data.documents
