import time
from decimal import Decimal

from django.urls import reverse

from vises.evaluations.models import Change
from vises.indicators.models import IndicatorValue


def add_url(evaluation, indicator):
    return reverse("evaluation_indicator_value_add", args=[evaluation.pk, indicator.pk])


def page_url(evaluation):
    return reverse("evaluation_indicators", args=[evaluation.pk])


def test_team_adds_a_value_in_french_and_reads_it_beside_baseline_and_target(
    client, world, evaluation, counted
):
    member = world.user("enterprise_member")
    client.force_login(member)
    response = client.post(
        add_url(evaluation, counted),
        {"period": "2026-S1", "number": "12,5", "source": "Registre du personnel"},
    )
    assert response.url == page_url(evaluation) + f"#indicator-{counted.pk}"
    value = IndicatorValue.objects.get()
    assert (value.indicator, value.period, value.number) == (counted, "2026-S1", Decimal("12.5"))
    assert value.entered_by == member and value.entered_at is not None

    page = client.get(page_url(evaluation)).text
    assert "Personnes accompagnées" in page
    assert "10 → 15 (2027)" in page  # baseline and target beside the values
    assert "12,5 personnes" in page and "Registre du personnel" in page
    change = Change.objects.get(part="indicator_values")
    assert change.before is None and change.user == member
    assert change.after["number"] == "12.5" and change.after["period"] == "2026-S1"


