"""Time the network's aggregated results on a network of 1,000 sharing enterprises.

Run as `python -m bench.aggregates OUTPUT.json` with DJANGO_SETTINGS_MODULE=vises.settings,
VISES_DATA_DIR set to a throwaway directory and DATABASE_URL naming an empty PostgreSQL
database (bench/run.py makes one). It migrates the database, then builds a network of
ENTERPRISES admitted enterprises spread over the regions and groups, each with one
evaluation sharing aggregated figures, a survey of ITEMS question-bank items answered by
RESPONSES respondents (100,000 responses in all) and INDICATORS framework indicators
over two periods; and a second network of SMALL enterprises built the same way.

It then renders the aggregated results page (`network_results`, by region) as the big
network's admin with Django's test client, counting its queries, and runs one hand-written
SQL aggregate over the same tables (answers counted by item, region and answer, from
consenting evaluations only) as the baseline. The page is rendered for the small network
too: its query count must be the same.

OUTPUT.json receives {"page", "baseline", "queries", "queries_small", "enterprises",
"responses", "hidden"}: seconds (the best of ROUNDS) and counts.
"""

import json
import random
import sys
import time
from datetime import date
from pathlib import Path

import django

from bench.measure import best_of, counted

ENTERPRISES = 1000
SMALL = 10
RESPONSES = 100
ITEMS = 25
INDICATORS = ("people_leaving", "exits_to_employment", "people_in_integration")
ROUNDS = 3
REGIONS = [
    ("FR", "FR-HDF"),
    ("FR", "FR-IDF"),
    ("FR", "FR-GES"),
    ("BE", "BE-WAL"),
    ("BE", "BE-BRU"),
    ("BE", "BE-VLG"),
]
GROUPS = ["integration", "collective_service", "sse_other"]

HAND_SQL = """
SELECT q.bank_code, e.region, r.answers ->> q.code AS answer, count(*)
FROM surveys_response r
JOIN surveys_wave w ON w.id = r.wave_id
JOIN surveys_survey s ON s.id = w.survey_id
JOIN evaluations_evaluation ev ON ev.id = s.evaluation_id
JOIN evaluations_sharingconsent c ON c.evaluation_id = ev.id AND c.level >= 1
JOIN accounts_enterprise e ON e.id = ev.enterprise_id
JOIN surveys_question q ON q.survey_id = s.id AND q.bank_code <> ''
WHERE e.network_id = %s AND e.admission = 'admitted' AND r.answers ? q.code
GROUP BY 1, 2, 3
"""


