import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_enterprise, make_evaluation, make_user
from vises.accounts.models import CoachAssignment, NetworkMembership
from vises.evaluations import accompaniment
from vises.evaluations.journey import Step, Substep
from vises.evaluations.models import (
    AccompanimentSession,
    Change,
    Comment,
    JourneyStep,
    StepFeedback,
)


def comments_url(evaluation, section="portrait"):
    return reverse("evaluation_comments", args=[evaluation.pk, section])


def comment(client, evaluation, text, section="portrait", **extra):
    return client.post(comments_url(evaluation, section), {"comment-text": text, **extra})


# Comment threads ------------------------------------------------------------------------


def test_team_and_coach_write_in_one_thread_read_oldest_first(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    comment(client, evaluation, "Nous avons rempli les activités.")
    client.force_login(world.user("coach"))
    response = comment(client, evaluation, "Précisez les publics accueillis.")
    assert response.status_code == 302

    page = client.get(comments_url(evaluation))
    shown = [(c.text, c.author, c.by_team, c.by_coach) for c in page.context["comments"]]
    assert shown == [
        ("Nous avons rempli les activités.", world.user("enterprise_member"), True, False),
        ("Précisez les publics accueillis.", world.user("coach"), False, True),
    ]
    text = page.text
    assert text.index("Nous avons rempli") < text.index("Précisez les publics")
    assert "Enterprise Member" in text and "Coach" in text


def test_a_comment_belongs_to_its_part_only(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    comment(client, evaluation, "Sur le portrait", section="portrait")
    comment(client, evaluation, "Sur les questions", section="questions")
    assert [c.text for c in accompaniment.thread(evaluation, "questions")] == ["Sur les questions"]
    counts = accompaniment.comment_counts(evaluation)
    assert counts == {**dict.fromkeys(Comment.Section.values, 0), "portrait": 1, "questions": 1}


def test_empty_or_over_long_comment_is_refused_in_the_readers_language(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    empty = comment(client, evaluation, "   ", HTTP_ACCEPT_LANGUAGE="fr")
    assert empty.status_code == 200
    assert "Ce champ est obligatoire." in empty.text
    too_long = comment(client, evaluation, "x" * 5001, HTTP_ACCEPT_LANGUAGE="fr")
    assert too_long.status_code == 200
    assert "5000" in too_long.context["comment_form"].errors["text"][0]
    assert not Comment.objects.exists()


def test_unknown_part_is_not_found(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    assert client.get(comments_url(evaluation, "budget")).status_code == 404
    assert comment(client, evaluation, "Bonjour", section="budget").status_code == 404


def test_coach_of_another_enterprise_cannot_read_or_post(client, world):
    evaluation = make_evaluation(world.enterprise)
    outsider_coach = make_user("coach-2@example.org")
    NetworkMembership.objects.create(user=outsider_coach, network=world.network, role="coach")
    CoachAssignment.objects.create(coach=outsider_coach, enterprise=world.sibling)
    client.force_login(outsider_coach)
    assert client.get(comments_url(evaluation)).status_code == 404
    assert comment(client, evaluation, "Intrus").status_code == 404
    assert not Comment.objects.exists()


def test_posting_from_a_part_page_returns_to_it_at_the_thread(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    stakeholders = reverse("evaluation_stakeholders", args=[evaluation.pk])
    response = comment(client, evaluation, "Vu", section="stakeholders", next=stakeholders)
    assert response.headers["Location"] == stakeholders + "#comments"
    elsewhere = comment(client, evaluation, "Vu", section="stakeholders", next="https://evil.test/")
    assert elsewhere.headers["Location"] == comments_url(evaluation, "stakeholders") + "#comments"


def test_thread_and_counts_take_one_query_each(world, django_assert_num_queries):
    evaluation = make_evaluation(world.enterprise)
    for person in [world.user("coach"), world.user("enterprise_admin"), None]:
        Comment.objects.create(evaluation=evaluation, section="plan", author=person, text="…")
    with django_assert_num_queries(1):
        names = [str(c.author) for c in accompaniment.thread(evaluation, "plan")]
    assert names == ["Coach", "Enterprise Admin", "None"]
    with django_assert_num_queries(1):
        assert accompaniment.comment_counts(evaluation)["plan"] == 3


def test_comments_sessions_and_feedback_are_not_content_changes(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    comment(client, evaluation, "Une remarque")
    client.post(
        reverse("evaluation_feedback", args=[evaluation.pk, 0]), {"usefulness": 4, "difficulty": 2}
    )
    client.force_login(world.user("coach"))
    log(client, evaluation)
    assert Comment.objects.count() == 1
    assert AccompanimentSession.objects.count() == StepFeedback.objects.count() == 1
    assert not Change.objects.exists()


# Sessions -------------------------------------------------------------------------------

SESSION = {
    "duration_minutes": 90,
    "step": 1,
    "topics": "Choix de la question évaluative",
    "notes": "Relire la bibliothèque de questions.",
}


def log(client, evaluation, **data):
    fields = {**SESSION, "date": timezone.localdate().isoformat(), **data}
    return client.post(reverse("evaluation_session_add", args=[evaluation.pk]), fields)


def test_coach_logs_a_session_the_team_reads_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("coach"))
    response = log(client, evaluation)
    assert response.headers["Location"] == reverse("evaluation_sessions", args=[evaluation.pk])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log(client, evaluation, date=yesterday, duration_minutes=30, step=0, topics="Lancement")
    session = AccompanimentSession.objects.get(topics=SESSION["topics"])
    assert (session.coach, session.step, session.duration_minutes) == (world.user("coach"), 1, 90)

    client.force_login(world.user("enterprise_member"))
    page = client.get(reverse("evaluation_sessions", args=[evaluation.pk]))
    # Latest first.
    assert [s.topics for s in page.context["sessions"]] == [SESSION["topics"], "Lancement"]
    assert page.context["total_hours"] == 2
    assert "Relire la bibliothèque de questions." in page.text
    assert reverse("evaluation_session_add", args=[evaluation.pk]) not in page.text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2099-01-01"}, "date"),
        ({"duration_minutes": 3}, "duration_minutes"),
        ({"duration_minutes": 721}, "duration_minutes"),
        ({"topics": ""}, "topics"),
        ({"step": 9}, "step"),
    ],
)
def test_bad_session_is_refused_by_field(client, world, change, field):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("coach"))
    response = log(client, evaluation, **change)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert not AccompanimentSession.objects.exists()


def test_a_session_of_today_or_tomorrow_is_accepted_with_the_english_messages(client, world):
    evaluation = make_evaluation(world.enterprise)
    coach = world.user("coach")
    coach.preferred_language = "en"
    coach.save()
    client.force_login(coach)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert log(client, evaluation, date=tomorrow.isoformat()).status_code == 302
    later = (tomorrow + datetime.timedelta(days=1)).isoformat()
    response = log(client, evaluation, date=later)
    assert "this date is in the future" in response.text
    response = log(client, evaluation, duration_minutes=4)
    assert "A session lasts at least 5 minutes." in response.text


def test_team_cannot_log_a_session(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    assert client.get(reverse("evaluation_session_add", args=[evaluation.pk])).status_code == 403
    assert log(client, evaluation).status_code == 403
    assert not AccompanimentSession.objects.exists()


# Feedback -------------------------------------------------------------------------------


def feedback_url(evaluation, step=0):
    return reverse("evaluation_feedback", args=[evaluation.pk, step])


def steps(*done: bool) -> list[Step]:
    return [
        Step(number, "", [Substep("", is_done, url="/")]) for number, is_done in enumerate(done)
    ] + [Step(len(done), "")]


def test_feedback_is_due_on_done_steps_until_given(client, world):
    evaluation = make_evaluation(world.enterprise)

    def due(*done: bool) -> list[JourneyStep]:
        given = set(evaluation.feedback.values_list("step", flat=True))
        return accompaniment.feedback_due(steps(*done), given)

    assert due(False, False) == []
    assert due(True, True) == [JourneyStep.PRELIMINARY, JourneyStep.STATE_OF_PLAY]
    client.force_login(world.user("enterprise_member"))
    client.post(feedback_url(evaluation, 1), {"usefulness": 5, "difficulty": 3})
    assert due(True, True) == [JourneyStep.PRELIMINARY]


def test_team_gives_feedback_and_giving_it_again_updates_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    response = client.post(
        feedback_url(evaluation),
        {"usefulness": 4, "difficulty": 2, "helped": "Les exemples", "missing": ""},
    )
    assert response.headers["Location"] == reverse("evaluation_detail", args=[evaluation.pk])
    client.force_login(world.user("enterprise_admin"))
    form = client.get(feedback_url(evaluation))
    assert form.context["form"].initial["usefulness"] == 4
    client.post(feedback_url(evaluation), {"usefulness": 2, "difficulty": 5, "missing": "Du temps"})
    feedback = StepFeedback.objects.get()
    assert (feedback.usefulness, feedback.difficulty, feedback.missing) == (2, 5, "Du temps")
    assert feedback.given_by == world.user("enterprise_admin")


def test_feedback_scales_are_radio_groups_with_a_legend(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    page = client.get(feedback_url(evaluation), HTTP_ACCEPT_LANGUAGE="en")
    assert page.text.count("<fieldset") == 2
    assert "<legend>How useful was the accompaniment in this step?</legend>" in page.text
    assert page.text.count('type="radio"') == 10


def test_feedback_out_of_the_scale_is_refused(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    response = client.post(feedback_url(evaluation), {"usefulness": 6})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"usefulness", "difficulty"}
    assert not StepFeedback.objects.exists()


def test_coach_cannot_give_feedback_but_reads_it_with_the_sessions(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("coach"))
    assert client.get(feedback_url(evaluation)).status_code == 403
    response = client.post(feedback_url(evaluation), {"usefulness": 5, "difficulty": 1})
    assert response.status_code == 403
    StepFeedback.objects.create(
        evaluation=evaluation, step=0, usefulness=4, difficulty=2, missing="Plus d'exemples"
    )
    page = client.get(reverse("evaluation_sessions", args=[evaluation.pk]))
    assert [f.missing for f in page.context["feedback"]] == ["Plus d'exemples"]
    assert "Plus d&#x27;exemples" in page.text


def test_feedback_on_an_unknown_step_is_not_found(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    assert client.get(feedback_url(evaluation, 7)).status_code == 404


# The coach's dashboard ------------------------------------------------------------------


def test_dashboard_lists_assigned_enterprises_with_or_without_an_evaluation(client, world):
    coach = world.user("coach")
    CoachAssignment.objects.create(coach=coach, enterprise=world.sibling)
    CoachAssignment.objects.create(coach=coach, enterprise=world.applicant)
    make_evaluation(world.enterprise, title="Impact 2025")
    latest = make_evaluation(world.enterprise, title="Impact 2026")
    latest.period_start = datetime.date(2027, 1, 1)
    latest.save()
    latest.stakeholders.create(name="Familles", importance=3, influence=3)
    client.force_login(coach)
    page = client.get(reverse("coach_dashboard"))
    followed = page.context["followed"]
    # Only admitted enterprises, by name; the one without an evaluation is "not started".
    assert [f.enterprise for f in followed] == [world.enterprise, world.sibling]
    assert followed[0].overview.evaluation == latest
    assert followed[0].overview.progress == 7  # the stakeholder map: 1 of 14 sub-steps
    assert followed[1].overview is None
    assert reverse("evaluation_detail", args=[latest.pk]) in page.text
    assert "Buurtwerk" not in page.text


def test_dashboard_last_activity_is_the_latest_comment_change_or_session(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    comment(client, evaluation, "Une question")
    written = Comment.objects.get().created_at
    (followed,) = accompaniment.followed_by(world.user("coach"))
    assert followed.last_activity == written
    client.force_login(world.user("coach"))
    log(client, evaluation)
    (followed,) = accompaniment.followed_by(world.user("coach"))
    assert followed.last_activity == AccompanimentSession.objects.get().created_at


def test_dashboard_is_linked_from_the_navigation_for_coaches_only(client, world):
    client.force_login(world.user("coach"))
    assert reverse("coach_dashboard") in client.get(reverse("home")).text
    client.force_login(world.user("enterprise_admin"))
    assert reverse("coach_dashboard") not in client.get(reverse("home")).text


def follow_enterprises(world, count: int):
    """Make the world's coach follow `count` enterprises, each with an evaluation that has
    content, a change, a comment and a session."""
    coach = world.user("coach")
    for number in range(coach.coach_assignments.count(), count):
        enterprise = make_enterprise(f"Entreprise {number}", world.network)
        CoachAssignment.objects.create(coach=coach, enterprise=enterprise)
    for assignment in coach.coach_assignments.filter(enterprise__evaluations__isnull=True):
        evaluation = make_evaluation(assignment.enterprise)
        evaluation.stakeholders.create(name="Familles", importance=3, influence=3)
        Change.objects.create(evaluation=evaluation, part="stakeholders", after={}, user=coach)
        Comment.objects.create(evaluation=evaluation, section="general", author=coach, text="…")
        AccompanimentSession.objects.create(
            evaluation=evaluation,
            coach=coach,
            date=datetime.date(2026, 3, 2),
            duration_minutes=60,
            step=0,
            topics="…",
        )


def dashboard_queries(client, world) -> tuple[int, int]:
    client.force_login(world.user("coach"))
    # The first page of a session also stores its CSRF token in it: not measured.
    client.get(reverse("coach_dashboard"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("coach_dashboard"))
    assert page.status_code == 200
    return len(queries), len(page.context["followed"])


@pytest.mark.parametrize("count", [2, 6])
def test_dashboard_queries_do_not_grow_with_enterprises(
    client, world, count, django_assert_max_num_queries
):
    follow_enterprises(world, count)
    client.force_login(world.user("coach"))
    client.get(reverse("coach_dashboard"))  # stores the session's CSRF token
    # Thirteen: the session, the user, the two-factor gate (does the coach owe a code?), the
    # menu's two (networks, enterprises followed), the enterprises, their evaluations and
    # the journey's facts of all of them at once (one more the first time a framework
    # version is read in the process).
    with django_assert_max_num_queries(13):
        page = client.get(reverse("coach_dashboard"))
    assert len(page.context["followed"]) == count


def test_dashboard_takes_as_many_queries_for_six_enterprises_as_for_two(client, world):
    follow_enterprises(world, 2)
    two = dashboard_queries(client, world)
    follow_enterprises(world, 6)
    six = dashboard_queries(client, world)
    assert (two[1], six[1]) == (2, 6)
    assert two[0] == six[0]
