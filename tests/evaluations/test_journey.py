"""Where an evaluation stands: each sub-step ticked only when its work is done, and one
progress and current step wherever the evaluation is shown."""

import dataclasses
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_evaluation
from vises.evaluations import improvement, journey
from vises.evaluations.journey import Facts
from vises.evaluations.models import Change, Evaluation, JourneyStep, StepFeedback

REQUIRED = ["mission"]


def blank(**changes) -> Facts:
    """The facts of a brand-new evaluation, with `changes`."""
    return dataclasses.replace(
        Facts(
            preliminary={},
            portrait={},
            has_team=False,
            stakeholders=0,
            questions=0,
            main_questions=0,
            planned_questions=0,
        ),
        **changes,
    )


def substeps(known: Facts, computed=frozenset()) -> dict[str, journey.Substep]:
    evaluation = Evaluation(pk=1, framework_version_id=1)
    with translation.override("en"):
        steps = journey.journey(evaluation, known, REQUIRED, computed)
        return {str(s.title): s for step in steps for s in step.substeps}


def test_nothing_is_ticked_on_a_new_evaluation():
    shown = substeps(blank())
    assert len(shown) == 14
    assert [title for title, s in shown.items() if s.done] == []
    assert all(s.missing for s in shown.values())
    steps = journey.journey(Evaluation(pk=1, framework_version_id=1), blank(), REQUIRED, set())
    assert journey.progress(steps) == 0
    assert journey.current_step(steps) == JourneyStep.PRELIMINARY


PLANNED = {"questions": 1, "main_questions": 1, "planned_questions": 1}

# Each sub-step, the facts just short of its work, and the facts once it is done.
WORK = {
    "Why, who and with what means": (
        {"preliminary": {"motivations": ["improve_practice"]}},
        {"preliminary": {"motivations": ["improve_practice"]}, "has_team": True},
    ),
    "Get familiar with the framework": ({}, {"framework_read": True}),
    "Portrait of the enterprise": (
        {"portrait": {"mission": "", "activities": "Réparer des vélos"}},
        {"portrait": {"mission": "Remettre des personnes au travail"}},
    ),
    "Stakeholder map": ({}, {"stakeholders": 1}),
    "Evaluative questions": ({"questions": 2}, {"questions": 2, "main_questions": 1}),
    "Collection plan": (
        {"questions": 2, "main_questions": 1, "planned_questions": 1},
        {"questions": 2, "main_questions": 1, "planned_questions": 2},
    ),
    "Surveys": (
        {**PLANNED, "plans_a_survey": True, "ready_surveys": 1},
        {**PLANNED, "plans_a_survey": True, "ready_surveys": 1, "responses": 1},
    ),
    "Indicator values": (
        {**PLANNED, "indicators": [("people_supported", True), ("exits", False)]},
        {**PLANNED, "indicators": [("people_supported", True), ("exits", True)]},
    ),
    "Findings and their interpretation": (
        {"questions": 2, "interpreted_questions": 1},
        {"questions": 2, "interpreted_questions": 2},
    ),
    "Improvement plan": (
        {"actions": improvement.Counts(dropped=1, overdue=1)},
        {"actions": improvement.Counts(dropped=1, planned=1)},
    ),
    "A report for one of your audiences": ({}, {"reports": 1}),
    "The report as a PDF or DOCX document": ({"reports": 1}, {"reports": 1, "rendered_reports": 1}),
    "Its one-page infographic": ({"reports": 1}, {"reports": 1, "infographics": 1}),
    "The report published for its readers": (
        {"reports": 1, "rendered_reports": 1},
        {"reports": 1, "published_reports": 1},
    ),
}


def test_every_sub_step_is_listed_with_the_work_that_ticks_it():
    assert set(substeps(blank())) == set(WORK)


@pytest.mark.parametrize("title", WORK)
def test_a_sub_step_is_not_ticked_until_its_work_is_done(title):
    short, done = WORK[title]
    assert not substeps(blank())[title].done
    before = substeps(blank(**short))[title]
    assert not before.done
    assert before.missing
    after = substeps(blank(**done))[title]
    assert after.done
    assert not after.missing


