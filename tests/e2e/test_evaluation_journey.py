"""An enterprise admin goes through the first steps of an evaluation in Dutch, and the
coach comments on the plan in French; axe checks every page on the way."""

import re

import pytest
from django.urls import resolve
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_locale", ["nl-BE"])
def test_enterprise_admin_plans_in_dutch_and_the_coach_comments_in_french(
    page: Page, browser: Browser, live_server, world, sign_in
):
    from vises.evaluations.models import Comment, Evaluation, PlanIndicator
    from vises.frameworks import store

    # The URLs import the whole app (numpy, SciPy, matplotlib...): done here rather than in
    # the live server's first request, which the browser waits for only ten seconds.
    resolve("/")
    store.load_default()
    admin = world.user("enterprise_admin")
    admin.preferred_language = "nl"
    admin.full_name = "Els De Smet"
    admin.save()
    coach = world.user("coach")
    coach.preferred_language = "fr"
    coach.full_name = "Camille Lefebvre"
    coach.save()

    sign_in(page, admin.email)
    page.goto(f"/enterprises/{world.enterprise.pk}/")
    page.get_by_role("link", name="Een evaluatie starten").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Impact van onze ploegen 2026")
    page.get_by_label("Begin van de periode").fill("2026-01-01")
    page.get_by_label("Einde van de periode").fill("2026-12-31")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact van onze ploegen 2026")
    evaluation = Evaluation.objects.get()
    assert_accessible(page)

    # Preliminary step, through the journey's next action.
    page.get_by_role("link", name=re.compile("^Volgende: ")).click()
    page.get_by_label("Onze werking verbeteren").check()
    page.locator("textarea[name=motivation_text]").fill("Zien wat het werk verandert.")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/$"))

    # Getting to know the framework is done when the team says it read it.
    next_action = page.get_by_role("link", name=re.compile("^Volgende: "))
    expect(next_action).to_have_text("Volgende: Kennismaken met het referentiekader")
    page.get_by_role("button", name="We hebben het gelezen").click()
    expect(page.get_by_role("button", name="We hebben het gelezen")).to_have_count(0)
    evaluation_nav = page.get_by_role("navigation", name="Evaluatie")

    # Portrait: the first words are saved while typing, before any button is pressed.
    page.get_by_role("link", name="Portret van de onderneming", exact=True).click()
    # htmx listens once the page's script has run: on a loaded machine Playwright could
    # otherwise type before it does, which no person does.
    page.wait_for_load_state("load")
    page.locator("textarea[name=mission]").fill("Mensen opnieuw aan het werk helpen.")
    expect(page.get_by_role("status")).to_contain_text("Concept opgeslagen om")
    assert evaluation.parts.get(name="portrait").content["mission"].startswith("Mensen")
    assert_accessible(page)
    page.locator("select[name=legal_form]").select_option(index=1)
    page.locator("select[name=region]").select_option(index=1)
    page.locator("textarea[name=main_activities]").fill("Groenonderhoud voor gemeenten.")
    page.locator("input[name=people_served_per_year]").fill("35")
    page.locator("input[name=staff_fte]").fill("12.5")
    page.locator("input[name=territory_covered]").fill("Gent en omgeving")
    # The draft saves itself 1.5 s after typing and when a field is left. Leave the last
    # field and let those saves end before sending the form, as a person pausing would: the
    # tests' in-memory SQLite refuses two writes at once ("database table is locked") where
    # a real database waits.
    page.keyboard.press("Tab")
    page.wait_for_timeout(2000)
    portrait = page.locator("main form").filter(has=page.locator("textarea[name=mission]"))
    expect(portrait).not_to_have_class(re.compile(r"\bhtmx-request\b"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Groenonderhoud voor gemeenten.")).to_be_visible()
    assert_accessible(page)

    # Stakeholder map, through the evaluation's navigation.
    evaluation_nav.get_by_role("link", name="Belanghebbenden", exact=True).click()
    form = page.locator("main form.stacked")
    form.locator("select[name=type_code]").select_option("worker")
    form.locator("input[name=name]").fill("Werknemers van de groenploegen")
    form.locator("select[name=importance]").select_option("5")
    form.locator("select[name=influence]").select_option("3")
    form.locator("select[name=involvement]").select_option("co_construct")
    page.get_by_role("button", name="Aan de kaart toevoegen").click()
    expect(page.get_by_role("table")).to_contain_text("Werknemers van de groenploegen")
    assert_accessible(page)

    # One evaluative question from the library.
    evaluation_nav.get_by_role("link", name="Vragen", exact=True).click()
    page.get_by_role("button", name="Deze vraag overnemen").first.click()
    expect(page.locator("ol.questions")).to_contain_text("Hoofdvraag")
    assert_accessible(page)

    # Its plan row and one indicator.
    evaluation_nav.get_by_role("link", name="Verzamelplan", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Plannen hoe ze te beantwoorden")).click()
    page.get_by_label("Bevraging").check()
    page.get_by_label("Werknemers van de groenploegen").check()
    page.get_by_label("Timing").fill("April en oktober")
    page.get_by_label("Verantwoordelijke").fill("Els De Smet")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    indicator_form = page.locator("form", has=page.locator("select[name=indicator-code]"))
    indicator_form.locator("select[name=indicator-code]").select_option(index=1)
    indicator_form.locator("input[name=indicator-baseline]").fill("40")
    indicator_form.locator("input[name=indicator-target]").fill("55,5")
    indicator_form.locator("input[name=indicator-period]").fill("2026")
    page.get_by_role("button", name="De indicator toevoegen").click()
    expect(page.locator("ul.indicators")).to_contain_text("40 → 55,5 (2026)")
    assert PlanIndicator.objects.get().target == 55.5
    evaluation_nav.get_by_role("link", name="Traject", exact=True).click()
    # Steps 0 and 1 are done; the plan's survey is what data collection waits for. With the
    # indicator's values (computed from the survey), 7 of the 14 sub-steps are done: step 3
    # (findings, the improvement plan and the four of valorisation) is still ahead.
    expect(page.locator("progress")).to_have_attribute("value", "50")
    expect(page.locator(".current-step")).to_contain_text("Stap 2: Gegevensverzameling")
    next_action = page.get_by_role("link", name=re.compile("^Volgende: "))
    expect(next_action).to_have_attribute("href", f"/evaluations/{evaluation.pk}/surveys/")

    # The coach, in French, comments on the plan; the team reads it in its thread.
    coach_context = browser.new_context(base_url=live_server.url, locale="fr-BE")
    coach_page = coach_context.new_page()
    sign_in(coach_page, coach.email)
    coach_page.goto(f"/evaluations/{evaluation.pk}/plan/")
    expect(coach_page.locator("html")).to_have_attribute("lang", "fr")
    expect(coach_page.get_by_role("heading", level=1)).to_have_text("Plan de collecte")
    coach_page.get_by_label("Votre commentaire").fill(
        "Belle base ! Pensez à interroger aussi les encadrants."
    )
    coach_page.get_by_role("button", name="Ajouter le commentaire").click()
    expect(coach_page.locator(".comment-list")).to_contain_text("Pensez à interroger")
    assert_accessible(coach_page)
    coach_context.close()
    assert Comment.objects.get().section == "plan"

    page.goto(f"/evaluations/{evaluation.pk}/plan/")
    expect(page.locator(".comment-list")).to_contain_text("Camille Lefebvre")
    expect(page.locator(".comment-list .badge")).to_have_text("coach")
