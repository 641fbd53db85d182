"""`make bench`: how fast the enterprise list, the journey screen and survey submissions
are served, on SQLite and on PostgreSQL, how many queries pages cost, how long the
analysis of a large survey takes, and how long a report takes to render as PDF and DOCX.

1. Query counts: bench/queries.py runs in a subprocess against a throwaway database and
   counts the SQL queries of the enterprise list and the home page, for the coach and the
   network admin, with 20 and with 500 enterprises, and of the journey screen of a filled
   evaluation, for its enterprise admin, while the enterprise holds 1 and 50 evaluations.
   A count that grows fails the run.
2. Throughput: a fresh data directory gets the demo, its network grown to FOLLOWED
   enterprises (all followed by the coach) and the journey evaluation, its enterprise
   holding EVALUATIONS evaluations; `vises serve` (gunicorn) serves it with
   bench/settings.py, the coach and the enterprise admin sign in through the login form,
   and this script loads the constant page /bench/constant/, /enterprises/ (as the coach)
   and the journey screen (as the enterprise admin) in turns, with the same client. The same
   server then takes complete survey submissions from concurrent respondents (GET the
   public link, POST the language, GET and POST each of the 3 pages, GET the thank-you
   page) and, in turns, the bare POST view /bench/post/ that stores one row.
3. PostgreSQL: the same data in a database created for the run (BENCH_POSTGRES names the
   server's maintenance database; the bench database is dropped afterwards), served the
   same way: the constant page, the bare POST view and survey submissions.
   Every submission acknowledged (the last page answered with the redirect to the
   thank-you page) must be stored exactly once, and every bare POST too, on both
   databases: the run fails otherwise.
4. Survey analysis: bench/analysis.py runs in a subprocess and times the full analysis
   (every result, breakdown and the change between two waves) of a synthetic survey of
   10,000 responses and 30 questions against the same counts and means in one pandas pass.
   The run fails if it takes ANALYSIS_SECONDS or more, or more than ANALYSIS_RATIO times
   pandas (issue 6).
5. Pages that draw charts: bench/pages.py times an evaluative question's findings page and
   a published report page at their first view (charts drawn) and the next (from the
   shared cache), against the constant page (issue 15).
6. Report rendering: bench/reports.py runs in a subprocess against a throwaway database
   with the demo, makes a funders report of at least 10 charts on the evaluation with the
   most survey results, and times its PDF and its DOCX against the same charts saved alone
   by matplotlib, and one chart inside the PDF against that chart saved alone. The run
   fails if the PDF takes REPORT_PDF_SECONDS_PER_CHART a chart or more (issue 7).
7. Imports: bench/imports.py runs in a subprocess against a throwaway database and times
   the import of 100,000 responses to 25 questions from a cp1252 CSV and from an XLSX,
   against reading the same files with the csv module and with openpyxl's read-only mode
   alone, and the memory peak of checking 10,000 and 100,000 rows (issue 18); then, unless
   BENCH_POSTGRES is empty, the CSV import again into a PostgreSQL database created for it.
   The goal, within 3 times the bare read, is reported, not enforced.
8. Qualitative material: bench/qualitative.py runs in a subprocess against a throwaway
   SQLite database, and again against a PostgreSQL database created for it (unless
   BENCH_POSTGRES is empty), builds a 50-page interview transcript coded with 300 passages
   and times a code's passages page (all 300) against one hand-written SQL query reading
   the same rows; then builds 200 coded interviews (6,000 passages) and times the counts
   page (passages and documents by code and stakeholder type, codes found together)
   against one hand-written SQL query counting the same (issue 17). The goal, within
   QUALITATIVE_RATIO times the SQL, is reported, not enforced.
9. Aggregated results: bench/aggregates.py runs in a subprocess against a PostgreSQL
   database created for it (skipped when BENCH_POSTGRES is empty), builds a network of
   1,000 sharing enterprises with 100 responses each (25 shared items) and times its
   aggregated results page against one hand-written SQL aggregate over the same tables,
   and counts the page's queries with 1,000 and with 10 enterprises (issue 16). A count
   that grows fails the run; the goals (under AGGREGATES_SECONDS, within AGGREGATES_RATIO
   times the hand SQL) are reported, not enforced.

Prints a table and writes every figure to bench/latest.json. Exits non-zero if anything
failed. Tune with BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS (also the
number of concurrent respondents), BENCH_POSTGRES ("" skips PostgreSQL) and
WEB_CONCURRENCY (gunicorn workers, as for `vises serve`).
"""

import html
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from statistics import quantiles
from urllib.parse import urlencode, urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_FILE = BENCH_DIR / "latest.json"

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
# The same default as `vises serve`, made explicit so that it can be reported.
WORKERS = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * (os.cpu_count() or 1) + 1, 8))))

