"""The real processes: `vises serve` with its worker, two app servers on one PostgreSQL
database, and both kinds of process killed with SIGKILL under work. The tests talk to
them over HTTP, on the database of the `served` fixture; they share one app server (the
`server` fixture), since each start costs seconds of CPU, and start the others they need."""

import http.client
import json
import os
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.worker.served import Browser, Process, Server, query, writing

# A worker that looks for tasks often and at once, not to keep the tests waiting.
QUICK = ["--interval", "0.2", "--no-startup-delay"]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def report_path(seed) -> str:
    return f"/evaluations/{seed['evaluation']}/reports/{seed['report']}/"


def ask_render(browser, server, seed, format) -> None:
    status, location = browser.post(
        server, report_path(seed), {"format": format}, action=f"{report_path(seed)}render/"
    )
    assert status == 302, status


def renditions(browser, server, seed) -> str:
    """The files' part of the report page, as the page polls it."""
    status, _headers, content = browser.request(
        server, "GET", f"{report_path(seed)}files/", headers={"HX-Request": "true"}
    )
    assert status == 200
    return content.decode()


def wait_for(condition, seconds: float, what: str, process=None, every: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what}: not within {seconds} s\n{process.output() if process else ''}")


@pytest.fixture(scope="module")
def server(served, tmp_path_factory):
    """An app server with two gunicorn workers and no task worker, for the tests that do not
    stop it. A test that kills one of its gunicorn workers leaves it to the replacement."""
    server = Server(served[0], tmp_path_factory.mktemp("server") / "serve.log", "--no-worker")
    yield server.ready()
    server.stop()


def worker(env: dict, log: Path) -> Process:
    """`vises worker`, started beside the app server as a supervisor would."""
    return Process(["worker", *QUICK], env, log)


def signed_in(server, seed) -> Browser:
    """A browser signed in as the seed's admin, once the server listens."""
    server.ready()
    browser = Browser()
    browser.sign_in(server, seed["email"])
    return browser


def kill(process) -> None:
    """SIGKILL, as an out-of-memory killer or a power cut stops a process."""
    process.popen.send_signal(signal.SIGKILL)
    process.popen.wait()


def download_link(part: str, format_label: str) -> str:
    links = re.findall(r'<a href="([^"]+)">Download<span class="visually-hidden"> ([^<]+)<', part)
    return next((link for link, label in links if label == format_label), "")


def test_serve_starts_a_worker_that_makes_the_file_the_page_asked_for(served, tmp_path):
    env, seed = served
    # `vises serve` as `make run` starts it, with the worker beside gunicorn; one gunicorn
    # worker is enough to ask for the file.
    server = Server(env, tmp_path / "serve.log", workers=1).ready()
    try:
        helpers = server.children()
        assert len(helpers) == 2  # gunicorn and the worker, beside each other
        browser = Browser()
        browser.sign_in(server, seed["email"])
        ask_render(browser, server, seed, "docx")
        link = wait_for(
            lambda: download_link(renditions(browser, server, seed), "DOCX"), 30, "the DOCX", server
        )
        status, _headers, content = browser.request(server, "GET", link)
        assert status == 200 and content.startswith(b"PK")
    finally:
        # Ctrl-C, as in a terminal: the server and its worker both stop.
        server.popen.send_signal(signal.SIGINT)
        assert server.popen.wait(timeout=30) == 0, server.output()
    # Both were waited for: neither is left running.
    assert not any(Path(f"/proc/{pid}").exists() for pid in helpers)


def from_json(value):
    """A JSON column's value: PostgreSQL's driver decodes it, SQLite's gives its text."""
    return json.loads(value) if isinstance(value, str) else value


