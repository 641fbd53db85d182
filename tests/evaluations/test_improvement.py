from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import make_evaluation
from vises.evaluations import improvement, journey
from vises.evaluations.models import ActionUpdate, Change, ImprovementAction

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def evaluation(world):
    evaluation = make_evaluation(world.enterprise)
    evaluation.questions.create(
        text="How does our support build trainees' confidence?", themes=[], is_main=True
    )
    evaluation.questions.create(text="What do partners gain?", themes=[], position=1)
    return evaluation


@pytest.fixture
def team(client, world):
    client.force_login(world.user("enterprise_member"))
    return client


def _data(question=None, **changes):
    return {
        "question": question.pk if question else "",
        "what": "Hold a monthly meeting where trainees plan the workshop.",
        "who": "Nadia, coordinator",
        "due_on": "2027-03-31",
        "status": "planned",
        **changes,
    }


def _add(evaluation, user, question=None, **fields):
    return improvement.add(
        evaluation, user, question=question, what=fields.pop("what", "An action"), **fields
    )


def test_team_adds_an_action_from_a_question_s_findings(team, world, evaluation):
    question = evaluation.questions.first()
    findings = team.get(
        reverse("evaluation_question_findings", args=[evaluation.pk, question.pk]), **EN
    )
    add_url = reverse("evaluation_action_add", args=[evaluation.pk])
    assert "Improvement actions" in findings.text
    assert "No action planned from these findings yet." in findings.text
    assert f'href="{add_url}?question={question.pk}"' in findings.text

    form = team.get(f"{add_url}?question={question.pk}", **EN)
    assert f'<option value="{question.pk}" selected>' in form.text

    response = team.post(add_url, _data(question), **EN)
    action = ImprovementAction.objects.get()
    assert response.url == reverse("evaluation_improvement", args=[evaluation.pk]) + (
        f"#action-{action.pk}"
    )
    assert (action.evaluation, action.question, action.who) == (
        evaluation,
        question,
        "Nadia, coordinator",
    )
    assert action.due_on == date(2027, 3, 31) and action.status == "planned"
    assert action.created_by == world.user("enterprise_member")
    # The timeline starts with the status it was added in.
    assert [(u.status, u.note) for u in action.updates.all()] == [("planned", "")]

    findings = team.get(
        reverse("evaluation_question_findings", args=[evaluation.pk, question.pk]), **EN
    )
    assert "Hold a monthly meeting" in findings.text and "Planned" in findings.text
    plan = team.get(reverse("evaluation_improvement", args=[evaluation.pk]), **EN)
    assert "1 action: 1 planned" in plan.text
    assert "Nadia, coordinator" in plan.text and "03/31/2027" in plan.text


def test_an_action_may_concern_the_evaluation_as_a_whole(team, evaluation):
    team.post(reverse("evaluation_action_add", args=[evaluation.pk]), _data(), **EN)
    action = ImprovementAction.objects.get()
    assert action.question is None
    plan = team.get(reverse("evaluation_improvement", args=[evaluation.pk]), **EN)
    assert "The evaluation as a whole" in plan.text


def test_editing_an_action_is_kept_in_the_history(team, world, evaluation):
    question = evaluation.questions.first()
    action = _add(evaluation, world.user("enterprise_admin"), question, who="Nadia")
    edit = reverse("evaluation_action_edit", args=[evaluation.pk, action.pk])
    page = team.get(edit, **EN)
    seen = page.context["form"]["seen"].value()

    team.post(
        edit,
        _data(question, what="A monthly meeting", who="Julien", status="under_way", seen=seen),
    )
    action.refresh_from_db()
    assert (action.what, action.who, action.status) == ("A monthly meeting", "Julien", "under_way")
    # A new status goes on the timeline.
    assert [u.status for u in action.updates.all()] == ["planned", "under_way"]

    changes = list(Change.objects.filter(part="improvement").order_by("id"))
    assert [(c.before is None, c.after is None) for c in changes] == [(True, False), (False, False)]
    assert changes[1].before["who"] == "Nadia" and changes[1].after["who"] == "Julien"
    assert changes[1].user == world.user("enterprise_member")

    history = team.get(reverse("evaluation_history", args=[evaluation.pk]), **EN)
    assert "Improvement plan" in history.text
    assert "<dt>Action</dt><dd>A monthly meeting</dd>" in history.text
    assert "<dt>Status</dt><dd>Under way</dd>" in history.text
    assert "<dt>By when</dt><dd>03/31/2027</dd>" in history.text
    assert "<dt>Evaluative question</dt>" in history.text
    assert "<dt>Id</dt>" not in history.text


