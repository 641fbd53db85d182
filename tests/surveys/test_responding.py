"""Respondents answer through the public link or a code: pages, conditions, closed waves,
codes, double submits, privacy; and the team types in paper answers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from tests.surveys.respondent_helpers import (
    answer,
    make_survey,
    open_wave,
    page_url,
    shown_codes,
    start,
    start_url,
)
from vises.surveys import answers as answer_rules
from vises.surveys import builder, responding
from vises.surveys.models import Invitation, Response, Survey


@pytest.fixture
def survey(world):
    return make_survey(world.enterprise)


def finish_as_worker(client, survey, **last):
    answer(client, survey, 1, working="yes", hours="35")
    answer(client, survey, 2, job="Cuisinier")
    return answer(client, survey, 3, **({"confident": "4"} | last))


# The public link -------------------------------------------------------------------------


def test_first_page_shows_who_asks_why_and_the_languages(client, survey):
    page = client.get(start_url(survey), HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="nl">' in html
    assert "Atelier Vert" in html
    assert "Uw traject" in html and "Enkele vragen." in html
    assert "Uw antwoorden blijven anoniem." in html
    buttons = [html.index(f'name="@language" value="{code}"') for code in ("nl", "fr", "en")]
    assert buttons == sorted(buttons), "the browser's language comes first"
    assert "Nederlands" in html and "Français" in html and "English" in html


def test_consent_is_its_own_step_not_implied_by_choosing_a_language(client, survey):
    page = client.get(start_url(survey), HTTP_ACCEPT_LANGUAGE="fr").text
    assert 'type="checkbox" id="consent" name="@consent"' in page
    assert "J'ai lu ce texte et j'accepte de répondre." in page

    refused = client.post(start_url(survey), {"@language": "fr"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 200
    assert "cochez la case" in refused.text
    assert not client.session.get(responding.session_key(survey))

    started = client.post(start_url(survey), {"@language": "fr", "@consent": "yes"})
    assert started["Location"] == page_url(survey, 1)


def test_a_survey_without_a_consent_text_starts_with_the_language_alone(client, survey):
    Survey.objects.filter(pk=survey.pk).update(consent={})
    assert 'name="@consent"' not in client.get(start_url(survey)).text
    assert client.post(start_url(survey), {"@language": "fr"})["Location"] == page_url(survey, 1)


def test_a_whole_response_through_the_public_link(client, survey):
    assert start(client, survey, "fr")["Location"] == page_url(survey, 1)
    first = client.get(page_url(survey, 1))
    # The "job" page shows only to people who work: two pages until they say so.
    assert '<progress max="2" value="1" aria-labelledby="progress-label">' in first.text

    assert answer(client, survey, 1, working="yes", hours="35")["Location"] == page_url(survey, 2)
    assert '<progress max="3" value="2"' in client.get(page_url(survey, 2)).text
    assert answer(client, survey, 2, job=" Cuisinier ")["Location"] == page_url(survey, 3)
    done = answer(client, survey, 3, confident="4", comment="Merci")
    assert done["Location"] == reverse("survey_respond_thanks", args=[survey.public_token])

    response = Response.objects.get()
    assert response.answers == {
        "working": "yes",
        "hours": 35,
        "job": "Cuisinier",
        "confident": 4,
        "comment": "Merci",
    }
    assert response.language == "fr"
    assert response.via_public_link and response.source == "online"
    assert response.respondent_key == ""
    thanks = client.get(done["Location"])
    assert "Merci beaucoup !" in thanks.text


def test_pages_speak_the_chosen_language(client, survey):
    start(client, survey, "nl")
    page = client.get(page_url(survey, 1))
    assert '<html lang="nl">' in page.text
    assert "Heeft u werk?" in page.text and "Ja" in page.text
    assert '<progress max="2" value="1"' in page.text


def test_back_keeps_answers_and_what_was_typed_on_the_page(client, survey):
    start(client, survey)
    answer(client, survey, 1, working="yes", hours="20")
    answer(client, survey, 2, job="Jardinier")
    # On the last page, type a comment and an out-of-range scale value, then go back.
    back = answer(client, survey, 3, nav="back", confident="9", comment="Pas fini")
    assert back["Location"] == page_url(survey, 2)
    assert 'value="Jardinier"' in client.get(page_url(survey, 2)).text
    again = client.get(page_url(survey, 3)).text
    assert "Pas fini" in again
    assert 'role="alert"' not in again, "going back checks nothing"
    first = client.get(page_url(survey, 1)).text
    assert 'value="yes" checked' in first and 'value="20"' in first
    assert not Response.objects.exists()


def test_back_on_the_first_page_returns_to_the_start(client, survey):
    start(client, survey)
    back = answer(client, survey, 1, nav="back", working="no")
    assert back["Location"] == start_url(survey)


def test_a_condition_hides_questions_and_skips_a_page(client, survey):
    start(client, survey)
    assert shown_codes(client.get(page_url(survey, 1)).text) == ["working"]
    # "hours" and the whole "job" page are only for people who work.
    assert answer(client, survey, 1, working="no")["Location"] == page_url(survey, 3)
    last = client.get(page_url(survey, 3)).text
    assert '<progress max="2" value="2"' in last
    answer(client, survey, 3, confident="2")
    assert Response.objects.get().answers == {"working": "no", "confident": 2}


def test_a_question_opened_by_an_answer_on_the_same_page_is_shown_first(client, survey):
    start(client, survey, "en")
    page = answer(client, survey, 1, working="yes")
    assert page.status_code == 200, "not sent on before the new question is seen"
    assert shown_codes(page.text) == ["working", "hours"]
    assert "open more questions" in page.text


def test_an_answer_to_a_hidden_question_is_dropped(client, survey):
    start(client, survey)
    answer(client, survey, 1, working="no", hours="50")
    client.post(page_url(survey, 3), {"confident": "3", "@shown": ["confident", "comment"]})
    assert Response.objects.get().answers == {"working": "no", "confident": 3}


def test_errors_are_said_at_the_question_and_summed_up_at_the_top(client, survey):
    start(client, survey, "en")
    page = answer(client, survey, 1, working="maybe")
    assert page.status_code == 200
    html = page.text
    assert 'role="alert"' in html
    assert 'href="#q-working"' in html
    assert 'id="q-working:error"' in html
    assert 'aria-describedby="q-working:error"' in html
    assert 'aria-invalid="true"' in html
    assert "Choose among the options shown." in html
    assert "(required)" in html
    assert "<title>Error:" in html


def test_oversized_text_and_out_of_range_numbers_are_refused(client, survey):
    start(client, survey, "en")
    page = answer(client, survey, 1, working="yes", hours="61")
    assert "Give a number of at most 60" in page.text
    answer(client, survey, 1, working="yes", hours="30")
    page = answer(client, survey, 2, job="x" * 301)
    assert "Keep it under 300 characters (this is 301)" in page.text
    page = answer(client, survey, 2, job="ok")
    page = answer(client, survey, 3, confident="6")
    assert "Choose among the options shown." in page.text
    assert not Response.objects.exists()


def test_a_tampered_page_number_shows_where_the_respondent_is(client, survey):
    start(client, survey, "en")
    for number in (3, 99, 0):
        page = client.get(page_url(survey, number))
        assert page.status_code == 200
        assert "That page cannot be shown yet" in page.text
        assert shown_codes(page.text) == ["working"]
    # Sending the last page without the first stores nothing.
    sent = client.post(page_url(survey, 3), {"confident": "3", "@shown": ["confident", "comment"]})
    assert sent.status_code == 200
    assert not Response.objects.exists()


def test_answers_that_no_longer_hold_at_the_end_bring_back_their_page(client, survey, world):
    start(client, survey, "en")
    finish = answer(client, survey, 1, working="yes", hours="30")
    answer(client, survey, 2, job="Cook")
    # The team lowers the number's maximum meanwhile, in the survey builder.
    hours = survey.questions.get(code="hours")
    builder.update_question(hours, world.user("enterprise_admin"), maximum=Decimal(20))
    page = answer(client, survey, 3, confident="3")
    assert finish.status_code == 302
    assert page.status_code == 200
    assert "Give a number of at most 20" in page.text
    assert shown_codes(page.text) == ["working", "hours"]
    assert not Response.objects.exists()


def test_a_double_submit_stores_one_response(client, survey):
    start(client, survey)
    answer(client, survey, 1, working="no")
    data = {"confident": "5", "@shown": ["confident", "comment"], "@nav": "next"}
    # Two requests carrying the same session: the second read it before the first ended.
    before = dict(client.session.items())
    first = client.post(page_url(survey, 3), data)
    session = client.session
    for key, value in before.items():
        session[key] = value
    session.save()
    second = client.post(page_url(survey, 3), data)
    thanks = reverse("survey_respond_thanks", args=[survey.public_token])
    assert first["Location"] == second["Location"] == thanks
    assert Response.objects.count() == 1
    # And once more, with the session that knows it is done.
    assert client.post(page_url(survey, 3), data)["Location"] == thanks
    assert Response.objects.count() == 1


def test_store_response_twice_with_one_key_keeps_one(survey):
    wave = survey.waves.get()
    answers = {"working": "no", "confident": 1}
    one = responding.store_response(survey, wave, answers, language="fr", submission_key="k" * 32)
    two = responding.store_response(survey, wave, answers, language="fr", submission_key="k" * 32)
    assert one.pk == two.pk and Response.objects.count() == 1
    assert (one.already_stored, two.already_stored) == (False, True)


@pytest.mark.django_db(transaction=True)  # as served: no transaction around the request
@pytest.mark.parametrize("via_public_link", [True, False])
def test_a_key_stored_meanwhile_by_a_concurrent_request_keeps_one(
    survey, monkeypatch, via_public_link
):
    wave = survey.waves.get()
    answers = {"working": "no", "confident": 1}
    store = {"language": "fr", "submission_key": "k" * 32, "via_public_link": via_public_link}
    one = responding.store_response(survey, wave, answers, **store)
    # The other request looked before this one stored: its INSERT is the first to know.
    looked = responding._first
    missed = []

    def looked_too_early(model, query, value):
        if model is Response and not missed:
            missed.append(True)
            return None
        return looked(model, query, value)

    monkeypatch.setattr(responding, "_first", looked_too_early)
    two = responding.store_response(survey, wave, answers, **store)
    assert missed and one.pk == two.pk and two.already_stored
    assert Response.objects.count() == 1


def test_a_session_that_expired_says_so(client, survey):
    start(client, survey, "en")
    client.cookies.clear()
    sent = client.post(
        page_url(survey, 1), {"working": "no", "@shown": ["working"]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert sent.status_code == 400
    assert "This page has expired" in sent.text
    assert "visit" not in sent.text  # the page expired, not the respondent's visit
    assert not Response.objects.exists()


def test_an_expired_session_fails_the_csrf_check_with_the_same_clear_page(survey):
    browser = Client(enforce_csrf_checks=True)
    browser.get(start_url(survey), HTTP_ACCEPT_LANGUAGE="en")
    browser.cookies.clear()
    sent = browser.post(start_url(survey), {"@language": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert sent.status_code == 403
    assert "This page has expired" in sent.text


# Closed, not yet open, full --------------------------------------------------------------


def test_a_closed_wave_says_since_when(client, survey):
    today = timezone.localdate()
    survey.waves.update(opens_on=today - timedelta(days=60), closes_on=today - timedelta(days=3))
    page = client.get(start_url(survey), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 410
    closed_on = today - timedelta(days=3)
    assert f"This survey has been closed since {closed_on.day} " in page.text
    assert "Votre parcours" not in page.text or "Your path" in page.text


def test_a_wave_not_yet_open_says_when_it_opens(client, survey):
    today = timezone.localdate()
    survey.waves.update(opens_on=today + timedelta(days=2), closes_on=today + timedelta(days=9))
    page = client.get(start_url(survey), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    assert "This survey is not open yet" in page.text


def test_a_public_link_switched_off_or_full_takes_no_answer(client, survey):
    survey.public_link_open = False
    survey.save()
    assert client.get(start_url(survey)).status_code == 403
    survey.public_link_open = True
    survey.quota = 1
    survey.save()
    start(client, survey, "en")
    answer(client, survey, 1, working="no")
    answer(client, survey, 3, confident="3")
    full = Client().get(start_url(survey), HTTP_ACCEPT_LANGUAGE="en")
    assert full.status_code == 410
    assert "all the answers it needs" in full.text


def test_the_quota_is_checked_again_when_answers_are_sent(client, survey):
    survey.quota = 1
    survey.save()
    late = Client()
    for browser in (client, late):
        start(browser, survey, "en")
        answer(browser, survey, 1, working="no")
    answer(client, survey, 3, confident="3")
    refused = answer(late, survey, 3, confident="3")
    assert refused.status_code == 410
    assert Response.objects.count() == 1


def test_a_post_to_a_wave_closed_meanwhile_stores_nothing(client, survey):
    start(client, survey, "en")
    answer(client, survey, 1, working="no")
    survey.waves.update(closes_on=timezone.localdate() - timedelta(days=1))
    sent = client.post(page_url(survey, 3), {"confident": "3", "@shown": ["confident", "comment"]})
    assert sent.status_code == 410
    assert "This survey has been closed since" in sent.text
    assert not Response.objects.exists()


# Invitation codes ------------------------------------------------------------------------


def test_a_code_resumes_on_another_device_and_is_then_used(client, survey):
    survey.public_link_open = False  # codes work without the public link
    survey.save()
    invitation = survey.waves.get().invitations.create(email="ana@example.org", language="fr")
    start(client, survey, "fr", code=invitation.code)
    answer(client, survey, 1, working="yes", hours="12")
    answer(client, survey, 2, job="Vendeur")
    invitation.refresh_from_db()
    assert invitation.draft["answers"]["job"] == "Vendeur"

    phone = Client()
    welcome = phone.get(reverse("survey_respond_code", args=[invitation.code]))
    assert "Welcome back" in welcome.text or "Bienvenue à nouveau" in welcome.text
    resumed = phone.post(
        reverse("survey_respond_code", args=[invitation.code]),
        {"@language": "nl", "@consent": "yes"},
    )
    assert resumed["Location"] == page_url(survey, 3)
    assert 'value="Vendeur"' in phone.get(page_url(survey, 2)).text
    answer(phone, survey, 3, confident="5")

    response = Response.objects.get()
    assert response.answers["job"] == "Vendeur" and response.language == "nl"
    assert not response.via_public_link and response.respondent_key == ""
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.draft == {}
    assert invitation.email == ""  # kept for reminders, forgotten once answered


def test_a_used_code_says_so(client, survey):
    invitation = survey.waves.get().invitations.create(used_at=timezone.now())
    page = client.get(reverse("survey_respond_code", args=[invitation.code]))
    assert page.status_code == 410
    assert "already been used" in page.text or "déjà été utilisé" in page.text


def test_a_code_used_meanwhile_on_another_device_stores_nothing_more(client, survey):
    invitation = survey.waves.get().invitations.create()
    phone = Client()
    for browser in (client, phone):
        start(browser, survey, "en", code=invitation.code)
        answer(browser, survey, 1, working="no")
    answer(phone, survey, 3, confident="1")
    # The first device drew the same submission key from the draft: it finds it stored.
    later = answer(client, survey, 3, confident="5")
    assert Response.objects.count() == 1
    assert Response.objects.get().answers["confident"] == 1
    assert later.status_code in (302, 410)


def test_a_code_used_by_another_response_refuses_the_submission(client, survey):
    invitation = survey.waves.get().invitations.create()
    start(client, survey, "en", code=invitation.code)
    answer(client, survey, 1, working="no")
    Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now(), draft={})
    refused = answer(client, survey, 3, confident="5")
    assert refused.status_code == 410
    assert "already been used" in refused.text
    assert not Response.objects.exists()


def test_typing_a_code_ignores_case_spaces_and_dashes(client, survey):
    invitation = survey.waves.get().invitations.create(code="ABCD2345")
    sent = client.post(reverse("survey_code_entry"), {"code": " abcd-2345 "})
    assert sent["Location"] == reverse("survey_respond_code", args=["ABCD2345"])
    assert invitation.code == "ABCD2345"


def test_an_unknown_or_forged_code_reveals_nothing(client, survey):
    typed = client.post(
        reverse("survey_code_entry"), {"code": "ZZZZ-9999"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "We do not know this code" in typed.text
    forged = client.get(
        reverse("survey_respond_code", args=["<script>"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert forged.status_code == 404
    assert "We do not know this code" in forged.text
    assert "Votre parcours" not in forged.text and "Atelier Vert" not in forged.text
    assert client.post(reverse("survey_code_entry"), {"code": ""}).status_code == 200


def test_a_code_of_a_closed_wave_gets_the_closed_page(client, survey):
    today = timezone.localdate()
    wave = survey.waves.get()
    invitation = wave.invitations.create()
    survey.waves.update(opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=1))
    page = client.get(reverse("survey_respond_code", args=[invitation.code]))
    assert page.status_code == 410


def test_linked_waves_share_a_pseudonym_never_the_code(world):
    survey = make_survey(world.enterprise, link_waves=True)
    entry = survey.waves.get()
    exit_wave = open_wave(survey, "exit", days_ago=0)
    first = entry.invitations.create()  # no key yet: one is drawn
    answers = {"working": "no", "confident": 3}
    stored = responding.store_response(
        survey, entry, answers, language="fr", submission_key="a" * 32, invitation_id=first.pk
    )
    first.refresh_from_db()
    assert first.respondent_key
    second = exit_wave.invitations.create(respondent_key=first.respondent_key)
    later = responding.store_response(
        survey, exit_wave, answers, language="fr", submission_key="b" * 32, invitation_id=second.pk
    )
    assert stored.respondent_key == later.respondent_key
    assert stored.respondent_key not in {first.respondent_key, first.code, second.code}
    other = exit_wave.invitations.create()
    third = responding.store_response(
        survey, exit_wave, answers, language="fr", submission_key="c" * 32, invitation_id=other.pk
    )
    assert third.respondent_key != stored.respondent_key


# Privacy, and pages without JavaScript ---------------------------------------------------


def test_a_whole_flow_sets_only_the_session_cookie_and_keeps_no_address(client, survey, settings):
    secret_agent = "SecretBrowser/9.9 (tracking-me)"
    address = "203.0.113.77"
    client.defaults.update(REMOTE_ADDR=address, HTTP_USER_AGENT=secret_agent)
    invitation = survey.waves.get().invitations.create()
    cookies = set()
    steps = [
        client.get(start_url(survey)),
        client.post(start_url(survey), {"@language": "nl", "@consent": "yes"}),
        client.get(page_url(survey, 1)),
        answer(client, survey, 1, working="yes", hours="3"),
        answer(client, survey, 2, nav="back", job="x"),
        answer(client, survey, 1, working="yes", hours="3"),
        answer(client, survey, 2, job="Bakker"),
        answer(client, survey, 3, confident="2"),
        client.get(reverse("survey_respond_thanks", args=[survey.public_token])),
        client.get(reverse("survey_code_entry")),
        client.post(reverse("survey_code_entry"), {"code": invitation.code}),
        client.get(reverse("survey_respond_code", args=[invitation.code])),
    ]
    for step in steps:
        cookies |= set(step.cookies.keys())
    assert cookies == {settings.SESSION_COOKIE_NAME}
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    response = Response.objects.get()
    stored = " ".join(str(getattr(response, field.attname)) for field in Response._meta.fields)
    for secret in (address, secret_agent, "SecretBrowser", invitation.code):
        assert secret not in stored


def test_respondent_pages_have_no_script_and_no_site_navigation(client, survey):
    invitation = survey.waves.get().invitations.create()
    pages = [
        client.get(start_url(survey)),
        client.get(reverse("survey_code_entry")),
        client.get(reverse("survey_respond_code", args=[invitation.code])),
    ]
    start(client, survey, "en")
    pages.append(client.get(page_url(survey, 1)))
    pages.append(answer(client, survey, 1, working="what"))
    answer(client, survey, 1, working="no")
    answer(client, survey, 3, confident="1")
    pages.append(client.get(reverse("survey_respond_thanks", args=[survey.public_token])))
    for page in pages:
        assert page.status_code == 200
        assert "<script" not in page.text
        assert 'aria-label="Main"' not in page.text and "Sign out" not in page.text
        assert "<main" in page.text


def test_every_stored_response_satisfies_the_rules(client, survey):
    start(client, survey)
    finish_as_worker(client, survey, comment="Bien")
    questions = responding.all_questions(responding.sections_with_questions(survey))
    stored = Response.objects.get().answers
    assert answer_rules.clean_response(questions, stored) == (stored, {})


# Paper entry ------------------------------------------------------------------------------


def paper_url(survey):
    return reverse("survey_paper_entry", args=[survey.evaluation_id, survey.pk])


def test_the_team_types_in_a_paper_sheet_into_a_closed_wave(client, world, survey):
    today = timezone.localdate()
    old = survey.waves.create(
        label="entry", opens_on=today - timedelta(days=90), closes_on=today - timedelta(days=60)
    )
    member = world.user("enterprise_member")
    client.force_login(member)
    form = client.get(paper_url(survey) + "?@language=nl")
    assert form.status_code == 200
    # The whole survey on one page, in the sheet's language, conditional questions too.
    assert shown_codes(form.text) == []
    for text in ("Heeft u werk?", "Hoeveel uren?", "Welk werk?", "Ik heb vertrouwen."):
        assert text in form.text
    sent = client.post(
        paper_url(survey),
        {
            "@language": "nl",
            "@wave": old.pk,
            "@key": "f" * 32,
            "working": "no",
            "hours": "12",
            "confident": "4",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    response = Response.objects.get()
    assert response.source == "paper" and response.entered_by == member
    assert response.wave == old and response.language == "nl"
    assert response.answers == {"working": "no", "confident": 4}
    assert not response.via_public_link
    assert "Type in the next one" in sent.text
    assert 'value="no" checked' not in sent.text, "an empty form for the next sheet"


def test_a_paper_sheet_with_a_wrong_answer_is_shown_again_and_not_saved(client, world, survey):
    client.force_login(world.user("enterprise_admin"))
    sent = client.post(
        paper_url(survey),
        {"@language": "fr", "@wave": survey.waves.get().pk, "working": "yes", "hours": "99"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert sent.status_code == 200
    assert 'id="q-hours:error"' in sent.text and 'value="99"' in sent.text
    assert 'value="yes" checked' in sent.text
    assert not Response.objects.exists()


def test_a_paper_sheet_sent_twice_is_saved_once_and_the_second_time_says_so(client, world, survey):
    client.force_login(world.user("enterprise_admin"))
    data = {"@language": "fr", "@wave": survey.waves.get().pk, "@key": "e" * 32}
    data.update(working="no", confident="2")
    first = client.post(paper_url(survey), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "The answers of this sheet are saved" in first.text
    assert "already saved" not in first.text
    again = client.post(paper_url(survey), data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert Response.objects.count() == 1
    assert "This sheet was already saved (wave" in again.text
    assert "sending it again added nothing" in again.text
    assert "The answers of this sheet are saved" not in again.text


def test_paper_entry_is_for_the_team_only(client, world):
    survey = make_survey(world.enterprise)
    theirs = make_survey(world.other_enterprise)
    client.force_login(world.user("coach"))
    assert client.get(paper_url(survey)).status_code == 403
    client.force_login(world.user("enterprise_admin"))
    assert client.get(paper_url(theirs)).status_code == 404
    wrong = reverse("survey_paper_entry", args=[survey.evaluation_id, theirs.pk])
    assert client.get(wrong).status_code == 404


def test_a_team_member_answering_the_link_keeps_the_interface_language(client, world, survey):
    member = make_user("member-nl@example.org", preferred_language="fr")
    client.force_login(member)
    start(client, survey, "en")
    assert '<html lang="en">' in client.get(page_url(survey, 1)).text
    assert '<html lang="fr">' in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("answers", "pages_shown"),
    [
        ({}, [1, 3]),
        ({"working": "no", "job": "Cook"}, [1, 3]),
        ({"working": "yes"}, [1, 2, 3]),
        ({"working": "yes", "hours": 12, "job": "Cook", "confident": 4}, [1, 2, 3]),
    ],
)
def test_the_pages_shown_are_those_with_a_question_shown(survey, answers, pages_shown):
    pages = responding.sections_with_questions(survey)
    assert responding.visible_pages(pages, answers) == pages_shown
    assert pages_shown == [
        number
        for number in range(1, len(pages) + 1)
        if responding.shown_questions(pages, number, answers)
    ]
