"""Issue 6: the team reads an evaluative question's findings in French (the chart and its
data table), puts them to an interpretation round, a stakeholder answers through the
guest link in Dutch without an account, and the team records the agreed interpretation."""

import re
from datetime import date

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Browser, Page, expect
from scipy import stats

from tests.conftest import make_evaluation
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_survey_respondent import tab_to
from vises.analysis.rounding import rounded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "Comment notre accompagnement renforce-t-il la confiance ?"
ITEM_FR = "J'ai confiance en moi."
# Answers to `self_confidence` (agree4: 1 = strongly disagree … 4 = strongly agree).
ENTRY = [1, 2, 2, 1, 3, 2, 1, 2, 3, 2, 1, 2]
EXIT = [3, 4, 4, 3, 4, 3, 4, 4, 3, 4]
WAVES = {"Entrée": ENTRY, "Sortie": EXIT}
AGREE4_FR = [
    "Pas du tout d'accord",
    "Plutôt pas d'accord",
    "Plutôt d'accord",
    "Tout à fait d'accord",
]


def findings_world(world):
    """An evaluation whose plan follows `confident_share`, and a survey asking its bank item
    (and the respondent's site) in two waves, answered enough to compare them."""
    from vises.surveys import builder
    from vises.surveys.models import Response

    evaluation = make_evaluation(world.enterprise)
    question = evaluation.questions.create(text=QUESTION, themes=["individuals"], is_main=True)
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    row.indicators.create(code="confident_share", baseline=40, target=60)
    survey = builder.create_survey(
        evaluation,
        None,
        title={"fr": "Enquête stagiaires", "nl": "Bevraging stagiairs"},
        languages=["fr", "nl"],
    )
    section = survey.sections.get()
    builder.add_from_bank(section, None, "self_confidence")
    builder.add_question(
        section,
        None,
        code="site",
        kind="single_choice",
        text={"fr": "Votre site ?", "nl": "Uw vestiging?"},
        options=[
            {"value": "nord", "label": {"fr": "Nord", "nl": "Noord"}},
            {"value": "sud", "label": {"fr": "Sud", "nl": "Zuid"}},
        ],
    )
    entry = survey.waves.create(
        label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31)
    )
    exit_ = survey.waves.create(
        label="Sortie", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31)
    )
    for wave, values in [(entry, ENTRY), (exit_, EXIT)]:
        for index, value in enumerate(values):
            Response.objects.create(
                wave=wave,
                answers={"self_confidence": value, "site": "nord" if index % 2 else "sud"},
                language="fr",
                submission_key=f"{wave.label}-{index}",
            )
    return evaluation, question, survey


def shares(values: list[int]) -> list[int]:
    """The share of each answer of the scale, in whole percents, as the page rounds them."""
    return [int(rounded(100 * values.count(value) / len(values))) for value in range(1, 5)]


