"""Interpretation rounds: the team puts findings to participants through a link, guests
answer without an account (small groups hidden from them), the team reads what they said
and writes the agreed interpretation and lessons, all kept in the history."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from vises.evaluations.models import Change
from vises.interpretation.models import Interpretation, Opinion, Round


def question_url(evaluation, name, *more):
    return reverse(name, args=[evaluation.pk, evaluation.questions.get().pk, *more])


@pytest.fixture
def team(client, world):
    client.force_login(world.user("enterprise_member"))
    return client


@pytest.fixture
def round_(team, evaluation, answered):
    page = team.get(question_url(evaluation, "evaluation_round_add"), HTTP_ACCEPT_LANGUAGE="en")
    choices = re.findall(r'name="findings" value="([^"]+)"', page.content.decode())
    indicators = evaluation.plan_rows.get().indicators
    confident = f"indicator:{indicators.get(code='confident_share').pk}"
    result = f"survey_result:{answered.questions.get(code='self_confidence').pk}"
    site = f"survey_result:{answered.questions.get(code='site').pk}"
    # Every result of the survey the plan collects and every indicator of the question is
    # offered, all ticked to begin with.
    assert choices == [result, site, *(f"indicator:{i.pk}" for i in indicators.order_by("pk"))]
    team.post(
        question_url(evaluation, "evaluation_round_add"),
        {
            "title": "Qu'en pensez-vous ?",
            "introduction": "Votre avis compte.",
            "findings": [result, confident],
        },
    )
    return Round.objects.get()


def guest_page(guest: Client, round_, language="nl"):
    return guest.get(reverse("round_answer", args=[round_.token]), HTTP_ACCEPT_LANGUAGE=language)


def test_team_starts_a_round_on_chosen_findings_and_gets_its_link(team, evaluation, round_):
    assert [f.kind for f in round_.findings.all()] == ["survey_result", "indicator"]
    page = team.get(
        question_url(evaluation, "evaluation_round_detail", round_.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"/i/{round_.token}/" in page and "Close the round" in page
    assert len(round_.token) >= 32
    change = Change.objects.filter(part="interpretation").get()
    assert change.after == {"round": "Qu'en pensez-vous ?", "findings": 2}


def test_guests_read_the_change_without_how_it_was_tested_which_the_team_reads(
    team, evaluation, round_
):
    guest = guest_page(Client(), round_, "fr").content.decode()
    assert "Cette part est plus élevée à «\xa0Sortie\xa0»" in guest
    assert "how-we-know" not in guest and "Fisher" not in guest
    page = team.get(
        question_url(evaluation, "evaluation_round_detail", round_.pk), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Comment nous le savons\xa0: le test exact de Fisher" in page


def test_a_round_needs_a_finding(team, evaluation, answered):
    page = team.post(
        question_url(evaluation, "evaluation_round_add"),
        {"title": "Vide"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose at least one finding to discuss." in page.content.decode()
    assert not Round.objects.exists()


def test_guests_read_the_question_in_the_teams_everyday_words_when_it_wrote_them(
    team, evaluation, round_
):
    guest = Client()
    formal = evaluation.questions.get().text
    assert formal in guest_page(guest, round_).content.decode()

    team.post(
        question_url(evaluation, "evaluation_round_add"),
        {
            "title": "Et vous ?",
            "plain_question": "Avez-vous plus confiance en vous depuis que vous êtes ici ?",
            "findings": [f"survey_result:{round_.findings.first().survey_question_id}"],
        },
    )
    plain = Round.objects.get(title="Et vous ?")
    page = guest_page(guest, plain, "fr").content.decode()
    assert "Avez-vous plus confiance en vous depuis que vous êtes ici ?" in page
    assert formal not in page
    # The team sees both: its question, and how the participants read it.
    detail = team.get(
        question_url(evaluation, "evaluation_round_detail", plain.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert formal in detail
    assert "Participants read it as: “Avez-vous plus confiance" in html.unescape(detail)


def test_guest_answers_in_dutch_without_account_and_can_change_their_answer(round_):
    guest = Client()
    page = guest_page(guest, round_).content.decode()
    assert '<html lang="nl">' in page and "Komt dit overeen met uw ervaring?" in page
    # Small groups are hidden from guests: the south site's 3 answers do not show apart.
    assert "Groepen van minder dan 5" in page
    first, second = round_.findings.all()
    post = {
        "name": "Sam, stagiair",
        f"verdict-{first.pk}": "partly",
        f"comment-{first.pk}": "Bij de start was ik echt onzeker.",
        f"verdict-{second.pk}": "agree",
    }
    answer = guest.post(
        reverse("round_answer", args=[round_.token]), post, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert answer.status_code == 302
    thanks = guest.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Bedankt" in thanks and "Bij de start was ik echt onzeker." in thanks
    opinions = Opinion.objects.order_by("finding__position")
    assert [(o.verdict, o.name, o.language, o.author) for o in opinions] == [
        ("partly", "Sam, stagiair", "nl", None),
        ("agree", "Sam, stagiair", "nl", None),
    ]
    # The same guest changes their mind: their opinion is replaced, not added.
    guest.post(
        reverse("round_answer", args=[round_.token]),
        {**post, f"verdict-{first.pk}": "disagree"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert Opinion.objects.count() == 2
    assert Opinion.objects.get(finding=first).verdict == "disagree"
    # Another guest adds their own.
    Client().post(reverse("round_answer", args=[round_.token]), {f"verdict-{first.pk}": "agree"})
    assert Opinion.objects.filter(finding=first).count() == 2


def test_a_comment_without_a_verdict_or_a_forged_verdict_stores_nothing(round_):
    guest = Client()
    first, second = round_.findings.all()
    url = reverse("round_answer", args=[round_.token])
    page = guest.post(
        url,
        {f"verdict-{first.pk}": "agree", f"comment-{second.pk}": "Niet helemaal"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert page.status_code == 200
    assert "Zeg of deze bevinding overeenkomt met uw ervaring." in page.content.decode()
    page = guest.post(url, {f"verdict-{first.pk}": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Select a valid choice" in page.content.decode()
    page = guest.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Say what you think of at least one finding." in page.content.decode()
    assert not Opinion.objects.exists()


def test_a_closed_round_refuses_answers_and_can_open_again(team, evaluation, round_):
    team.post(question_url(evaluation, "evaluation_round_open", round_.pk), {"open": "0"})
    round_.refresh_from_db()
    assert not round_.is_open
    guest = Client()
    page = guest_page(guest, round_, "en")
    assert page.status_code == 410 and "This round is closed" in page.content.decode()
    first = round_.findings.first()
    refused = guest.post(
        reverse("round_answer", args=[round_.token]), {f"verdict-{first.pk}": "agree"}
    )
    assert refused.status_code == 410 and not Opinion.objects.exists()
    team.post(question_url(evaluation, "evaluation_round_open", round_.pk), {"open": "1"})
    assert guest_page(guest, round_).status_code == 200


def test_a_team_member_answers_as_themselves_and_the_team_reads_the_tallies(
    team, world, evaluation, round_
):
    first = round_.findings.first()
    team.post(
        reverse("round_answer", args=[round_.token]),
        {f"verdict-{first.pk}": "agree", f"comment-{first.pk}": "Oui, c'est ce qu'on voit."},
    )
    opinion = Opinion.objects.get()
    assert opinion.author == world.user("enterprise_member")
    assert opinion.participant == f"user-{world.user('enterprise_member').pk}"
    Client().post(reverse("round_answer", args=[round_.token]), {f"verdict-{first.pk}": "disagree"})
    page = team.get(
        question_url(evaluation, "evaluation_round_detail", round_.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "2 participants so far" in page
    assert "Yes, it matches my experience: 1" in page
    assert "No, it does not match my experience: 1" in page
    assert "Oui, c&#x27;est ce qu&#x27;on voit." in page


def test_coach_reads_a_round_but_does_not_see_the_link_controls(client, world, evaluation, round_):
    client.force_login(world.user("coach"))
    page = client.get(
        question_url(evaluation, "evaluation_round_detail", round_.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert round_.title.replace("'", "&#x27;") in page and "Close the round" not in page


def test_team_writes_the_agreed_interpretation_and_lessons_kept_in_the_history(
    team, evaluation, answered
):
    url = question_url(evaluation, "evaluation_interpretation")
    page = team.post(url, {"agreed": "  ", "lessons": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Write the interpretation the team agreed on." in page.content.decode()
    assert not Interpretation.objects.exists()
    team.post(url, {"agreed": "La confiance grandit.", "lessons": "Garder les binômes."})
    team.post(url, {"agreed": "La confiance grandit nettement.", "lessons": "Garder les binômes."})
    interpretation = Interpretation.objects.get()
    assert interpretation.agreed == "La confiance grandit nettement."
    changes = Change.objects.filter(part="interpretation").order_by("pk")
    assert [c.before and c.before["agreed"] for c in changes] == [None, "La confiance grandit."]
    page = team.get(
        question_url(evaluation, "evaluation_question_findings"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "La confiance grandit nettement." in page.content.decode()
    history = team.get(
        reverse("evaluation_history", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Agreed interpretation" in history.content.decode()
