"""The survey builder as the team and its coach use it: surveys, sections, questions
written or taken from the bank, conditions, languages, waves, and what answers protect."""

import html
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import make_evaluation
from vises.evaluations.models import Change
from vises.surveys import builder
from vises.surveys.models import Question, Response, Survey

YES_NO_TEXT = "[yes] Oui | Yes\n[no] Non | No"


@pytest.fixture
def evaluation(world):
    return make_evaluation(world.enterprise)


@pytest.fixture
def team(client, world):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world.user("enterprise_member"))
    return client


@pytest.fixture
def survey(evaluation, world):
    return builder.create_survey(
        evaluation,
        world.user("enterprise_admin"),
        title={"fr": "Votre parcours", "en": "Your pathway"},
        languages=["fr", "en"],
        stakeholder_type="trainee",
    )


def url(name, survey, *more):
    return reverse(name, args=[survey.evaluation_id, survey.pk, *more])


def question_data(**changes):
    return {
        "code": "",
        "kind": "single_choice",
        "text_fr": "Travaillez-vous ?",
        "text_en": "Do you work?",
        "help_fr": "",
        "help_en": "",
        "options": "Oui | Yes\nNon | No",
        "scale": "",
        **changes,
    }


def add(survey, code, kind="short_text", **fields):
    fields.setdefault("text", {"fr": f"{code} ?", "en": f"{code}?"})
    return builder.add_question(survey.sections.first(), None, code=code, kind=kind, **fields)


def answer(survey, answers):
    wave = survey.waves.first() or survey.waves.create(
        label="entry", opens_on=date(2026, 1, 1), closes_on=date(2026, 6, 30)
    )
    return Response.objects.create(
        wave=wave, answers=answers, language="fr", submission_key=f"k{Response.objects.count()}"
    )


# Surveys -------------------------------------------------------------------------------


