"""Real processes for the worker and server tests: a database of their own (a SQLite file,
or a PostgreSQL database beside the test one), `vises serve` and `vises worker` started on
it, and a small browser speaking HTTP to them, with its cookies."""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_env(data_dir: Path, database_url: str = "", **extra: str) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "VISES_DATA_DIR": str(data_dir),
        "STATIC_ROOT": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "tests.worker.served_settings",
        "SECRET_KEY": "served-tests-" + "x" * 40,
        "VISES_TASKS": "database",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def seed(output: str) -> None:
    """Run in a process of its own (see `prepare`): migrate the database, then store one
    enterprise admin, an evaluation with a counted indicator, a report and a survey open to
    respondents; what they are is written to `output`."""
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from tests.conftest import make_enterprise, make_evaluation, make_user
    from vises.accounts.models import EnterpriseMembership
    from vises.reports import builder as reports
    from vises.surveys import builder
    from vises.surveys.models import Wave

    call_command("migrate", interactive=False, verbosity=0)
    admin = make_user("admin@example.org", full_name="Ada Admin")
    enterprise = make_enterprise("Atelier Vert")
    EnterpriseMembership.objects.create(user=admin, enterprise=enterprise, role="enterprise_admin")
    evaluation = make_evaluation(enterprise)
    question = evaluation.questions.create(text="Quel effet ?", themes=["individuals"])
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    indicator = row.indicators.create(code="people_supported", baseline=10, target=15)
    report = reports.create_report(
        evaluation, admin, audience="funders", language="en", title="Funders 2026"
    )
    survey = builder.create_survey(evaluation, admin, title={"fr": "Avis"}, languages=["fr"])
    builder.update_settings(survey, admin, public_link_open=True)
    builder.add_question(
        survey.sections.get(), admin, code="town", kind="short_text", text={"fr": "Commune ?"}
    )
    today = timezone.localdate()
    builder.save_wave(
        Wave(
            survey=survey,
            label="2026",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=30),
        ),
        admin,
    )
    survey.refresh_from_db()
    Path(output).write_text(
        json.dumps(
            {
                "email": admin.email,
                "evaluation": evaluation.pk,
                "indicator": indicator.pk,
                "report": report.pk,
                "survey": survey.public_token,
                "survey_id": survey.pk,
            }
        )
    )


def prepare(data_dir: Path, database_url: str) -> dict:
    """Migrate the database and seed it, in one process (each start of Django costs a
    second or two of CPU); what the seed says."""
    env = process_env(data_dir, database_url)
    output = data_dir / "seed.json"
    subprocess.run(
        [sys.executable, "-c", f"from tests.worker.served import seed; seed({str(output)!r})"],
        env=env,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    return json.loads(output.read_text())


@contextmanager
def postgres_database(test_url: str):
    """A new PostgreSQL database on the server of `test_url`, dropped on exit; its URL."""
    import psycopg

    name = "vises_served_" + secrets.token_hex(4)
    server = urlsplit(test_url)
    admin = psycopg.connect(server._replace(path="/postgres").geturl(), autocommit=True)
    try:
        admin.execute(f"CREATE DATABASE {name}")
        yield server._replace(path=f"/{name}").geturl()
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def query(env: dict, sql: str) -> list[tuple]:
    """The rows of one SQL query on the processes' database, read without starting Django."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as connection:
            return connection.execute(sql).fetchall()
    import sqlite3

    connection = sqlite3.connect(Path(env["VISES_DATA_DIR"]) / "vises.sqlite3")
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def writing(env: dict) -> bool:
    """Whether some process has a transaction open on the processes' database that writes
    (or, on SQLite, may write) and has not yet committed."""
    if "DATABASE_URL" in env:
        # PostgreSQL gives a transaction its id at its first write.
        return bool(
            query(
                env,
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND backend_xid IS NOT NULL",
            )
        )
    import sqlite3

    # VISES's transactions on SQLite take the one write lock when they begin (IMMEDIATE):
    # while one is open, no other can begin.
    connection = sqlite3.connect(
        Path(env["VISES_DATA_DIR"]) / "vises.sqlite3", timeout=0, isolation_level=None
    )
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        return True
    finally:
        connection.close()


class Process:
    """A `vises` command running in the background, with its output kept in a file."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "vises.cli", *args],
                env=env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = self.popen.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def children(self) -> list[int]:
        """The process ids of its children (gunicorn's workers, for a server)."""
        tasks = Path(f"/proc/{self.pid}/task")
        pids = []
        for task in tasks.iterdir():
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        return pids

    def stop(self) -> None:
        """Stop it at once, with the processes it forked (gunicorn's workers): at the end of
        a test its stop checks nothing, and a graceful one costs a second or more of waiting
        (test_serve_starts_a_worker_that_makes_the_file_the_page_asked_for checks that)."""
        if self.popen.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait()


class Server(Process):
    """`vises serve` on a free port; `ready()` waits until it listens."""

    def __init__(self, env: dict, log: Path, *args: str, workers: int = 2):
        self.port = free_port()
        env = {**env, "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        super().__init__(["serve", *args], env, log)

    def ready(self) -> "Server":
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"the server stopped:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"the server did not answer within 30 s:\n{self.output()}")


class Browser:
    """Requests as a browser sends them, to any of the servers: its cookies go to each
    (cookies do not depend on the port), it follows no redirect by itself."""

    def __init__(self):
        self.cookies = SimpleCookie()

    def request(self, server: Server, method: str, path: str, body=b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Cookie": cookie, "Accept-Language": "en", **(headers or {})},
            )
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie", []):
            self.cookies.load(header)
        return response.status, response.headers, content

    def get(self, server: Server, path: str) -> tuple[int, str]:
        status, _headers, content = self.request(server, "GET", path)
        return status, content.decode(errors="replace")

    def post(self, server: Server, path: str, form, files=None, action="") -> tuple[int, str]:
        """POST the form of the page at `path` (with its CSRF token) to `action` (or `path`);
        the status and the path it redirects to."""
        status, page = self.get(server, path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        form = [("csrfmiddlewaretoken", token), *(form.items() if isinstance(form, dict) else form)]
        if files:
            body, kind = multipart(form, files)
        else:
            body, kind = urlencode(form).encode(), "application/x-www-form-urlencoded"
        status, headers, _content = self.request(
            server, "POST", action or path, body, {"Content-Type": kind}
        )
        return status, urlsplit(headers.get("Location", "")).path

    def sign_in(self, server: Server, email: str) -> None:
        status, location = self.post(
            server, "/accounts/login/", {"username": email, "password": PASSWORD}
        )
        assert status == 302 and "/accounts/login/" not in location, (status, location)


def multipart(form: list[tuple[str, str]], files: dict[str, tuple[str, bytes, str]]):
    boundary = "vises" + secrets.token_hex(8)
    parts = []
    for name, value in form:
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{header}{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