def on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(
    not on_postgresql(),
    reason="several app servers share one PostgreSQL database; a SQLite file is for one server",
)
def test_two_app_servers_and_a_worker_on_one_database_serve_the_same_site(served, server, tmp_path):
    env, seed = served
    first = server
    second = Server(env, tmp_path / "second.log", "--no-worker", workers=1)
    tasks = worker(env, tmp_path / "worker.log")
    try:
        second.ready()
        browser = Browser()
        browser.sign_in(first, seed["email"])
        # The session made on one server is known to the other.
        status, page = browser.get(second, f"/evaluations/{seed['evaluation']}/indicators/")
        assert status == 200 and "Impact 2026" in page
        # Evidence uploaded through one server is downloaded from the other.
        indicators = f"/evaluations/{seed['evaluation']}/indicators/"
        status, _location = browser.post(
            first,
            f"{indicators}{seed['indicator']}/values/new/",
            {"period": "2026", "number": "31"},
            files={"evidence": ("registre.pdf", PDF, "application/pdf")},
        )
        assert status == 302
        _status, page = browser.get(second, indicators)
        [link] = re.findall(r'href="([^"]+/evidence/)"', page)
        status, _headers, content = browser.request(second, "GET", link)
        assert status == 200 and content == PDF
        # A file asked for on one server, made by the worker, is read from the other.
        ask_render(browser, first, seed, "pdf")
        link = wait_for(
            lambda: download_link(renditions(browser, second, seed), "PDF"), 30, "the PDF", tasks
        )
        status, _headers, content = browser.request(first, "GET", link)
        assert status == 200 and content.startswith(b"%PDF")
    finally:
        second.stop()
        tasks.stop()


def submit(browser: Browser, server: Server, seed, town: str) -> bool:
    """Answer the survey as a respondent; whether the answers were acknowledged (the last
    page sent on to the thanks page)."""
    start = f"/s/{seed['survey']}/"
    status, page = browser.get(server, start)
    assert status == 200, page
    languages = re.findall(r'name="@language" value="([a-z]{2})"', page)
    status, location = browser.post(server, start, {"@language": languages[0]})
    while status == 302 and location != f"{start}thanks/":
        _status, page = browser.get(server, location)
        form = [("@nav", "next")]
        for code in re.findall(r'name="@shown" value="([^"]+)"', page):
            form += [("@shown", code), (code, town)]
        status, location = browser.post(server, location, form)
    return status == 302 and location == f"{start}thanks/"


def stored_towns(env) -> list[str]:
    return [from_json(answers)["town"] for (answers,) in query(env, RESPONSES)]


RESPONSES = "SELECT answers FROM surveys_response"