FOLLOWED = 50  # one full page of the enterprise list
EVALUATIONS = 50  # evaluations held by the enterprise of the measured journey screen
PASSWORD = "demo-vises-2026"  # every demo user's
COACH = ("camille.lefebvre@passerelles-ess.example", PASSWORD)
LOGIN_PATH = "/accounts/login/"
LIST_PATH = "/enterprises/"
CONSTANT_PATH = "/bench/constant/"
BARE_POST_PATH = "/bench/post/"
# The maintenance database of the PostgreSQL server; the run creates and drops its own.
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
# Two runs at once (a second checkout, say) each need a database of their own.
POSTGRES_DATABASE = os.environ.get("BENCH_DATABASE", "vises_bench")
# BENCH_ONLY=pages,sqlite runs only the steps named (see STEPS); empty runs them all.
STEPS = (
    "queries",
    "analysis",
    "reports",
    "pages",
    "imports",
    "qualitative",
    "sqlite",
    "postgresql",
    "aggregates",
)
ONLY = {step for step in os.environ.get("BENCH_ONLY", "").replace(" ", "").split(",") if step}
SUBMISSIONS_TARGET = 150  # complete submissions per second on PostgreSQL (issue 5)
REQUESTS_PER_SUBMISSION = 9  # see Respondents
# The full analysis of 10,000 responses x 30 questions: under a second and within 3 times
# the same counts and means computed with pandas (issue 6).
ANALYSIS_FIGURE = "analysis.full_10000x30"
ANALYSIS_SECONDS = 1.0
ANALYSIS_RATIO = 3.0
# The PDF of a funders report: under 5 seconds for 10 charts (issue 7), so under half a
# second a chart, since the demo's report has grown with its surveys.
REPORT_PDF_FIGURE = "reports.pdf_funders_report"
REPORT_PDF_SECONDS_PER_CHART = 0.5
# The aggregated results of 1,000 enterprises x 100 responses: under 2 seconds and within
# 5 times one hand-written SQL aggregate (issue 16).
AGGREGATES_FIGURE = "aggregates.results_page_1000x100"
AGGREGATES_QUERIES = "aggregates.results_page_queries"
AGGREGATES_SECONDS = 2.0
AGGREGATES_RATIO = 5.0
# A code's 300 passages over a 50-page transcript: within 3 times one hand-written SQL
# query reading the same rows (issue 17).
QUALITATIVE_FIGURE = "qualitative.code_page_50_pages_300_excerpts"
# The counts by code and stakeholder type, and the codes found together, of 200 coded
# documents: within 3 times one hand-written SQL query counting the same (issue 17).
QUALITATIVE_COUNTS_FIGURE = "qualitative.code_counts_200_documents"
QUALITATIVE_RATIO = 3.0

# Settings read from the environment that must not leak from the developer's shell: above
# all DATABASE_URL, which would point the benchmark at real data.
UNSAFE_ENV = ("DATABASE_URL", "STATIC_ROOT", "SECRET_KEY", "SECURE_PROXY", "EMAIL_HOST")


class BenchError(Exception):
    """The benchmark could not measure what it promises to."""


# Environment and subprocesses ------------------------------------------------------------


def django_env(data_dir: Path, settings_module: str, **extra: str) -> dict[str, str]:
    """The environment of a Django process on its own data directory and SQLite database."""
    env = {key: value for key, value in os.environ.items() if key not in UNSAFE_ENV}
    pythonpath = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        VISES_DATA_DIR=str(data_dir),
        PYTHONPATH=os.pathsep.join(pythonpath),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        **extra,
    )
    return env


def run_module(module: str, args: list[str], env: dict[str, str]) -> None:
    """Run `python -m module args` from the repository root; raise BenchError if it fails."""
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO_ROOT, env=env)
    if result.returncode != 0:
        raise BenchError(f"python -m {module} failed with exit code {result.returncode}")


# Query counts ------------------------------------------------------------------------------


def count_queries(work_dir: Path) -> list[dict]:
    """The query counts of bench/queries.py, measured in a fresh database under work_dir."""
    output = work_dir / "queries.json"
    run_module(
        "bench.queries",
        [str(output)],
        django_env(work_dir / "data", "vises.settings"),
    )
    return json.loads(output.read_text())


def query_figures(counts: list[dict]) -> list[dict]:
    """One figure per page, role and size; the baseline is the same page at its smallest size.

    The size is the number of enterprises, or of evaluations for the journey screen.
    """
    baselines = smallest_counts(counts)
    ordered = sorted(counts, key=lambda c: (c["page"], c["role"], c["size"]))
    return [
        figure(
            f"queries.{count['page']}.{count['role']}_{count['size']}",
            count["queries"],
            "queries",
            baselines[count["page"], count["role"]]["queries"],
        )
        for count in ordered
    ]


def smallest_counts(counts: list[dict]) -> dict[tuple[str, str], dict]:
    """For each page and role, its count at the smallest size."""
    smallest: dict[tuple[str, str], dict] = {}
    for count in counts:
        key = (count["page"], count["role"])
        if key not in smallest or count["size"] < smallest[key]["size"]:
            smallest[key] = count
    return smallest


def query_growth(counts: list[dict]) -> list[str]:
    """Explain every page whose query count grows with the number of what it shows."""
    small = smallest_counts(counts)
    problems = []
    for count in counts:
        base = small[count["page"], count["role"]]
        if count["queries"] > base["queries"]:
            extra = Counter(map(sql_shape, count["sql"])) - Counter(map(sql_shape, base["sql"]))
            shape, times = extra.most_common(1)[0] if extra else ("(no single statement)", 0)
            problems.append(
                f"{count['page']} as {count['role']}: {count['queries']} queries with "
                f"{count['size']} {count['counted']}, {base['queries']} with {base['size']}; "
                f"{times} more of: {shape[:300]}"
            )
    return problems


def sql_shape(sql: str) -> str:
    """The statement with its numbers replaced by N, so that an N+1 loop shows as one shape."""
    return re.sub(r"\b\d+\b", "N", sql)


# Survey analysis ---------------------------------------------------------------------------


def measure_analysis(work_dir: Path) -> list[dict]:
    """The time of the full analysis of bench/analysis.py, with pandas' as baseline."""
    output = work_dir / "analysis.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    # No database is read: the environment only keeps the developer's settings out.
    run_module("bench.analysis", [str(output)], django_env(work_dir / "data", "vises.settings"))
    measured = json.loads(output.read_text())
    return [figure(ANALYSIS_FIGURE, measured["analysis"], "s", measured["baseline"])]


