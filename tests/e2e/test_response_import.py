"""A coordinator imports a spreadsheet of paper answers through the preview: a French
CSV as Excel writes it in Belgium (cp1252, semicolons), into a survey written in Dutch,
with one column whose name matches no question, fixed in the preview."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import make_evaluation
from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_locale", ["fr-BE"])
def test_a_csv_is_imported_through_the_preview(page: Page, world, sign_in, tmp_path, settings):
    from vises.surveys.models import Response, Survey

    settings.MEDIA_ROOT = tmp_path / "media"
    evaluation = make_evaluation(world.enterprise)
    survey = Survey.objects.create(
        evaluation=evaluation,
        title={"nl": "Uw traject", "fr": "Votre parcours"},
        languages=["nl", "fr"],
    )
    section = survey.sections.create(title={"nl": "U"})
    survey.questions.create(
        section=section,
        position=0,
        code="werk",
        kind="single_choice",
        text={"nl": "Werkt u op dit moment?", "fr": "Travaillez-vous en ce moment ?"},
        options=[
            {"value": "ja", "label": {"nl": "Ja", "fr": "Oui"}},
            {"value": "nee", "label": {"nl": "Nee", "fr": "Non"}},
        ],
    )
    survey.questions.create(
        section=section,
        position=1,
        code="uren",
        kind="number",
        text={"nl": "Hoeveel uren per week?", "fr": "Combien d'heures par semaine ?"},
    )
    survey.waves.create(
        label="2026", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31)
    )
    answers = tmp_path / "réponses papier.csv"
    answers.write_bytes(
        "Travaille ?;Combien d'heures par semaine ?\r\nOui;32,5\r\nnon;\r\n".encode("cp1252")
    )

    sign_in(page, world.user("enterprise_admin").email)
    page.get_by_role("link", name="Impact 2026").click()
    page.get_by_role("link", name="Enquêtes", exact=True).first.click()
    page.get_by_role("link", name="Votre parcours").first.click()
    page.get_by_role("link", name="Réponses", exact=True).first.click()
    page.get_by_role("link", name="Importer des réponses d’un fichier").click()
    assert_accessible(page)

    page.get_by_label("Fichier de réponses").set_input_files(str(answers))
    page.get_by_role("button", name="Vérifier ce fichier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("réponses papier.csv")
    columns = page.get_by_role("table", name="Les colonnes du fichier et ce qu’elles alimentent")
    expect(columns.get_by_role("row", name=re.compile("Travaille"))).to_contain_text(
        "sans correspondance"
    )
    expect(page.get_by_label("Séparateur")).to_have_value("semicolon")
    expect(page.get_by_role("button", name=re.compile("^Importer"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Importée comme, pour la colonne Travaille ?").select_option("q:werk")
    page.get_by_role("button", name="Vérifier à nouveau avec ces choix").click()
    expect(page.get_by_role("status")).to_contain_text("2 lignes vérifiées : aucun problème.")
    rows = page.get_by_role("table", name="Les premières lignes telles que comprises")
    expect(rows).to_contain_text("Oui")
    expect(rows).to_contain_text("32.5")
    assert_accessible(page)

    page.get_by_role("button", name="Importer 2 réponses").click()
    expect(page.get_by_text("2 réponses ont été importées.").first).to_be_visible()
    assert_accessible(page)
    # Compared as dictionaries: PostgreSQL keeps JSON keys in an order of its own.
    answers = sorted((r.answers for r in Response.objects.all()), key=lambda a: a["werk"])
    assert answers == [{"werk": "ja", "uren": 32.5}, {"werk": "nee"}]
