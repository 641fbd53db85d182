"""`make bench`: how fast the enterprise list and the journey screen are served, and how
many queries pages cost.

1. Query counts: bench/queries.py runs in a subprocess against a throwaway database and
   counts the SQL queries of the enterprise list and the home page, for the coach and the
   network admin, with 10 and with 500 enterprises, and of the journey screen of a filled
   evaluation, for its enterprise admin, while the enterprise holds 1 and 50 evaluations.
   A count that grows fails the run.
2. Throughput: a fresh data directory gets the demo, its network grown to FOLLOWED
   enterprises (all followed by the coach) and the journey evaluation, its enterprise
   holding EVALUATIONS evaluations; `vises serve` (gunicorn) serves it with
   bench/settings.py, the coach and the enterprise admin sign in through the login form,
   and this script loads the constant page /bench/constant/, /enterprises/ (as the coach)
   and the journey screen (as the enterprise admin) in turns, with the same client.

Prints a table and writes every figure to bench/latest.json. Exits non-zero if anything
failed. Tune with BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS, and
WEB_CONCURRENCY (gunicorn workers, as for `vises serve`).
"""

import html
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

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


# The server ------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(data_dir: Path, log_path: Path) -> Iterator[tuple[str, int]]:
    """Serve data_dir with `vises serve` and bench/settings.py; always stop it on exit."""
    port = free_port()
    env = django_env(
        data_dir,
        "bench.settings",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(WORKERS),
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
        if token is None or "csrftoken" not in cookies:
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


def requests_per_second(address: tuple[str, int], path: str, cookie: str, seconds: float) -> float:
    """GET path from CONNECTIONS threads for `seconds`; the rate of 200 answers.

    Each thread keeps one http.client connection alive as long as the server allows (a
    gunicorn sync worker closes it after every answer; http.client then reconnects). Any
    answer other than 200, or any connection error, raises BenchError.
    """
    deadline = time.perf_counter() + seconds
    answered = [0] * CONNECTIONS
    errors: list[str] = []

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection(*address, timeout=30)
        try:
            while time.perf_counter() < deadline and not errors:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"HTTP {response.status}")
                    return
                answered[slot] += 1
        except (OSError, http.client.HTTPException) as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise BenchError(f"GET {path} failed: {errors[0]} ({len(errors)} client(s) failed)")
    return sum(answered) / elapsed


def best_rates(address: tuple[str, int], pages: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Warm every page up, then measure them in turns for ROUNDS rounds; the best rate of each.

    `pages` maps a label to the path and the Cookie header to GET it with. The order
    alternates between rounds (A B C, C B A, ...) so that drift hits all of them alike.
    """
    for path, cookie in pages.values():
        requests_per_second(address, path, cookie, WARMUP_SECONDS)
    best = dict.fromkeys(pages, 0.0)
    labels = list(pages)
    width = max(map(len, labels))
    for number in range(ROUNDS):
        order = labels if number % 2 == 0 else labels[::-1]
        for label in order:
            path, cookie = pages[label]
            started, cpu_started = time.perf_counter(), time.process_time()
            rate = requests_per_second(address, path, cookie, SECONDS)
            client_cpu = (time.process_time() - cpu_started) / (time.perf_counter() - started)
            print(
                f"  round {number + 1}: {label:<{width}} {rate:8.1f} req/s "
                f"(this client used {client_cpu:.2f} of {os.cpu_count()} CPUs)",
                flush=True,
            )
            best[label] = max(best[label], rate)
    return best


def measure_throughput(work_dir: Path) -> list[dict]:
    """Prepare a data directory, serve it, sign in and measure the three pages."""
    data_dir = work_dir / "data"
    journey_file = work_dir / "journey.json"
    run_module(
        "bench.seed",
        [str(FOLLOWED), str(EVALUATIONS), str(journey_file)],
        django_env(data_dir, "bench.settings"),
    )
    journey = json.loads(journey_file.read_text())
    with running_server(data_dir, work_dir / "server.log") as address:
        coach = sign_in(address, *COACH)
        check_list_page(address, coach)
        admin = sign_in(address, journey["email"], PASSWORD)
        check_journey_page(address, admin, journey)
        status, body = get(address, CONSTANT_PATH, coach)
        if status != 200 or body != "constant\n":
            raise BenchError(f"{CONSTANT_PATH} answered {status}")
        pages = {
            "constant": (CONSTANT_PATH, coach),
            "enterprise list": (LIST_PATH, coach),
            "journey screen": (journey["path"], admin),
        }
        rates = best_rates(address, pages)
    constant = rates["constant"]
    return [
        figure("throughput.constant_view", constant, "req/s", constant),
        figure(
            f"throughput.enterprise_list.coach_{FOLLOWED}",
            rates["enterprise list"],
            "req/s",
            constant,
        ),
        figure(
            f"throughput.evaluation_detail.enterprise_admin_{EVALUATIONS}",
            rates["journey screen"],
            "req/s",
            constant,
        ),
    ]


# Report ------------------------------------------------------------------------------------


def figure(name: str, value: float, unit: str, baseline: float) -> dict:
    """One line of bench/latest.json; ratio is value / baseline."""
    ratio = value / baseline if baseline else None
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "ratio": ratio}


def number(value: float) -> str:
    """A whole number without decimals, anything else with one."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


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


def main() -> int:
    """Run every benchmark, report, and return the exit code."""
    # `kill` of this script must still stop the server: turn SIGTERM into SystemExit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    RESULTS_FILE.unlink(missing_ok=True)  # a failed run leaves no stale figures behind
    print(
        f"VISES bench: {os.cpu_count()} CPUs, {WORKERS} gunicorn workers, {CONNECTIONS} "
        f"connections, {ROUNDS} rounds of {SECONDS:g} s per page after {WARMUP_SECONDS:g} s warm-up"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="vises-bench-") as tmp:
            print("Counting queries...", flush=True)
            counts = count_queries(Path(tmp) / "queries")
            print("Measuring throughput...", flush=True)
            figures = measure_throughput(Path(tmp) / "server") + query_figures(counts)
    except BenchError as error:
        print(f"\nbench failed: {error}", file=sys.stderr)
        return 1
    print_table(figures)
    RESULTS_FILE.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nWrote {RESULTS_FILE.relative_to(REPO_ROOT)}")
    print_journey_queries(counts)
    problems = query_growth(counts)
    for problem in problems:
        print(f"\nQUERY COUNT GROWS: {problem}", file=sys.stderr)
    if problems:
        print(
            f"\nbench failed: {len(problems)} query count(s) grow with the data (see above)",
            file=sys.stderr,
        )
    return 1 if problems else 0


def print_journey_queries(counts: list[dict]) -> None:
    """Say in words how the journey screen's query count behaves as evaluations are added."""
    journey = sorted(
        (c for c in counts if c["page"] == "evaluation_detail"), key=lambda c: c["size"]
    )
    sizes = ", ".join(f"{c['queries']} with {c['size']} evaluation(s)" for c in journey)
    verdict = "GROWS" if journey[-1]["queries"] > journey[0]["queries"] else "does not grow"
    print(f"Journey screen queries (enterprise admin): {sizes}; the count {verdict}.")


if __name__ == "__main__":
    sys.exit(main())
