"""
Walk the application by its links, as each person of the demo would.

The demo's people (every login but one enterprise member: see `demo_walkers`) and a
visitor who is not signed in each start at the home page and follow, breadth first, every
link and every search form they are shown (GET only, on this site, never signing out).
A link shown to someone must work for them: any link that answers 4xx or 5xx, or sends a
signed-in person to sign in, fails with who, from which page, which link and what it
answered. A page counts only when it can be reached by clicking: every named GET page of
the application must be reached by someone, unless UNREACHED_BY_LINKS says why no link
leads there. And opening pages stores nothing.

To stay fast, each person opens each page once per URL pattern: the values of the
enterprise, network and framework version in the address count; those of the objects
under them (an evaluation, a survey, a question...) and the query's values do not. So an
enterprise's people walk one of its evaluations, a network admin every enterprise's page,
and everyone every framework version they are shown.
The walk's figures (people, roles, pages, links) are printed in the summary.
"""

from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse

from tests.access.conftest import WALK_SUMMARIES
from tests.access.test_every_url import ALL_PATTERNS, EXPECTED

# The walk runs once for the module, in a transaction of its own (see `walk`).
pytestmark = pytest.mark.django_db

# Pages no link leads to, on purpose, and why.
UNREACHED_BY_LINKS = {
    # Opened from an email, with the token it carries.
    "accept_invitation": "opened from the invitation email",
    "password_reset_confirm": "opened from the password-reset email",
    "reminder_unsubscribe": "opened from a reminder email, with its signed token",
    "password_reset_complete": "shown once the new password from the email is set",
    # Shown after a form is sent, not by a link.
    "password_reset_done": "shown after asking for a reset email",
    "password_change_done": "shown after changing one's password",
    "two_factor_verify": "asked after the password, of people with two-factor sign-in on",
    "two_factor_recovery_codes_download": "offered once, with recovery codes just made",
    "survey_respond_page": "a page of an answer under way, reached by sending the last one",
    "survey_respond_thanks": "shown after sending the last page of a survey",
    # An import's preview follows the upload of its file, then is listed on the import
    # page: the demo holds no uploaded file.
    "survey_import_preview": "shown after uploading a file of responses",
    "evaluation_indicator_import_preview": "shown after uploading a file of indicator values",
    # A respondent or a guest arrives by their own link, code or QR code, handed out on
    # paper or by email; the team reads these addresses, it does not follow them.
    "survey_code_entry": "typed from a paper slip (linked only from a refused answer)",
    "survey_respond_code": "a respondent's personal link, with its code",
    "round_answer": "an interpretation guest's link, with its key",
    # Files: the demo is walked without them (`--no-files`), and an image is no page.
    "evaluation_report_download": "a rendered report's file",
    "evaluation_indicator_evidence": "an indicator value's evidence file (the demo has none)",
    "qualitative_document_source": "a transcript's file (the demo's transcripts are typed in)",
    "qualitative_document_recording": "an interview's recording (the demo keeps none)",
    "report_public_infographic": "the image in a published report's page",
    "evaluation_report_renditions": "a fragment the report's page polls while a file is made",
    "territorial_report_download": "a rendered territorial report's file",
    "territorial_report_renditions": "a fragment the territorial report's page polls",
}

# Not followed: signing out ends the walk, the static files and the platform's own admin
# are no pages of the application.
NOT_FOLLOWED_PREFIXES = ("/static/", "/media/", "/admin/")
NOT_FOLLOWED_NAMES = {"logout"}
# The values that tell one page from another of the same pattern.
SCOPES = {"enterprise_id", "network_id", "version_id"}
VISITOR = ("visitor", "(not signed in)")


