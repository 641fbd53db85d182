from django.urls import reverse
from django.utils import translation

from vises.evaluations import journey
from vises.evaluations.models import JourneyStep


def values_substep(evaluation):
    with translation.override("en"):
        steps = journey.journey(evaluation)
    return next(
        substep
        for substep in steps[JourneyStep.DATA_COLLECTION].substeps
        if substep.url.endswith("/indicators/")
    )


def test_indicator_values_are_done_when_every_typed_indicator_has_one(
    client, world, evaluation, counted, qualitative
):
    substep = values_substep(evaluation)
    assert substep.url == reverse("evaluation_indicators", args=[evaluation.pk])
    # The survey-computed indicator is not waited for: two typed ones are.
    assert (substep.done, str(substep.missing)) == (False, "2 indicators without a value")

    client.force_login(world.user("enterprise_member"))
    add = "evaluation_indicator_value_add"
    client.post(reverse(add, args=[evaluation.pk, counted.pk]), {"period": "2026", "number": "3"})
    assert str(values_substep(evaluation).missing) == "1 indicator without a value"
    client.post(reverse(add, args=[evaluation.pk, qualitative.pk]), {"period": "2026", "text": "…"})
    assert values_substep(evaluation).done

    # The journey screen shows it under step 2, and the overview agrees.
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert reverse("evaluation_indicators", args=[evaluation.pk]) in page.text
    [overview] = journey.overview([evaluation])
    values = [
        s
        for s in overview.steps[JourneyStep.DATA_COLLECTION].substeps
        if s.url.endswith("/indicators/")
    ]
    assert values[0].done


def test_indicator_values_wait_for_a_collection_plan(world):
    from tests.conftest import make_evaluation

    substep = values_substep(make_evaluation(world.enterprise))
    assert (substep.done, str(substep.missing)) == (False, "a collection plan first")