def analysis_problems(figures: list[dict]) -> list[str]:
    """Say how the analysis misses the targets of issue 6, if it does."""
    analysis = next((f for f in figures if f["name"] == ANALYSIS_FIGURE), None)
    if analysis is None:
        return []
    problems = []
    if analysis["value"] >= ANALYSIS_SECONDS:
        problems.append(f"{analysis['value']:.2f} s, not under {ANALYSIS_SECONDS:g} s")
    if analysis["ratio"] > ANALYSIS_RATIO:
        problems.append(f"{analysis['ratio']:.1f} times pandas, more than {ANALYSIS_RATIO:g}")
    return problems


# Imports ------------------------------------------------------------------------------------


def measure_imports(work_dir: Path) -> list[dict]:
    """The import times of bench/imports.py, with the bare reads of the same files as
    baselines, and the memory peak of checking the big file against the small one's; then,
    unless BENCH_POSTGRES is empty, the CSV import again into a PostgreSQL database."""
    output = work_dir / "imports.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    run_module("bench.imports", [str(output)], django_env(work_dir / "data", "vises.settings"))
    measured = json.loads(output.read_text())
    figures = [
        figure("imports.csv_100k_rows", measured["csv_import"], "s", measured["csv_read"]),
        figure("imports.xlsx_100k_rows", measured["xlsx_import"], "s", measured["xlsx_read"]),
        figure("imports.peak_100k_rows", measured["csv_peak"], "bytes", measured["csv_peak_small"]),
    ]
    if POSTGRES:
        output = work_dir / "postgresql.json"
        with postgres_database() as url:
            env = django_env(work_dir / "postgresql", "vises.settings", DATABASE_URL=url)
            run_module("bench.imports", [str(output), "--csv-only"], env)
        measured = json.loads(output.read_text())
        figures.append(
            figure(
                "imports.csv_100k_rows.postgresql",
                measured["csv_import"],
                "s",
                measured["csv_read"],
            )
        )
    return figures


def print_imports(figures: list[dict]) -> None:
    """Say in words what an import costs against the bare read of its file."""
    values = {f["name"]: f for f in figures}
    for name, kind, reader in (
        ("csv_100k_rows", "CSV", "the csv module"),
        ("xlsx_100k_rows", "XLSX", "openpyxl read-only"),
        ("csv_100k_rows.postgresql", "CSV into PostgreSQL", "the csv module"),
    ):
        found = values.get(f"imports.{name}")
        if found:
            verdict = "met" if found["ratio"] <= 3 else "NOT MET"
            print(
                f"Import of 100,000 responses from {kind}: {found['value']:.1f} s, "
                f"{found['ratio']:.1f} times {reader} alone ({found['baseline']:.2f} s); "
                f"goal of 3 times: {verdict}."
            )
    peak = values.get("imports.peak_100k_rows")
    if peak:
        print(
            f"Memory peak while checking 100,000 rows: {peak['value'] / 1e6:.1f} MB, "
            f"{peak['ratio']:.2f} times that of 10,000 rows."
        )


# Report rendering --------------------------------------------------------------------------


def measure_reports(work_dir: Path) -> list[dict]:
    """The render times of bench/reports.py's funders report, with its pages and charts.

    Baselines: the PDF and the DOCX are both compared with the sum of the times of their
    charts, each saved alone as SVG by matplotlib. A ratio of 1.0 would mean that the file
    costs no more than drawing its charts: the ratio shows what the PDF or the DOCX costs
    beyond them. One chart in the PDF (the PDF of a document holding its block minus the
    same document without the chart) is compared with that chart saved alone the same way.
    """
    output = work_dir / "reports.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    run_module("bench.reports", [str(output)], django_env(work_dir / "data", "vises.settings"))
    measured = json.loads(output.read_text())
    shape = {"pages": measured["pages"], "charts": measured["charts"]}
    return [
        figure(REPORT_PDF_FIGURE, measured["pdf"], "s", measured["charts_alone"]) | shape,
        figure("reports.docx_funders_report", measured["docx"], "s", measured["charts_alone"]),
        figure("reports.chart_in_pdf", measured["chart_in_pdf"], "s", measured["chart_alone"]),
    ]


def measure_pages(work_dir: Path) -> list[dict]:
    """The times of bench/pages.py's pages that draw charts, as their first reader meets
    them and as the next one does, against the constant page in the same process."""
    output = work_dir / "pages.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    run_module("bench.pages", [str(output)], django_env(work_dir / "data", "bench.settings"))
    measured = json.loads(output.read_text())
    constant = measured["constant"]
    return [
        figure("pages.findings.first_view", measured["findings_first"], "s", constant),
        # The charts the first view left to be fetched (findings_charts_count of them),
        # drawn one after the other.
        figure(
            "pages.findings.charts_after_first_view",
            measured["findings_charts"],
            "s",
            constant,
        ),
        figure("pages.findings.next_view", measured["findings_next"], "s", constant),
        figure("pages.published_report.first_view", measured["published_first"], "s", constant),
        figure("pages.published_report.next_view", measured["published_next"], "s", constant),
    ]


def report_problems(figures: list[dict]) -> list[str]:
    """Say how the report's PDF misses the target of issue 7, if it does."""
    pdf = next((f for f in figures if f["name"] == REPORT_PDF_FIGURE), None)
    if pdf is None or pdf["value"] < REPORT_PDF_SECONDS_PER_CHART * pdf["charts"]:
        return []
    limit = REPORT_PDF_SECONDS_PER_CHART * pdf["charts"]
    return [f"{pdf['value']:.2f} s for {pdf['charts']} charts, not under {limit:g} s"]


# Aggregated results ------------------------------------------------------------------------


def measure_aggregates(work_dir: Path) -> list[dict]:
    """The aggregated results page of bench/aggregates.py with the hand-written SQL as
    baseline, and its query count with 1,000 enterprises against that with 10."""
    output = work_dir / "aggregates.json"
    work_dir.mkdir(parents=True, exist_ok=True)
    with postgres_database() as url:
        env = django_env(work_dir / "data", "vises.settings", DATABASE_URL=url)
        run_module("bench.aggregates", [str(output)], env)
    measured = json.loads(output.read_text())
    return [
        figure(AGGREGATES_FIGURE, measured["page"], "s", measured["baseline"]),
        figure(AGGREGATES_QUERIES, measured["queries"], "queries", measured["queries_small"]),
    ]


