"""Every page and file the application answers carries a strict Content-Security-Policy
and is kept by no cache; pages hold nothing the policy refuses (inline script, event
handlers, style attributes, <style> without the page's nonce); HTTPS is remembered behind
the proxy."""

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.access.test_every_url import samples
from tests.access.test_hostile_values import PAGES, address, reader
from tests.surveys.respondent_helpers import make_survey, start, start_url


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


class RefusedByPolicy(HTMLParser):
    """What a browser under our policy would refuse to run or apply."""

    def __init__(self, nonce: str):
        super().__init__()
        self.nonce = nonce
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("an inline <script>")
        if tag == "style" and attributes.get("nonce") != self.nonce:
            self.found.append("a <style> without the page's nonce")
        for name, _value in attrs:
            if name == "style" or name.startswith(("on", "hx-on")):
                self.found.append(f"<{tag} {name}=...>")


def assert_strict_headers(response, where: str):
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, f"{where}: no Content-Security-Policy"
    assert "script-src 'self';" in policy, f"{where}: {policy}"
    assert "unsafe" not in policy, f"{where}: {policy}"
    assert "no-store" in response.headers.get("Cache-Control", ""), f"{where}: may be cached"


def assert_nothing_refused(response, where: str):
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    finder = RefusedByPolicy(nonce)
    finder.feed(response.text)
    assert not finder.found, f"{where}: the policy would refuse {sorted(set(finder.found))}"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_policy_no_store_and_nothing_the_policy_refuses(client, world, name):
    role = reader(name)
    url = address(name, samples(world, name, "own"))
    if role != "anonymous":
        client.force_login(world.user(role))
    response = client.get(url)
    assert_strict_headers(response, f"GET {url} as {role}")
    assert_nothing_refused(response, f"GET {url} as {role}")


def test_a_respondent_page_has_the_policy_and_no_store(client, world):
    survey = make_survey(world.enterprise)
    assert_strict_headers(client.get(start_url(survey)), "the survey's first page")
    page = client.get(start(client, survey)["Location"])
    assert_strict_headers(page, "a page of questions")
    assert_nothing_refused(page, "a page of questions")


def test_each_page_has_its_own_nonce(client, world):
    first = client.get(reverse("login")).headers["Content-Security-Policy"]
    second = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert first != second


def test_https_is_remembered_behind_the_secure_proxy(client, settings, db):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


READ_HSTS = "from vises import settings; print(getattr(settings, 'SECURE_HSTS_SECONDS', 0))"


@pytest.mark.parametrize(("secure_proxy", "seconds"), [("true", 31536000), ("false", 0)])
def test_the_secure_proxy_setting_turns_hsts_on(secure_proxy, seconds, tmp_path):
    environment = os.environ | {"SECURE_PROXY": secure_proxy, "VISES_DATA_DIR": str(tmp_path)}
    environment.pop("SECURE_HSTS_SECONDS", None)
    read = subprocess.run(
        [
            sys.executable,
            "-c",
            "from vises import settings; print(getattr(settings, 'SECURE_HSTS_SECONDS', 0))",
        ],
        env=environment | {"SECRET_KEY": "test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(read.stdout) == seconds
