"""Issue 7: the team makes a report for its funders in Dutch, renders it to a PDF and reads
it back, publishes it, a reader signed out opens the public page, and once publication is
stopped its address leads nowhere."""

import re
import subprocess
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import make_evaluation
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "Hoe versterkt onze begeleiding het zelfvertrouwen van de stagiairs?"
TITLE = "Ons impactrapport 2026"
AGREED = "De stagiairs vertrekken met veel meer zelfvertrouwen dan ze binnenkwamen."
LESSONS = "De individuele gesprekken van de eerste maand behouden."
QUOTE = "Dankzij de ploeg durf ik nu zelf te solliciteren."
# Answers to `self_confidence` (agree4: 1 = strongly disagree … 4 = strongly agree).
ENTRY = [1, 2, 2, 1, 3, 2, 1, 2, 3, 2, 1, 2]
EXIT = [3, 4, 4, 3, 4, 3, 4, 4, 3, 4]
# The funders' template, as the report page lists it in Dutch.
FUNDERS_SECTIONS = [
    "Samenvatting en kerncijfers",
    "Evaluatievraag en haar bevindingen",
    "Kernindicatoren tegenover hun doelen",
    "Methode en grenzen",
    "Praktijken van sociale economie",
    "Verbeterplan",
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The rendered files go to a folder of their own (the live server runs in this
    process, so it writes there too)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def report_world(world):
    """An evaluation whose plan follows `confident_share`, a Dutch survey asking its bank
    item in two waves answered enough to compare them, an agreed interpretation and a quote
    chosen among the open answers: all made with the product's own functions."""
    from vises.interpretation import quotes, rounds
    from vises.surveys import builder
    from vises.surveys.models import Response

    admin = world.user("enterprise_admin")
    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(text=QUESTION, themes=["individuals"], is_main=True)
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    row.indicators.create(code="confident_share", baseline=40, target=60)
    survey = builder.create_survey(
        evaluation,
        None,
        title={"fr": "Enquête stagiaires", "nl": "Bevraging stagiairs"},
        languages=["nl", "fr"],
    )
    section = survey.sections.get()
    builder.add_from_bank(section, None, "self_confidence")
    why = builder.add_question(
        section,
        None,
        code="why",
        kind="long_text",
        text={"nl": "Waarom?", "fr": "Pourquoi ?"},
    )
    entry = survey.waves.create(
        label="Instroom", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)
    )
    exit_ = survey.waves.create(
        label="Uitstroom", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31)
    )
    for wave, values in [(entry, ENTRY), (exit_, EXIT)]:
        for index, value in enumerate(values):
            Response.objects.create(
                wave=wave,
                answers={"self_confidence": value},
                language="nl",
                submission_key=f"{wave.label}-{index}",
            )
    told = Response.objects.create(
        wave=exit_,
        answers={"self_confidence": 4, "why": QUOTE},
        language="nl",
        submission_key="uitstroom-waarom",
    )
    rounds.agree(question, admin, agreed=AGREED, lessons=LESSONS)
    quotes.choose(question, admin, response_id=str(told.pk), survey_question_id=str(why.pk))
    return evaluation


