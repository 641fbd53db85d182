"""Time the import of 100,000 responses to 25 questions from CSV and from XLSX (issue 18),
against reading the same file alone: the csv module for the CSV, openpyxl's read-only mode
for the workbook.

Run as `python -m bench.imports [OUTPUT.json] [--csv-only]` with
DJANGO_SETTINGS_MODULE=vises.settings and VISES_DATA_DIR set to a throwaway directory: it
migrates a fresh SQLite database there (or the empty database of DATABASE_URL) and makes a
survey of 25 questions (8 agreement scales, 5 single choices, 3 multiple choices written in
one column, 4 numbers with a decimal comma, 2 dates as dd/mm/yyyy, 3 short texts) and ROWS
rows of answers (BENCH_IMPORT_ROWS, 100,000 by default), written as Excel writes them in
Belgium: a CSV in cp1252 separated by semicolons, and an XLSX (written by openpyxl). Then,
once each (a run takes long enough for one to tell):

* `csv_import`, `xlsx_import`: `imports.run` of an import of the file, as the background
  task does it: every row read, checked and stored (then undone, so that both imports
  store the same rows into the same empty wave);
* `csv_read`, `xlsx_read`: the bare read of the same file, every cell looked at once;
* `csv_peak_small`, `csv_peak`: the peak of Python's memory (tracemalloc) while checking
  every row of a file of SMALL_ROWS and of ROWS rows (`imports.check` with no limit): the
  import reads as a stream, so the peak should not grow with the file.

Prints (or writes to OUTPUT.json) these figures, in seconds and bytes. `--csv-only` times
the CSV alone (`csv_import`, `csv_read`), as run.py does on PostgreSQL.
"""

import csv
import datetime
import json
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

import django

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 100_000))
SMALL_ROWS = 10_000
SCALE_LABELS = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Neutre",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]


def make_survey():
    from vises.accounts.models import Enterprise
    from vises.evaluations.models import Evaluation
    from vises.frameworks import store
    from vises.surveys.models import Survey

    version = store.load_default()
    enterprise = Enterprise.objects.create(name="Bench", country="BE", region="BE-BRU")
    evaluation = Evaluation.objects.create(
        enterprise=enterprise,
        framework_version=version,
        title="Bench",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    survey = Survey.objects.create(
        evaluation=evaluation, title={"fr": "Bench"}, languages=["fr", "nl"]
    )
    section = survey.sections.create(title={"fr": "Tout"})
    questions = []

    def add(code, kind, **fields):
        questions.append(
            survey.questions.create(
                section=section,
                position=len(questions),
                code=code,
                kind=kind,
                text={"fr": f"Question {code}", "nl": f"Vraag {code}"},
                **fields,
            )
        )

    for n in range(8):
        add(
            f"scale{n}",
            "scale",
            scale="agree5",
            options=[
                {"value": v + 1, "label": {"fr": label}} for v, label in enumerate(SCALE_LABELS)
            ],
        )
    for n in range(5):
        add(
            f"single{n}",
            "single_choice",
            options=[{"value": f"o{v}", "label": {"fr": f"Option {v}"}} for v in range(4)],
        )
    for n in range(3):
        add(
            f"multi{n}",
            "multiple_choice",
            options=[{"value": f"m{v}", "label": {"fr": f"Choix {v}"}} for v in range(5)],
        )
    for n in range(4):
        add(f"number{n}", "number", minimum=0, maximum=100000)
    for n in range(2):
        add(f"date{n}", "date")
    for n in range(3):
        add(f"text{n}", "short_text")
    wave = survey.waves.create(
        label="2026", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31)
    )
    return survey, wave, questions