def test_a_second_value_for_the_same_period_replaces_it_and_the_history_keeps_both(
    client, world, evaluation, counted
):
    client.force_login(world.user("enterprise_admin"))
    client.post(add_url(evaluation, counted), {"period": "2026", "number": "31"})
    response = client.post(
        add_url(evaluation, counted),
        {"period": "2026", "number": "1,234.5", "comment": "Recompté en janvier"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert [(v.period, v.number) for v in IndicatorValue.objects.all()] == [
        ("2026", Decimal("1234.5"))
    ]
    assert "the previous one is in the history" in response.text
    latest = Change.objects.filter(part="indicator_values").first()
    assert (latest.before["number"], latest.after["number"]) == ("31", "1234.5")

    # The coach reads the history in their language: names and figures localised.
    coach = world.user("coach")
    coach.preferred_language = "en"
    coach.save()
    client.force_login(coach)
    history = client.get(reverse("evaluation_history", args=[evaluation.pk])).text
    assert "Indicator values" in history and "People supported" in history
    assert "1,234.5" in history and "Recompté en janvier" in history
    coach.preferred_language = "fr"
    coach.save()
    history = client.get(reverse("evaluation_history", args=[evaluation.pk])).text
    assert "Personnes accompagnées" in history and "234,5" in history


def test_removing_a_value_is_kept_in_the_history(client, world, evaluation, counted):
    client.force_login(world.user("enterprise_member"))
    client.post(add_url(evaluation, counted), {"period": "2026", "number": "31"})
    value = IndicatorValue.objects.get()
    response = client.post(
        reverse("evaluation_indicator_value_remove", args=[evaluation.pk, counted.pk, value.pk])
    )
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()
    removal = Change.objects.filter(part="indicator_values").first()
    assert removal.after is None and removal.before["number"] == "31"
    assert removal.user == world.user("enterprise_member")


def test_editing_a_value_changes_it_but_not_onto_another_period(client, world, evaluation, counted):
    client.force_login(world.user("enterprise_member"))
    client.post(add_url(evaluation, counted), {"period": "2025", "number": "20"})
    client.post(add_url(evaluation, counted), {"period": "2026", "number": "31"})
    first = IndicatorValue.objects.get(period="2025")
    edit = reverse("evaluation_indicator_value_edit", args=[evaluation.pk, counted.pk, first.pk])
    form = client.get(edit)
    assert form.context["form"]["number"].value() == Decimal("20")

    response = client.post(edit, {"period": "2026", "number": "22"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["period"] == [
        "There is already a value for 2026: change that one instead."
    ]
    client.post(edit, {"period": "2025", "number": "22,75", "source": "Bilan"})
    first.refresh_from_db()
    assert (first.number, first.source) == (Decimal("22.75"), "Bilan")
    assert Change.objects.filter(part="indicator_values").count() == 3


def test_a_qualitative_own_indicator_takes_a_text(client, world, evaluation, qualitative):
    client.force_login(world.user("enterprise_member"))
    form = client.get(add_url(evaluation, qualitative)).context["form"]
    assert "text" in form.fields and "number" not in form.fields
    client.post(
        add_url(evaluation, qualitative),
        {"period": "2026", "text": "Les voisins passent dire bonjour à l'atelier."},
    )
    value = IndicatorValue.objects.get()
    assert value.number is None and value.text.startswith("Les voisins")
    page = client.get(page_url(evaluation)).text
    assert "Regard du quartier" in page and "Les voisins passent dire bonjour" in page


def test_an_indicator_computed_from_the_survey_is_not_typed(client, world, evaluation, from_survey):
    client.force_login(world.user("enterprise_admin"))
    page = client.get(page_url(evaluation), HTTP_ACCEPT_LANGUAGE="en")
    assert "Confident share" in page.text
    assert "Computed from the survey answers in the analysis" in page.text
    assert add_url(evaluation, from_survey) not in page.text

    response = client.post(
        add_url(evaluation, from_survey),
        {"period": "2026", "number": "55"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert not IndicatorValue.objects.exists() and not Change.objects.exists()
    assert (
        "“Confident share” is computed from the survey answers in the analysis: its values "
        "are not typed in." in response.text
    )


def test_bad_values_are_refused_naming_the_field_and_nothing_is_stored(
    client, world, evaluation, counted
):
    client.force_login(world.user("enterprise_member"))
    response = client.post(
        add_url(evaluation, counted),
        {"period": "", "number": "douze"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["period"] == ["Give the period of this value, for example 2026."]
    assert errors["number"] == ["The value must be a number, for example 12.5."]
    # The example is written as the reader writes numbers.
    french = client.post(add_url(evaluation, counted), {"period": "2026", "number": "12.5.1"})
    assert "12,5" in french.context["form"].errors["number"][0]
    assert not IndicatorValue.objects.exists() and not Change.objects.exists()


def test_a_value_for_another_evaluations_indicator_is_not_found(client, world, evaluation, counted):
    from tests.conftest import make_evaluation

    elsewhere = make_evaluation(world.other_enterprise)
    client.force_login(world.user("enterprise_admin"))
    # Own evaluation, someone else's indicator; and someone else's evaluation.
    mine_with_theirs = reverse(
        "evaluation_indicator_value_add", args=[make_evaluation(world.enterprise).pk, counted.pk]
    )
    assert client.post(mine_with_theirs, {"period": "2026", "number": "1"}).status_code == 404
    theirs = reverse("evaluation_indicator_value_add", args=[elsewhere.pk, counted.pk])
    assert client.post(theirs, {"period": "2026", "number": "1"}).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_coach_reads_values_but_does_not_enter_them(client, world, evaluation, counted):
    client.force_login(world.user("enterprise_member"))
    client.post(add_url(evaluation, counted), {"period": "2026", "number": "31"})
    client.force_login(world.user("coach"))
    page = client.get(page_url(evaluation))
    assert page.status_code == 200 and "31" in page.text
    assert add_url(evaluation, counted) not in page.text
    assert client.post(add_url(evaluation, counted), {"period": "2027"}).status_code == 403


def test_the_plan_links_to_the_values(client, world, evaluation):
    client.force_login(world.user("coach"))
    plan = client.get(reverse("evaluation_plan", args=[evaluation.pk]))
    assert page_url(evaluation) in plan.text


def test_numbers_no_page_could_use_are_refused_at_once_and_other_digits_are_read(
    client, world, evaluation, counted
):
    client.force_login(world.user("enterprise_member"))
    client.get(add_url(evaluation, counted))  # the first page of a run loads what all need
    refusals = {
        "1e400": "Ensure that there are no more than 14 digits in total.",
        "1e1000000": "Ensure that there are no more than 14 digits in total.",
        "NaN": "The value must be a number, for example 12.5.",
        "-inf": "The value must be a number, for example 12.5.",
        "1\x002": "The value must be a number, for example 12.5.",
    }
    for typed, refusal in refusals.items():
        began = time.perf_counter()
        response = client.post(
            add_url(evaluation, counted),
            {"period": "2026", "number": typed},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert time.perf_counter() - began < 1  # never the seconds a huge number would take
        assert response.context["form"].errors["number"] == [refusal]
    assert not IndicatorValue.objects.exists()
    client.post(add_url(evaluation, counted), {"period": "2026", "number": "١٢"})
    assert IndicatorValue.objects.get().number == 12