def test_a_gunicorn_worker_killed_under_load_loses_no_acknowledged_answer(served, server):
    env, seed = served
    acknowledged, refused = [], []
    lock = threading.Lock()
    killed = []  # the gunicorn worker killed, once four answers were acknowledged

    def respondent(number: int) -> None:
        for attempt in range(3):
            town = f"Ville-{number}-{attempt}"
            try:
                if submit(Browser(), server, seed, town):
                    with lock:
                        acknowledged.append(town)
                    return
            except (OSError, http.client.HTTPException, AssertionError):
                pass  # the connection died with its gunicorn worker: start again
            with lock:
                refused.append(town)

    def load(numbers) -> None:
        for number in numbers:
            respondent(number)
            with lock:
                if len(acknowledged) >= 4 and not killed:
                    killed.append(server.children()[0])
                    os.kill(killed[0], signal.SIGKILL)

    clients = [threading.Thread(target=load, args=(range(n, 15, 3),)) for n in range(3)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert killed

    # The server replaced its worker and still serves.
    def replaced() -> bool:
        workers = server.children()
        return killed[0] not in workers and len(workers) == 2

    wait_for(replaced, 30, "a new gunicorn worker", server)
    assert Browser().get(server, f"/s/{seed['survey']}/")[0] == 200
    towns = stored_towns(env)
    assert len(acknowledged) == 15
    for town in acknowledged:
        assert towns.count(town) == 1, town
    assert len(towns) == len(set(towns))  # nothing stored twice, acknowledged or not


def test_a_worker_killed_during_a_render_leaves_it_to_another_that_makes_it(
    served, server, tmp_path
):
    # A task running for 2 s is taken for lost: the next worker need not wait 15 minutes.
    env = {**served[0], "VISES_TASK_TIMEOUT": "2"}
    seed = served[1]
    tasks = worker(env, tmp_path / "worker.log")
    try:
        browser = signed_in(server, seed)
        ask_render(browser, server, seed, "pdf")
        # Killed as soon as it started making the file, a PDF taking it some tenths of a
        # second: the file is still being made.
        wait_for(lambda: query(env, RENDERING), 30, "the worker to make it", tasks, 0.01)
        kill(tasks)
        assert "PDF</strong> · Being made" in renditions(browser, server, seed)
        # Its supervisor (systemd, `vises serve`...) starts another, which finds the render
        # lost, queues it again and makes it.
        tasks = worker(env, tmp_path / "worker-again.log")
        link = wait_for(
            lambda: download_link(renditions(browser, server, seed), "PDF"), 40, "PDF", tasks
        )
        status, _headers, content = browser.request(server, "GET", link)
        assert status == 200 and content.startswith(b"%PDF")
        [(worker_ids,)] = query(env, LAST_RENDER)
        assert len(from_json(worker_ids)) == 2  # the killed worker's attempt, then the other's
    finally:
        tasks.stop()


LAST_RENDER = (
    "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
    "WHERE task_path LIKE '%make_rendition' ORDER BY enqueued_at DESC LIMIT 1"
)
# The worker marks the rendition running once it has taken its task.
RENDERING = "SELECT id FROM reports_rendition WHERE status = 'running'"


def test_a_worker_killed_during_an_import_leaves_it_to_another_that_makes_it_once(
    served, server, tmp_path
):
    env = {**served[0], "VISES_TASK_TIMEOUT": "2"}
    seed = served[1]
    imports_path = f"/evaluations/{seed['evaluation']}/surveys/{seed['survey_id']}/imports/"
    [(wave,)] = query(env, f"SELECT id FROM surveys_wave WHERE survey_id = {seed['survey_id']}")
    # About a second of work (more on a busy machine): the worker is killed within some
    # hundredths of a second of its import's transaction opening, long before it could end.
    rows = 20_000
    content = ("town\n" + "".join(f"Ville-{n}\n" for n in range(rows))).encode()
    tasks = worker(env, tmp_path / "worker.log")
    try:
        browser = signed_in(server, seed)
        status, preview = browser.post(
            server,
            imports_path,
            {"wave": str(wave)},
            files={"file": ("towns.csv", content, "text/csv")},
        )
        assert status == 302 and preview.startswith(imports_path), (status, preview)
        assert browser.post(server, preview, {"action": "import"})[0] == 302
        # Killed as soon as it is in the middle: the import marked running by the worker's
        # attempt, and its transaction open.
        wait_for(
            lambda: query(env, RUNNING_IMPORT) and writing(env),
            60,
            "the worker to be importing",
            tasks,
            0.01,
        )
        kill(tasks)
        # It had not finished: the import is still under way, and nothing of it was stored.
        assert "The file is being imported." in browser.get(server, preview)[1]
        assert query(env, IMPORTED_RESPONSES) == [(0,)]
        # Another worker finds the import lost, queues it again and makes it.
        tasks = worker(env, tmp_path / "worker-again.log")
        wait_for(lambda: query(env, IMPORTED), 120, "the import made again", tasks)
        assert query(env, IMPORTED_RESPONSES) == [(rows,)]  # each row once
        [(worker_ids,)] = query(env, LAST_IMPORT)
        assert len(from_json(worker_ids)) == 2  # the killed worker's attempt, then the other's
        page = browser.get(server, preview)[1]
        assert re.search(rf"{rows // 1000}.?000 responses were imported on", page), page
    finally:
        tasks.stop()


RUNNING_IMPORT = "SELECT id FROM surveys_responseimport WHERE status = 'running'"
IMPORTED = "SELECT id FROM surveys_responseimport WHERE status = 'imported'"
IMPORTED_RESPONSES = "SELECT COUNT(*) FROM surveys_response WHERE imported_from_id IS NOT NULL"
LAST_IMPORT = (
    "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
    "WHERE task_path LIKE '%import_in_background' ORDER BY enqueued_at DESC LIMIT 1"
)
