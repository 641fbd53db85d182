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

It then builds a second evaluation in the same enterprise: DOCUMENTS interviews of
DOCUMENT_PAGES pages, each coded with PASSAGES_PER_DOCUMENT passages under a codebook of
COUNTED_CODES codes (some under others), one to three codes each, a quarter of them
overlapping the passage before, the documents spread over the framework's stakeholder
types. It renders the counts page (`qualitative_overview`: each code's passages and
documents, in all and by stakeholder type, and the codes found together) and runs one
hand-written SQL query computing the same counts over the same tables as its baseline;
both must agree (checked outside the timing).

OUTPUT.json receives {"page", "baseline", "queries", "passages", "characters"}: seconds
(the best of ROUNDS), the page's query count, the passages shown and the transcript's size;
and {"counts", "counts_baseline", "counts_queries", "counted_documents",
"counted_passages"} for the counts page.
"""

import json
import random
import sys
from datetime import date
from pathlib import Path

import django

from bench.measure import best_of, counted

PAGES = 50
LINES_PER_PAGE = 40
EXCERPTS = 300
OTHER_CODES = 9
ROUNDS = 10
DOCUMENTS = 200
DOCUMENT_PAGES = 10
PASSAGES_PER_DOCUMENT = 30
COUNTED_CODES = 24
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


# Each code's passages and documents in all (kind "code"), by stakeholder type ("type"),
# and the pairs of codes found on one passage or on overlapping ones ("pair"), as counted by
# `vises.analysis.qualitative`: a pair of passages (or one passage) counts once a pair of codes.
COUNTS_SQL = """
SELECT 'code', ec.code_id, NULL, COUNT(DISTINCT e.id), COUNT(DISTINCT e.document_id)
FROM qualitative_excerpt_codes ec
JOIN qualitative_excerpt e ON e.id = ec.excerpt_id
JOIN qualitative_document d ON d.id = e.document_id
WHERE d.evaluation_id = %s
GROUP BY ec.code_id
UNION ALL
SELECT 'type', ec.code_id, d.stakeholder_type, COUNT(DISTINCT e.id), COUNT(DISTINCT d.id)
FROM qualitative_excerpt_codes ec
JOIN qualitative_excerpt e ON e.id = ec.excerpt_id
JOIN qualitative_document d ON d.id = e.document_id
WHERE d.evaluation_id = %s
GROUP BY ec.code_id, d.stakeholder_type
UNION ALL
SELECT 'pair', low, NULL, high, COUNT(*) FROM (
  SELECT DISTINCT LEAST(a.code_id, b.code_id) AS low, GREATEST(a.code_id, b.code_id) AS high,
         LEAST(e1.id, e2.id) AS first, GREATEST(e1.id, e2.id) AS second
  FROM qualitative_excerpt e1
  JOIN qualitative_document d ON d.id = e1.document_id
  JOIN qualitative_excerpt e2 ON e2.document_id = e1.document_id
   AND e2.start < e1."end" AND e1.start < e2."end"
  JOIN qualitative_excerpt_codes a ON a.excerpt_id = e1.id
  JOIN qualitative_excerpt_codes b ON b.excerpt_id = e2.id AND b.code_id <> a.code_id
  WHERE d.evaluation_id = %s
) pairs
GROUP BY low, high
"""


def counts_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return COUNTS_SQL
    return COUNTS_SQL.replace("LEAST(", "MIN(").replace("GREATEST(", "MAX(")


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


def build_counted(rng: random.Random, evaluation):
    """DOCUMENTS coded interviews in `evaluation`, through the product's models."""
    from vises.qualitative.models import Code, Document, Excerpt

    kinds = [
        kind["code"] for kind in evaluation.framework_version.document["stakeholder_types"]
    ] + [""]
    parents = [
        Code.objects.create(evaluation=evaluation, name=f"Thème {number}", colour="mint")
        for number in range(COUNTED_CODES // 4)
    ]
    codes = parents + [
        Code.objects.create(
            evaluation=evaluation, name=f"Sous-code {number}", parent=parents[number % len(parents)]
        )
        for number in range(COUNTED_CODES - len(parents))
    ]
    lines = DOCUMENT_PAGES * LINES_PER_PAGE
    # One pool of lines, each document a different run of them: building 200 transcripts
    # word by word would take longer than the measure.
    pool = transcript(rng).split("\n")
    documents = Document.objects.bulk_create(
        Document(
            evaluation=evaluation,
            method="interview",
            title=f"Entretien {number:03d}",
            pseudonym=f"Personne {number}",
            stakeholder_type=kinds[number % len(kinds)],
            text="\n".join(pool[number : number + lines]),
        )
        for number in range(DOCUMENTS)
    )
    excerpts, line_length = [], len(pool[0]) + 1
    for document in documents:
        step = len(document.text) // PASSAGES_PER_DOCUMENT
        for number in range(PASSAGES_PER_DOCUMENT):
            start = number * step
            if number and rng.random() < 0.25:
                start -= step // 2  # overlapping the passage before
            end = min(start + line_length * rng.randint(1, 3), len(document.text))
            excerpts.append(Excerpt(document=document, start=start, end=end))
    excerpts = Excerpt.objects.bulk_create(excerpts, batch_size=2000)
    through = Excerpt.codes.through
    through.objects.bulk_create(
        (
            through(excerpt=excerpt, code=code)
            for excerpt in excerpts
            for code in rng.sample(codes, rng.choice((1, 2, 2, 3)))
        ),
        batch_size=2000,
    )
    return len(excerpts)


def agree(overview: dict, rows: list) -> None:
    """The page's counts are those of the hand SQL, or the run fails."""
    codes, types, pairs = {}, {}, {}
    for kind, code, stakeholder_type, first, second in rows:
        if kind == "code":
            codes[code] = (first, second)
        elif kind == "type":
            types[code, stakeholder_type or ""] = (first, second)
        else:
            pairs[code, first] = second
    shown_codes, shown_types = {}, {}
    for row in overview["table"]:
        code = row["entry"].code.pk
        if row["entry"].excerpts:
            shown_codes[code] = (row["entry"].excerpts, row["entry"].documents)
        for (kind, _name), cell in zip(overview["types"], row["cells"], strict=True):
            if cell != (0, 0):
                shown_types[code, kind] = cell
    shown_pairs = {(p["first"].pk, p["second"].pk): p["count"] for p in overview["together"]}
    assert shown_codes == codes, "the counts by code differ from the hand SQL's"
    assert shown_types == types, "the counts by stakeholder type differ from the hand SQL's"
    assert shown_pairs == pairs, "the codes found together differ from the hand SQL's"


def main(output: Path) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse

    from bench.queries import FAST_TEST_SETTINGS
    from vises.evaluations.models import Evaluation
    from vises.frameworks import store
    from vises.qualitative import reading

    call_command("migrate", interactive=False, verbosity=0)
    store.load_default()
    rng = random.Random(17)
    evaluation, member, code, characters = build(rng)
    counted_evaluation = Evaluation.objects.create(
        enterprise=evaluation.enterprise,
        title="Entretiens 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        framework_version=evaluation.framework_version,
    )
    counted_passages = build_counted(rng, counted_evaluation)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_test_environment()
    with override_settings(**{**FAST_TEST_SETTINGS, "VISES_REQUIRE_TWO_FACTOR": False}):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(member, backend="vises.accounts.backends.UserBackend")
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

        counts_url = reverse("qualitative_overview", args=[counted_evaluation.pk])

        def counts_page():
            response = client.get(counts_url)
            assert response.status_code == 200, response.status_code
            return response

        def sql_counts():
            with connection.cursor() as cursor:
                cursor.execute(counts_sql(connection.vendor), [counted_evaluation.pk] * 3)
                return cursor.fetchall()

        counts_page()
        counts_queries = counted(counts_page)
        agree(reading.overview(counted_evaluation), sql_counts())

        output.write_text(
            json.dumps(
                {
                    "page": best_of(page, ROUNDS),
                    "baseline": best_of(sql, ROUNDS),
                    "counts": best_of(counts_page, ROUNDS),
                    "counts_baseline": best_of(sql_counts, ROUNDS),
                    "counts_queries": counts_queries,
                    "counted_documents": DOCUMENTS,
                    "counted_passages": counted_passages,
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
