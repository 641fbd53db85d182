from collections import Counter

from django.core.management import call_command
from django.urls import reverse

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    NetworkMembership,
    User,
)
from vises.evaluations import journey, plan
from vises.evaluations.models import (
    AccompanimentSession,
    Change,
    Comment,
    Evaluation,
    EvaluativeQuestion,
    JourneyStep,
    Part,
    PlanIndicator,
    PlanRow,
    Stakeholder,
    StepFeedback,
)


def run_demo(capsys) -> list[list[str]]:
    call_command("demo")
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in [
            User,
            Enterprise,
            EnterpriseMembership,
            NetworkMembership,
            CoachAssignment,
            Evaluation,
            Part,
            Change,
            Stakeholder,
            EvaluativeQuestion,
            PlanRow,
            PlanIndicator,
            Comment,
            AccompanimentSession,
            StepFeedback,
        ]
    }


def test_demo_prints_every_login_once_as_four_tab_separated_fields(db, capsys):
    logins = run_demo(capsys)
    assert all(len(fields) == 4 for fields in logins)
    emails = [email for _role, _organisation, email, _password in logins]
    assert len(emails) == len(set(emails)) == User.objects.count()
    roles = Counter(role for role, *_ in logins)
    assert roles["network_admin"] >= 1
    assert roles["coach"] == 2
    assert roles["researcher"] == 1
    assert roles["enterprise_admin"] == roles["enterprise_member"] == 6


def test_demo_twice_changes_nothing(db, capsys):
    first = run_demo(capsys)
    sizes = table_sizes()
    passwords = dict(User.objects.values_list("email", "password"))
    assert run_demo(capsys) == first
    assert table_sizes() == sizes
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_demo_is_cross_border_with_two_enterprises_per_group(db, capsys):
    run_demo(capsys)
    enterprises = Enterprise.objects.all()
    assert Counter(e.group for e in enterprises) == {
        "integration": 2,
        "collective_service": 2,
        "sse_other": 2,
    }
    assert {e.region for e in enterprises} == {"FR-HDF", "BE-WAL", "BE-BRU", "BE-VLG"}
    for enterprise in enterprises:
        enterprise.full_clean()  # the demo obeys the same rules as the forms


def test_every_printed_login_signs_in(client, db, capsys):
    for _role, _organisation, email, password in run_demo(capsys):
        response = client.post(reverse("login"), {"username": email, "password": password})
        assert response.headers.get("Location") == reverse("home"), email
        client.logout()


def test_demo_gives_every_enterprise_an_evaluation_each_at_its_own_point(db, capsys):
    run_demo(capsys)
    assert not Enterprise.objects.filter(evaluations=None).exists()
    overviews = journey.overview(Evaluation.objects.all())
    points = {(o.current_step, o.progress) for o in overviews}
    assert len(points) >= 4
    assert {step for step, _progress in points} >= {
        JourneyStep.PRELIMINARY,
        JourneyStep.STATE_OF_PLAY,
        JourneyStep.DATA_COLLECTION,
    }


def test_demo_continues_last_year_s_evaluation(db, capsys):
    run_demo(capsys)
    continued = Evaluation.objects.get(based_on__isnull=False)
    assert continued.enterprise == continued.based_on.enterprise
    assert continued.period_start.year == continued.based_on.period_start.year + 1
    done = [o for o in journey.overview([continued, continued.based_on]) if o.progress == 100]
    assert len(done) == 2
    # What changed since is in the history: new figures in the portrait, a new question.
    parts_changed = set(continued.changes.values_list("part", flat=True))
    assert {"portrait", "evaluative_questions", "plan", "plan_indicators"} <= parts_changed


def test_demo_plans_follow_framework_and_own_indicators(db, capsys):
    run_demo(capsys)
    assert PlanRow.objects.count() >= 3
    assert not PlanRow.objects.filter(indicators=None).exists()
    for row in PlanRow.objects.select_related("evaluation__enterprise"):
        suited = plan.framework_indicators(row.evaluation)
        assert all(i.code in suited for i in row.indicators.exclude(code=""))
        assert row.stakeholders.exists() and row.methods and row.responsible
    own = PlanIndicator.objects.filter(code="")
    assert own.exists()
    assert not own.filter(name="").exists()
    assert PlanIndicator.objects.filter(baseline__isnull=False, target__isnull=False).exists()


def test_demo_questions_are_in_the_language_of_the_team_that_chose_them(db, capsys):
    run_demo(capsys)
    for question in EvaluativeQuestion.objects.exclude(library_code="").select_related(
        "evaluation__enterprise", "evaluation__framework_version"
    ):
        library = question.evaluation.framework_version.document["evaluative_questions"]
        texts = next(q["text"] for q in library if q["code"] == question.library_code)
        admin = question.evaluation.enterprise.memberships.get(role="enterprise_admin").user
        assert question.text == texts[admin.preferred_language]
    assert EvaluativeQuestion.objects.filter(library_code="").exists()


def test_demo_shows_the_accompaniment(db, capsys):
    run_demo(capsys)
    for enterprise in Enterprise.objects.all():
        assert AccompanimentSession.objects.filter(evaluation__enterprise=enterprise).exists()
    assert Comment.objects.values("evaluation__enterprise").distinct().count() >= 3
    assert StepFeedback.objects.exists()
    by_coach = by_team = 0
    for comment in Comment.objects.select_related("evaluation"):
        enterprise_id = comment.evaluation.enterprise_id
        if CoachAssignment.objects.filter(coach=comment.author, enterprise=enterprise_id).exists():
            by_coach += 1
        else:
            assert comment.author.enterprise_memberships.filter(enterprise=enterprise_id).exists()
            by_team += 1
    assert by_coach and by_team
    for session in AccompanimentSession.objects.select_related("evaluation"):
        assert CoachAssignment.objects.filter(
            coach=session.coach, enterprise=session.evaluation.enterprise_id
        ).exists()
    # Dated as they happened, around the evaluation's period, not when the demo was loaded.
    for evaluation in Evaluation.objects.all():
        moments = [
            *evaluation.changes.values_list("at", flat=True),
            *evaluation.comments.values_list("created_at", flat=True),
            *evaluation.feedback.values_list("given_at", flat=True),
        ]
        assert all(abs(m.date() - evaluation.period_start).days < 365 for m in moments)


PAGES = [
    "evaluation_detail",
    "evaluation_plan",
    "evaluation_portrait_summary",
    "evaluation_history",
]


def test_every_demo_evaluation_shows_to_its_enterprise_admin_and_its_coach(client, db, capsys):
    run_demo(capsys)
    for evaluation in Evaluation.objects.all():
        admin = evaluation.enterprise.memberships.get(role="enterprise_admin").user
        coach = evaluation.enterprise.coach_assignments.get().coach
        for user in (admin, coach):
            client.force_login(user)
            for page in PAGES:
                response = client.get(reverse(page, args=[evaluation.pk]))
                assert response.status_code == 200, (evaluation.title, user.email, page)