def rows(questions, count: int):
    """The header (the questions' French texts), then `count` rows as a coordinator types
    them: labels, decimal commas, day/month/year."""
    rng = random.Random(18)
    yield [q.text["fr"] for q in questions]
    for _ in range(count):
        row = []
        for q in questions:
            if q.kind == "scale":
                row.append(rng.choice(SCALE_LABELS))
            elif q.kind == "single_choice":
                row.append(f"Option {rng.randrange(4)}")
            elif q.kind == "multiple_choice":
                row.append(", ".join(f"Choix {v}" for v in sorted(rng.sample(range(5), 2))))
            elif q.kind == "number":
                row.append(f"{rng.randrange(100000)},{rng.randrange(10)}")
            elif q.kind == "date":
                row.append(f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/2026")
            else:
                row.append(rng.choice(["Très bien", "Ça dépend", "Rien à dire", ""]))
        yield row


def write_csv(path: Path, questions, count: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as file:
        csv.writer(file, delimiter=";").writerows(rows(questions, count))


def write_xlsx(path: Path, questions, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Réponses")
    for row in rows(questions, count):
        sheet.append(row)
    workbook.save(path)


def read_csv(path: Path) -> int:
    cells = 0
    with path.open("r", encoding="cp1252", newline="") as file:
        for row in csv.reader(file, delimiter=";"):
            cells += sum(1 for cell in row if cell)
    return cells


def read_xlsx(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells += sum(1 for cell in row if cell is not None)
    workbook.close()
    return cells


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def import_file(survey, wave, path: Path) -> float:
    """The time of a whole import of the file, as the background task runs it; undone
    afterwards."""
    from django.core.files import File

    from vises.surveys import imports
    from vises.surveys.models import ResponseImport

    with path.open("rb") as file:
        response_import = imports.start(survey, wave, File(file, path.name), None, "fr")
    response_import.status = ResponseImport.Status.RUNNING
    response_import.save(update_fields=["status"])
    seconds, stored = timed(imports.run, response_import)
    response_import.refresh_from_db()
    if stored != ROWS:
        raise SystemExit(f"{path.name}: {stored} stored, {response_import.problems[:3]}")
    imports.undo(response_import, None)
    return seconds


def peak_while_checking(survey, path: Path) -> int:
    from vises.surveys import imports

    tracemalloc.start()
    with path.open("rb") as file:
        checked = imports.check(survey, file, path.name, {}, limit=None)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if checked.problem_count:
        raise SystemExit(f"{path.name}: {checked.problems[:3]}")
    return peak


def main(output: Path | None, csv_only: bool) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    survey, wave, questions = make_survey()
    folder = Path(settings.DATA_DIR)
    small_csv, big_csv, big_xlsx = folder / "small.csv", folder / "big.csv", folder / "big.xlsx"
    write_csv(big_csv, questions, ROWS)
    measured = {
        "rows": ROWS,
        "questions": len(questions),
        "csv_bytes": big_csv.stat().st_size,
        "csv_read": timed(read_csv, big_csv)[0],
        "csv_import": import_file(survey, wave, big_csv),
    }
    said = (
        f"{ROWS} rows x {len(questions)} questions: CSV import {measured['csv_import']:.1f} s "
        f"(bare read {measured['csv_read']:.2f} s)"
    )
    if not csv_only:
        write_csv(small_csv, questions, SMALL_ROWS)
        write_xlsx(big_xlsx, questions, ROWS)
        measured |= {
            "xlsx_bytes": big_xlsx.stat().st_size,
            "xlsx_read": timed(read_xlsx, big_xlsx)[0],
            "xlsx_import": import_file(survey, wave, big_xlsx),
            "csv_peak_small": peak_while_checking(survey, small_csv),
            "csv_peak": peak_while_checking(survey, big_csv),
        }
        said += (
            f", XLSX import {measured['xlsx_import']:.1f} s (bare read "
            f"{measured['xlsx_read']:.2f} s); peak while checking "
            f"{measured['csv_peak_small'] / 1e6:.1f} MB for {SMALL_ROWS} rows, "
            f"{measured['csv_peak'] / 1e6:.1f} MB for {ROWS}"
        )
    print(said, file=sys.stderr)
    text = json.dumps(measured)
    if output is None:
        print(text)
    else:
        output.write_text(text + "\n")


if __name__ == "__main__":
    django.setup()
    arguments = [argument for argument in sys.argv[1:] if argument != "--csv-only"]
    main(Path(arguments[0]) if arguments else None, "--csv-only" in sys.argv[1:])