# How the French page writes a percentage, checked character for character: a no-break
# space before the sign, in the chart as in the data table and the change sentence.
PERCENT = "{}\u00a0%"


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_team_reads_findings_runs_a_round_with_a_dutch_guest_and_agrees(
    page: Page, browser: Browser, live_server, world, sign_in
):
    from vises.interpretation.models import Interpretation, Opinion, Round

    evaluation, question, survey = findings_world(world)
    admin = world.user("enterprise_admin")
    sign_in(page, admin.email)

    # 1. The findings, in French, reached from the evaluative questions.
    page.goto(f"/evaluations/{evaluation.pk}/questions/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name=re.compile(r"^Voir les résultats")).click()
    findings_url = f"/evaluations/{evaluation.pk}/questions/{question.pk}/findings/"
    expect(page).to_have_url(re.compile(re.escape(findings_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUESTION)
    indicator = page.locator("section[aria-labelledby=indicators-title] tbody tr")
    expect(indicator).to_have_count(1)
    expect(indicator.get_by_role("rowheader")).to_have_text("Part confiante (%)")
    expect(indicator.locator(".badge")).to_have_text("Cible atteinte")

    # The plan collects the survey: its item and the respondents' site both show.
    self_confidence = survey.questions.get(code="self_confidence")
    site = survey.questions.get(code="site")
    expect(page.locator("article.survey-result")).to_have_count(2)
    result = page.locator(f"article#result-{self_confidence.pk}")
    expect(result.get_by_role("heading", level=3)).to_have_text(ITEM_FR)
    chart = result.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(re.compile("^" + re.escape(ITEM_FR)))
    table = result.locator("table.data-table")
    expect(table.locator("caption")).to_have_text(f"Données du graphique « {ITEM_FR} »")
    expect(table.locator("thead th")).to_have_text(["Réponse", "Entrée", "Sortie"])
    expect(table.locator("tbody th")).to_have_text(AGREE4_FR)
    expect(table.locator("tfoot td")).to_have_text([str(len(ENTRY)), str(len(EXIT))])
    # Row by row (one per answer), a cell per wave: Entrée then Sortie.
    assert table.locator("tbody td").all_text_contents() == [
        PERCENT.format(share)
        for pair in zip(shares(ENTRY), shares(EXIT), strict=True)
        for share in pair
    ]
    # The chart draws the same values, wave by wave.
    drawn = [
        text for text in chart.locator("text").all_text_contents() if re.fullmatch(r"\d+\s%", text)
    ]
    assert drawn == [PERCENT.format(share) for share in shares(ENTRY) + shares(EXIT)]
    hits = {wave: sum(value >= 3 for value in values) for wave, values in WAVES.items()}
    top_box = {wave: rounded(100 * hits[wave] / len(WAVES[wave])) for wave in WAVES}
    # The top-2 box is tested as a share (few answers: Fisher), the whole scale by ranks.
    table = [
        [hits["Entrée"], len(ENTRY) - hits["Entrée"]],
        [hits["Sortie"], len(EXIT) - hits["Sortie"]],
    ]
    assert stats.fisher_exact(table).pvalue < 0.05
    assert stats.mannwhitneyu(ENTRY, EXIT).pvalue < 0.05
    expect(result.locator(".finding-sentence")).to_have_text(
        f"À « Sortie », {top_box['Sortie']:.0f} % répondent « Plutôt d'accord » ou « Tout à "
        f"fait d'accord » ; à « Entrée », {top_box['Entrée']:.0f} %. Cette part est plus "
        "élevée à « Sortie » qu’à « Entrée » : l’écart a peu de chances d’être dû au hasard. "
        "Sur toute l’échelle, les réponses sont plus hautes à « Sortie » qu’à « Entrée ». "
        "Cela a peu de chances d’être dû au hasard."
    )
    # How we know, beside it: the test, the answers of each wave, p in words.
    expect(result.locator(".how-we-know")).to_contain_text(
        f"Comment nous le savons : le test exact de Fisher sur {len(ENTRY)} réponses à "
        f"« Entrée » et {len(EXIT)} à « Sortie »"
    )
    expect(result.locator(".how-we-know")).to_contain_text("marge d’erreur (95 %)")
    assert_accessible(page)

    # 2. A round on the survey result and the indicator.
    rounds = page.get_by_role("region", name="Interprétation avec les parties prenantes")
    rounds.get_by_role("link", name="Lancer une consultation sur les résultats").click()
    expect(page).to_have_url(re.compile(r"/rounds/new/$"))
    confident_share = question.plan_rows.get().indicators.get()
    page.locator("input[name=title]").fill("Wat denkt u van deze bevindingen?")
    page.locator("textarea[name=introduction]").fill("Uw mening helpt ons beter te werken.")
    page.locator(f"input[name=findings][value='survey_result:{self_confidence.pk}']").check()
    page.locator(f"input[name=findings][value='indicator:{confident_share.pk}']").check()
    page.locator(f"input[name=findings][value='survey_result:{site.pk}']").uncheck()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    round_ = Round.objects.get()
    round_url = f"/evaluations/{evaluation.pk}/questions/{question.pk}/rounds/{round_.pk}/"
    expect(page).to_have_url(re.compile(re.escape(round_url) + "$"))
    assert [finding.kind for finding in round_.findings.all()] == ["survey_result", "indicator"]
    link = page.locator("#round-link")
    expect(link).to_have_attribute("readonly", "")
    guest_link = link.input_value()
    assert guest_link == f"{live_server.url}/i/{round_.token}/"
    expect(page.locator("main")).to_contain_text("0 participant jusqu'ici")
    assert_accessible(page)

    # 3. A stakeholder, signed out, in Dutch.
    guest_context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 800})
    guest_context.set_default_timeout(TIMEOUT_MS)
    guest = guest_context.new_page()
    guest.goto(guest_link)
    expect(guest.locator("html")).to_have_attribute("lang", "nl")
    expect(guest.get_by_role("heading", level=1)).to_have_text("Wat denkt u van deze bevindingen?")
    expect(guest.get_by_role("button", name="Afmelden")).to_have_count(0)  # signed out
    first, second = round_.findings.all()
    verdict = guest.get_by_role("group", name="Komt dit overeen met uw ervaring?")
    expect(verdict).to_have_count(2)
    expect(verdict.first.get_by_role("radio")).to_have_count(3)
    expect(verdict.first.locator("label")).to_have_text(
        [
            "Ja, dit komt overeen met mijn ervaring",
            "Gedeeltelijk",
            "Nee, dit komt niet overeen met mijn ervaring",
        ]
    )
    # The findings are shown in Dutch too, small groups hidden (none is small here).
    guest_table = guest.locator("table.data-table")
    expect(guest_table.locator("caption")).to_have_text(
        "Gegevens van de grafiek ‘Ik heb vertrouwen in mezelf.’"
    )
    assert guest_table.locator("tbody td").first.text_content() == f"{shares(ENTRY)[0]}%"
    assert_accessible(guest)

    # A comment without a verdict: the error is said in Dutch, at the top and at the question.
    comment = "Bij de start was ik echt onzeker, nu veel minder."
    guest.locator(f"#id_comment-{first.pk}").fill(comment)
    guest.get_by_role("button", name="Mijn mening versturen").click()
    alert = guest.get_by_role("alert")
    expect(alert).to_contain_text("Enkele antwoorden moeten nagekeken worden:")
    expect(alert.get_by_role("link")).to_have_text(
        re.compile(r"Zeg of deze bevinding overeenkomt met uw ervaring\.$")
    )
    expect(verdict.first.locator(".field-errors")).to_have_text(
        "Zeg of deze bevinding overeenkomt met uw ervaring."
    )
    expect(guest.locator(f"#id_comment-{first.pk}")).to_have_value(comment)
    assert not Opinion.objects.exists()
    assert_accessible(guest)

    # The verdicts with the keyboard: "Gedeeltelijk" for the first finding, "Ja" for the other.
    tab_to(guest, f"#id_verdict-{first.pk}_0", limit=80)
    guest.keyboard.press("ArrowDown")
    expect(guest.locator(f"#id_verdict-{first.pk}_1")).to_be_checked()
    tab_to(guest, f"#id_verdict-{second.pk}_0")
    guest.keyboard.press("Space")
    expect(guest.locator(f"#id_verdict-{second.pk}_0")).to_be_checked()
    tab_to(guest, "#id_name")
    guest.keyboard.type("Sam, stagiair")
    tab_to(guest, "main form button[type=submit]")
    guest.keyboard.press("Enter")
    thanks = guest.get_by_role("status")
    expect(thanks).to_contain_text(re.compile(r"^\s*Bedankt"))
    expect(guest).to_have_url(re.compile(r"#thanks$"))
    opinions = Opinion.objects.order_by("finding__position")
    assert [(o.verdict, o.comment, o.name, o.language, o.author) for o in opinions] == [
        ("partly", comment, "Sam, stagiair", "nl", None),
        ("agree", "", "Sam, stagiair", "nl", None),
    ]

    # 4. The team reads the tally, and closes the round.
    page.reload()
    expect(page.locator("main")).to_contain_text("1 participant jusqu'ici")
    finding = page.locator("section.round-finding").first
    expect(finding.locator(".tally li")).to_have_text(
        [
            re.compile(r"^Oui, cela correspond à mon expérience\s*:\s*0$"),
            re.compile(r"^En partie\s*:\s*1$"),
            re.compile(r"^Non, cela ne correspond pas à mon expérience\s*:\s*0$"),
        ]
    )
    opinion = finding.locator("figure.opinion")
    expect(opinion.locator("blockquote")).to_have_attribute("lang", "nl")
    expect(opinion.locator("blockquote")).to_contain_text(comment)
    expect(opinion.locator("figcaption")).to_contain_text("Sam, stagiair")
    assert_accessible(page)
    page.get_by_role("button", name="Fermer la consultation").click()
    expect(page.get_by_text("La consultation est fermée.")).to_be_visible()
    expect(page.get_by_role("button", name="Rouvrir la consultation")).to_be_visible()

    closed = guest.goto(guest_link)
    assert closed is not None and closed.status == 410
    expect(guest.locator("html")).to_have_attribute("lang", "nl")
    expect(guest.get_by_role("heading", level=1)).to_have_text("Deze ronde is gesloten")
    assert_accessible(guest)
    guest_context.close()

    # 5. The agreed interpretation and the lessons, on the findings page.
    page.get_by_role("link", name="Écrire l'interprétation partagée").click()
    section = page.get_by_role("region", name="Interprétation partagée")
    agreed = "La confiance progresse nettement entre l'entrée et la sortie."
    lessons = "Garder les entretiens individuels du premier mois."
    section.get_by_label("Interprétation partagée").fill(agreed)
    section.get_by_label("Enseignements pour notre pratique").fill(lessons)
    section.get_by_role("button", name="Enregistrer l'interprétation").click()
    expect(page.get_by_text("L'interprétation partagée est enregistrée.")).to_be_visible()
    shown = page.get_by_role("region", name="Interprétation partagée").locator(".interpretation")
    expect(shown).to_contain_text(agreed)
    expect(shown).to_contain_text(lessons)
    written = Interpretation.objects.get(question=question)
    assert (written.agreed, written.lessons, written.updated_by) == (agreed, lessons, admin)
    with translation.override("fr"):
        when = formats.date_format(timezone.localtime(written.updated_at), "SHORT_DATE_FORMAT")
    expect(shown.locator(".muted")).to_have_text(f"Écrite par {admin} le {when}.")
    assert_accessible(page)
