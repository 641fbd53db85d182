"""Issue 12: a newcomer's whole evaluation, by clicking from the home page.

After signing in no inner address is typed: every move is a click on a link or a button the
team sees. Only respondents open an address, the survey's public link read from the page
(as a person would type or scan it), and the reader of the published report, who is given
its address. axe checks every page crossed."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tests.conftest import make_evaluation, make_user
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_survey_respondent import phone_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLOW = 3 * TIMEOUT_MS
PAGES_AT_MOST = 10
AGREED = "Les parents se sentent écoutés et soutenus par l'équipe de la crèche."
TITLE = "Ce que la crèche change pour les familles"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The rendered files go to a folder of their own (the live server runs in this
    process, so it writes there too)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Walk:
    """The team's clicks and the screens (distinct addresses) they led to; axe checks each
    screen the first time it shows."""

    page: Page
    clicks: int = 0
    screens: list[str] = field(default_factory=list)

    def click(self, target: Locator) -> None:
        self.clicks += 1
        target.click()
        self.page.wait_for_load_state("load")
        self.seen()

    def check(self, target: Locator) -> None:
        self.clicks += 1
        target.check()

    def seen_again(self) -> None:
        """axe again, on a screen already seen that now shows more (a link, a file...)."""
        assert_accessible(self.page)

    def seen(self) -> None:
        address = urlsplit(self.page.url).path
        if address not in self.screens:
            self.screens.append(address)
            assert_accessible(self.page)


def answer_all(page: Page, respondent: int, check: bool) -> None:
    """Answer every question of every page: the respondent's own choice among the options
    of each question, then the next page, until the thanks. With `check`, axe checks each
    page."""
    if check:
        assert_accessible(page)
    page.locator("button[name='@language'][value=fr]").click()
    for _page in range(PAGES_AT_MOST):
        if "/thanks/" in page.url:
            break
        expect(page.locator("button[value=next]")).to_be_visible()
        if check:
            assert_accessible(page)
        names = page.locator("input[type=radio]").evaluate_all(
            "inputs => [...new Set(inputs.map(input => input.name))]"
        )
        for name in names:
            options = page.locator(f"input[type=radio][name='{name}']")
            options.nth(respondent % options.count()).check()
        boxes = page.locator("input[type=checkbox]")
        if boxes.count():
            boxes.nth(respondent % boxes.count()).check()
        for number in page.locator("input[type=number]").all():
            number.fill(str(2 + respondent))
        for text in page.locator("textarea, input[type=text]").all():
            text.fill(f"Réponse libre numéro {respondent + 1}.")
        page.locator("button[value=next]").click()
        page.wait_for_load_state("load")
    else:
        raise AssertionError(f"The respondent never reached the thanks: still on {page.url}")
    if check:
        assert_accessible(page)


def creche(world):
    """Crèche Soleil (a collective service) and its admin, who reads French."""
    from vises.accounts.models import EnterpriseMembership

    admin = make_user(
        "directrice@creche-soleil.example", full_name="Nadia Benali", preferred_language="fr"
    )
    EnterpriseMembership.objects.create(
        user=admin, enterprise=world.sibling, role="enterprise_admin"
    )
    return admin


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_a_creche_goes_from_a_new_evaluation_to_a_published_report_in_french(
    page: Page, browser: Browser, live_server, world, sign_in
):
    """The whole newcomer flow, in French. When written, it took the team 39 clicks (links,
    buttons and ticks; typing and drop-down choices not counted) over 21 screens (distinct
    addresses) from "new evaluation" to "published report"; run with -s to print them."""
    from vises.evaluations.models import Evaluation
    from vises.frameworks import store
    from vises.surveys.models import Response

    # The URLs import the whole app (numpy, SciPy, matplotlib...): done here rather than in
    # the live server's first request, which the browser waits for only ten seconds.
    resolve("/")
    store.load_default()
    admin = creche(world)
    minimum = settings.VISES_SMALL_GROUP_MINIMUM

    sign_in(page, admin.email)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    walk = Walk(page)
    walk.seen()
    main = page.locator("main")
    walk.click(main.get_by_role("link", name="Crèche Soleil"))
    clicks_before = walk.clicks
    screens_before = len(walk.screens)

    # A new evaluation.
    walk.click(main.locator("a[href$='/evaluations/new/']"))
    page.locator("input[name=title]").fill("Notre impact 2026")
    page.locator("input[name=period_start]").fill("2026-01-01")
    page.locator("input[name=period_end]").fill("2026-12-31")
    walk.click(main.locator("form button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notre impact 2026")
    evaluation = Evaluation.objects.get()
    journey_path = f"/evaluations/{evaluation.pk}/"
    # The journey's "next step" button (its wording may change; its place does not).
    next_step = main.locator(".next-action a")
    nav = page.get_by_role("navigation", name="Évaluation")

    # Preliminary step, through the journey's next step.
    walk.click(next_step)
    walk.check(page.locator("input[name=motivations]").first)
    page.locator("textarea[name=motivation_text]").fill("Montrer ce que la crèche change.")
    walk.click(main.locator("form button[type=submit]"))
    expect(page).to_have_url(re.compile(rf"{journey_path}$"))

    # Getting to know the framework: the team says it read it.
    read_it = main.locator("form[action$='/framework-read/'] button")
    walk.click(read_it)
    expect(read_it).to_have_count(0)

    # Portrait, by the journey's next step: every required field still empty is filled.
    walk.click(next_step)
    page.locator("textarea[name=mission]").fill("Accueillir les tout-petits du quartier.")
    for select in page.locator("main form select").all():
        if not select.input_value():
            select.select_option(index=1)
    for text in page.locator("main form textarea").all():
        if not text.input_value():
            text.fill("Accueil de 40 enfants de 0 à 3 ans.")
    for number in page.locator("main form input[type=number]").all():
        if not number.input_value():
            number.fill("12")
    for line in page.locator("main form input[type=text]").all():
        if not line.input_value() and line.is_visible():
            line.fill("Quartier Nord")
    # The draft saves itself 1.5 s after typing and when a field is left. Leave the last
    # field and let those saves end before sending the form, as a person pausing would: the
    # tests' in-memory SQLite refuses two writes at once where a real database waits.
    page.keyboard.press("Tab")
    expect(page.get_by_role("status")).not_to_be_empty()
    page.wait_for_timeout(2000)
    page.wait_for_load_state("networkidle")
    portrait = main.locator("form").filter(has=page.locator("textarea[name=mission]"))
    walk.click(portrait.locator("button[type=submit]"))
    expect(main).to_contain_text("Accueillir les tout-petits du quartier.")

    # One stakeholder on the map.
    walk.click(nav.get_by_role("link", name="Parties prenantes", exact=True))
    form = main.locator("form").filter(has=page.locator("select[name=type_code]"))
    form.locator("select[name=type_code]").select_option("family")
    form.locator("input[name=name]").fill("Parents des enfants accueillis")
    form.locator("select[name=importance]").select_option("5")
    form.locator("select[name=influence]").select_option("3")
    form.locator("select[name=involvement]").select_option(index=1)
    walk.click(form.locator("button[type=submit]"))
    expect(main.get_by_role("table")).to_contain_text("Parents des enfants accueillis")

    # One evaluative question from the library.
    walk.click(nav.get_by_role("link", name="Questions", exact=True))
    walk.click(main.locator("form[action*='/questions/library/'] button").first)
    question = evaluation.questions.get()

    # Its plan, with a survey of the parents.
    walk.click(nav.get_by_role("link", name="Plan de collecte", exact=True))
    walk.click(main.locator("a[href*='/plan/questions/']").first)
    walk.check(main.locator("input[name=methods][value=survey]"))
    walk.check(main.get_by_label("Parents des enfants accueillis"))
    page.locator("input[name=timing]").fill("Juin")
    page.locator("input[name=responsible]").fill("Nadia Benali")
    walk.click(main.locator("form button[type=submit]").first)

    # A short survey from the question bank.
    walk.click(nav.get_by_role("link", name="Enquêtes", exact=True))
    walk.click(main.locator("a[href$='/surveys/new/']"))
    walk.check(page.locator("input[name=languages][value=fr]"))
    page.locator("input[name=title_fr]").fill("Avis des parents")
    page.locator("select[name=stakeholder_type]").select_option("family")
    walk.click(main.locator("form button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avis des parents")
    walk.click(main.locator("a[href$='/bank/']").first)
    boxes = main.locator("input[type=checkbox][name=code]")
    for index in range(3):
        walk.check(boxes.nth(index))
    walk.click(main.locator("form[method=post] button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avis des parents")

    # Open it: the public link shows.
    walk.click(main.locator("form[action$='/open/'] button"))
    link = main.locator(".public-link a").first.get_attribute("href")
    walk.seen_again()

    # Enough parents answer, on a phone, that no figure is hidden.
    phone = phone_context(browser, live_server)

    def parents_answer(first: int) -> None:
        for respondent in range(first, first + minimum):
            parent = phone.new_page()
            parent.goto(link)
            answer_all(parent, respondent, check=respondent == 0)
            parent.close()

    parents_answer(0)
    # Six months later, say: a second wave, added from the survey's own navigation, takes
    # the answers of the same link from then on.
    walk.click(main.get_by_role("link", name="Vagues", exact=True).first)
    today = timezone.localdate()
    page.locator("input[name=label]").fill("Vague de juin")
    page.locator("input[name=opens_on]").fill(today.isoformat())
    page.locator("input[name=closes_on]").fill((today + timedelta(days=60)).isoformat())
    walk.click(main.locator("form.stacked button[type=submit]"))
    expect(main.get_by_role("table")).to_contain_text("Vague de juin")
    parents_answer(minimum)
    phone.close()
    assert Response.objects.filter(wave__label="Vague de juin").count() == minimum
    assert Response.objects.count() == 2 * minimum

    # The survey's results, from the survey's own navigation: every figure shows.
    walk.click(main.get_by_role("link", name="Résultats", exact=True).first)
    results = main.locator(".survey-result")
    expect(results).to_have_count(3)
    # Each wave is a column of its own, and every share shows: no group is too small.
    first_table = results.locator(".data-table").first
    expect(first_table).to_contain_text("Vague de juin")
    expect(first_table).to_contain_text("%")

    # The question's findings, from the evaluation's navigation; the team writes down the
    # interpretation it agreed on, and one action of its improvement plan.
    walk.click(nav.get_by_role("link", name="Résultats", exact=True))
    expect(main).to_contain_text(question.text)
    interpretation = main.locator("section#interpretation")
    interpretation.locator("textarea[name=agreed]").fill(AGREED)
    interpretation.locator("textarea[name=lessons]").fill("Garder les cafés des parents.")
    walk.click(interpretation.locator("button[type=submit]"))
    expect(main.locator("section#interpretation .interpretation")).to_contain_text(AGREED)
    walk.seen_again()
    walk.click(main.locator("section#actions a[href*='/improvement/new/']"))
    page.locator("textarea[name=what]").fill("Un café des parents chaque mois.")
    page.locator("input[name=who]").fill("Nadia Benali")
    page.locator("input[name=due_on]").fill("2027-03-31")
    walk.click(main.locator("form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/improvement/#action-\d+$"))

    # A report for the parents, made from the evaluation's navigation.
    walk.click(nav.get_by_role("link", name="Rapports", exact=True))
    new = main.locator("form[action$='/reports/new/']")
    new.locator("select[name=audience]").select_option("beneficiaries")
    new.locator("select[name=language]").select_option("fr")
    new.locator("input[name=title]").fill(TITLE)
    walk.click(new.locator("button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Its PDF and its infographic (made at once in tests), then its publication.
    files = main.locator("#renditions-list li")
    walk.click(main.locator("button[name=format][value=pdf]"))
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Prêt"), timeout=SLOW)
    walk.click(main.locator("button[name=format][value=png]"))
    expect(files.filter(has_text="PNG")).to_contain_text("Prêt", timeout=SLOW)
    walk.click(main.locator("form[action$='/publication/'] button[type=submit]"))
    public_url = main.locator("#public-url").input_value()
    walk.seen_again()
    team_clicks = walk.clicks - clicks_before
    team_screens = len(walk.screens) - screens_before

    # The journey is complete.
    walk.click(nav.get_by_role("link", name="Parcours", exact=True))
    expect(main.locator("progress")).to_have_attribute("value", "100")
    walk.seen_again()

    # A reader signed out opens the published page and reads a figure there.
    reader_context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 800})
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader = reader_context.new_page()
    reader.goto(public_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_role("main")).to_contain_text(AGREED)
    # Ten parents, each choosing a different answer in each wave of five: a fifth each.
    expect(reader.get_by_role("main")).to_contain_text(re.compile(r"10\s+réponses"))
    first_answer = reader.get_by_role("table").first.get_by_role("row").nth(1)
    expect(first_answer).to_contain_text(re.compile(r"20\s%.*20\s%"))
    assert_accessible(reader)
    reader_context.close()

    print(
        f"\nFrom a new evaluation to a published report: {team_clicks} clicks over "
        f"{team_screens} screens."
    )


def evaluation_at_step_three(world):
    """Atelier Vert's evaluation with steps 0 to 2 done, made with the product's own
    functions: the preliminary step and the portrait saved, the framework read, a
    stakeholder, a main question planned with a survey of trainees, and that survey asked
    in two waves, answered enough to compare them. Nothing of step 3 is done yet."""
    from vises.evaluations import journey, parts
    from vises.surveys import builder
    from vises.surveys.models import Response

    admin = world.user("enterprise_admin")
    evaluation = make_evaluation(world.enterprise, title="Impact van onze begeleiding 2026")
    evaluation.team.add(admin)
    parts.save_part(
        evaluation,
        "preliminary",
        {"motivations": ["show_funders"], "motivation_text": "Onze financiers tonen wat we doen."},
        admin,
        revision=0,
    )
    parts.save_part(
        evaluation, "portrait", {"mission": "Mensen opnieuw aan het werk helpen."}, admin, 0
    )
    journey.mark_framework_read(evaluation, admin)
    trainees = evaluation.stakeholders.create(
        type_code="trainee", name="Stagiairs", importance=5, influence=2, involvement="consult"
    )
    question = evaluation.questions.create(text=QUESTION_NL, themes=["individuals"], is_main=True)
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    row.stakeholders.add(trainees)
    row.indicators.create(code="confident_share", baseline=40, target=60)
    survey = builder.create_survey(
        evaluation,
        admin,
        title={"nl": "Bevraging stagiairs", "fr": "Enquête stagiaires"},
        languages=["nl", "fr"],
        stakeholder_type="trainee",
    )
    builder.add_from_bank(survey.sections.get(), admin, "self_confidence")
    entry = survey.waves.create(
        label="Instroom", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)
    )
    exit_ = survey.waves.create(
        label="Uitstroom", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31)
    )
    # Answers to `self_confidence` (agree4: 1 = strongly disagree … 4 = strongly agree).
    for wave, values in [
        (entry, [1, 2, 2, 1, 3, 2, 1, 2, 3, 2]),
        (exit_, [3, 4, 4, 3, 4, 3, 4, 4]),
    ]:
        for index, value in enumerate(values):
            Response.objects.create(
                wave=wave,
                answers={"self_confidence": value},
                language="nl",
                submission_key=f"{wave.label}-{index}",
            )
    return evaluation


QUESTION_NL = "Hoe versterkt onze begeleiding het zelfvertrouwen van de stagiairs?"
AGREED_NL = "De stagiairs vertrekken met veel meer zelfvertrouwen dan ze binnenkwamen."
TITLE_NL = "Ons impactrapport voor de financiers"


@pytest.mark.parametrize("browser_locale", ["nl-BE"])
def test_an_enterprise_at_step_three_interprets_and_publishes_for_its_funders_in_dutch(
    page: Page, browser: Browser, live_server, world, sign_in
):
    """From step 3 in Dutch: the findings, the agreed interpretation, an improvement
    action, a report for the funders, its PDF and infographic, its publication and the
    public page, every move a click; the journey then reaches 100 %. When written, it took
    13 clicks over 9 screens from the home page (printed with -s)."""
    from vises.reports.models import Report

    resolve("/")
    evaluation = evaluation_at_step_three(world)
    admin = world.user("enterprise_admin")
    admin.preferred_language = "nl"
    admin.save()

    sign_in(page, admin.email)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    walk = Walk(page)
    walk.seen()
    main = page.locator("main")
    walk.click(main.get_by_role("link", name="Atelier Vert"))
    walk.click(main.get_by_role("link", name=evaluation.title))
    expect(main.locator(".current-step")).to_contain_text("3")
    nav = page.get_by_role("navigation", name="Evaluatie")

    # The journey's next step leads to the questions, and from there to the findings: the
    # trainees' answers, wave by wave, every figure shown.
    walk.click(main.locator(".next-action a"))
    walk.click(main.locator("ol.questions a[href$='/findings/']"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION_NL)
    first_table = main.locator(".survey-result .data-table").first
    expect(first_table).to_contain_text("Uitstroom")
    expect(first_table).to_contain_text("%")

    # The interpretation the team agreed on with the trainees.
    interpretation = main.locator("section#interpretation")
    interpretation.locator("textarea[name=agreed]").fill(AGREED_NL)
    interpretation.locator("textarea[name=lessons]").fill("De gesprekken van de eerste maand.")
    walk.click(interpretation.locator("button[type=submit]"))
    expect(main.locator("section#interpretation .interpretation")).to_contain_text(AGREED_NL)
    walk.seen_again()
    # And one action of the improvement plan, from the findings.
    walk.click(main.locator("section#actions a[href*='/improvement/new/']"))
    page.locator("textarea[name=what]").fill("Elke stagiair een gesprek in de eerste maand.")
    page.locator("input[name=who]").fill("Els De Smet")
    page.locator("input[name=due_on]").fill("2027-03-31")
    walk.click(main.locator("form button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/improvement/#action-\d+$"))

    # A report for the funders, from the evaluation's navigation; its PDF; its publication.
    walk.click(nav.get_by_role("link", name="Rapporten", exact=True))
    new = main.locator("form[action$='/reports/new/']")
    new.locator("select[name=audience]").select_option("funders")
    new.locator("select[name=language]").select_option("nl")
    new.locator("input[name=title]").fill(TITLE_NL)
    walk.click(new.locator("button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_NL)
    walk.click(main.locator("button[name=format][value=pdf]"))
    expect(main.locator("#renditions-list li")).to_contain_text(
        re.compile(r"PDF\s*·\s*Klaar"), timeout=SLOW
    )
    walk.click(main.locator("button[name=format][value=png]"))
    infographic = main.locator("#renditions-list li").filter(has_text="PNG")
    expect(infographic).to_contain_text("Klaar", timeout=SLOW)
    walk.click(main.locator("form[action$='/publication/'] button[type=submit]"))
    public_url = main.locator("#public-url").input_value()
    walk.seen_again()
    assert Report.objects.get().public_token in public_url

    # Step 3 done, the journey is complete.
    walk.click(nav.get_by_role("link", name="Traject", exact=True))
    expect(main.locator("progress")).to_have_attribute("value", "100")
    walk.seen_again()

    # A funder, signed out, reads the interpretation and the figures on the public page.
    reader_context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 800})
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader = reader_context.new_page()
    reader.goto(public_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE_NL)
    expect(reader.get_by_role("main")).to_contain_text(AGREED_NL)
    # All eight trainees of the exit wave are confident: the indicator's target is met.
    indicator = reader.get_by_role("row").filter(has_text="Aandeel met vertrouwen").first
    expect(indicator).to_contain_text(re.compile(r"100\s?%\s*\(Uitstroom\)"))
    assert_accessible(reader)
    reader_context.close()

    print(
        f"\nFrom step 3 to a published report: {walk.clicks} clicks over "
        f"{len(walk.screens)} screens."
    )