def aggregates_problems(figures: list[dict]) -> list[str]:
    """Say how the aggregated results page's query count grows with the enterprises."""
    queries = next((f for f in figures if f["name"] == AGGREGATES_QUERIES), None)
    if queries is None or queries["value"] <= queries["baseline"]:
        return []
    return [
        f"aggregated results: {queries['value']:.0f} queries with 1,000 enterprises, "
        f"{queries['baseline']:.0f} with 10"
    ]


def measure_qualitative(work_dir: Path) -> list[dict]:
    """A code's passages page and the counts page of bench/qualitative.py, each with its
    hand-written SQL as baseline, on SQLite and, unless BENCH_POSTGRES is empty, on
    PostgreSQL."""
    work_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    output = work_dir / "sqlite.json"
    run_module(
        "bench.qualitative", [str(output)], django_env(work_dir / "sqlite", "vises.settings")
    )
    figures += qualitative_figures(json.loads(output.read_text()), "sqlite")
    if POSTGRES:
        output = work_dir / "postgresql.json"
        with postgres_database() as url:
            env = django_env(work_dir / "postgresql", "vises.settings", DATABASE_URL=url)
            run_module("bench.qualitative", [str(output)], env)
        figures += qualitative_figures(json.loads(output.read_text()), "postgresql")
    return figures


def qualitative_figures(measured: dict, database: str) -> list[dict]:
    """The code's passages page and the counts page, each with its hand SQL as baseline."""
    return [
        figure(f"{QUALITATIVE_FIGURE}.{database}", measured["page"], "s", measured["baseline"]),
        figure(
            f"{QUALITATIVE_COUNTS_FIGURE}.{database}",
            measured["counts"],
            "s",
            measured["counts_baseline"],
        )
        | {
            "documents": measured["counted_documents"],
            "passages": measured["counted_passages"],
            "queries": measured["counts_queries"],
        },
    ]


def print_qualitative(figures: list[dict]) -> None:
    """Say in words how long a code's passages take, against the hand SQL and the goal."""
    for found in figures:
        if found["name"].startswith(QUALITATIVE_FIGURE):
            what = "A code's 300 passages over a 50-page transcript"
        elif found["name"].startswith(QUALITATIVE_COUNTS_FIGURE):
            what = f"The counts of 200 documents coded with {found['passages']:,} passages"
        else:
            continue
        database = found["name"].rsplit(".", 1)[1]
        verdict = "met" if found["ratio"] <= QUALITATIVE_RATIO else "NOT MET"
        print(
            f"{what} on {database}: "
            f"{found['value']:.3f} s, {found['ratio']:.1f} times the hand-written SQL "
            f"({found['baseline']:.3f} s); goal of {QUALITATIVE_RATIO:g} times: {verdict}."
        )


def print_aggregates(figures: list[dict]) -> None:
    """Say in words how long the aggregated results take, against the hand SQL and goals."""
    values = {f["name"]: f for f in figures}
    page, queries = values.get(AGGREGATES_FIGURE), values.get(AGGREGATES_QUERIES)
    if page is None or queries is None:
        return
    met = page["value"] < AGGREGATES_SECONDS and page["ratio"] <= AGGREGATES_RATIO
    print(
        f"Aggregated results of 1,000 enterprises x 100 responses: {page['value']:.2f} s, "
        f"{page['ratio']:.1f} times the hand-written SQL ({page['baseline']:.2f} s), "
        f"{queries['value']:.0f} queries ({queries['baseline']:.0f} with 10 enterprises); "
        f"goal of under {AGGREGATES_SECONDS:g} s and {AGGREGATES_RATIO:g} times the SQL: "
        f"{'met' if met else 'NOT MET'}."
    )


# The server ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(data_dir: Path, log_path: Path, **extra: str) -> Iterator[tuple[str, int]]:
    """Serve data_dir with `vises serve` and bench/settings.py; always stop it on exit.

    `extra` is added to the server's environment (DATABASE_URL for PostgreSQL)."""
    port = free_port()
    env = django_env(
        data_dir,
        "bench.settings",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
        **extra,
    )
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "vises.cli", "serve"],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(server, ("127.0.0.1", port), log_path)
        yield ("127.0.0.1", port)
    finally:
        stop(server)


