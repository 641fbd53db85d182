from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_evaluation, make_framework_version
from vises.evaluations import journey, starting
from vises.evaluations.models import Change, PlanIndicator, PlanRow


@pytest.fixture
def evaluation(world):
    evaluation = make_evaluation(world.enterprise)
    evaluation.questions.create(
        text="Comment notre accompagnement renforce-t-il la confiance ?",
        themes=["individuals"],
        is_main=True,
    )
    evaluation.stakeholders.create(
        name="Salariés en insertion", importance=5, influence=2, involvement="co_construct"
    )
    return evaluation


def _row_data(evaluation, **changes):
    return {
        "methods": ["survey", "life_story"],
        "stakeholders": [evaluation.stakeholders.get().pk],
        "timing": "À l'entrée et à la sortie du parcours",
        "responsible": "Amina, chargée d'insertion",
        "notes": "",
        **changes,
    }


def test_team_plans_a_question_and_follows_an_indicator(client, world, evaluation):
    question = evaluation.questions.get()
    client.force_login(world.user("enterprise_member"))
    response = client.post(
        reverse("evaluation_plan_row_add", args=[evaluation.pk, question.pk]),
        _row_data(evaluation),
    )
    row = PlanRow.objects.get()
    assert response.url == reverse("evaluation_plan_row_edit", args=[evaluation.pk, row.pk])
    assert row.evaluation == evaluation and row.methods == ["survey", "life_story"]
    assert [s.name for s in row.stakeholders.all()] == ["Salariés en insertion"]

    # French decimals, as a user in Roubaix types them.
    client.post(
        reverse("evaluation_plan_indicator_add", args=[evaluation.pk, row.pk]),
        {
            "indicator-code": "people_supported",
            "indicator-direction": "lower_is_better",
            "indicator-baseline": "12,5",
            "indicator-target": "20",
            "indicator-period": "2027",
        },
    )
    indicator = PlanIndicator.objects.get()
    assert indicator.baseline == Decimal("12.5") and indicator.target == 20
    # The framework says which way is better, not the form.
    assert indicator.direction == "higher_is_better"

    page = client.get(reverse("evaluation_plan", args=[evaluation.pk]))
    text = page.content.decode()
    assert "Personnes accompagnées" in text and "12,5 → 20 (2027)" in text
    assert "Enquête" in text and "Récits de vie" in text
    assert "Amina, chargée d&#x27;insertion" in text
    assert [c.part for c in Change.objects.order_by("id")] == ["plan", "plan_indicators"]


def test_own_indicator_needs_a_name(client, world, evaluation):
    question = evaluation.questions.get()
    row = evaluation.plan_rows.create(question=question, methods=["indicators"])
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_plan_indicator_add", args=[evaluation.pk, row.pk]),
        {"indicator-code": "", "indicator-name": "", "indicator-direction": "higher_is_better"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["indicator_form"].errors["name"] == [
        "Choose an indicator of the framework or name your own."
    ]
    client.post(
        reverse("evaluation_plan_indicator_add", args=[evaluation.pk, row.pk]),
        {
            "indicator-code": "",
            "indicator-name": "Heures de formation",
            "indicator-unit": "heures",
            "indicator-direction": "higher_is_better",
            "indicator-baseline": "abc",
        },
    )
    assert not PlanIndicator.objects.exists()


def test_a_plan_row_needs_a_method_and_only_this_evaluations_stakeholders(
    client, world, evaluation
):
    question = evaluation.questions.get()
    elsewhere = make_evaluation(world.sibling).stakeholders.create(
        name="Parents", importance=3, influence=3, involvement="inform"
    )
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_plan_row_add", args=[evaluation.pk, question.pk]),
        _row_data(evaluation, methods=[], stakeholders=[elsewhere.pk]),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"methods", "stakeholders"}
    assert not PlanRow.objects.exists()