def test_surveys_with_answers_are_done_before_the_plan_is_and_never_ask_for_one():
    # A journey whose plan has a question left, holding 254 answers.
    unfinished_plan = {"questions": 2, "main_questions": 1, "planned_questions": 1}
    surveys = substeps(blank(**unfinished_plan, ready_surveys=2, responses=254))["Surveys"]
    assert surveys.done
    assert surveys.missing == ""
    waiting = substeps(blank(**unfinished_plan, ready_surveys=1))["Surveys"]
    with translation.override("en"):
        assert str(waiting.missing) == "responses"
        assert str(substeps(blank())["Surveys"].missing) == "a collection plan first"


def test_indicator_values_typed_in_are_done_before_the_plan_is():
    unfinished_plan = {"questions": 2, "main_questions": 1, "planned_questions": 1}
    values = substeps(blank(**unfinished_plan, indicators=[("people_supported", True)]))
    assert values["Indicator values"].done
    # An indicator computed from answers is not typed in: it asks for no value.
    computed = substeps(blank(**PLANNED, indicators=[("exits", False)]), computed={"exits"})
    assert computed["Indicator values"].done


def test_a_plan_without_survey_or_indicator_asks_for_neither():
    shown = substeps(blank(**PLANNED))
    assert shown["Surveys"].done
    assert shown["Indicator values"].done


def test_once_every_step_is_done_the_current_step_is_the_last():
    everything = {
        key: value
        for title in WORK
        for key, value in WORK[title][1].items()
        if key not in ("questions", "main_questions", "planned_questions", "interpreted_questions")
    }
    known = blank(**PLANNED, **everything, interpreted_questions=1)
    known.indicators = [("exits", True)]
    steps = journey.journey(Evaluation(pk=1, framework_version_id=1), known, REQUIRED, set())
    assert journey.progress(steps) == 100
    assert journey.current_step(steps) == JourneyStep.ANALYSIS
    assert journey.next_action(steps) is None


def test_valorisation_leads_to_the_reports_then_to_the_latest_report():
    shown = substeps(blank())
    reports = reverse("evaluation_reports", args=[1])
    assert shown["A report for one of your audiences"].url == reports
    assert shown["Its one-page infographic"].url == reports
    shown = substeps(blank(reports=2, latest_report=7))
    detail = reverse("evaluation_report_detail", args=[1, 7])
    assert shown["The report as a PDF or DOCX document"].url == f"{detail}#renditions"
    assert shown["The report published for its readers"].url == f"{detail}#publication"
    with translation.override("en"):
        assert str(shown["The report published for its readers"].missing) == "its publication"


# Reading the framework -------------------------------------------------------------------


def test_the_team_says_it_read_the_framework_and_the_history_keeps_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    detail = reverse("evaluation_detail", args=[evaluation.pk])
    read = reverse("evaluation_framework_read", args=[evaluation.pk])
    client.force_login(world.user("coach"))
    assert read not in client.get(detail).text
    assert client.post(read).status_code == 403
    client.force_login(world.user("enterprise_member"))
    assert read in client.get(detail).text
    assert client.post(read).headers["Location"] == detail
    evaluation.refresh_from_db()
    assert evaluation.framework_read_at is not None
    change = Change.objects.get(evaluation=evaluation, part="familiarisation")
    assert change.user == world.user("enterprise_member")
    assert journey.standing(evaluation).steps[1].substeps[0].done
    # Said once is enough: the button is gone and a second post records nothing.
    assert read not in client.get(detail).text
    client.post(read)
    assert Change.objects.filter(part="familiarisation").count() == 1


def test_each_sub_step_shows_its_button_with_a_token_and_its_comments(client, world):
    from vises.evaluations import accompaniment

    evaluation = make_evaluation(world.enterprise)
    member = world.user("enterprise_member")
    accompaniment.add_comment(evaluation, "portrait", member, "Les publics ?")
    client.force_login(member)
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk])).text
    read = reverse("evaluation_framework_read", args=[evaluation.pk])
    button = re.search(rf'<form class="inline" method="post" action="{read}">(.*?)</form>', page)
    assert button and 'name="csrfmiddlewaretoken"' in button[1]
    thread = reverse("evaluation_comments", args=[evaluation.pk, "portrait"])
    assert f' · <a href="{thread}">1 commentaire</a>' in page  # the member reads French


# One progress everywhere ----------------------------------------------------------------