def test_team_creates_a_survey_in_the_languages_it_offers(team, evaluation):
    response = team.post(
        reverse("survey_create", args=[evaluation.pk]),
        {
            "title_fr": "Votre avis",
            "title_nl": "",
            "title_en": "Your view",
            "languages": ["fr", "en"],
            "stakeholder_type": "trainee",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response.url == url("survey_detail", survey)
    assert survey.title == {"fr": "Votre avis", "en": "Your view"}
    assert survey.languages == ["fr", "en"] and survey.stakeholder_type == "trainee"
    assert survey.sections.count() == 1
    page = team.get(reverse("survey_list", args=[evaluation.pk]))
    assert "Your view" in page.text and "Person in integration" in page.text
    assert Change.objects.filter(evaluation=evaluation, part="surveys").count() == 1


def test_a_survey_needs_a_language_and_its_title_in_each(team, evaluation):
    page = team.post(
        reverse("survey_create", args=[evaluation.pk]),
        {"title_fr": "Votre avis", "languages": ["fr", "nl"], "stakeholder_type": ""},
    )
    assert page.status_code == 200
    assert "Give the title in each language offered." in page.text
    page = team.post(reverse("survey_create", args=[evaluation.pk]), {"title_fr": "Votre avis"})
    assert "This field is required." in page.text
    assert not Survey.objects.exists()


def test_coach_reads_the_builder_but_changes_nothing(client, world, survey):
    add(survey, "works")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(world.user("coach"))
    page = client.get(url("survey_detail", survey))
    assert page.status_code == 200 and "works" in page.text
    assert "Write a question" not in page.text and "Remove" not in page.text
    assert client.get(url("survey_paper", survey)).status_code == 200
    assert client.get(url("survey_waves", survey)).status_code == 200
    assert client.post(url("survey_settings", survey), {}).status_code == 403
    assert client.post(url("survey_section_add", survey), {}).status_code == 403
    question = survey.questions.get()
    assert client.post(url("survey_question_remove", survey, question.pk)).status_code == 403
    assert client.post(reverse("survey_create", args=[survey.evaluation_id])).status_code == 403
    assert survey.questions.count() == 1


def test_another_enterprise_cannot_see_the_survey(client, world, survey):
    theirs = builder.create_survey(
        make_evaluation(world.other_enterprise),
        None,
        title={"nl": "Uw mening"},
        languages=["nl"],
    )
    client.force_login(world.user("enterprise_admin"))
    assert client.get(url("survey_detail", theirs)).status_code == 404
    assert client.get(url("survey_paper", theirs)).status_code == 404
    assert client.post(url("survey_new_version", theirs)).status_code == 404
    # Nor through one's own evaluation's address.
    mixed = reverse("survey_detail", args=[survey.evaluation_id, theirs.pk])
    assert client.get(mixed).status_code == 404
    assert Survey.objects.count() == 2


def test_settings_change_texts_languages_and_the_public_link(team, survey):
    response = team.post(
        url("survey_settings", survey),
        {
            "title_fr": "Votre parcours",
            "title_nl": "Uw traject",
            "title_en": "Your pathway",
            "intro_fr": "Merci de répondre.",
            "intro_nl": "Bedankt om te antwoorden.",
            "intro_en": "",
            "consent_fr": "",
            "consent_nl": "",
            "consent_en": "",
            "thanks_fr": "Merci !",
            "thanks_nl": "",
            "thanks_en": "",
            "languages": ["nl", "fr"],
            "quota": "50",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.languages == ["fr", "nl"]
    assert survey.title["nl"] == "Uw traject" and survey.intro["nl"] == "Bedankt om te antwoorden."
    assert survey.quota == 50 and not survey.link_waves
    # The Dutch thank-you message is missing now that Dutch is offered.
    assert "Thank-you message" in builder.missing_texts(survey)["nl"]


# Sections and questions ----------------------------------------------------------------


def test_team_writes_a_choice_question_with_stable_option_values(team, survey):
    section = survey.sections.get()
    response = team.post(
        url("survey_question_add", survey, section.pk), question_data(required="on")
    )
    assert response.status_code == 302
    question = survey.questions.get()
    assert question.code == "travaillez_vous"
    assert question.required and question.kind == "single_choice"
    assert question.options == [
        {"value": "oui", "label": {"fr": "Oui", "en": "Yes"}},
        {"value": "non", "label": {"fr": "Non", "en": "No"}},
    ]
    page = team.get(url("survey_question_edit", survey, question.pk))
    assert "[oui] Oui | Yes" in page.text
    # Relabelling keeps the values; a new line gets its own.
    team.post(
        url("survey_question_edit", survey, question.pk),
        question_data(
            code="travaillez_vous",
            options="[oui] Oui, à temps plein | Yes, full time\n[non] Non | No\n"
            "Parfois | Sometimes",
        ),
    )
    question.refresh_from_db()
    assert [o["value"] for o in question.options] == ["oui", "non", "parfois"]
    assert question.options[0]["label"]["en"] == "Yes, full time"


def test_a_question_saying_tu_is_saved_and_the_builder_warns_in_the_teams_language(team, survey):
    section = survey.sections.get()
    saved = team.post(
        url("survey_question_add", survey, section.pk),
        question_data(text_fr="As-tu un emploi ?", text_en="Do you have a job?"),
    )
    assert saved.status_code == 302 and survey.questions.count() == 1
    page = html.unescape(team.get(url("survey_detail", survey)).text)
    assert "One way of addressing respondents" in page
    assert "Question 1 (as_tu_un_emploi) (French): “tu”" in page

    team.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    dutch = html.unescape(team.get(url("survey_detail", survey)).text)
    assert "Eén manier om mensen aan te spreken" in dutch


def test_a_survey_that_says_vous_and_u_throughout_gets_no_address_hint(team, survey):
    add(survey, "job", text={"fr": "Avez-vous un emploi ?", "en": "Do you have a job?"})
    Survey.objects.filter(pk=survey.pk).update(
        languages=["fr", "nl"], intro={"nl": "Hebt u even tijd? Wat denkt u?"}
    )
    survey.refresh_from_db()
    assert builder.other_address_form(survey) == []

    Survey.objects.filter(pk=survey.pk).update(intro={"nl": "Heb je even tijd?"})
    survey.refresh_from_db()
    with translation.override("en"):
        hints = builder.other_address_form(survey)
    assert hints == [{"language": "nl", "what": "Introduction", "word": "je"}]


def test_number_question_keeps_its_limits_and_other_types_drop_options(team, survey):
    section = survey.sections.get()
    team.post(
        url("survey_question_add", survey, section.pk),
        question_data(
            code="hours",
            kind="number",
            minimum="0",
            maximum="60",
            integer_only="on",
            options="ignored | ignored",
        ),
    )
    question = survey.questions.get(code="hours")
    assert (question.minimum, question.maximum, question.integer_only) == (0, 60, True)
    assert question.options == []
    page = team.post(
        url("survey_question_add", survey, section.pk),
        question_data(code="bad", kind="number", minimum="10", maximum="5"),
    )
    assert "The maximum is below the minimum." in page.text


def test_codes_are_unique_in_a_survey(team, survey):
    section = survey.sections.get()
    add(survey, "works")
    page = team.post(url("survey_question_add", survey, section.pk), question_data(code="works"))
    assert "Another question of this survey has the code “works”." in page.text
    page = team.post(url("survey_question_add", survey, section.pk), question_data(code="Works!"))
    assert "lower-case letters" in page.text
    assert survey.questions.count() == 1


def test_multiple_choice_offers_other_specify(team, survey):
    section = survey.sections.get()
    team.post(
        url("survey_question_add", survey, section.pk),
        question_data(
            code="supports", kind="multiple_choice", allow_other="on", options="A | A\nB | B"
        ),
    )
    assert survey.questions.get(code="supports").allow_other


def test_scale_question_takes_the_framework_scale(team, survey):
    section = survey.sections.get()
    team.post(
        url("survey_question_add", survey, section.pk),
        question_data(code="confident", kind="scale", scale="agree4", options=""),
    )
    question = survey.questions.get(code="confident")
    assert question.scale == "agree4"
    assert [o["value"] for o in question.options] == [1, 2, 3, 4]
    assert question.options[3]["label"] == {
        "fr": "Tout à fait d'accord",
        "nl": "Helemaal akkoord",
        "en": "Strongly agree",
    }


def test_question_is_tied_to_themes_and_plan_indicators(team, survey, evaluation):
    evaluative = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    row = evaluation.plan_rows.create(question=evaluative, methods=["survey"])
    indicator = row.indicators.create(code="confident_share")
    question = add(survey, "works")
    team.post(
        url("survey_question_edit", survey, question.pk),
        question_data(
            code="works", themes=["individuals"], indicators=[indicator.pk], options=YES_NO_TEXT
        ),
    )
    question.refresh_from_db()
    assert question.themes == ["individuals"]
    assert list(question.indicators.all()) == [indicator]
    page = team.get(url("survey_detail", survey))
    assert "Individuals" in page.text and "Confident share" in page.text


def test_sections_are_added_renamed_and_removed_when_empty(team, survey):
    team.post(url("survey_section_add", survey), {"new-section-title_fr": "Votre travail"})
    first, second = survey.sections.all()
    assert second.title == {"fr": "Votre travail"} and second.position == 1
    team.post(
        url("survey_section_edit", survey, second.pk),
        {f"section-{second.pk}-title_fr": "Travail", f"section-{second.pk}-title_en": "Work"},
    )
    second.refresh_from_db()
    assert second.title == {"fr": "Travail", "en": "Work"}
    add(survey, "works")
    page = team.post(url("survey_section_remove", survey, first.pk), follow=True)
    assert "Move or remove the questions of this section first." in page.text
    team.post(url("survey_section_remove", survey, second.pk))
    assert list(survey.sections.all()) == [first]


def test_questions_move_with_buttons_within_and_across_sections(team, survey):
    add(survey, "first")
    second = add(survey, "second")
    team.post(url("survey_question_move", survey, second.pk), {"direction": "up"})
    assert [q.code for q in builder.ordered_questions(survey)] == ["second", "first"]
    other = builder.add_section(survey, None, {"fr": "Suite"})
    team.post(url("survey_question_move", survey, second.pk), {"section": other.pk})
    assert [q.code for q in builder.ordered_questions(survey)] == ["first", "second"]
    assert survey.questions.get(code="second").section == other
    page = team.get(url("survey_detail", survey))
    assert f'id="move-{second.pk}"' in page.text


def test_a_move_that_puts_a_condition_before_its_question_is_refused(team, survey):
    works = add(survey, "works", "single_choice", options=builder.yes_no_options())
    hours = add(survey, "hours", "number")
    builder.set_condition(
        hours, None, "all", [{"question": "works", "op": "equals", "value": "yes"}]
    )
    page = team.post(
        url("survey_question_move", survey, works.pk), {"direction": "down"}, follow=True
    )
    assert "change that condition first" in page.text
    assert [q.code for q in builder.ordered_questions(survey)] == ["works", "hours"]


def test_team_removes_a_question_not_used_by_a_condition(team, survey):
    works = add(survey, "works", "single_choice", options=builder.yes_no_options())
    hours = add(survey, "hours", "number")
    builder.set_condition(hours, None, "all", [{"question": "works", "op": "answered"}])
    page = team.post(url("survey_question_remove", survey, works.pk), follow=True)
    assert "The condition of hours uses this question" in page.text
    team.post(url("survey_question_remove", survey, hours.pk))
    assert list(survey.questions.values_list("code", flat=True)) == ["works"]


def test_sections_move_with_their_questions_and_the_move_is_in_the_history(team, survey):
    add(survey, "first")
    later = builder.add_section(survey, None, {"fr": "Suite", "en": "Next"})
    builder.add_question(later, None, code="second", kind="short_text", text={"fr": "Deux ?"})
    page = team.get(url("survey_detail", survey))
    assert "Move this section down" in page.text and "Move this section up" in page.text
    page = team.post(url("survey_section_move", survey, later.pk), {"direction": "up"})
    assert page.url.endswith(f"#section-{later.pk}")
    assert [s.pk for s in survey.sections.order_by("position")][0] == later.pk
    assert [q.code for q in builder.ordered_questions(survey)] == ["second", "first"]
    change = survey.evaluation.changes.filter(part="surveys").latest("pk")
    assert change.before["position"] == 2 and change.after["position"] == 1
    # Already first: nothing moves, nothing is recorded.
    team.post(url("survey_section_move", survey, later.pk), {"direction": "up"})
    assert survey.evaluation.changes.filter(part="surveys").latest("pk") == change


def test_a_section_move_that_puts_a_condition_before_its_question_is_refused(team, survey):
    add(survey, "works", "single_choice", options=builder.yes_no_options())
    later = builder.add_section(survey, None, {"fr": "Suite"})
    hours = builder.add_question(later, None, code="hours", kind="number", text={"fr": "Heures ?"})
    builder.set_condition(hours, None, "all", [{"question": "works", "op": "answered"}])
    page = team.post(url("survey_section_move", survey, later.pk), {"direction": "up"}, follow=True)
    assert "change that condition first" in page.text
    assert [q.code for q in builder.ordered_questions(survey)] == ["works", "hours"]


def test_a_save_over_someone_elses_edit_is_told_and_the_next_one_goes_through(team, world, survey):
    import re

    from django.test import Client

    question = add(survey, "works", "single_choice", options=builder.yes_no_options())
    edit = url("survey_question_edit", survey, question.pk)
    page = team.get(edit, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', page)[1]
    other = Client()
    other.force_login(world.user("enterprise_admin"))
    other.post(
        edit,
        question_data(code="works", text_fr="Avez-vous un travail ?", text_en="Have you a job?"),
    )
    stale = team.post(
        edit,
        question_data(code="works", text_fr="Travaillez-vous en ce moment ?", seen=seen),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = stale.content.decode()
    assert stale.status_code == 200 and "saved this page at" in text
    assert "Have you a job?" in text  # what is saved now, to compare
    question.refresh_from_db()
    assert question.text["fr"] == "Avez-vous un travail ?"
    fresh = re.search(r'name="seen" value="([0-9a-f]+)"', text)[1]
    again = team.post(
        edit, question_data(code="works", text_fr="Travaillez-vous en ce moment ?", seen=fresh)
    )
    assert again.status_code == 302
    question.refresh_from_db()
    assert question.text["fr"] == "Travaillez-vous en ce moment ?"


# Question bank -------------------------------------------------------------------------


def test_bank_items_keep_their_code_scale_texts_and_themes(team, survey):
    page = team.get(url("survey_bank", survey))
    assert "self_confidence" in page.text and "I often doubt myself." in page.text
    team.post(
        url("survey_bank_add", survey),
        {"code": ["self_confidence"], "section": survey.sections.get().pk},
    )
    question = survey.questions.get()
    assert (question.code, question.bank_code, question.kind, question.scale) == (
        "self_confidence",
        "self_confidence",
        "scale",
        "agree4",
    )
    assert question.text == {
        "fr": "J'ai confiance en moi.",
        "nl": "Ik heb vertrouwen in mezelf.",
        "en": "I feel confident.",
    }
    assert question.themes == ["individuals"]
    assert [o["value"] for o in question.options] == [1, 2, 3, 4]
    assert "in the survey" in team.get(url("survey_bank", survey)).text
    page = team.post(url("survey_bank_add", survey), {"code": ["self_confidence"]}, follow=True)
    assert "“self_confidence” is already in this survey." in page.text


def test_bank_is_searchable(team, survey):
    page = team.get(url("survey_bank", survey), {"q": "doubt"})
    assert "self_doubt" in page.text and "self_confidence" not in page.text


@pytest.fixture
def default_survey(world):
    from vises.evaluations.models import Evaluation
    from vises.frameworks.store import load_default

    evaluation = Evaluation.objects.create(
        enterprise=world.enterprise,
        title="Impact",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        framework_version=load_default(),
    )
    return builder.create_survey(evaluation, None, title={"fr": "Avis"}, languages=["fr", "nl"])


def test_default_bank_answer_types_become_survey_questions(default_survey):
    document = default_survey.evaluation.framework_version.document
    items = document["question_bank"]["items"]
    section = default_survey.sections.get()
    kinds = {}
    for answer_type in ("yes_no", "integer", "rating_0_10", "date", "long_text", "number"):
        item = next(i for i in items if i.get("answer_type") == answer_type)
        kinds[answer_type] = builder.add_from_bank(section, None, item["code"])
    yes_no = kinds["yes_no"]
    assert yes_no.kind == "single_choice"
    assert [o["value"] for o in yes_no.options] == ["yes", "no"]
    assert set(yes_no.options[0]["label"]) == {"fr", "nl", "en"}
    assert kinds["integer"].kind == "number" and kinds["integer"].integer_only
    assert kinds["number"].kind == "number" and not kinds["number"].integer_only
    assert kinds["rating_0_10"].kind == "rating_0_10"
    assert kinds["date"].kind == "date" and kinds["long_text"].kind == "long_text"
    assert all(q.code == q.bank_code for q in kinds.values())


# Languages -----------------------------------------------------------------------------


def test_builder_lists_every_missing_text_by_language(team, survey):
    add(survey, "works", text={"fr": "Travaillez-vous ?"})
    add(
        survey,
        "supports",
        "single_choice",
        options=[
            {"value": "coach", "label": {"fr": "Un coach", "en": "A coach"}},
            {"value": "training", "label": {"fr": "Une formation"}},
        ],
    )
    page = team.get(url("survey_detail", survey))
    assert "<dd>French, English</dd>" in page.text
    assert "English: 2 texts missing" in page.text
    assert "Question 1 (works)" in page.text
    assert "Option “Une formation” of question 2" in page.text
    assert "French:" not in page.text
    assert builder.question_missing_languages(survey.questions.get(code="works"), ["fr", "en"]) == [
        "en"
    ]


def test_a_question_shows_in_the_readers_language_with_a_visible_fallback(team, survey):
    add(survey, "works", text={"fr": "Travaillez-vous ?"})
    page = team.get(url("survey_detail", survey))
    assert "Travaillez-vous ?" in page.text and "shown in French" in page.text


# Conditions ----------------------------------------------------------------------------


def test_condition_on_an_earlier_question_is_saved_and_summarised(team, survey):
    add(survey, "works", "single_choice", options=builder.yes_no_options())
    hours = add(survey, "hours", "number")
    response = team.post(
        url("survey_question_condition", survey, hours.pk),
        {"combine": "any", "question_1": "works", "op_1": "equals", "value_1": "Yes"},
    )
    assert response.status_code == 302
    hours.refresh_from_db()
    assert hours.condition == {
        "combine": "any",
        "rules": [{"question": "works", "op": "equals", "value": "yes"}],
    }
    page = team.get(url("survey_detail", survey))
    assert "question 1 (works) is “Yes”" in page.text


def test_condition_on_a_later_question_or_itself_is_refused(team, survey):
    works = add(survey, "works", "single_choice", options=builder.yes_no_options())
    add(survey, "hours", "number")
    page = team.post(
        url("survey_question_condition", survey, works.pk),
        {"combine": "all", "question_1": "hours", "op_1": "at_least", "value_1": "3"},
    )
    assert page.status_code == 200
    # The form offers only earlier questions; a forged post is refused by the rule too.
    with pytest.raises(builder.Refused, match="comes after this one"):
        builder.check_condition(works, "all", [{"question": "hours", "op": "answered"}])
    with pytest.raises(builder.Refused, match="its own answer"):
        builder.check_condition(works, "all", [{"question": "works", "op": "answered"}])
    works.refresh_from_db()
    assert works.condition == {}


def test_condition_rules_are_checked_against_the_question_they_use(survey):
    add(survey, "works", "single_choice", options=builder.yes_no_options())
    add(survey, "age", "number")
    last = add(survey, "last")
    with pytest.raises(builder.Refused, match="not an option"):
        builder.check_condition(last, "all", [{"question": "works", "op": "equals", "value": "?"}])
    with pytest.raises(builder.Refused, match="compares numbers"):
        builder.check_condition(
            last, "all", [{"question": "works", "op": "greater_than", "value": "2"}]
        )
    with pytest.raises(builder.Refused, match="at most 3"):
        builder.check_condition(last, "all", [{"question": "age", "op": "answered"}] * 4)
    condition = builder.check_condition(
        last,
        "all",
        [
            {"question": "age", "op": "at_least", "value": "18"},
            {"question": "works", "op": "one_of", "value": "yes, no"},
        ],
    )
    assert condition["rules"] == [
        {"question": "age", "op": "at_least", "value": 18},
        {"question": "works", "op": "one_of", "value": ["yes", "no"]},
    ]


# Waves ---------------------------------------------------------------------------------


def test_team_adds_edits_and_removes_waves(team, survey):
    team.post(
        url("survey_waves", survey),
        {"label": "entry", "opens_on": "2026-01-01", "closes_on": "2026-03-31"},
    )
    wave = survey.waves.get()
    page = team.post(
        url("survey_wave_edit", survey, wave.pk),
        {"label": "entry", "opens_on": "2026-04-01", "closes_on": "2026-03-31"},
    )
    assert "The wave closes before it opens." in page.text
    team.post(
        url("survey_wave_edit", survey, wave.pk),
        {"label": "entrée", "opens_on": "2026-01-01", "closes_on": "2026-04-30"},
    )
    wave.refresh_from_db()
    assert wave.label == "entrée" and wave.closes_on == date(2026, 4, 30)
    team.post(url("survey_wave_remove", survey, wave.pk))
    assert not survey.waves.exists()


def test_a_wave_with_responses_is_kept(team, survey):
    add(survey, "works")
    answer(survey, {"works": "oui"})
    wave = survey.waves.get()
    page = team.post(url("survey_wave_remove", survey, wave.pk), follow=True)
    assert "has responses: it cannot be removed" in page.text
    assert survey.waves.exists()


# Once answers exist --------------------------------------------------------------------


@pytest.fixture
def answered(survey):
    add(survey, "works", "single_choice", options=builder.yes_no_options())
    hours = add(survey, "hours", "number")
    builder.set_condition(
        hours, None, "all", [{"question": "works", "op": "equals", "value": "yes"}]
    )
    answer(survey, {"works": "yes", "hours": 20})
    return survey


def _edit(works, **changes):
    return question_data(
        code="works",
        text_fr="Travaillez-vous actuellement ?",
        text_en="Are you working at present?",
        options=builder.options_text(works.options, ["fr", "en"]),
        **changes,
    )


def test_with_answers_texts_can_still_be_fixed_and_questions_added(team, answered):
    works = answered.questions.get(code="works")
    response = team.post(url("survey_question_edit", answered, works.pk), _edit(works))
    assert response.status_code == 302
    works.refresh_from_db()
    assert works.text["en"] == "Are you working at present?"
    section = answered.sections.get()
    team.post(url("survey_question_add", answered, section.pk), question_data(code="new_one"))
    assert answered.questions.filter(code="new_one").exists()


def test_with_answers_a_change_of_type_asks_for_a_new_version(team, answered):
    works = answered.questions.get(code="works")
    page = team.post(
        url("survey_question_edit", answered, works.pk),
        _edit(works, kind="multiple_choice"),
    )
    assert page.status_code == 200
    assert "changing its type would make them meaningless" in page.text
    assert "Create a new version" in page.text
    works.refresh_from_db()
    assert works.kind == "single_choice" and works.text["en"] == "works?"


def test_with_answers_option_values_and_codes_stay(answered):
    works = answered.questions.get(code="works")
    with pytest.raises(builder.NeedsNewVersion, match="the values of its options"):
        builder.update_question(
            works,
            None,
            options=works.options[:1] + [{"value": "maybe", "label": {"fr": "Peut-être"}}],
        )
    with pytest.raises(builder.NeedsNewVersion, match="its code"):
        builder.update_question(works, None, code="working")
    hours = answered.questions.get(code="hours")
    added = builder.add_question(
        answered.sections.get(), None, code="feel", kind="scale", scale="agree4", text={"fr": "?"}
    )
    with pytest.raises(builder.NeedsNewVersion, match="its scale"):
        builder.update_question(added, None, scale="other")
    assert hours.code == "hours"


def test_with_answers_the_code_field_is_locked(team, answered):
    works = answered.questions.get(code="works")
    page = team.get(url("survey_question_edit", answered, works.pk))
    assert "The survey has answers: the code stays." in page.text
    assert 'name="code"' in page.text and "disabled" in page.text


def test_with_answers_an_answered_question_is_not_removed(team, answered):
    hours = answered.questions.get(code="hours")
    builder.set_condition(hours, None, "all", [])
    page = team.post(url("survey_question_remove", answered, hours.pk))
    assert page.status_code == 409
    assert "already has answers: removing it would lose them" in page.text
    assert "Create a new version" in page.text
    assert answered.questions.filter(code="hours").exists()
    # A question nobody answered yet can go.
    unanswered = add(answered, "later")
    team.post(url("survey_question_remove", answered, unanswered.pk))
    assert not answered.questions.filter(code="later").exists()


def test_a_new_version_copies_the_questions_without_waves_or_answers(team, answered, evaluation):
    evaluative = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    indicator = evaluative.plan_rows.create(
        evaluation=evaluation, methods=["survey"]
    ).indicators.create(code="confident_share")
    answered.questions.get(code="works").indicators.add(indicator)
    answered.public_link_open = True
    answered.save()
    response = team.post(url("survey_new_version", answered))
    copy = Survey.objects.get(based_on=answered)
    assert response.status_code == 302 and response.url == url("survey_detail", copy)
    assert copy.version == 2 and copy.public_token != answered.public_token
    assert not copy.public_link_open and not copy.waves.exists()
    assert copy.title == answered.title and copy.languages == answered.languages
    assert [q.code for q in builder.ordered_questions(copy)] == ["works", "hours"]
    hours = copy.questions.get(code="hours")
    assert hours.condition["rules"][0]["question"] == "works"
    assert list(copy.questions.get(code="works").indicators.all()) == [indicator]
    # Free to change: it has no answers.
    builder.update_question(copy.questions.get(code="works"), None, kind="multiple_choice")
    page = team.get(url("survey_detail", copy))
    assert "version 2" in page.text
    assert not builder.has_answers(copy) and Response.objects.count() == 1


# Paper and history ---------------------------------------------------------------------


def test_paper_version_prints_the_questions_with_conditions_as_instructions(team, answered):
    answered.intro = {"fr": "Merci de prendre le temps de répondre.", "en": "Thank you."}
    answered.save()
    add(answered, "feel", "scale", scale="agree4", options=[], text={"fr": "Je me sens bien."})
    page = team.get(url("survey_paper", answered), {"language": "en"})
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Answer only if you answered “Yes” to question 1." in page.text
    assert "Strongly agree" in page.text and "Thank you." in page.text
    assert "site-header" not in page.text and "paper.css" in page.text
    french = team.get(url("survey_paper", answered), {"language": "fr"})
    assert '<html lang="fr">' in french.text
    assert "Merci de prendre le temps de répondre." in french.text
    assert "Tout à fait d'accord" in html.unescape(french.text)


def test_paper_version_explains_the_star_only_when_a_question_needs_an_answer(team, survey):
    add(survey, "job", required=False)
    assert (
        "marked with a star" not in team.get(url("survey_paper", survey), {"language": "en"}).text
    )
    add(survey, "age", required=True)
    page = team.get(url("survey_paper", survey), {"language": "fr"}).text
    assert '<span class="required">*</span>' in page
    assert "Merci de répondre à chaque question marquée d'une étoile (*)." in html.unescape(page)


def test_builder_changes_are_in_the_history(team, survey, evaluation):
    section = survey.sections.get()
    team.post(url("survey_question_add", survey, section.pk), question_data(code="works"))
    works = survey.questions.get()
    team.post(
        url("survey_question_edit", survey, works.pk),
        question_data(code="works", text_en="Do you have a job?", options=YES_NO_TEXT),
    )
    changes = Change.objects.filter(evaluation=evaluation, part="surveys")
    assert changes.count() == 3
    latest = changes.first()
    assert latest.before["text"]["en"] == "Do you work?"
    assert latest.after["text"]["en"] == "Do you have a job?"
    page = team.get(reverse("evaluation_history", args=[evaluation.pk]))
    assert "Surveys" in page.text and "Do you have a job?" in page.text
    assert "Single choice" in page.text


def test_question_kinds_are_all_buildable(survey):
    for kind in Question.Kind.values:
        fields = {"options": builder.yes_no_options()} if "choice" in kind else {}
        if kind == "scale":
            fields = {"scale": "agree4"}
        add(survey, f"q_{kind}", kind, **fields)
    assert survey.questions.count() == len(Question.Kind.values)
