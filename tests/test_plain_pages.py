"""Respondent, guest and public pages read plainly, in French and in Dutch.

The demo's surveys, interpretation rounds and published reports are opened as their
readers open them (a link, a code, no account) and their text is checked against the
words docs/terms.md keeps off these pages, and for sentences longer than 20 words.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from vises.interpretation import evidence
from vises.interpretation.models import Round
from vises.reports.compose import compose
from vises.reports.models import Report
from vises.surveys import distribution, responding
from vises.surveys.models import Invitation, Survey

MAX_WORDS = 20

# The team's words, statistics words, and the other address form (docs/terms.md).
JARGON = {
    "fr": [
        r"parties? prenantes?",
        r"stakeholders?",
        r"répondants?",
        r"répondantes?",
        r"constats?",
        r"\btours?\b",
        r"médianes?",
        r"intervalles? de confiance",
        r"tests? statistiques?",
        r"statistiquement",
        r"significati\w+",
        r"écart-type",
        r"p-valeur",
        r"accompagnement",
        r"\btu\b",
        r"\bton\b",
        r"\btes\b",
    ],
    "nl": [
        r"stakeholders?",
        r"belanghebbenden?",
        r"respondent\w*",
        r"\bgolf\b",
        r"\bgolven\b",
        r"bevragingsronde",
        r"\bmediaan\b",
        r"betrouwbaarheidsinterval",
        r"statistische toets",
        r"significant\w*",
        r"standaardafwijking",
        r"p-waarde",
        r"\bnaasten?\b",
        r"\bje\b",
        r"\bjij\b",
        r"\bjouw\b",
    ],
}
# How a change was tested (test names, p): told to the team, its coaches, funders and
# public authorities, never to guests nor to the other readers of a report.
TEST_DETAIL = re.compile(
    r"\bp\s?[=<]|khi-deux|chikwadraat|chi-square|Fisher|McNemar|Welch|Mann-Whitney|Wilcoxon"
    r"|Stuart-Maxwell|\bt-toets|\btest t\b"
)
# Where the reader uses a service (a crèche, home care), it is "this service".
ENTERPRISE_WORDS = {"fr": [r"cette entreprise", r"l'entreprise"], "nl": [r"deze onderneming"]}
SERVICE_USERS = {"beneficiary", "family"}


class VisibleText(HTMLParser):
    """The blocks of text a reader sees in the page's <main> and its <title>, each with
    whether it is prose: a table or a chart's description lists figures, not sentences."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "legend", "label", "button", "title", "summary"}
    BLOCKS |= {"th", "td", "caption"}
    # Quotes are people's own words, kept as they said them.
    HIDDEN = {"script", "style", "svg", "blockquote"}
    FIGURES = {"table", "figure"}

    def __init__(self):
        super().__init__()
        self.blocks, self.current, self.hidden, self.in_main, self.figures = [], [], 0, False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag in self.BLOCKS or tag == "br":
            self.flush()
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.FIGURES:
            self.figures += 1

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.flush()
        if tag in self.HIDDEN:
            self.hidden -= 1
        if tag in self.FIGURES:
            self.flush()
            self.figures -= 1

    def handle_data(self, data):
        if not self.hidden and (self.in_main or self.lasttag == "title"):
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append((text, not self.figures))
        self.current = []


def visible_blocks(html: str) -> list[tuple[str, bool]]:
    parser = VisibleText()
    parser.feed(html)
    parser.flush()
    return parser.blocks