def shown_everywhere(client, world, evaluation) -> set[tuple[int, int]]:
    """(progress, current step) as the journey, the coach's dashboard, the accompaniment
    page and its session form show them."""
    client.force_login(world.user("enterprise_admin"))
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk])).context
    seen = {(page["progress"], page["current_step"])}
    client.force_login(world.user("coach"))
    (row,) = client.get(reverse("coach_dashboard")).context["followed"]
    seen.add((row.overview.progress, row.overview.current_step))
    standing = client.get(reverse("evaluation_sessions", args=[evaluation.pk])).context["standing"]
    seen.add((standing.progress, standing.current_step))
    form = client.get(reverse("evaluation_session_add", args=[evaluation.pk])).context["form"]
    seen.add((standing.progress, form.initial["step"]))
    return seen


def test_journey_dashboard_and_accompaniment_show_one_progress(client, world):
    evaluation = make_evaluation(world.enterprise)
    assert shown_everywhere(client, world, evaluation) == {(0, JourneyStep.PRELIMINARY)}
    evaluation.stakeholders.create(name="Familles", importance=3, influence=3)
    evaluation.questions.create(text="Qu'est-ce qui change ?", is_main=True)
    assert shown_everywhere(client, world, evaluation) == {(14, JourneyStep.PRELIMINARY)}


def test_the_accompaniment_page_says_where_the_evaluation_stands(client, world):
    evaluation = make_evaluation(world.enterprise)
    evaluation.stakeholders.create(name="Familles", importance=3, influence=3)
    client.force_login(world.user("coach"))
    page = client.get(
        reverse("evaluation_sessions", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The evaluation stands at step 0: Preliminary step (7% done)." in page.text


# One banner at a time -------------------------------------------------------------------


def test_one_feedback_prompt_at_a_time_for_the_step_done_last(client, world, monkeypatch):
    evaluation = make_evaluation(world.enterprise)
    done = [journey.Step(n, "", [journey.Substep("", True, url="/")]) for n in JourneyStep]
    standing = journey.Overview(evaluation, done, 100, JourneyStep.ANALYSIS, None)
    monkeypatch.setattr(journey, "standing", lambda _evaluation: standing)
    client.force_login(world.user("enterprise_member"))
    detail = reverse("evaluation_detail", args=[evaluation.pk])
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert page.text.count('class="feedback-prompt"') == 1
    assert reverse("evaluation_feedback", args=[evaluation.pk, 3]) in page.text
    StepFeedback.objects.create(evaluation=evaluation, step=3, usefulness=4, difficulty=2)
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert page.text.count('class="feedback-prompt"') == 1
    assert reverse("evaluation_feedback", args=[evaluation.pk, 2]) in page.text


def test_no_feedback_prompt_beside_the_message_of_what_was_just_done(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    # Saving the preliminary step finishes step 0 and returns to the journey with "Saved.".
    page = client.post(
        reverse("evaluation_preliminary", args=[evaluation.pk]),
        {
            "revision": 0,
            "motivations": ["improve_practice"],
            "team": [world.user("enterprise_member").pk],
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.redirect_chain[-1][0] == reverse("evaluation_detail", args=[evaluation.pk])
    assert "Saved." in page.text
    assert 'class="feedback-prompt"' not in page.text
    # The prompt waits for the next visit.
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    assert page.text.count('class="feedback-prompt"') == 1


def test_every_demo_evaluation_shows_one_progress_on_every_page(client, db, capsys):
    call_command("demo", no_files=True)
    capsys.readouterr()
    evaluations = Evaluation.objects.select_related("enterprise")
    dashboards = {}
    for evaluation in evaluations:
        enterprise = evaluation.enterprise
        admin = enterprise.memberships.get(role="enterprise_admin").user
        coach = enterprise.coach_assignments.get().coach
        client.force_login(admin)
        page = client.get(reverse("evaluation_detail", args=[evaluation.pk])).context
        seen = {(page["progress"], page["current_step"])}
        client.force_login(coach)
        if coach.pk not in dashboards:
            dashboards[coach.pk] = client.get(reverse("coach_dashboard")).context["followed"]
        for row in dashboards[coach.pk]:
            if row.overview and row.overview.evaluation == evaluation:
                seen.add((row.overview.progress, row.overview.current_step))
        sessions = client.get(reverse("evaluation_sessions", args=[evaluation.pk])).context
        seen.add((sessions["standing"].progress, sessions["standing"].current_step))
        standing = journey.standing(evaluation)
        seen.add((standing.progress, standing.current_step))
        assert len(seen) == 1, f"{evaluation}: {seen}"
        # 100 % is only ever the last step.
        progress, step = seen.pop()
        assert progress < 100 or step == JourneyStep.ANALYSIS