def test_follow_up_builds_a_timeline_oldest_first(team, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"), evaluation.questions.first())
    follow_up = reverse("evaluation_action_follow_up", args=[evaluation.pk, action.pk])
    detail = reverse("evaluation_action_detail", args=[evaluation.pk, action.pk])

    response = team.post(follow_up, {"status": "under_way", "note": "First meeting held."})
    assert response.url == f"{detail}#timeline"
    team.post(follow_up, {"status": "under_way", "note": "Eight trainees came."})
    team.post(follow_up, {"status": "done", "note": ""})

    action.refresh_from_db()
    assert action.status == "done"
    assert [(u.status, u.note) for u in action.updates.all()] == [
        ("planned", ""),
        ("under_way", "First meeting held."),
        ("under_way", "Eight trainees came."),
        ("done", ""),
    ]
    page = team.get(detail, **EN)
    text = page.text
    assert text.index("First meeting held.") < text.index("Eight trainees came.")
    assert "Where does it stand?" in text
    # Each follow-up is in the history, with its note.
    notes = [c.after.get("note") for c in Change.objects.filter(part="improvement").order_by("id")]
    assert notes == [None, "First meeting held.", "Eight trainees came.", ""]

    plan = team.get(reverse("evaluation_improvement", args=[evaluation.pk]), **EN)
    assert "4 updates" in plan.text


def test_a_follow_up_with_nothing_new_is_refused(team, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"))
    response = team.post(
        reverse("evaluation_action_follow_up", args=[evaluation.pk, action.pk]),
        {"status": "planned", "note": "  "},
        **EN,
    )
    assert response.status_code == 200
    assert "Write a note or choose another status" in response.text
    assert action.updates.count() == 1
    assert Change.objects.filter(part="improvement").count() == 1


def test_counts_and_overdue_on_a_fixed_date(world, evaluation):
    user = world.user("enterprise_admin")
    first, second = evaluation.questions.all()
    today = date(2026, 6, 1)
    late = _add(evaluation, user, first, what="late", due_on=date(2026, 5, 31))
    _add(evaluation, user, first, what="due today", due_on=today, status="under_way")
    _add(evaluation, user, first, what="no date")
    _add(evaluation, user, first, what="done late", due_on=date(2026, 1, 1), status="done")
    _add(evaluation, user, second, what="later", due_on=date(2026, 9, 1), status="under_way")
    _add(evaluation, user, None, what="dropped", due_on=date(2026, 1, 1), status="dropped")

    plan = improvement.improvement_plan(evaluation, today=today)

    counts = plan["counts"]
    assert (counts.planned, counts.under_way, counts.done, counts.dropped, counts.overdue) == (
        1,
        2,
        1,
        1,
        1,
    )
    assert counts.total == 6 and counts.kept == 5
    with translation.override("en"):
        assert counts.summary() == (
            "6 actions: 1 done, 2 under way, 1 planned, 1 overdue, 1 dropped"
        )
    # Per question in the evaluation's order, by date, those without one last.
    assert [group["question"] for group in plan["questions"]] == [first, second]
    firsts = plan["questions"][0]["actions"]
    assert [entry["action"].what for entry in firsts] == [
        "done late",
        "late",
        "due today",
        "no date",
    ]
    assert [entry["overdue"] for entry in firsts] == [False, True, False, False]
    assert [entry["action"].what for entry in plan["whole"]] == ["dropped"]
    assert firsts[1]["action"] == late and firsts[1]["latest"].status == "planned"

    # The next day, what was due today is late too.
    assert (
        improvement.improvement_plan(evaluation, today=today + timedelta(days=1))["counts"].overdue
        == 2
    )


def test_plan_takes_the_same_queries_for_one_action_or_many(
    world, evaluation, django_assert_num_queries
):
    user = world.user("enterprise_admin")
    _add(evaluation, user, evaluation.questions.first())
    with django_assert_num_queries(3):
        improvement.improvement_plan(evaluation, today=date(2026, 6, 1))
    for question in evaluation.questions.all():
        action = _add(evaluation, user, question)
        improvement.follow_up(action, user, status="done", note="Done.")
    with django_assert_num_queries(3):
        improvement.improvement_plan(evaluation, today=date(2026, 6, 1))


def _improvement_substep(evaluation, today):
    known = journey.facts([evaluation.pk], today=today)[evaluation.pk]
    steps = journey.journey(evaluation, known)
    return next(s for s in steps[-1].substeps if s.url.endswith("/improvement/"))


def test_journey_asks_for_a_kept_action_none_of_them_overdue(world, evaluation):
    user = world.user("enterprise_admin")
    today = date(2026, 6, 1)
    with translation.override("en"):
        substep = _improvement_substep(evaluation, today)
        assert not substep.done and str(substep.missing) == "at least one action"

        action = _add(evaluation, user, status="dropped")
        substep = _improvement_substep(evaluation, today)
        assert not substep.done and str(substep.missing) == "at least one action"

        improvement.follow_up(action, user, status="planned", note="Back on the table.")
        improvement.change(action, user, what=action.what, due_on=date(2026, 5, 1))
        substep = _improvement_substep(evaluation, today)
        assert not substep.done and str(substep.missing) == "1 overdue action"
        assert substep.summary == "1 action: 1 overdue"

        improvement.follow_up(action, user, status="done")
        substep = _improvement_substep(evaluation, today)
        assert substep.done and substep.summary == "1 action: 1 done"


def test_journey_facts_take_as_many_queries_for_three_evaluations_as_for_one(
    world, evaluation, django_assert_num_queries
):
    user = world.user("enterprise_admin")
    _add(evaluation, user, due_on=date(2026, 1, 1))
    # The counts and the parts: without plan rows, the plan's two queries are not made.
    with django_assert_num_queries(2):
        journey.facts([evaluation.pk])
    others = [make_evaluation(world.enterprise, f"Impact {n}") for n in range(2)]
    for other in others:
        _add(other, user, status="done")
    with django_assert_num_queries(2):
        known = journey.facts([evaluation.pk] + [o.pk for o in others], today=date(2026, 6, 1))
    assert known[evaluation.pk].actions.overdue == 1
    assert [known[o.pk].actions.done for o in others] == [1, 1]


def test_journey_facts_read_the_day_and_evaluations_asked_each_time(world, evaluation):
    """The counts query's SQL is built once and reused: what it is asked must still count."""
    user = world.user("enterprise_admin")
    _add(evaluation, user, due_on=date(2026, 3, 1))
    other = make_evaluation(world.enterprise, "Impact 2027")
    _add(other, user, status="done")
    _add(other, user, status="done")

    def overdue_and_done(ids, today):
        known = journey.facts(ids, today=today)
        return {pk: (known[pk].actions.overdue, known[pk].actions.done) for pk in known}

    before, after = date(2026, 2, 1), date(2026, 4, 1)
    assert overdue_and_done([evaluation.pk], before) == {evaluation.pk: (0, 0)}
    assert overdue_and_done([evaluation.pk], after) == {evaluation.pk: (1, 0)}
    assert overdue_and_done([other.pk], after) == {other.pk: (0, 2)}
    assert overdue_and_done([other.pk, evaluation.pk], before) == {
        evaluation.pk: (0, 0),
        other.pk: (0, 2),
    }


def test_journey_screen_shows_where_the_plan_stands(team, world, evaluation):
    user = world.user("enterprise_admin")
    today = timezone.localdate()
    _add(evaluation, user, status="done")
    _add(evaluation, user, status="under_way", due_on=today + timedelta(days=30))
    _add(evaluation, user, due_on=today - timedelta(days=1))
    page = team.get(reverse("evaluation_detail", args=[evaluation.pk]), **EN)
    assert "Improvement plan" in page.text
    assert "3 actions: 1 done, 1 under way, 1 overdue" in page.text
    assert "missing 1 overdue action" in page.text


def test_coach_reads_the_plan_but_cannot_write(client, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"), evaluation.questions.first())
    client.force_login(world.user("coach"))
    plan = client.get(reverse("evaluation_improvement", args=[evaluation.pk]), **EN)
    assert plan.status_code == 200 and "An action" in plan.text
    assert "Add an action" not in plan.text
    detail = client.get(reverse("evaluation_action_detail", args=[evaluation.pk, action.pk]), **EN)
    assert detail.status_code == 200
    assert "Where does it stand?" not in detail.text and "Edit the action" not in detail.text

    writes = [
        ("evaluation_action_add", [evaluation.pk], _data()),
        ("evaluation_action_edit", [evaluation.pk, action.pk], _data(what="Changed")),
        ("evaluation_action_follow_up", [evaluation.pk, action.pk], {"status": "done"}),
        ("evaluation_action_remove", [evaluation.pk, action.pk], {}),
    ]
    for name, args, data in writes:
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    action.refresh_from_db()
    assert (action.what, action.status) == ("An action", "planned")
    assert ImprovementAction.objects.count() == 1 and ActionUpdate.objects.count() == 1


def test_another_enterprise_s_action_is_not_found(team, world, evaluation):
    theirs = make_evaluation(world.other_enterprise)
    action = _add(theirs, None, what="Their action")
    # Asked through one's own evaluation, another enterprise's action does not exist.
    for name, method in [
        ("evaluation_action_detail", "get"),
        ("evaluation_action_edit", "get"),
        ("evaluation_action_edit", "post"),
        ("evaluation_action_follow_up", "post"),
        ("evaluation_action_remove", "post"),
    ]:
        url = reverse(name, args=[evaluation.pk, action.pk])
        response = getattr(team, method)(url, _data() if method == "post" else None)
        assert response.status_code == 404, name
    assert ImprovementAction.objects.get() == action and action.updates.count() == 1


def test_bad_values_are_named_and_nothing_is_stored(team, evaluation):
    add = reverse("evaluation_action_add", args=[evaluation.pk])
    response = team.post(add, _data(what="   ", due_on="31/31/2027"), **EN)
    assert response.status_code == 200
    assert "Say what the action is." in response.text
    assert "This is not a date: write it like 06/30/2027." in response.text
    other = team.post(add, _data(question=None, status="finished"), **EN)
    assert "Select a valid choice." in other.text
    assert not ImprovementAction.objects.exists()
    assert not Change.objects.exists()


def test_a_stale_edit_is_shown_what_changed_and_saves_nothing(client, team, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"), who="Nadia")
    edit = reverse("evaluation_action_edit", args=[evaluation.pk, action.pk])
    seen = team.get(edit).context["form"]["seen"].value()
    # Meanwhile the enterprise admin notes progress.
    improvement.follow_up(action, world.user("enterprise_admin"), status="under_way", note="Go.")

    response = team.post(edit, _data(who="Julien", seen=seen), **EN)
    assert response.status_code == 200
    assert "Enterprise Admin saved this page at" in response.text
    action.refresh_from_db()
    assert (action.who, action.status) == ("Nadia", "under_way")
    # Having seen it, the editor's next save goes through.
    seen = response.context["form"]["seen"].value()
    team.post(edit, _data(who="Julien", status="under_way", seen=seen))
    action.refresh_from_db()
    assert action.who == "Julien"


def test_an_action_removed_meanwhile_is_refused_clearly(team, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"), evaluation.questions.first())
    action_id = action.pk
    edit = reverse("evaluation_action_edit", args=[evaluation.pk, action_id])
    seen = team.get(edit).context["form"]["seen"].value()
    improvement.remove(action, world.user("enterprise_admin"))

    response = team.post(edit, _data(what="My better wording", seen=seen), **EN)
    assert response.status_code == 410
    assert "Enterprise Admin removed this action from the improvement plan" in response.text
    assert "Nothing of yours was saved." in response.text
    assert "My better wording" in response.text  # what was typed is not lost
    follow_up = reverse("evaluation_action_follow_up", args=[evaluation.pk, action_id])
    response = team.post(follow_up, {"status": "done", "note": "All done."}, **EN)
    assert response.status_code == 410 and "All done." in response.text
    remove = reverse("evaluation_action_remove", args=[evaluation.pk, action_id])
    assert team.post(remove, **EN).status_code == 410
    assert not ImprovementAction.objects.exists() and not ActionUpdate.objects.exists()
    assert Change.objects.filter(part="improvement").count() == 2  # added, removed


def test_team_removes_an_action_and_the_history_keeps_it(team, world, evaluation):
    action = _add(evaluation, world.user("enterprise_admin"), what="To remove")
    response = team.post(reverse("evaluation_action_remove", args=[evaluation.pk, action.pk]))
    assert response.url == reverse("evaluation_improvement", args=[evaluation.pk])
    assert not ImprovementAction.objects.exists()
    removal = Change.objects.filter(part="improvement").first()
    assert removal.after is None and removal.before["what"] == "To remove"


def test_removing_a_question_leaves_its_actions_to_the_whole_evaluation(team, world, evaluation):
    question = evaluation.questions.first()
    action = _add(evaluation, world.user("enterprise_admin"), question)
    team.post(reverse("evaluation_question_remove", args=[evaluation.pk, question.pk]))
    action.refresh_from_db()
    assert action.question is None
    plan = improvement.improvement_plan(evaluation)
    assert [entry["action"] for entry in plan["whole"]] == [action]