def wait_until_ready(server: subprocess.Popen, address: tuple[str, int], log: Path) -> None:
    """Return once the server answers the login page; raise BenchError if it never does."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"the server exited early:\n{log.read_text()[-2000:]}")
        try:
            if get(address, LOGIN_PATH)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"the server did not answer within 30 s:\n{log.read_text()[-2000:]}")


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn gracefully, or kill its process group if it lingers."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# HTTP --------------------------------------------------------------------------------------


def get(address: tuple[str, int], path: str, cookie: str = "") -> tuple[int, str]:
    """One GET on a new connection: (status, body)."""
    connection = http.client.HTTPConnection(*address, timeout=10)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def sign_in(address: tuple[str, int], email: str, password: str) -> str:
    """Sign in through the login form as a browser does; return the Cookie header to send."""
    cookies = SimpleCookie()
    connection = http.client.HTTPConnection(*address, timeout=30)
    try:
        connection.request("GET", LOGIN_PATH)
        response = connection.getresponse()
        page = response.read().decode()
        for header in response.headers.get_all("Set-Cookie", []):
            cookies.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        # The CSRF secret lives in the session (CSRF_USE_SESSIONS), else in its cookie.
        if token is None or not {"sessionid", "csrftoken"} & set(cookies):
            raise BenchError("the login page carries no CSRF token")
        form = {"csrfmiddlewaretoken": token[1], "username": email, "password": password}
        connection.request(
            "POST",
            LOGIN_PATH,
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie_header(cookies),
            },
        )
        response = connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie", []):
            cookies.load(header)
    finally:
        connection.close()
    if response.status != 302 or "sessionid" not in cookies:
        raise BenchError(f"signing in as {email} failed (HTTP {response.status})")
    return cookie_header(cookies)


def cookie_header(cookies: SimpleCookie) -> str:
    """The Cookie request header that sends back these cookies."""
    return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())


def check_list_page(address: tuple[str, int], cookie: str) -> None:
    """Raise BenchError unless the list page shows the FOLLOWED enterprises to this session."""
    status, body = get(address, LIST_PATH, cookie)
    shown = set(re.findall(r'href="/enterprises/(\d+)/"', body))
    if status != 200 or len(shown) != FOLLOWED:
        raise BenchError(f"{LIST_PATH} answered {status} with {len(shown)} of {FOLLOWED} rows")


def check_journey_page(address: tuple[str, int], cookie: str, journey: dict) -> None:
    """Raise BenchError unless the journey screen shows its evaluation to this session."""
    status, body = get(address, journey["path"], cookie)
    if status != 200 or f"<h1>{html.escape(journey['title'])}</h1>" not in body:
        raise BenchError(f"{journey['path']} answered {status} without its evaluation's title")


# Load generation -----------------------------------------------------------------------------


@dataclass
class Load:
    """One measurement: how many units (requests, or complete submissions) were done in
    `elapsed` seconds, the latency of every request sent (seconds), and the share of the
    CPUs this client used meanwhile."""

    done: int
    elapsed: float
    latencies: list[float] = field(repr=False)
    client_cpu: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed

    def percentile(self, which: int) -> float:
        """The latency under which `which` % of the requests were answered, in seconds."""
        return quantiles(self.latencies, n=100, method="inclusive")[which - 1]


# One unit of load: sends its requests on the connection, adds each one's latency to the
# list, and raises BenchError on any answer it does not expect.
Unit = Callable[[http.client.HTTPConnection, list[float]], None]


def generate_load(address: tuple[str, int], unit: Unit, seconds: float) -> Load:
    """Do `unit` over and over from CONNECTIONS threads for `seconds`.

    Each thread keeps one http.client connection alive as long as the server allows (a
    gunicorn sync worker closes it after every answer; http.client then reconnects). A
    thread starts no new unit once `seconds` have passed, but finishes the one under way
    (a respondent half-way through the survey completes it), and the elapsed time counts
    until the last one ends. Any failed unit or connection error raises BenchError.
    """
    deadline = time.perf_counter() + seconds
    done = [0] * CONNECTIONS
    latencies: list[list[float]] = [[] for _slot in range(CONNECTIONS)]
    errors: list[str] = []

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection(*address, timeout=30)
        try:
            while time.perf_counter() < deadline and not errors:
                unit(connection, latencies[slot])
                done[slot] += 1
        except (BenchError, OSError, http.client.HTTPException) as error:
            errors.append(str(error) if isinstance(error, BenchError) else repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(CONNECTIONS)]
    started, cpu_started = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise BenchError(f"{errors[0]} ({len(errors)} client(s) failed)")
    return Load(
        done=sum(done),
        elapsed=elapsed,
        latencies=[latency for slot in latencies for latency in slot],
        client_cpu=(time.process_time() - cpu_started) / elapsed,
    )


def send(
    connection: http.client.HTTPConnection,
    latencies: list[float],
    method: str,
    path: str,
    form: dict | list | None = None,
    cookies: SimpleCookie | None = None,
) -> tuple[http.client.HTTPResponse, str]:
    """One request, timed until its whole answer is read; cookies set by the answer are
    added to `cookies`. Returns the answer and its body."""
    headers = {}
    if cookies:
        headers["Cookie"] = cookie_header(cookies)
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    latencies.append(time.perf_counter() - started)
    if cookies is not None:
        for header in response.headers.get_all("Set-Cookie", []):
            cookies.load(header)
    return response, text


def get_unit(path: str, cookie: str) -> Unit:
    """GET path with this Cookie header; only a 200 answer counts."""

    def unit(connection: http.client.HTTPConnection, latencies: list[float]) -> None:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            raise BenchError(f"GET {path} answered HTTP {response.status}")

    return unit


class BarePosts:
    """POSTs to the bare view that stores one row; counts those acknowledged (200)."""

    def __init__(self) -> None:
        self.acknowledged = 0
        self.lock = threading.Lock()

    def unit(self, connection: http.client.HTTPConnection, latencies: list[float]) -> None:
        response, body = send(connection, latencies, "POST", BARE_POST_PATH, {"body": "bench"})
        if response.status != 200 or body != "stored\n":
            raise BenchError(f"POST {BARE_POST_PATH} answered HTTP {response.status}")
        with self.lock:
            self.acknowledged += 1


class Respondents:
    """Respondents of the bench survey, each going through it whole as a browser does.

    One unit is one complete submission, 9 requests with a session of its own: GET the
    public link, POST the language, then for each of the 3 pages GET it (the redirect
    followed) and POST its answers, and GET the thank-you page the last POST redirects
    to. Each page is answered from what it shows (its `@shown` questions) with answers
    drawn at random among the valid ones the seed gave, with the CSRF token of its form.
    A submission is acknowledged when its last POST redirects to the thank-you page.
    """

    PAGES = 3

    def __init__(self, survey: dict) -> None:
        self.start = f"/s/{survey['token']}/"
        self.thanks = f"/s/{survey['token']}/thanks/"
        self.answers = survey["answers"]
        self.thanks_texts = [html.escape(text) for text in survey["thanks"].values()]
        self.acknowledged = 0
        self.lock = threading.Lock()

    def unit(self, connection: http.client.HTTPConnection, latencies: list[float]) -> None:
        rng = random.Random()
        cookies = SimpleCookie()
        response, page = send(connection, latencies, "GET", self.start, cookies=cookies)
        expect(response, page, 200, self.start)
        language = rng.choice(re.findall(r'name="@language" value="([a-z]{2})"', page))
        form = {"csrfmiddlewaretoken": csrf_token(page, self.start), "@language": language}
        if 'name="@consent"' in page:
            form["@consent"] = "yes"  # the respondent ticks the consent box
        response, body = send(connection, latencies, "POST", self.start, form, cookies)
        location = expect(response, body, 302, self.start)
        for number in range(1, self.PAGES + 1):
            path = f"{self.start}{number}/"
            if location != path:
                raise BenchError(f"expected a redirect to {path}, got one to {location}")
            response, page = send(connection, latencies, "GET", path, cookies=cookies)
            expect(response, page, 200, path)
            shown = re.findall(r'name="@shown" value="([^"]+)"', page)
            if not shown:
                raise BenchError(f"GET {path} shows no question")
            form = [("csrfmiddlewaretoken", csrf_token(page, path)), ("@nav", "next")]
            for code in shown:
                form.append(("@shown", code))
                form.extend((code, value) for value in rng.choice(self.answers[code]))
            response, body = send(connection, latencies, "POST", path, form, cookies)
            location = expect(response, body, 302, path)
        if location != self.thanks:
            raise BenchError(f"the last page redirected to {location}, not {self.thanks}")
        with self.lock:
            self.acknowledged += 1
        response, page = send(connection, latencies, "GET", self.thanks, cookies=cookies)
        expect(response, page, 200, self.thanks)
        if not any(text in page for text in self.thanks_texts):
            raise BenchError(f"GET {self.thanks} does not thank the respondent")


def expect(response: http.client.HTTPResponse, body: str, status: int, path: str) -> str:
    """Raise BenchError unless the answer has this status; return its Location path."""
    if response.status != status:
        error = re.search(r'<p class="error"[^>]*>(.*?)</p>', body, re.S)
        detail = f": {error[1].strip()}" if error else ""
        raise BenchError(f"{path} answered HTTP {response.status}, not {status}{detail}")
    return urlsplit(response.headers.get("Location", "")).path


def csrf_token(page: str, path: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise BenchError(f"{path} carries no CSRF token")
    return token[1]


def best_loads(address: tuple[str, int], units: dict[str, Unit]) -> dict[str, Load]:
    """Warm every unit up, then measure them in turns for ROUNDS rounds; the best of each.

    The order alternates between rounds (A B C, C B A, ...) so that drift hits all of them
    alike. The best measurement is the one with the highest rate.
    """
    for unit in units.values():
        generate_load(address, unit, WARMUP_SECONDS)
    best: dict[str, Load] = {}
    labels = list(units)
    width = max(map(len, labels))
    for number in range(ROUNDS):
        order = labels if number % 2 == 0 else labels[::-1]
        for label in order:
            load = generate_load(address, units[label], SECONDS)
            print(
                f"  round {number + 1}: {label:<{width}} {load.rate:8.1f} /s, p95 "
                f"{load.percentile(95) * 1000:5.0f} ms (this client used "
                f"{load.client_cpu:.2f} of {os.cpu_count()} CPUs)",
                flush=True,
            )
            if label not in best or load.rate > best[label].rate:
                best[label] = load
    return best


def measure_throughput(work_dir: Path) -> list[dict]:
    """Prepare a data directory, serve it on SQLite, sign in and measure the pages, the bare
    POST view and survey submissions."""
    data_dir = work_dir / "data"
    journey = seed_server_data(work_dir, data_dir, {})
    with running_server(data_dir, work_dir / "server.log") as address:
        coach = sign_in(address, *COACH)
        check_list_page(address, coach)
        admin = sign_in(address, journey["email"], PASSWORD)
        check_journey_page(address, admin, journey)
        check_constant_page(address, coach)
        bare, respondents = BarePosts(), Respondents(journey["survey"])
        loads = best_loads(
            address,
            {
                "constant": get_unit(CONSTANT_PATH, coach),
                "enterprise list": get_unit(LIST_PATH, coach),
                "journey screen": get_unit(journey["path"], admin),
                "bare POST": bare.unit,
                "survey submission": respondents.unit,
            },
        )
    constant = loads["constant"].rate
    return [
        figure("throughput.constant_view", constant, "req/s", constant),
        figure(
            f"throughput.enterprise_list.coach_{FOLLOWED}",
            loads["enterprise list"].rate,
            "req/s",
            constant,
        ),
        figure(
            f"throughput.evaluation_detail.enterprise_admin_{EVALUATIONS}",
            loads["journey screen"].rate,
            "req/s",
            constant,
        ),
        *survey_figures("sqlite", loads, work_dir, data_dir, {}, bare, respondents),
    ]


def measure_postgresql(work_dir: Path) -> list[dict]:
    """The same data in a PostgreSQL database of its own, served the same way: the constant
    page, the bare POST view and survey submissions."""
    data_dir = work_dir / "data"
    with postgres_database() as url:
        database = {"DATABASE_URL": url}
        journey = seed_server_data(work_dir, data_dir, database)
        with running_server(data_dir, work_dir / "server.log", **database) as address:
            coach = sign_in(address, *COACH)
            check_constant_page(address, coach)
            bare, respondents = BarePosts(), Respondents(journey["survey"])
            loads = best_loads(
                address,
                {
                    "constant": get_unit(CONSTANT_PATH, coach),
                    "bare POST": bare.unit,
                    "survey submission": respondents.unit,
                },
            )
        constant = loads["constant"].rate
        return [
            figure("throughput.constant_view.postgresql", constant, "req/s", constant),
            *survey_figures("postgresql", loads, work_dir, data_dir, database, bare, respondents),
        ]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database POSTGRES_DATABASE on the server of POSTGRES, dropped on exit
    (with any leftover of an interrupted run dropped first); yields its URL."""
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise BenchError(f"cannot reach PostgreSQL at {POSTGRES} ({error})") from None
    drop = f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)"
    try:
        admin.execute(drop)
        admin.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
        yield urlsplit(POSTGRES)._replace(path=f"/{POSTGRES_DATABASE}").geturl()
    finally:
        admin.execute(drop)
        admin.close()