class Links(HTMLParser):
    """The targets of a page's links and of its search forms."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.hrefs.append(attrs.get("action") or "")


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


@dataclass
class Failure:
    role: str
    person: str
    page: str
    link: str
    answer: int | str

    def __str__(self):
        return f"{self.role} {self.person}, on {self.page}: {self.link} answered {self.answer}"


@dataclass
class Walk:
    people: list[tuple[str, str]] = field(default_factory=list)  # (role, who)
    pages: int = 0
    links: int = 0
    reached: dict[str, set[str]] = field(default_factory=dict)  # page name: roles
    failures: list[Failure] = field(default_factory=list)
    answers: Counter = field(default_factory=Counter)
    stored_before: dict[str, int] = field(default_factory=dict)
    stored_after: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        roles = sorted({role for role, _who in self.people})
        return (
            f"Link walk: {len(self.people)} people in {len(roles)} roles "
            f"({', '.join(roles)}), {self.pages} pages opened, {self.links} links followed, "
            f"{len(self.reached)} named pages reached; answers "
            + ", ".join(f"{status}: {n}" for status, n in sorted(self.answers.items()))
        )


def page_key(path: str, query: str) -> tuple:
    match = resolve(path)
    values = tuple(
        sorted((name, value if name in SCOPES else "") for name, value in match.kwargs.items())
    )
    return match.view_name, values, tuple(sorted({key for key, _ in parse_qsl(query)}))


def walk_as(client: Client, role: str, who: str, walk: Walk) -> None:
    """Open home, then every page linked from a page opened, once per page key."""
    signed_in = (role, who) != VISITOR
    opened = set()
    queue = deque([("/", "/")])
    while queue:
        page, href = queue.popleft()
        url = urlsplit(urljoin("http://testserver" + page, href))
        if url.netloc != "testserver" or url.scheme not in ("http", "https"):
            continue
        if url.path.startswith(NOT_FOLLOWED_PREFIXES):
            continue
        try:
            key = page_key(url.path, url.query)
        except Resolver404:
            walk.failures.append(Failure(role, who, page, href, "404: no such address"))
            continue
        if key[0] in NOT_FOLLOWED_NAMES:
            continue
        walk.links += 1
        if key in opened:
            continue
        opened.add(key)
        target = url.path + (f"?{url.query}" if url.query else "")
        response = client.get(target)
        walk.pages += 1
        walk.answers[response.status_code] += 1
        location = response.headers.get("Location", "")
        if response.status_code >= 400:
            walk.failures.append(Failure(role, who, page, target, response.status_code))
        elif signed_in and location.startswith(reverse("login")):
            walk.failures.append(Failure(role, who, page, target, "a redirect to sign in"))
        else:
            walk.reached.setdefault(key[0], set()).add(role)
        if 300 <= response.status_code < 400:
            # Where a link redirects is where it leads: from the same page.
            queue.append((page, location))
        elif response["Content-Type"].startswith("text/html") and not response.streaming:
            queue.extend((target, link) for link in links_of(response.text))
        if response.streaming:
            # A download's file is released here; the test client closed every other
            # response. As the client does, without closing the database connection, which
            # would end the walk's transaction on PostgreSQL.
            request_finished.disconnect(close_old_connections)
            response.close()
            request_finished.connect(close_old_connections)


def demo_walkers() -> list[tuple[str, str]]:
    """(role, email) of the demo people who walk: every login the demo prints but one
    enterprise member. A member is shown their enterprise's pages as its admin is, less
    what only admins do; the admins walk each enterprise at its own point of the journey."""
    out = StringIO()
    call_command("demo", no_files=True, stdout=out)
    logins = [(line.split("\t")[0], line.split("\t")[2]) for line in out.getvalue().splitlines()]
    member = next(login for login in logins if login[0] == "enterprise_member")
    return [login for login in logins if login[0] != "enterprise_member" or login == member]


def stored() -> dict[str, int]:
    """How many rows each model of the application holds."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("vises.")
    }


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory) -> Walk:
    """The demo, walked by every one of its people and by a visitor, in one transaction
    rolled back afterwards."""
    from django.core.cache import cache

    from vises.accounts.models import User
    from vises.reports import charts

    # As on a fresh server, no chart is drawn yet: the findings pages leave theirs to be
    # fetched, and the walk follows them too (whatever earlier tests drew).
    cache.clear()
    charts.svg.cache_clear()
    result = Walk()
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        logins = demo_walkers()
        clients = {}
        for _role, who in logins:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(email=who))
        result.stored_before = stored()
        for role, who in [VISITOR, *logins]:
            result.people.append((role, who))
            walk_as(clients.get(who, Client()), role, who, result)
        result.stored_after = stored()
        transaction.set_rollback(True)
    WALK_SUMMARIES.append(result.summary())
    return result


def test_every_link_shown_works_for_the_person_it_is_shown_to(walk):
    assert walk.pages > 200, f"too few pages to mean anything. {walk.summary()}"
    failures = "\n".join(str(failure) for failure in walk.failures)
    assert not walk.failures, f"{len(walk.failures)} links shown do not work:\n{failures}"


def test_every_page_of_the_application_is_reached_by_links(walk):
    pages = {
        name
        for name, _route, _params in ALL_PATTERNS
        if not name.startswith("admin:") and "GET" in EXPECTED[name][0]
    }
    unreached = sorted(pages - set(walk.reached) - set(UNREACHED_BY_LINKS))
    assert not unreached, f"No demo person reaches these pages by clicking: {unreached}"


def test_every_exemption_names_a_page_no_link_reaches(walk):
    exempt = set(UNREACHED_BY_LINKS)
    assert exempt <= {name for name, _route, _params in ALL_PATTERNS}
    reached = sorted(exempt & set(walk.reached))
    assert not reached, f"Reached by links, so no longer exempt: {reached}"


def test_following_links_changes_nothing_stored(walk):
    changed = {
        label: (count, walk.stored_after[label])
        for label, count in walk.stored_before.items()
        if walk.stored_after[label] != count
    }
    assert not changed, f"Opening pages changed what is stored (before, after): {changed}"