def test_editing_a_row_and_an_indicator_keeps_what_was_before(client, world, evaluation):
    question = evaluation.questions.get()
    row = evaluation.plan_rows.create(question=question, methods=["survey"])
    indicator = row.indicators.create(code="people_supported", baseline=10, target=15)
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("evaluation_plan_row_edit", args=[evaluation.pk, row.pk]),
        _row_data(evaluation, methods=["interview"]),
    )
    client.post(
        reverse("evaluation_plan_indicator_edit", args=[evaluation.pk, indicator.pk]),
        {
            "indicator-code": "people_supported",
            "indicator-direction": "higher_is_better",
            "indicator-baseline": "10",
            "indicator-target": "18",
        },
    )
    row_change, indicator_change = Change.objects.order_by("id")
    assert row_change.before["methods"] == ["survey"]
    assert row_change.after["methods"] == ["interview"]
    assert (indicator_change.before["target"], indicator_change.after["target"]) == ("15", "18")

    history = client.get(reverse("evaluation_history", args=[evaluation.pk]))
    assert "Entretiens" in history.content.decode()  # the method's name, not its code

    client.post(reverse("evaluation_plan_indicator_remove", args=[evaluation.pk, indicator.pk]))
    client.post(reverse("evaluation_plan_row_remove", args=[evaluation.pk, row.pk]))
    assert not PlanRow.objects.exists() and not PlanIndicator.objects.exists()
    assert Change.objects.filter(after__isnull=True).count() == 2


def test_another_evaluations_row_is_not_found(client, world, evaluation):
    other = make_evaluation(world.enterprise, title="Impact 2027")
    question = other.questions.create(text="?", themes=[])
    row = other.plan_rows.create(question=question, methods=["survey"])
    indicator = row.indicators.create(name="Heures", baseline=1)
    client.force_login(world.user("enterprise_admin"))
    for url in [
        reverse("evaluation_plan_row_edit", args=[evaluation.pk, row.pk]),
        reverse("evaluation_plan_indicator_edit", args=[evaluation.pk, indicator.pk]),
        reverse("evaluation_plan_row_add", args=[evaluation.pk, question.pk]),
    ]:
        assert client.get(url).status_code == 404


def test_plan_step_is_done_when_every_question_has_a_row(world, evaluation):
    def plan_substep():
        with translation.override("en"):
            steps = journey.journey(evaluation)
        return next(s for s in steps[1].substeps if s.url.endswith("/plan/"))

    assert not plan_substep().done
    assert str(plan_substep().missing) == "1 question not planned yet"
    first = evaluation.questions.get()
    evaluation.plan_rows.create(question=first, methods=["survey"])
    evaluation.questions.create(text="Et pour le territoire ?", themes=[])
    assert str(plan_substep().missing) == "1 question not planned yet"
    evaluation.plan_rows.create(question=evaluation.questions.last(), methods=["documents"])
    assert plan_substep().done


