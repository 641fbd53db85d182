"""`make bench`: how fast the enterprise list is served, and how many queries pages cost.

1. Query counts: bench/queries.py runs in a subprocess against a throwaway database and
   counts the SQL queries of the enterprise list and the home page, for the coach and the
   network admin, with 10 and with 500 enterprises. A count that grows fails the run.
2. Throughput: a fresh data directory gets the demo, its network grown to FOLLOWED
   enterprises (all followed by the coach); `vises serve` (gunicorn) serves it with
   bench/settings.py, the coach signs in through the login form, and this script loads
   /enterprises/ and the constant page /bench/constant/ in turns, with the same client.

Prints a table and writes every figure to bench/latest.json. Exits non-zero if anything
failed. Tune with BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS, and
WEB_CONCURRENCY (gunicorn workers, as for `vises serve`).
"""

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
COACH = ("camille.lefebvre@passerelles-ess.example", "demo-vises-2026")
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
    """One figure per page, role and size; the baseline is the same page at the smallest size."""
    smallest = min(count["enterprises"] for count in counts)
    baselines = {
        (count["page"], count["role"]): count["queries"]
        for count in counts
        if count["enterprises"] == smallest
    }
    ordered = sorted(counts, key=lambda c: (c["page"], c["role"], c["enterprises"]))
    return [
        figure(
            f"queries.{count['page']}.{count['role']}_{count['enterprises']}",
            count["queries"],
            "queries",
            baselines[count["page"], count["role"]],
        )
        for count in ordered
    ]


def query_growth(counts: list[dict]) -> list[str]:
    """Explain every page whose query count grows with the number of enterprises."""
    smallest = min(count["enterprises"] for count in counts)
    small = {(c["page"], c["role"]): c for c in counts if c["enterprises"] == smallest}
    problems = []
    for count in counts:
        base = small[count["page"], count["role"]]
        if count["queries"] > base["queries"]:
            extra = Counter(map(sql_shape, count["sql"])) - Counter(map(sql_shape, base["sql"]))
            shape, times = extra.most_common(1)[0]
            problems.append(
                f"{count['page']} as {count['role']}: {count['queries']} queries with "
                f"{count['enterprises']} enterprises, {base['queries']} with {smallest}; "
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


def best_rates(address: tuple[str, int], cookie: str, paths: list[str]) -> dict[str, float]:
    """Warm every path up, then measure them in turns for ROUNDS rounds; the best rate of each.

    The order alternates between rounds (A B, B A, ...) so that drift hits both alike.
    """
    for path in paths:
        requests_per_second(address, path, cookie, WARMUP_SECONDS)
    best = dict.fromkeys(paths, 0.0)
    for number in range(ROUNDS):
        order = paths if number % 2 == 0 else paths[::-1]
        for path in order:
            started, cpu_started = time.perf_counter(), time.process_time()
            rate = requests_per_second(address, path, cookie, SECONDS)
            client_cpu = (time.process_time() - cpu_started) / (time.perf_counter() - started)
            print(
                f"  round {number + 1}: {path:<18} {rate:8.1f} req/s "
                f"(this client used {client_cpu:.2f} of {os.cpu_count()} CPUs)",
                flush=True,
            )
            best[path] = max(best[path], rate)
    return best


def measure_throughput(work_dir: Path) -> list[dict]:
    """Prepare a data directory, serve it, sign in as the coach and measure both pages."""
    data_dir = work_dir / "data"
    run_module("bench.seed", [str(FOLLOWED)], django_env(data_dir, "bench.settings"))
    with running_server(data_dir, work_dir / "server.log") as address:
        cookie = sign_in(address, *COACH)
        check_list_page(address, cookie)
        status, body = get(address, CONSTANT_PATH, cookie)
        if status != 200 or body != "constant\n":
            raise BenchError(f"{CONSTANT_PATH} answered {status}")
        rates = best_rates(address, cookie, [CONSTANT_PATH, LIST_PATH])
    constant = rates[CONSTANT_PATH]
    return [
        figure("throughput.constant_view", constant, "req/s", constant),
        figure(f"throughput.enterprise_list.coach_{FOLLOWED}", rates[LIST_PATH], "req/s", constant),
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
    problems = query_growth(counts)
    for problem in problems:
        print(f"\nQUERY COUNT GROWS: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