def seed_server_data(work_dir: Path, data_dir: Path, database: dict[str, str]) -> dict:
    """Prepare the server's data (bench/seed.py); what it says about the journey evaluation
    and the survey."""
    journey_file = work_dir / "journey.json"
    run_module(
        "bench.seed",
        [str(FOLLOWED), str(EVALUATIONS), str(journey_file)],
        django_env(data_dir, "bench.settings", **database),
    )
    return json.loads(journey_file.read_text())


def check_constant_page(address: tuple[str, int], cookie: str) -> None:
    status, body = get(address, CONSTANT_PATH, cookie)
    if status != 200 or body != "constant\n":
        raise BenchError(f"{CONSTANT_PATH} answered {status}")


def survey_figures(
    database: str,
    loads: dict[str, Load],
    work_dir: Path,
    data_dir: Path,
    env: dict[str, str],
    bare: BarePosts,
    respondents: Respondents,
) -> list[dict]:
    """The figures of survey submissions on this database, once the stored rows are counted
    and found equal to those acknowledged (else BenchError)."""
    output = work_dir / "stored.json"
    token = respondents.start.strip("/").split("/")[-1]
    run_module(
        "bench.seed",
        ["--stored", token, str(output)],
        django_env(data_dir, "bench.settings", **env),
    )
    stored = json.loads(output.read_text())
    print(
        f"  {database}: {respondents.acknowledged} submissions acknowledged, "
        f"{stored['responses']} responses stored ({stored['keys']} distinct submission keys); "
        f"{bare.acknowledged} bare POSTs acknowledged, {stored['bare_posts']} rows stored",
        flush=True,
    )
    if not respondents.acknowledged == stored["responses"] == stored["keys"]:
        raise BenchError(
            f"{database}: {respondents.acknowledged} submissions acknowledged but "
            f"{stored['responses']} responses stored ({stored['keys']} distinct keys): "
            "responses were lost or duplicated"
        )
    if bare.acknowledged != stored["bare_posts"]:
        raise BenchError(
            f"{database}: {bare.acknowledged} bare POSTs acknowledged but "
            f"{stored['bare_posts']} rows stored"
        )
    survey, post = loads["survey submission"], loads["bare POST"]
    constant = loads["constant"].rate
    return [
        figure(f"throughput.bare_post.{database}", post.rate, "req/s", constant),
        figure(f"throughput.survey_submissions.{database}", survey.rate, "subm/s", post.rate),
        figure(
            f"latency.survey_pages.{database}.p50",
            survey.percentile(50) * 1000,
            "ms",
            post.percentile(50) * 1000,
        ),
        figure(
            f"latency.survey_pages.{database}.p95",
            survey.percentile(95) * 1000,
            "ms",
            post.percentile(95) * 1000,
        ),
        figure(
            f"survey.stored.{database}",
            stored["responses"],
            "resp",
            respondents.acknowledged,
        ),
    ]