def build_network(name: str, size: int, rng: random.Random):
    """A network of `size` sharing enterprises with their surveys, answers and values."""
    from vises.accounts.models import Enterprise, Network, NetworkMembership, User
    from vises.evaluations.models import (
        Evaluation,
        EvaluativeQuestion,
        PlanIndicator,
        PlanRow,
        SharingConsent,
    )
    from vises.evaluations.starting import framework_for
    from vises.indicators.models import IndicatorValue
    from vises.surveys.models import Question, Response, Section, Survey, Wave

    existing = Network.objects.filter(name=name).first()
    if existing:  # built by an earlier run on the same database
        return existing, User.objects.get(email=f"admin@{name}.example")
    network = Network.objects.create(name=name, kind="federation")
    admin = User.objects.create_user(f"admin@{name}.example", "bench-password")
    NetworkMembership.objects.create(user=admin, network=network, role="network_admin")
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            name=f"{name} {number}",
            legal_form="ASBL",
            group=GROUPS[number % len(GROUPS)],
            country=REGIONS[number % len(REGIONS)][0],
            region=REGIONS[number % len(REGIONS)][1],
            municipality="Namur",
            postcode="5000" if REGIONS[number % len(REGIONS)][0] == "BE" else "59000",
            nace_code="88.99",
            size_band="10-49",
            network=network,
            admission=Enterprise.Admission.ADMITTED,
        )
        for number in range(size)
    )
    version = framework_for(enterprises[0])
    document = version.document
    items = [
        item for item in document["question_bank"]["items"] if item.get("answer_scale") == "agree5"
    ][:ITEMS]
    options = next(s for s in document["answer_scales"] if s["code"] == "agree5")["options"]
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            enterprise=enterprise,
            title="Impact 2026",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            framework_version=version,
            retention_until=date(2028, 12, 31),  # bulk_create skips save(), which sets it
        )
        for enterprise in enterprises
    )
    SharingConsent.objects.bulk_create(
        SharingConsent(evaluation=evaluation, level=1) for evaluation in evaluations
    )
    questions = EvaluativeQuestion.objects.bulk_create(
        EvaluativeQuestion(evaluation=evaluation, text="?", themes=[]) for evaluation in evaluations
    )
    rows = PlanRow.objects.bulk_create(
        PlanRow(evaluation=evaluation, question=question, methods=["indicators"])
        for evaluation, question in zip(evaluations, questions, strict=True)
    )
    indicators = PlanIndicator.objects.bulk_create(
        PlanIndicator(plan_row=row, code=code, target=rng.randint(10, 50))
        for row in rows
        for code in INDICATORS
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, period=period, number=rng.randint(5, 80))
        for indicator in indicators
        for period in ("2025", "2026")
    )
    surveys = Survey.objects.bulk_create(
        Survey(evaluation=evaluation, title={"fr": "Avis"}, languages=["fr"])
        for evaluation in evaluations
    )
    sections = Section.objects.bulk_create(
        Section(survey=survey, title={"fr": "Vous"}) for survey in surveys
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            section=section,
            position=position,
            code=f"q{position}",
            kind="scale",
            scale="agree5",
            bank_code=item["code"],
            text=item["text"],
            options=options,
        )
        for survey, section in zip(surveys, sections, strict=True)
        for position, item in enumerate(items)
    )
    waves = Wave.objects.bulk_create(
        Wave(survey=survey, label="2026", opens_on=date(2026, 3, 1), closes_on=date(2026, 4, 1))
        for survey in surveys
    )
    for wave in waves:
        leaning = [rng.random() for _ in options]
        Response.objects.bulk_create(
            (
                Response(
                    wave=wave,
                    answers={
                        f"q{position}": rng.choices(range(1, 6), leaning)[0]
                        for position in range(len(items))
                    },
                    language="fr",
                    submission_key=f"{name}-{wave.pk}-{number}",
                )
                for number in range(RESPONSES)
            ),
            batch_size=RESPONSES,
        )
    return network, admin


def main(output: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment

    from bench.queries import FAST_TEST_SETTINGS

    call_command("migrate", interactive=False, verbosity=0)
    from vises.frameworks import store

    store.load_default()
    rng = random.Random(16)
    started = time.perf_counter()
    big, big_admin = build_network("big", ENTERPRISES, rng)
    small, small_admin = build_network("small", SMALL, rng)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    # Fresh statistics, as autovacuum would gather them on a server in use: without them
    # the planner takes the new tables for nearly empty ones.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_test_environment()
    # The admin is signed in by force_login, without the second factor a network admin
    # would give (FAST_TEST_SETTINGS lifts it): the page measured is the results, not the
    # two-factor gate.
    with override_settings(**FAST_TEST_SETTINGS):
        measure(output, big, big_admin, small, small_admin)


def measure(output: Path, big, big_admin, small, small_admin) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    def page_of(network, admin):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(admin, backend="vises.accounts.backends.UserBackend")
        url = reverse("network_results", args=[network.pk])
        client.get(url)  # the session's first reads

        def get():
            response = client.get(url, {"by": "region"})
            assert response.status_code == 200, response.status_code
            return response

        return get

    big_page, small_page = page_of(big, big_admin), page_of(small, small_admin)
    big_queries, small_queries = counted(big_page), counted(small_page)
    response = big_page()

    def hand_sql():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [big.pk])
            return cursor.fetchall()

    output.write_text(
        json.dumps(
            {
                "page": best_of(big_page, ROUNDS),
                "baseline": best_of(hand_sql, ROUNDS),
                "queries": big_queries,
                "queries_small": small_queries,
                "enterprises": ENTERPRISES,
                "responses": ENTERPRISES * RESPONSES,
                "hidden": response.context["results"].hidden_count,
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    main(Path(sys.argv[1]))