def test_plan_prints_without_the_site_chrome(client, world, evaluation):
    client.force_login(world.user("coach"))
    page = client.get(reverse("evaluation_plan", args=[evaluation.pk]))
    assert page.status_code == 200
    # Coaches read the plan but are offered no editing.
    question = evaluation.questions.get()
    assert question.text in page.text
    assert reverse("evaluation_plan_row_add", args=[evaluation.pk, question.pk]) not in page.text
    css = (Path(__file__).parents[2] / "src/vises/static/vises/app.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".no-print" in print_rules


def test_a_new_evaluation_continues_the_previous_plan(world, evaluation):
    question = evaluation.questions.get()
    stakeholder = evaluation.stakeholders.get()
    row = evaluation.plan_rows.create(question=question, methods=["survey"], timing="Juin")
    row.stakeholders.add(stakeholder)
    row.indicators.create(code="people_supported", baseline=10, target=15, period="2026")
    make_framework_version("passerelles", network=world.network)
    following = starting.start(
        world.enterprise,
        title="Impact 2027",
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        based_on=evaluation,
        user=world.user("enterprise_admin"),
    )
    copied = following.plan_rows.get()
    assert copied.question.evaluation == following and copied.question.is_main
    assert [s.evaluation for s in copied.stakeholders.all()] == [following]
    assert copied.indicators.get().target == 15
    # The original stays as it was.
    assert evaluation.plan_rows.get().question == question


def test_two_people_editing_one_row_are_told_not_overwritten(client, world, evaluation):
    question = evaluation.questions.get()
    row = evaluation.plan_rows.create(question=question, methods=["survey"])
    url = reverse("evaluation_plan_row_edit", args=[evaluation.pk, row.pk])
    client.force_login(world.user("enterprise_admin"))
    seen = client.get(url).context["form"]["seen"].value()
    client.post(url, _row_data(evaluation, methods=["interview"], seen=seen))

    client.force_login(world.user("enterprise_member"))
    response = client.post(url, _row_data(evaluation, methods=["documents"], seen=seen))
    assert response.status_code == 200
    assert "Admin a enregistré cette page à" in response.text.replace("Enterprise Admin", "Admin")
    assert "Entretiens" in response.text  # what is saved now, shown beside the form
    row.refresh_from_db()
    assert row.methods == ["interview"]
    # Having seen both, the second person's next save goes through.
    again = response.context["form"]["seen"].value()
    client.post(url, _row_data(evaluation, methods=["documents"], seen=again))
    row.refresh_from_db()
    assert row.methods == ["documents"]


@pytest.mark.parametrize("kind", ["stakeholder", "question", "indicator"])
def test_every_record_edit_refuses_a_stale_form(client, world, evaluation, kind):
    question = evaluation.questions.get()
    stakeholder = evaluation.stakeholders.get()
    row = evaluation.plan_rows.create(question=question, methods=["survey"])
    indicator = row.indicators.create(code="people_supported", baseline=10, target=15)
    url, data, current = {
        "stakeholder": (
            reverse("evaluation_stakeholder_edit", args=[evaluation.pk, stakeholder.pk]),
            {"name": "Stagiaires", "importance": 4, "influence": 2, "involvement": "consult"},
            lambda: evaluation.stakeholders.get().name,
        ),
        "question": (
            reverse("evaluation_question_edit", args=[evaluation.pk, question.pk]),
            {"text": "Nouvelle formulation", "themes": ["individuals"]},
            lambda: evaluation.questions.get().text,
        ),
        "indicator": (
            reverse("evaluation_plan_indicator_edit", args=[evaluation.pk, indicator.pk]),
            {
                "indicator-code": "people_supported",
                "indicator-direction": "higher_is_better",
                "indicator-target": "99",
            },
            lambda: str(PlanIndicator.objects.get().target.normalize()),
        ),
    }[kind]
    prefix = "indicator-" if kind == "indicator" else ""
    client.force_login(world.user("enterprise_admin"))
    before = current()
    response = client.post(url, {**data, f"{prefix}seen": "stale-fingerprint"})
    assert response.status_code == 200 and response.context["conflict"]
    assert current() == before


def test_a_plan_with_a_survey_waits_for_its_responses(world, evaluation):
    from vises.surveys.models import Response, Survey

    def surveys_substep():
        with translation.override("en"):
            steps = journey.journey(evaluation)
            substep = next(s for s in steps[2].substeps if s.url.endswith("/surveys/"))
            substep.missing = str(substep.missing)
        return substep

    assert str(surveys_substep().missing) == "a collection plan first"
    row = evaluation.plan_rows.create(question=evaluation.questions.get(), methods=["survey"])
    assert str(surveys_substep().missing) == "a survey with its questions and a wave"
    survey = Survey.objects.create(evaluation=evaluation, title={"fr": "Avis"}, languages=["fr"])
    section = survey.sections.create()
    survey.questions.create(section=section, code="q", kind="short_text", text={"fr": "?"})
    wave = survey.waves.create(label="2026", opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 1))
    assert str(surveys_substep().missing) == "responses"
    Response.objects.create(wave=wave, answers={"q": "Oui"}, language="fr", submission_key="a")
    assert surveys_substep().done
    # A plan that gathers no survey needs none.
    Response.objects.all().delete()
    survey.delete()
    row.methods = ["interview"]
    row.save()
    assert surveys_substep().done