# Report ------------------------------------------------------------------------------------


def figure(name: str, value: float, unit: str, baseline: float) -> dict:
    """One line of bench/latest.json; ratio is value / baseline."""
    ratio = value / baseline if baseline else None
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "ratio": ratio}


def number(value: float) -> str:
    """A whole number without decimals, a fraction (seconds) with three, anything else with
    one."""
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.1f}"


def print_table(figures: list[dict]) -> None:
    """Print the figures as an aligned table."""
    width = max(len(f["name"]) for f in figures)
    print(f"\n{'name':<{width}}  {'value':>8}  {'unit':<7}  {'baseline':>8}  {'ratio':>6}")
    for f in figures:
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.3f}"
        print(
            f"{f['name']:<{width}}  {number(f['value']):>8}  {f['unit']:<7}  "
            f"{number(f['baseline']):>8}  {ratio:>6}"
        )


def wanted(step: str) -> bool:
    """Whether BENCH_ONLY leaves this step in the run."""
    return not ONLY or step in ONLY


def main() -> int:
    """Run every benchmark, report, and return the exit code."""
    unknown = ONLY - set(STEPS)
    if unknown:
        print(f"BENCH_ONLY names unknown steps {sorted(unknown)}; steps: {', '.join(STEPS)}")
        return 2
    # `kill` of this script must still stop the server: turn SIGTERM into SystemExit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    if not ONLY:  # a failed run leaves no stale figures behind; a partial one leaves them
        RESULTS_FILE.unlink(missing_ok=True)
    print(
        f"VISES bench: {os.cpu_count()} CPUs, {WORKERS} gunicorn workers, {CONNECTIONS} "
        f"connections, {ROUNDS} rounds of {SECONDS:g} s per page after {WARMUP_SECONDS:g} s warm-up"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="vises-bench-") as tmp:
            counts, figures = [], []
            if wanted("queries"):
                print("Counting queries...", flush=True)
                counts = count_queries(Path(tmp) / "queries")
                figures += query_figures(counts)
            if wanted("analysis"):
                print("Timing the survey analysis...", flush=True)
                figures += measure_analysis(Path(tmp) / "analysis")
            if wanted("reports"):
                print("Timing the report rendering...", flush=True)
                figures += measure_reports(Path(tmp) / "reports")
            if wanted("pages"):
                print("Timing the pages that draw charts...", flush=True)
                figures += measure_pages(Path(tmp) / "pages")
            if wanted("imports"):
                print("Timing the imports...", flush=True)
                figures += measure_imports(Path(tmp) / "imports")
            if wanted("qualitative"):
                print("Timing the qualitative material...", flush=True)
                figures += measure_qualitative(Path(tmp) / "qualitative")
            if wanted("sqlite"):
                print("Measuring throughput on SQLite...", flush=True)
                figures += measure_throughput(Path(tmp) / "server")
            if not POSTGRES:
                print("BENCH_POSTGRES is empty: PostgreSQL is not measured.")
            elif wanted("postgresql"):
                print("Measuring throughput on PostgreSQL...", flush=True)
                figures += measure_postgresql(Path(tmp) / "postgresql")
            if POSTGRES and wanted("aggregates"):
                print("Timing the aggregated results on PostgreSQL...", flush=True)
                figures += measure_aggregates(Path(tmp) / "aggregates")
    except BenchError as error:
        print(f"\nbench failed: {error}", file=sys.stderr)
        return 1
    print_table(figures)
    if ONLY:
        print(f"\nOnly {', '.join(sorted(ONLY))} ran (BENCH_ONLY): {RESULTS_FILE.name} not written")
    else:
        RESULTS_FILE.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"\nWrote {RESULTS_FILE.relative_to(REPO_ROOT)}")
    print_journey_queries(counts)
    print_submissions(figures)
    print_analysis(figures)
    print_reports(figures)
    print_imports(figures)
    print_aggregates(figures)
    print_qualitative(figures)
    problems = query_growth(counts) + aggregates_problems(figures)
    for problem in problems:
        print(f"\nQUERY COUNT GROWS: {problem}", file=sys.stderr)
    if problems:
        print(
            f"\nbench failed: {len(problems)} query count(s) grow with the data (see above)",
            file=sys.stderr,
        )
    slow = analysis_problems(figures)
    if slow:
        print(f"\nbench failed: the survey analysis takes {'; '.join(slow)}", file=sys.stderr)
    slow_report = report_problems(figures)
    if slow_report:
        print(f"\nbench failed: the report's PDF takes {slow_report[0]}", file=sys.stderr)
    return 1 if problems or slow or slow_report else 0