def sentences(block: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", block) if s.strip()]


def words(sentence: str) -> list[str]:
    return re.findall(r"[\w'’-]+", sentence)


def problems(
    blocks: list[tuple[str, bool]], language: str, service_user=False, tests_told=False
) -> list[str]:
    banned = JARGON[language] + (ENTERPRISE_WORDS[language] if service_user else [])
    found = []
    for block, prose in blocks:
        if not tests_told and (match := TEST_DETAIL.search(block)):
            found.append(f"how a change was tested {match.group(0)!r} in {block!r}")
        for pattern in banned:
            if match := re.search(pattern, block, re.IGNORECASE):
                found.append(f"jargon {match.group(0)!r} in {block!r}")
        if prose:
            found += [
                f"{len(words(s))} words: {s!r}"
                for s in sentences(block)
                if len(words(s)) > MAX_WORDS
            ]
    return found


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", no_files=True)
        yield
        transaction.set_rollback(True)


def survey_pages(survey: Survey, language: str) -> dict[str, str]:
    """Every page a respondent of `survey` can see, in `language`, by the way they come."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    pages = {}
    wave = survey.waves.order_by("closes_on").last()
    survey.waves.filter(pk=wave.pk).update(
        opens_on=timezone.localdate() - timedelta(days=1),
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    if survey.public_link_open:
        start = reverse("survey_respond", args=[survey.public_token])
    else:
        invitation = distribution.generate(wave, 1)[0]
        start = reverse("survey_respond_code", args=[invitation.code])
    pages["start"] = client.get(start).text
    pages["start, consent missing"] = client.post(start, {"@language": language}).text
    client.post(start, {"@language": language, "@consent": "yes"})
    key = responding.session_key(survey)
    session = client.session
    session[key]["reached"] = 1000  # every page may be opened, to read them all
    session.save()
    sections = responding.sections_with_questions(survey)
    for number in responding.visible_pages(sections, session[key]["answers"]):
        pages[f"page {number}"] = client.get(
            reverse("survey_respond_page", args=[survey.public_token, number])
        ).text
    pages["thanks"] = client.get(reverse("survey_respond_thanks", args=[survey.public_token])).text
    stranger = Client(HTTP_ACCEPT_LANGUAGE=language)
    pages["expired"] = stranger.get(
        reverse("survey_respond_page", args=[survey.public_token, 1])
    ).text
    return pages


def demo_surveys(language: str) -> list[Survey]:
    return [s for s in Survey.objects.order_by("pk") if language in s.languages]


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_survey_pages_of_the_demo_read_plainly(demo, db, language):
    surveys = demo_surveys(language)
    assert surveys
    found = []
    for survey in surveys:
        service_user = survey.stakeholder_type in SERVICE_USERS
        pages = survey_pages(survey, language)
        # The questions themselves were read, page by page, not only refusals.
        assert sum('name="@shown"' in html for html in pages.values()) >= 2, survey
        for name, html in pages.items():
            found += [
                f"{survey.pk} {name}: {p}"
                for p in problems(visible_blocks(html), language, service_user)
            ]
    assert found == []


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_code_pages_read_plainly(demo, db, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    used = Invitation.objects.filter(used_at__isnull=False).first()
    pages = [
        client.get(reverse("survey_code_entry")).text,
        client.post(reverse("survey_code_entry"), {"code": "ZZZZ-ZZZZ"}).text,
        client.get(reverse("survey_respond_code", args=["ZZZZZZZZ"])).text,
        client.get(reverse("survey_respond_code", args=[used.code])).text,
    ]
    found = [p for html in pages for p in problems(visible_blocks(html), language)]
    assert found == []


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_invitation_email_reads_plainly_and_gives_the_code_page(demo, db, language, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    survey = demo_surveys(language)[0]
    distribution.send_by_email(survey.waves.last(), ["someone@example.org"], language)
    body = mail.outbox[-1].body
    assert distribution.code_entry_link() in body
    assert problems([(line, True) for line in body.splitlines() if line.strip()], language) == []


def round_languages(round_: Round) -> set[str]:
    """The languages the team wrote the round's evaluation in: those of its surveys."""
    surveys = Survey.objects.filter(evaluation=round_.question.evaluation)
    return {language for survey in surveys for language in survey.languages} & {"fr", "nl"}


def test_interpretation_rounds_of_the_demo_read_plainly_to_guests(demo, db):
    rounds = list(Round.objects.select_related("question__evaluation").order_by("pk"))
    assert {language for round_ in rounds for language in round_languages(round_)} == {"fr", "nl"}
    found = []
    for round_ in rounds:
        for language in round_languages(round_):
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            Round.objects.filter(pk=round_.pk).update(is_open=True)
            html = client.get(reverse("round_answer", args=[round_.token])).text
            found += [f"round {round_.pk}: {p}" for p in problems(visible_blocks(html), language)]
            Round.objects.filter(pk=round_.pk).update(is_open=False)
            html = client.get(reverse("round_answer", args=[round_.token])).text
            found += [
                f"round {round_.pk} closed: {p}" for p in problems(visible_blocks(html), language)
            ]
    assert found == []


def test_published_reports_of_the_demo_read_plainly(demo, db):
    reports = list(Report.objects.filter(public_token__isnull=False).order_by("pk"))
    assert {report.language for report in reports} >= {"fr", "nl"}
    assert any(evidence.reads_how_we_know(report.audience) for report in reports)
    assert not all(evidence.reads_how_we_know(report.audience) for report in reports)
    found, detailed = [], 0
    for report in reports:
        html = Client().get(reverse("report_public", args=[report.public_token])).text
        detail = how_we_know_paragraphs(report)
        detailed += bool(detail)
        blocks = [(text, prose and text not in detail) for text, prose in visible_blocks(html)]
        tests_told = evidence.reads_how_we_know(report.audience)
        found += [
            f"report {report.pk}: {p}"
            for p in problems(blocks, report.language, tests_told=tests_told)
        ]
    assert detailed and found == []


def how_we_know_paragraphs(report: Report) -> set[str]:
    """The paragraphs of the method section telling how each change was tested, in the
    reports for funders and public authorities (issue 13): those readers expect the test,
    its p and the size of each difference, several figures to a sentence, so these are
    not held to 20 words; the jargon check still reads them."""
    if not evidence.reads_how_we_know(report.audience):
        return set()
    with translation.override(report.language):
        heading = gettext("How we know each change")
        label = gettext("How we know: %(details)s.").split("%(details)s")[0]
    told, after_heading = set(), False
    for block in compose(report).blocks:
        # The word on the tests right under the heading, then a paragraph per change.
        if after_heading or (block.kind == "paragraph" and label in block.text):
            told.add(" ".join(block.text.split()))
        after_heading = block.kind == "heading" and block.text == heading
    return told


def test_a_long_sentence_and_jargon_are_caught():
    html = (
        "<main><p>Les parties prenantes ont répondu.</p>"
        f"<p>{' '.join(['mot'] * 21)}.</p><p>Court. Très court.</p></main>"
    )
    found = problems(visible_blocks(html), "fr")
    assert len(found) == 2
    assert "parties prenantes" in found[0] and found[1].startswith("21 words")
