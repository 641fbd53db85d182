"""The real processes: `vises serve` with its worker, two app servers on one PostgreSQL
database, and both kinds of process killed with SIGKILL under work. Each test starts its
processes on the database of the `served` fixture and talks to them over HTTP."""

import json
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.worker.served import Browser, Process, Server, vises

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


def wait_for(condition, seconds: float, what: str, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {seconds} s\n{process.output() if process else ''}")


def download_link(part: str, format_label: str) -> str:
    links = re.findall(r'<a href="([^"]+)">Download<span class="visually-hidden"> ([^<]+)<', part)
    return next((link for link, label in links if label == format_label), "")


def test_serve_starts_a_worker_that_makes_the_file_the_page_asked_for(served, tmp_path):
    env, seed = served
    server = Server(env, tmp_path / "serve.log")
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
    for pid in helpers:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