def print_submissions(figures: list[dict]) -> None:
    """Say in words what survey submissions cost, against the bare POST and the target."""
    values = {f["name"]: f for f in figures}
    for database in ("sqlite", "postgresql"):
        survey = values.get(f"throughput.survey_submissions.{database}")
        if survey is None:
            continue
        p50 = values[f"latency.survey_pages.{database}.p50"]["value"]
        p95 = values[f"latency.survey_pages.{database}.p95"]["value"]
        print(
            f"Survey submissions on {database}: {survey['value']:.1f}/s "
            f"({survey['value'] * REQUESTS_PER_SUBMISSION:.0f} respondent requests/s), "
            f"{survey['ratio']:.3f} of the bare POST's {survey['baseline']:.0f}/s; respondent "
            f"requests p50 {p50:.0f} ms, p95 {p95:.0f} ms; "
            f"{values[f'survey.stored.{database}']['value']} stored = acknowledged."
        )
    postgresql = values.get("throughput.survey_submissions.postgresql")
    if postgresql is not None:
        verdict = "met" if postgresql["value"] >= SUBMISSIONS_TARGET else "NOT MET"
        print(f"Target of {SUBMISSIONS_TARGET} submissions/s on PostgreSQL: {verdict}.")


def print_analysis(figures: list[dict]) -> None:
    """Say in words how long the survey analysis takes, against pandas and the targets."""
    analysis = next((f for f in figures if f["name"] == ANALYSIS_FIGURE), None)
    if analysis is None:
        return
    verdict = "NOT MET" if analysis_problems([analysis]) else "met"
    print(
        f"Survey analysis (10,000 responses x 30 questions): {analysis['value']:.3f} s, "
        f"{analysis['ratio']:.2f} times pandas' {analysis['baseline']:.3f} s; target of under "
        f"{ANALYSIS_SECONDS:g} s and {ANALYSIS_RATIO:g} times pandas: {verdict}."
    )


def print_reports(figures: list[dict]) -> None:
    """Say in words how long the report takes to render, against its charts and the target."""
    values = {f["name"]: f for f in figures}
    pdf = values.get(REPORT_PDF_FIGURE)
    if pdf is None:
        return
    docx, chart = values["reports.docx_funders_report"], values["reports.chart_in_pdf"]
    verdict = "NOT MET" if report_problems([pdf]) else "met"
    print(
        f"Funders report of {pdf['pages']} pages and {pdf['charts']} charts: PDF "
        f"{pdf['value']:.2f} s, DOCX {docx['value']:.2f} s, "
        f"{pdf['ratio']:.1f} and {docx['ratio']:.1f} times its charts saved alone "
        f"({pdf['baseline']:.2f} s); one chart costs {chart['value']:.3f} s in the PDF, "
        f"{chart['ratio']:.1f} times saved alone ({chart['baseline']:.3f} s); target of a PDF "
        f"under {REPORT_PDF_SECONDS_PER_CHART:g} s a chart: {verdict}."
    )


def print_journey_queries(counts: list[dict]) -> None:
    """Say in words how the journey screen's query count behaves as evaluations are added."""
    journey = sorted(
        (c for c in counts if c["page"] == "evaluation_detail"), key=lambda c: c["size"]
    )
    if not journey:
        return
    sizes = ", ".join(f"{c['queries']} with {c['size']} evaluation(s)" for c in journey)
    verdict = "GROWS" if journey[-1]["queries"] > journey[0]["queries"] else "does not grow"
    print(f"Journey screen queries (enterprise admin): {sizes}; the count {verdict}.")


if __name__ == "__main__":
    sys.exit(main())
