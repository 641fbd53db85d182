from django.urls import reverse

from tests.conftest import make_evaluation, make_framework_version
from vises.evaluations.models import Change, Evaluation, JourneyStep
from vises.frameworks import store

PERIOD = {"title": "Notre impact 2026", "period_start": "2026-01-01", "period_end": "2026-12-31"}


def start(client, world, **data):
    client.force_login(world.user("enterprise_admin"))
    return client.post(
        reverse("evaluation_create", args=[world.enterprise.pk]),
        {**PERIOD, **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_new_evaluation_pins_the_default_framework_and_opens_the_journey(client, world):
    default = store.load_default()
    response = start(client, world)
    evaluation = Evaluation.objects.get()
    assert response.headers["Location"] == reverse("evaluation_detail", args=[evaluation.pk])
    assert evaluation.framework_version == default
    assert list(evaluation.team.all()) == [world.user("enterprise_admin")]
    journey = client.get(response.headers["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert journey.context["progress"] == 0  # nothing is done on a new evaluation
    assert journey.context["next_action"].url == reverse(
        "evaluation_preliminary", args=[evaluation.pk]
    )


def test_network_framework_is_pinned_and_later_versions_do_not_move_it(client, world):
    store.load_default()
    own = make_framework_version("nord", network=world.network)
    start(client, world)
    evaluation = Evaluation.objects.get()
    assert evaluation.framework_version == own
    make_framework_version("nord", network=world.network, version=2)
    evaluation.refresh_from_db()
    assert evaluation.framework_version == own


def test_without_any_framework_the_start_is_refused_clearly(client, world):
    response = start(client, world)
    assert response.status_code == 200
    assert "No reference framework is loaded yet" in response.text
    assert not Evaluation.objects.exists()


def test_period_must_end_after_it_starts(client, world):
    store.load_default()
    response = start(client, world, period_end="2025-06-30")
    assert "The period ends before it starts." in response.text


def preliminary(client, evaluation, revision=0, **data):
    return client.post(
        reverse("evaluation_preliminary", args=[evaluation.pk]),
        {"revision": revision, "motivations": ["improve_practice"], **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_progress_follows_the_content(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the report's files
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    detail = reverse("evaluation_detail", args=[evaluation.pk])

    def at(percent, next_url=None):
        page = client.get(detail)
        assert page.context["progress"] == percent
        if next_url:
            assert page.context["next_action"].url == next_url
        return page

    # Fourteen sub-steps: the preliminary step, five in step 1, two in step 2, and in
    # step 3 the findings, the improvement plan and four of valorisation (a report, its
    # document, its infographic, its publication).
    at(0, reverse("evaluation_preliminary", args=[evaluation.pk]))
    preliminary(client, evaluation, team=[world.user("enterprise_member").pk])
    at(7)  # 1 of 14

    portrait = reverse("evaluation_portrait", args=[evaluation.pk])
    client.post(portrait, {"revision": 0, "mission": ""})
    at(7)  # a saved but empty mission
    client.post(portrait, {"revision": 0, "mission": "Remettre des personnes au travail."})
    at(14)

    client.post(reverse("evaluation_question_choose", args=[evaluation.pk, "confidence"]))
    at(21)
    client.post(
        reverse("evaluation_stakeholder_add", args=[evaluation.pk]),
        {
            "type_code": "trainee",
            "name": "Stagiaires",
            "importance": 5,
            "influence": 2,
            "involvement": "co_construct",
        },
    )
    at(29)
    question = evaluation.questions.get()
    client.post(
        reverse("evaluation_plan_row_add", args=[evaluation.pk, question.pk]),
        {"methods": ["indicators"]},
    )
    # The plan is done; it plans no survey, no indicator to type values for and no
    # interview to transcribe (tests/qualitative follow that sub-step). Reading
    # the framework is left in step 1: only the team can say it did.
    at(50, reverse("framework_glossary", args=[evaluation.framework_version_id]))
    client.post(reverse("evaluation_framework_read", args=[evaluation.pk]))
    at(57, reverse("evaluation_questions", args=[evaluation.pk]))
    client.post(
        reverse("evaluation_interpretation", args=[evaluation.pk, question.pk]),
        {"agreed": "Les stagiaires reprennent confiance.", "lessons": ""},
    )
    at(64, reverse("evaluation_improvement", args=[evaluation.pk]))
    client.post(
        reverse("evaluation_action_add", args=[evaluation.pk]),
        {
            "question": question.pk,
            "what": "Un point mensuel avec les stagiaires.",
            "status": "planned",
        },
    )
    # Valorisation is what remains: the next step is the reports.
    at(71, reverse("evaluation_reports", args=[evaluation.pk]))
    client.post(
        reverse("evaluation_report_create", args=[evaluation.pk]),
        {"audience": "funders", "language": "fr", "title": "Notre impact", "colour": "#0072B2"},
    )
    report = evaluation.reports.get()
    report_page = reverse("evaluation_report_detail", args=[evaluation.pk, report.pk])
    at(79, f"{report_page}#renditions")
    render = reverse("evaluation_report_render", args=[evaluation.pk, report.pk])
    client.post(render, {"format": "docx"})
    at(86, f"{report_page}#renditions")
    client.post(render, {"format": "svg"})
    at(93, f"{report_page}#publication")
    client.post(
        reverse("evaluation_report_publish", args=[evaluation.pk, report.pk]), {"publish": "1"}
    )
    page = at(100)
    assert page.context["next_action"] is None
    assert page.context["current_step"] == JourneyStep.ANALYSIS

    # An indicator to count reopens data collection until it has a value.
    row = evaluation.plan_rows.get()
    client.post(
        reverse("evaluation_plan_indicator_add", args=[evaluation.pk, row.pk]),
        {"indicator-code": "people_supported", "indicator-direction": "higher_is_better"},
    )
    page = at(93, reverse("evaluation_indicators", args=[evaluation.pk]))
    assert page.context["current_step"] == JourneyStep.DATA_COLLECTION
    indicator = row.indicators.get()
    client.post(
        reverse("evaluation_indicator_value_add", args=[evaluation.pk, indicator.pk]),
        {"period": "2026", "number": "18"},
    )
    at(100)


def test_a_second_save_from_an_old_page_is_told_and_keeps_the_first(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    preliminary(client, evaluation, motivation_text="First version")
    client.force_login(world.user("enterprise_member"))
    response = preliminary(client, evaluation, revision=0, motivation_text="Second version")
    assert response.status_code == 200
    assert "after you opened it" in response.text
    assert "First version" in response.text  # shown both: what is saved...
    assert "Second version" in response.text  # ...and what they typed
    part = evaluation.parts.get(name="preliminary")
    assert part.content["motivation_text"] == "First version"


def test_every_change_is_kept_with_who_and_before_after(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    portrait = reverse("evaluation_portrait", args=[evaluation.pk])
    client.post(portrait, {"revision": 0, "mission": "Former"})
    client.post(portrait, {"revision": 1, "mission": "Remettre des personnes au travail."})
    latest = Change.objects.filter(evaluation=evaluation).first()
    assert latest.user == world.user("enterprise_admin")
    assert (latest.before, latest.after) == (
        {"mission": "Former"},
        {"mission": "Remettre des personnes au travail."},
    )
    client.force_login(world.user("coach"))
    history = client.get(reverse("evaluation_history", args=[evaluation.pk]))
    assert "Former" in history.text


def test_coach_reads_the_portrait_but_cannot_change_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("evaluation_portrait", args=[evaluation.pk]), {"revision": 0, "mission": "Réparer"}
    )
    client.force_login(world.user("coach"))
    summary = client.get(reverse("evaluation_portrait_summary", args=[evaluation.pk]))
    assert "Réparer" in summary.text
    assert "Edit the portrait" not in summary.text
    response = client.post(
        reverse("evaluation_portrait", args=[evaluation.pk]), {"revision": 1, "mission": "X"}
    )
    assert response.status_code == 403


def test_coach_following_the_journeys_portrait_link_reads_it_without_a_form(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("evaluation_portrait", args=[evaluation.pk]), {"revision": 0, "mission": "Réparer"}
    )
    client.force_login(world.user("coach"))
    journey = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    portrait = reverse("evaluation_portrait", args=[evaluation.pk])
    assert portrait in journey.text

    page = client.get(portrait, follow=True)

    assert page.status_code == 200
    assert "Réparer" in page.text
    assert 'name="mission"' not in page.text and 'name="revision"' not in page.text


def test_coach_reads_the_preliminary_step_and_may_comment_but_not_change_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    url = reverse("evaluation_preliminary", args=[evaluation.pk])
    client.force_login(world.user("enterprise_admin"))
    client.post(
        url,
        {
            "revision": 0,
            "motivation_text": "Montrer ce que deviennent nos stagiaires",
            "team": [world.user("enterprise_member").pk],
        },
    )
    client.force_login(world.user("coach"))
    assert url in client.get(reverse("evaluation_detail", args=[evaluation.pk])).text

    page = client.get(url)

    assert page.status_code == 200
    assert "Montrer ce que deviennent nos stagiaires" in page.text
    assert str(world.user("enterprise_member")) in page.text
    assert 'name="motivation_text"' not in page.text and 'name="revision"' not in page.text
    assert reverse("evaluation_comments", args=[evaluation.pk, "preliminary"]) in page.text
    response = client.post(url, {"revision": 1, "motivation_text": "Autre chose"})
    assert response.status_code == 403
    assert evaluation.parts.get(name="preliminary").content["motivation_text"].startswith("Montrer")


def test_new_evaluation_from_a_previous_one_copies_portrait_not_history(client, world):
    store.load_default()
    first = make_evaluation(world.enterprise, title="2025")
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("evaluation_portrait", args=[first.pk]), {"revision": 0, "mission": "Réparer"}
    )
    start(client, world, based_on=first.pk)
    second = Evaluation.objects.exclude(pk=first.pk).get()
    assert second.parts.get(name="portrait").content == {"mission": "Réparer"}
    assert not second.changes.exists()


def test_wrong_values_in_the_portrait_are_named(client, world):
    evaluation = make_evaluation(world.enterprise)
    store.load_default()
    default_evaluation = make_evaluation(world.enterprise, title="Default")
    default_evaluation.framework_version = store.get_version("vises-default")
    default_evaluation.save()
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_portrait", args=[default_evaluation.pk]),
        {"revision": 0, "people_served_per_year": "many"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["people_served_per_year"]
    assert not default_evaluation.parts.exists()
    assert evaluation.parts.count() == 0


def test_history_and_conflicts_speak_labels_not_codes(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    preliminary(client, evaluation, motivation_text="First version")
    history = client.get(
        reverse("evaluation_history", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Why do you evaluate?" in history.text and "Improve our practice" in history.text
    assert "improve_practice" not in history.text
    conflict = preliminary(client, evaluation, revision=0, motivation_text="Other")
    assert "<dt>In your own words</dt><dd>First version</dd>" in conflict.text


def test_the_portrait_is_saved_as_the_team_types(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    autosave = reverse("evaluation_portrait_autosave", args=[evaluation.pk])
    first = client.post(autosave, {"revision": 0, "mission": "Rem"}, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    assert 'name="revision" value="1"' in first.text and "hx-swap-oob" in first.text
    client.post(autosave, {"revision": 1, "mission": "Remettre des personnes au travail."})
    part = evaluation.parts.get(name="portrait")
    assert (part.revision, part.content["mission"]) == (2, "Remettre des personnes au travail.")
    # One change for the typing session, from nothing to the last words.
    change = evaluation.changes.get()
    assert (change.before, change.after) == (None, part.content)

    # Pressing Save afterwards with the same text adds nothing.
    client.post(
        reverse("evaluation_portrait", args=[evaluation.pk]),
        {"revision": 2, "mission": "Remettre des personnes au travail."},
    )
    assert evaluation.changes.count() == 1


def test_autosave_never_overwrites_someone_elses_save(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    autosave = reverse("evaluation_portrait_autosave", args=[evaluation.pk])
    client.post(autosave, {"revision": 0, "mission": "Version d'Amina"})
    client.force_login(world.user("enterprise_member"))
    stale = client.post(
        autosave, {"revision": 0, "mission": "Version de Luc"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "press Save to compare both versions" in stale.text
    assert 'name="revision"' not in stale.text
    assert evaluation.parts.get(name="portrait").content["mission"] == "Version d'Amina"
    # Another person's typing is its own change in the history.
    assert evaluation.changes.count() == 1


def test_autosave_of_an_invalid_value_stores_nothing_and_says_so(client, world):
    store.load_default()
    evaluation = make_evaluation(world.enterprise)
    evaluation.framework_version = store.get_version("vises-default")
    evaluation.save()
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_portrait_autosave", args=[evaluation.pk]),
        {"revision": 0, "people_served_per_year": "beaucoup"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Not saved yet: a value is not valid" in response.text
    assert not evaluation.parts.exists()


def test_after_seeing_a_conflict_the_next_save_goes_through(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    preliminary(client, evaluation, motivation_text="First version")
    conflict = preliminary(client, evaluation, revision=0, motivation_text="Merged version")
    assert 'name="revision" value="1"' in conflict.text
    preliminary(client, evaluation, revision=1, motivation_text="Merged version")
    part = evaluation.parts.get(name="preliminary")
    assert part.content["motivation_text"] == "Merged version"


def test_a_save_racing_its_own_pages_autosave_is_no_conflict(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    autosave = reverse("evaluation_portrait_autosave", args=[evaluation.pk])
    portrait = reverse("evaluation_portrait", args=[evaluation.pk])
    # The page's autosave reached the server, but the page has not heard back yet.
    client.post(autosave, {"revision": 0, "editor": "page-a", "mission": "Répar"})
    response = client.post(portrait, {"revision": 0, "editor": "page-a", "mission": "Réparer"})
    assert response.status_code == 302
    assert evaluation.parts.get(name="portrait").content["mission"] == "Réparer"
    # Another open page with the same old revision is still told.
    other = client.post(portrait, {"revision": 0, "editor": "page-b", "mission": "Autre"})
    assert other.status_code == 200 and other.context["conflict"]
