"""Time a code's passages page over a coded 50-page transcript (issue 17), against reading
the same rows with one hand-written SQL query in the same run.

Run as `python -m bench.qualitative OUTPUT.json` with DJANGO_SETTINGS_MODULE=vises.settings,
VISES_DATA_DIR set to a throwaway directory and, for PostgreSQL, DATABASE_URL naming an
empty database (bench/run.py makes one; without it a fresh SQLite database is used). It
migrates the database, loads the default framework and builds an evaluation holding one
interview transcript of PAGES pages (LINES_PER_PAGE lines of about 70 characters each, as
a typed transcript runs) and EXCERPTS coded passages spread over it, each of one to three
lines; every passage carries the code measured, "Confiance", and one of nine other codes.

It then renders the code's page (`qualitative_code`: its 300 passages, each with its
document, its lines and its codes) as a member of the team with Django's test client,
and runs one hand-written SQL query reading the same rows (each passage's document,
position, words and codes, in the page's order) as the baseline.

OUTPUT.json receives {"page", "baseline", "queries", "passages", "characters"}: seconds
(the best of ROUNDS), the page's query count, the passages shown and the transcript's size.
"""

import json
import random
import sys
import time
from datetime import date
from pathlib import Path

import django

PAGES = 50
LINES_PER_PAGE = 40
EXCERPTS = 300
OTHER_CODES = 9
ROUNDS = 5
SPOKEN = (
    "avant je n'osais pas parler en groupe maintenant je prends la parole en réunion "
    "l'équipe m'a fait confiance dès le début et j'ai trouvé un emploi grâce au stage "
    "ma famille voit la différence je me sens utile ici on décide ensemble de l'horaire"
)
WORDS = SPOKEN.split()

HAND_SQL = """
SELECT d.id, d.title, d.method, d.pseudonym, e.id, e.start, e."end", e.memo,
       substr(d.text, e.start + 1, e."end" - e.start),
       (SELECT group_concat(c.name, ', ') FROM qualitative_excerpt_codes x
        JOIN qualitative_code c ON c.id = x.code_id WHERE x.excerpt_id = e.id)
FROM qualitative_excerpt e
JOIN qualitative_excerpt_codes ec ON ec.excerpt_id = e.id AND ec.code_id = %s
JOIN qualitative_document d ON d.id = e.document_id
WHERE d.evaluation_id = %s
ORDER BY d.title, d.id, e.start, e.id
"""


def hand_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return HAND_SQL.replace("group_concat(c.name, ', ')", "string_agg(c.name, ', ')")
    return HAND_SQL


def transcript(rng: random.Random) -> str:
    """PAGES pages of an interview, the interviewer and the person speaking in turns."""
    lines = []
    for number in range(PAGES * LINES_PER_PAGE):
        speaker = "Enquêtrice" if number % 4 == 0 else "Awa"
        words = []
        while sum(len(word) + 1 for word in words) < 60:
            words.append(rng.choice(WORDS))
        lines.append(f"{speaker} : {' '.join(words).capitalize()}.")
    return "\n".join(lines)


def build(rng: random.Random):
    """The evaluation, its transcript coded EXCERPTS times, the team member and the code."""
    from vises.accounts.models import Enterprise, EnterpriseMembership, User
    from vises.evaluations.models import Evaluation
    from vises.evaluations.starting import framework_for
    from vises.qualitative.models import Code, Document, Excerpt

    enterprise = Enterprise.objects.create(
        name="Atelier Bench",
        legal_form="ASBL",
        group="integration",
        country="BE",
        region="BE-WAL",
        municipality="Namur",
        postcode="5000",
        nace_code="88.99",
        size_band="10-49",
    )
    member = User.objects.create_user("team@bench.example", "bench-password")
    EnterpriseMembership.objects.create(
        user=member, enterprise=enterprise, role="enterprise_member"
    )
    evaluation = Evaluation.objects.create(
        enterprise=enterprise,
        title="Impact 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        framework_version=framework_for(enterprise),
    )
    text = transcript(rng)
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Entretien avec Awa",
        pseudonym="Awa",
        stakeholder_type="trainee",
        text=text,
    )
    measured = Code.objects.create(evaluation=evaluation, name="Confiance")
    others = [
        Code.objects.create(evaluation=evaluation, name=f"Code {number}")
        for number in range(OTHER_CODES)
    ]
    offsets, offset = [], 0
    for line in text.split("\n"):
        offsets.append((offset, offset + len(line)))
        offset += len(line) + 1
    # Passages spread evenly over the lines, one to three lines each, never overlapping.
    step = len(offsets) // EXCERPTS
    excerpts = Excerpt.objects.bulk_create(
        Excerpt(
            document=document,
            start=offsets[number * step][0],
            end=offsets[min(number * step + rng.randint(0, 2), len(offsets) - 1)][1],
            memo="À relire." if number % 10 == 0 else "",
        )
        for number in range(EXCERPTS)
    )
    through = Excerpt.codes.through
    through.objects.bulk_create(
        [through(excerpt=excerpt, code=measured) for excerpt in excerpts]
        + [through(excerpt=excerpt, code=rng.choice(others)) for excerpt in excerpts]
    )
    return evaluation, member, measured, len(text)


def counted(function) -> int:
    """How many SQL statements one call runs."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    return len(statements)


def timed(function, rounds: int = ROUNDS) -> float:
    """The best time of `rounds` calls, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main(output: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse

    from bench.queries import FAST_TEST_SETTINGS
    from vises.frameworks import store

    call_command("migrate", interactive=False, verbosity=0)
    store.load_default()
    evaluation, member, code, characters = build(random.Random(17))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_test_environment()
    with override_settings(**FAST_TEST_SETTINGS, VISES_REQUIRE_TWO_FACTOR=False):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        url = reverse("qualitative_code", args=[evaluation.pk, code.pk])

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        response = page()  # the session's first reads, the templates compiled
        shown = len(response.context["passages"])
        assert shown == EXCERPTS, shown
        queries = counted(page)

        def sql():
            with connection.cursor() as cursor:
                cursor.execute(hand_sql(connection.vendor), [code.pk, evaluation.pk])
                rows = cursor.fetchall()
            assert len(rows) == EXCERPTS, len(rows)
            return rows

        output.write_text(
            json.dumps(
                {
                    "page": timed(page),
                    "baseline": timed(sql),
                    "queries": queries,
                    "passages": shown,
                    "characters": characters,
                    "database": connection.vendor,
                }
            )
        )


if __name__ == "__main__":
    django.setup()
    main(Path(sys.argv[1]))
