from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

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
from vises.surveys import answers, builder
from vises.surveys.models import Invitation, Question, Response, Section, Survey, Wave


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
            Survey,
            Section,
            Question,
            Wave,
            Invitation,
            Response,
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


# Surveys ------------------------------------------------------------------------------

TODAY = date(2026, 11, 28)


def test_demo_surveys_run_in_two_past_waves_with_hundreds_of_responses(db, capsys):
    run_demo(capsys)
    surveys = Survey.objects.filter(waves__responses__isnull=False).distinct()
    large = [s for s in surveys if all(w.responses.count() >= 100 for w in s.waves.all())]
    assert len({s.evaluation.enterprise_id for s in large}) >= 3
    for survey in surveys:
        waves = list(survey.waves.all())
        assert len(waves) == 2, survey
        assert waves[0].opens_on < waves[1].opens_on < TODAY
        for wave in waves:
            days = {r.submitted_at.date() for r in wave.responses.filter(source="online")}
            assert wave.opens_on <= min(days) and max(days) <= min(wave.closes_on, TODAY)
            assert len(days) >= 5  # spread over the wave, not loaded at once
            # Paper sheets are typed in a few days later, at most.
            typed = {r.submitted_at.date() for r in wave.responses.filter(source="paper")}
            assert wave.opens_on <= min(typed) and max(typed) <= wave.closes_on + timedelta(7)
        sources = Counter(survey_response.source for survey_response in _responses(survey))
        assert 0 < sources["paper"] < sources["online"]
        paper = Response.objects.filter(wave__survey=survey, source="paper")
        assert not paper.filter(entered_by=None).exists()
        assert {r.language for r in _responses(survey)} <= set(survey.languages)
    languages = set(Response.objects.values_list("language", flat=True))
    assert languages == {"fr", "nl", "en"}
    assert any(s.waves.first().closes_on < TODAY for s in large)  # a wave over, for analysis
    trilingual = surveys.get(languages=["fr", "nl", "en"])
    assert set(
        Response.objects.filter(wave__survey=trilingual).values_list("language", flat=True)
    ) == {
        "fr",
        "nl",
        "en",
    }


def _responses(survey):
    return Response.objects.filter(wave__survey=survey)


def test_demo_surveys_are_built_as_a_team_would(db, capsys):
    run_demo(capsys)
    surveys = list(Survey.objects.filter(waves__responses__isnull=False).distinct())
    for survey in surveys:
        questions = builder.ordered_questions(survey)
        assert 15 <= len(questions) <= 25, survey
        assert survey.sections.count() == 3
        assert not builder.missing_texts(survey, questions), survey
        assert any(q.bank_code for q in questions) and any(not q.bank_code for q in questions)
        assert all(q.code == q.bank_code for q in questions if q.bank_code)
        assert any(q.condition for q in questions), survey
        assert any(q.allow_other for q in questions), survey
        # Built in the weeks before the first wave, and every step is in the history.
        changes = survey.evaluation.changes.filter(part="surveys")
        first_wave = survey.waves.first().opens_on
        assert changes.count() > len(questions)
        assert all(0 <= (first_wave - c.at.date()).days < 60 for c in changes)
    kinds = {q.kind for s in surveys for q in s.questions.filter(bank_code="")}
    assert kinds == set(Question.Kind.values) - {"scale"}
    self_worth = Question.objects.filter(code__startswith="self_worth_")
    for survey in Survey.objects.filter(stakeholder_type="trainee"):
        tied = self_worth.filter(survey=survey, indicators__code="self_worth_mean")
        assert tied.count() == 6
        assert {i.plan_row.evaluation_id for q in tied for i in q.indicators.all()} == {
            survey.evaluation_id
        }
    assert Question.objects.filter(indicators__isnull=False, bank_code="").exists()


def test_every_demo_response_passes_the_rules_unchanged(db, capsys):
    run_demo(capsys)
    for survey in Survey.objects.all():
        questions = builder.ordered_questions(survey)
        for response in _responses(survey):
            assert answers.clean_response(questions, response.answers) == (response.answers, {})
    # Conditions are followed both ways: hours only for those who work.
    hours = Response.objects.filter(answers__has_key="work_hours")
    assert hours.exists()
    assert all(r.answers["carer_works"] == "yes" for r in hours)
    assert Response.objects.filter(answers__carer_works="yes").count() > hours.count() * 0.9
    assert Response.objects.filter(answers__carer_works="no").exists()


def test_demo_trainees_agree_more_at_exit_than_at_entry(db, capsys):
    run_demo(capsys)
    survey = Survey.objects.get(stakeholder_type="trainee", evaluation__based_on=None)
    entry, exit_ = survey.waves.all()

    def mean(wave, code):
        values = [r.answers[code] for r in wave.responses.all() if code in r.answers]
        assert len(values) < wave.responses.count()  # some leave it blank
        return sum(values) / len(values)

    for code in ["skills_gained", "job_search_ready", "confidence_change", "self_worth_1"]:
        assert mean(exit_, code) > mean(entry, code) + 0.3, code
    assert mean(exit_, "self_worth_6") < mean(entry, "self_worth_6")  # worded the other way
    others = Response.objects.filter(answers__workshop=answers.OTHER)
    assert others.exists() and all(r.answers["workshop.other"] for r in others)


def test_demo_links_the_waves_of_one_respondent_through_invitation_codes(db, capsys):
    run_demo(capsys)
    survey = Survey.objects.get(link_waves=True)
    first, second = survey.waves.all()
    keys = [
        set(wave.responses.exclude(respondent_key="").values_list("respondent_key", flat=True))
        for wave in (first, second)
    ]
    assert len(keys[0] & keys[1]) >= 50
    for wave, wave_keys in zip((first, second), keys, strict=True):
        used = wave.invitations.filter(used_at__isnull=False)
        assert used.count() == len(wave_keys) == wave.responses.filter(source="online").count()
        assert wave.invitations.filter(used_at__isnull=True).exists()
    # The codes of the second wave carry the keys of the first one's.
    first_keys = set(first.invitations.values_list("respondent_key", flat=True))
    assert first_keys < set(second.invitations.values_list("respondent_key", flat=True))
    # Responses hold a pseudonym, not the invitations' key.
    assert not keys[0] & first_keys
    assert not Response.objects.exclude(wave__survey=survey).exclude(respondent_key="").exists()


SURVEY_PAGES = ["survey_detail", "survey_responses"]


def test_demo_survey_pages_show_to_the_enterprise_admin(client, db, capsys):
    try:
        for page in SURVEY_PAGES:
            reverse(page, args=[1, 1])
    except NoReverseMatch:
        pytest.skip("the survey pages are not served yet")
    run_demo(capsys)
    for survey in Survey.objects.select_related("evaluation__enterprise"):
        admin = survey.evaluation.enterprise.memberships.get(role="enterprise_admin").user
        client.force_login(admin)
        for page in SURVEY_PAGES:
            response = client.get(reverse(page, args=[survey.evaluation_id, survey.pk]))
            assert response.status_code == 200, (str(survey), page)
