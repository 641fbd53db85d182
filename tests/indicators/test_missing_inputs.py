"""A formula indicator whose inputs the collection plan does not follow names them, on
the indicator page and in the plan, and the team adds them to the plan in one click."""

import pytest
from django.test import Client
from django.urls import reverse

from vises.evaluations.models import Change

pytestmark = pytest.mark.django_db

NAMED = {
    "fr": "Calculé à partir de\u00a0: Sorties vers l&#x27;emploi, que le plan de collecte ne "
    "suit pas encore",
    "nl": "Berekend uit Uitstroom naar werk, die het verzamelplan nog niet volgt",
    "en": "Computed from Exits to job, which the collection plan does not follow yet",
}
BUTTON = {
    "fr": "Les ajouter au plan",
    "nl": "Ze aan het plan toevoegen",
    "en": "Add them to the plan",
}


@pytest.fixture
def member(world):
    client = Client()
    client.force_login(world.user("enterprise_member"))
    return client


@pytest.mark.parametrize("page", ["evaluation_indicators", "evaluation_plan"])
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_missing_inputs_are_named_with_a_button_to_add_them(
    member, world, formula_evaluation, page, language
):
    url = reverse(page, args=[formula_evaluation.pk])
    shown = member.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert NAMED[language] in shown
    assert BUTTON[language] in shown
    assert "Sorties de parcours" not in NAMED[language]  # the one the plan follows is not named
    coach = Client()
    coach.force_login(world.user("coach"))
    read_only = coach.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert NAMED[language] in read_only and BUTTON[language] not in read_only


def test_one_click_adds_them_to_the_plan_and_the_history(member, formula_evaluation):
    rate = formula_evaluation.plan_rows.get().indicators.get(code="employment_exits_rate")
    changes = Change.objects.filter(evaluation=formula_evaluation, part="plan_indicators")
    before = changes.count()
    response = member.post(
        reverse("evaluation_indicator_inputs_add", args=[formula_evaluation.pk, rate.pk]),
        {"back": "plan"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/plan/#indicator-{rate.pk}")
    assert "Added to the collection plan: Exits to job." in page
    assert "which the collection plan does not follow yet" not in page
    added = formula_evaluation.plan_rows.get().indicators.get(code="exits_to_employment")
    assert added.period == "2025" and added.direction == "neutral"
    assert changes.count() == before + 1
    assert changes.last().after["indicator"] == "exits_to_employment"
    # Clicking again (a second tab) adds nothing twice.
    member.post(reverse("evaluation_indicator_inputs_add", args=[formula_evaluation.pk, rate.pk]))
    assert (
        formula_evaluation.plan_rows.get().indicators.filter(code="exits_to_employment").count()
        == 1
    )
    # The indicator page now offers to type its values.
    values_page = member.get(
        reverse("evaluation_indicators", args=[formula_evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert reverse("evaluation_indicator_value_add", args=[formula_evaluation.pk, added.pk]) in (
        values_page
    )


def test_the_indicator_page_shows_a_computed_value_as_reports_do(member, formula_evaluation):
    from decimal import Decimal

    from vises.indicators import values

    rate = formula_evaluation.plan_rows.get().indicators.get(code="employment_exits_rate")
    member.post(reverse("evaluation_indicator_inputs_add", args=[formula_evaluation.pk, rate.pk]))
    exits = formula_evaluation.plan_rows.get().indicators.get(code="exits_to_employment")
    values.save_value(exits, None, kind=values.NUMBER, period="2025", number=Decimal(3))
    page = member.get(
        reverse("evaluation_indicators", args=[formula_evaluation.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    rate_values = page.split(f'id="indicator-{rate.pk}"')[1].split("</article>")[0]
    assert '<th scope="row">2025</th><td>25\u00a0%</td>' in rate_values  # 3 of 12