def pdf_text(path) -> str:
    """The PDF's text as pdftotext reads it, whitespace (line breaks included) collapsed."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("browser_locale", ["nl-BE"])
def test_funders_report_in_dutch_rendered_published_and_revoked(
    page: Page, browser: Browser, live_server, world, sign_in, tmp_path
):
    from vises.reports.models import Rendition, Report

    evaluation = report_world(world)
    sign_in(page, world.user("enterprise_admin").email)

    # 1. The reports page, in Dutch: no report yet, and the form to make one.
    reports_url = f"/evaluations/{evaluation.pk}/reports/"
    page.goto(reports_url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporten")
    expect(page.get_by_text("Nog geen rapport.")).to_be_visible()
    new = page.get_by_role("region", name="Een rapport maken")
    new.get_by_label("Doelpubliek").select_option(label="Financiers")
    new.get_by_label("Taal").select_option(label="Nederlands")
    new.get_by_label("Titel").fill(TITLE)
    new.get_by_label("Kleur").fill("#009e73")
    assert_accessible(page)
    new.get_by_role("button", name="Het rapport maken").click()

    # 2. The report page: the funders' template, in the report's language.
    report = Report.objects.get()
    report_url = f"/evaluations/{evaluation.pk}/reports/{report.pk}/"
    expect(page).to_have_url(re.compile(re.escape(report_url) + "$"))
    assert (report.audience, report.language, report.title, report.colour) == (
        "funders",
        "nl",
        TITLE,
        "#009e73",
    )
    expect(
        page.get_by_text("Het rapport is klaar om aangevuld en gemaakt te worden.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Voor: Financiers · in het Nederlands")).to_be_visible()
    sections = page.locator(".report-sections > ol > li")
    expect(sections.locator("> strong")).to_have_text(FUNDERS_SECTIONS)
    expect(sections.nth(1).locator(".muted")).to_have_text(f"· {QUESTION}")
    assert [section.kind for section in report.sections.all()] == [
        "summary",
        "question",
        "indicators",
        "method",
        "practices",
        "improvement",
    ]
    expect(page.get_by_text("Niet gepubliceerd.")).to_be_visible()
    # The preview already holds the evidence, in Dutch.
    preview = page.locator(".report-preview")
    expect(preview.get_by_role("heading", name="In het kort")).to_be_visible()
    expect(preview.get_by_role("heading", name="Wat we besluiten")).to_be_visible()
    expect(preview.locator("blockquote.report-quote")).to_have_text(QUOTE)
    assert_accessible(page)

    # 3. The PDF, made in the background, ready when the page comes back, downloaded.
    page.get_by_role("button", name="De PDF maken").click()
    files = page.locator("#renditions-list li")
    expect(files).to_have_count(1, timeout=3 * TIMEOUT_MS)
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Klaar"), timeout=3 * TIMEOUT_MS)
    rendition = Rendition.objects.get()
    assert (rendition.format, rendition.status) == ("pdf", "done"), rendition.error
    with page.expect_download() as downloading:
        files.get_by_role("link", name="Downloaden PDF").click()
    download = downloading.value
    assert download.suggested_filename == "atelier-vert-ons-impactrapport-2026.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    text = pdf_text(saved)
    assert TITLE in text and "Atelier Vert" in text
    assert "Inhoud" in text  # the table of contents
    assert "In het kort" in text and "Wat we besluiten" in text
    assert QUESTION in text
    assert AGREED in text
    assert QUOTE in text

    # 4. Published: the page gives the public address.
    page.get_by_role("button", name="Op een openbare pagina publiceren").click()
    expect(
        page.get_by_text("Het rapport is gepubliceerd: iedereen met het adres kan het lezen.")
    ).to_be_visible()
    report.refresh_from_db()
    assert report.public_token and len(report.public_token) >= 32
    address = page.locator("#public-url")
    expect(address).to_have_attribute("readonly", "")
    expect(address).to_have_accessible_name("Adres")
    public_url = address.input_value()
    assert public_url == f"{live_server.url}/p/{report.public_token}/"

    # 5. A reader signed out, whose browser speaks French: the page is in the report's
    # language, Dutch.
    reader_context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 800})
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader = reader_context.new_page()
    opened = reader.goto(public_url)
    assert opened is not None and opened.status == 200
    assert opened.headers.get("content-language") == "nl"
    expect(reader.locator("html")).to_have_attribute("lang", "nl")
    expect(reader).to_have_title(f"{TITLE} · Atelier Vert")
    expect(reader.locator("meta[property='og:title']")).to_have_attribute("content", TITLE)
    expect(reader.locator("meta[property='og:locale']")).to_have_attribute("content", "nl")
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_role("heading", name="In het kort")).to_be_visible()
    main = reader.get_by_role("main")
    expect(main).to_contain_text(AGREED)
    quote = main.locator("blockquote")
    expect(quote).to_have_text(QUOTE)
    expect(quote).to_have_attribute("lang", "nl")
    # Nothing of the team's application: no sign-out, no way into the evaluation.
    expect(reader.get_by_role("button", name="Afmelden")).to_have_count(0)
    expect(reader.locator(f"a[href*='/evaluations/{evaluation.pk}/']")).to_have_count(0)
    assert_accessible(reader)

    # 6. The team stops publishing; the address now leads nowhere.
    page.get_by_role("button", name="Publicatie stoppen").click()
    expect(
        page.get_by_text(
            "Het rapport is niet meer gepubliceerd: het adres leidt nergens meer heen."
        )
    ).to_be_visible()
    expect(page.get_by_text("Niet gepubliceerd.")).to_be_visible()
    expect(page.locator("#public-url")).to_have_count(0)
    report.refresh_from_db()
    assert report.public_token is None and report.published_at is None
    gone = reader.reload()
    assert gone is not None and gone.status == 404
    expect(reader.get_by_text(AGREED)).to_have_count(0)
    reader_context.close()
