import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse

from tests.conftest import make_evaluation, make_user
from vises.accounts import pseudonyms
from vises.evaluations import accompaniment, sharing
from vises.evaluations.models import (
    AccompanimentSession,
    SharingConsent,
    SharingLevel,
    StepFeedback,
)

PEOPLE = {
    "coach": "Camille Dupont",
    "enterprise_admin": "Jeanne Martin",
    "enterprise_member": "Karim Benali",
}


def accompanied(world):
    """Sessions and feedback in both networks and for an enterprise asking to join, with
    free texts naming the enterprise; every evaluation open to research."""
    for role, name in PEOPLE.items():
        person = world.user(role)
        person.full_name = name
        person.save()
    evaluation = make_evaluation(world.enterprise, title="Impact d'Atelier Vert")
    for step, minutes in [(0, 60), (1, 90), (1, 30)]:
        AccompanimentSession.objects.create(
            evaluation=evaluation,
            coach=world.user("coach"),
            date=datetime.date(2026, 3, 2),
            duration_minutes=minutes,
            step=step,
            topics="Question évaluative pour Atelier Vert",
            notes="Vu avec Jeanne Martin, jeanne@example.org",
        )
    StepFeedback.objects.create(
        evaluation=evaluation,
        step=0,
        usefulness=4,
        difficulty=2,
        helped="Le coach a bien compris ATELIER VERT",
        missing="Du temps",
        given_by=world.user("enterprise_admin"),
    )
    StepFeedback.objects.create(
        evaluation=evaluation, step=1, usefulness=5, difficulty=5, given_by=None
    )
    applicant = make_evaluation(world.applicant, title="Coop Demain")
    StepFeedback.objects.create(evaluation=applicant, step=0, usefulness=1, difficulty=1)
    theirs = make_evaluation(world.other_enterprise, title="Buurtwerk")
    AccompanimentSession.objects.create(
        evaluation=theirs, date=datetime.date(2026, 3, 2), duration_minutes=45, step=0, topics="…"
    )
    for consenting in [evaluation, applicant, theirs]:
        SharingConsent.objects.create(evaluation=consenting, level=SharingLevel.RESEARCH)
    return evaluation


def forbidden_words(world) -> list[str]:
    people = [world.user(role) for role in PEOPLE]
    return [
        world.enterprise.name,
        world.enterprise.name.upper(),
        "Coop Demain",
        "Buurtwerk",
        *PEOPLE.values(),
        *(person.email for person in people),
        "jeanne@example.org",
    ]


def test_researcher_sees_sessions_and_feedback_under_pseudonyms(client, world):
    accompanied(world)
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_accompaniment", args=[world.network.pk]))
    assert page.status_code == 200
    sessions, feedback = page.context["sessions"], page.context["feedback"]
    assert len(sessions) == 3 and len(feedback) == 2
    pseudonym = world.enterprise.pseudonym
    assert {row.enterprise for row in sessions + feedback} == {pseudonym}
    assert sessions[0].topics == f"Question évaluative pour {pseudonym}"
    assert feedback[0].helped == f"Le coach a bien compris {pseudonym}"
    coach_code = accompaniment.coach_pseudonym(world.user("coach").pk)
    assert {row.coach for row in sessions} == {coach_code}
    assert pseudonym in page.text and coach_code in page.text
    # Group and territory are kept, in the reader's language; the enterprise alone of its
    # group in its region shows its country (test_region_coarsening).
    assert str(world.enterprise.group_label) in page.text
    assert str(world.enterprise.country_label) in page.text
    for word in forbidden_words(world):
        assert word not in page.text, word


@pytest.mark.parametrize("level", [SharingLevel.NOTHING, SharingLevel.CONTENT])
def test_evaluations_not_open_to_research_are_left_out(client, world, level):
    evaluation = accompanied(world)
    sharing.decide(evaluation, level, world.user("enterprise_admin"))
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_accompaniment", args=[world.network.pk]))
    assert page.context["sessions"] == [] and page.context["feedback"] == []
    assert world.enterprise.pseudonym not in page.text
    body = client.get(reverse("network_accompaniment_csv", args=[world.network.pk])).text
    assert world.enterprise.pseudonym not in body


def test_summary_per_step(client, world):
    accompanied(world)
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_accompaniment", args=[world.network.pk]))
    summaries = {s.step: s for s in page.context["summaries"]}
    assert len(summaries) == 4
    first, second = summaries[0], summaries[1]
    assert (first.feedback_count, first.mean_usefulness, first.mean_difficulty) == (1, 4, 2)
    assert (first.session_count, first.hours) == (1, 1)
    assert (second.session_count, second.hours) == (2, 2)
    assert (second.feedback_count, second.mean_usefulness) == (1, 5)
    assert summaries[3].mean_usefulness is None and summaries[3].hours == 0


def test_summarise_means_over_several_enterprises():
    row = {"group": "integration", "country": "BE", "region": "BE-WAL", "helped": "", "missing": ""}
    feedback = [
        accompaniment.FeedbackRow(
            enterprise=code,
            step=2,
            usefulness=usefulness,
            difficulty=difficulty,
            given_on=datetime.date(2026, 1, 1),
            **row,
        )
        for code, usefulness, difficulty in [("E-A", 2, 5), ("E-B", 3, 4), ("E-C", 5, 4)]
    ]
    (summary,) = [s for s in accompaniment.summarise([], feedback) if s.step == 2]
    assert summary.mean_usefulness == 10 / 3
    assert summary.mean_difficulty == 13 / 3


def test_csv_holds_the_same_pseudonymised_rows(client, world):
    accompanied(world)
    client.force_login(world.user("researcher"))
    response = client.get(reverse("network_accompaniment_csv", args=[world.network.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    assert [row["kind"] for row in rows] == ["session"] * 3 + ["feedback"] * 2
    assert {row["enterprise"] for row in rows} == {world.enterprise.pseudonym}
    assert rows[0]["region"] == "BE" and rows[0]["duration_minutes"] == "60"
    assert rows[3]["usefulness"] == "4" and rows[3]["missing"] == "Du temps"
    for word in forbidden_words(world):
        assert word not in body, word


def test_coach_pseudonym_is_stable_and_tells_coaches_apart(world):
    first, second = world.user("coach").pk, make_user("coach-2@example.org").pk
    assert accompaniment.coach_pseudonym(first) == accompaniment.coach_pseudonym(first)
    assert accompaniment.coach_pseudonym(first) != accompaniment.coach_pseudonym(second)
    assert re.fullmatch(r"C-[0-9A-F]{6}", accompaniment.coach_pseudonym(first))


def test_coaches_and_other_networks_researchers_are_kept_out(client, world):
    accompanied(world)
    client.force_login(world.user("coach"))
    assert client.get(reverse("network_accompaniment", args=[world.network.pk])).status_code == 403
    other_researcher = make_user("chercheuse@example.org")
    world.other_network.memberships.create(user=other_researcher, role="researcher")
    client.force_login(other_researcher)
    for name in ["network_accompaniment", "network_accompaniment_csv"]:
        assert client.get(reverse(name, args=[world.network.pk])).status_code == 404
    page = client.get(reverse("network_accompaniment", args=[world.other_network.pk]))
    assert [row.enterprise for row in page.context["sessions"]] == [
        world.other_enterprise.pseudonym
    ]


def test_network_page_links_researchers_to_the_view(client, world):
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_accompaniment", args=[world.network.pk]) in page.text
    client.force_login(world.user("coach"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_accompaniment", args=[world.network.pk]) not in page.text


def test_csv_texts_cannot_run_as_spreadsheet_formulas(client, world):
    accompanied(world)
    feedback = StepFeedback.objects.filter(evaluation__enterprise=world.enterprise).first()
    feedback.helped = '=HYPERLINK("http://evil.example","clic")'
    feedback.save()
    client.force_login(world.user("researcher"))
    response = client.get(reverse("network_accompaniment_csv", args=[world.network.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    helped = [row["helped"] for row in rows if row["kind"] == "feedback"]
    assert '\'=HYPERLINK("http://evil.example","clic")' in helped
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_people_named_in_free_texts_are_replaced(client, world):
    evaluation = accompanied(world)
    StepFeedback.objects.filter(evaluation=evaluation, step=1).update(
        helped="Le regard de Camille sur nos cibles ; Jeanne a tout relu avec karim.",
        missing="Un rendez-vous avec Mme Martin et M. Dupont",
    )
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_accompaniment", args=[world.network.pk])).text
    coach = accompaniment.coach_pseudonym(world.user("coach").pk)
    assert f"Le regard de {coach} sur nos cibles ; […] a tout relu avec […]." in page
    assert f"Un rendez-vous avec Mme […] et M. {coach}" in page
    for word in ["Camille", "Jeanne", "karim", "Martin", "Dupont"]:
        assert word not in page, word


HOSTILE = [
    "Merci a JEROME LEFEVRE et a jerome pour le suivi",
    "Lefevre a vu Elodie, puis la coach a relu le plan avec VANDENBROUCKE",
    "Comme chez Creche Soleil et chez BUURTWERK, notre équipe avance",
    "Réunion avec sebastien claes : jean.dupont@atelier.be ou www.atelier-vert.be",
    "Appeler le 0470 12 34 56, le +32 470 12 34 56 ou le 06 12 34 56 78 avant le 02/03/2026",
]
# None of these may reach a researcher, whatever the case or accents of the page.
LEAKS = [
    "jerome", "lefevre", "elodie", "vandenbroucke", "soleil", "buurtwerk", "sebastien",
    "claes", "jean.dupont", "atelier.be", "atelier-vert", "0470 12 34 56",
    "470 12 34 56", "06 12 34 56 78", "camille", "dupont", "karim", "benali",
]  # fmt: skip
# Ordinary words the scrubber must leave alone.
ORDINARY = [
    "Merci", "pour le suivi", "la coach a relu le plan", "Comme chez", "notre équipe avance",
    "Réunion avec", "Appeler le", "avant le 02/03/2026",
]  # fmt: skip


def hostile_world(world):
    """Everyone of the platform named, with accents, and free texts full of names."""
    evaluation = accompanied(world)
    world.user("enterprise_admin").full_name = "Jérôme Lefèvre"
    world.user("enterprise_admin").save()
    world.user("network_admin").full_name = "Élodie Vandenbroucke"
    world.user("network_admin").save()
    other_staff = world.other_enterprise.memberships.first().user
    other_staff.full_name = "Sébastien Claes"
    other_staff.save()
    StepFeedback.objects.filter(evaluation=evaluation, step=1).update(
        helped=" ".join(HOSTILE[:3]), missing=" ".join(HOSTILE[3:])
    )
    AccompanimentSession.objects.filter(evaluation=evaluation).update(topics=HOSTILE[4])
    return evaluation


def folded(text: str) -> str:
    return pseudonyms.fold(html.unescape(text))


def test_hostile_free_texts_reach_researchers_scrubbed(client, world):
    hostile_world(world)
    client.force_login(world.user("researcher"))
    page = client.get(
        reverse("network_accompaniment", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).text
    csv_body = client.get(
        reverse("network_accompaniment_csv", args=[world.network.pk])
    ).content.decode("utf-8")
    for text in [page, csv_body]:
        for leak in LEAKS:
            assert leak not in folded(text), leak
        for word in ORDINARY:
            assert word in html.unescape(text), word
    for placeholder in ["[name]", "[organisation]", "[e-mail]", "[website]", "[phone]"]:
        assert placeholder in page, placeholder


def test_placeholders_are_in_the_readers_language(client, world):
    hostile_world(world)
    client.force_login(world.user("researcher"))
    page = client.get(
        reverse("network_accompaniment", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).text
    assert "[téléphone]" in html.unescape(page)
    assert "[phone]" not in page


def test_network_page_lists_no_people_to_researchers(client, world):
    hostile_world(world)
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_detail", args=[world.network.pk])).text
    for leak in ["elodie", "vandenbroucke", "camille", "dupont"]:
        assert leak not in folded(page), leak
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_detail", args=[world.network.pk])).text
    assert "Camille Dupont" in page


@pytest.mark.parametrize(
    "number",
    ["0470 12 34 56", "+32 470 12 34 56", "06 12 34 56 78", "+33 6 12 34 56 78",
     "02/123.45.67", "0032 2 123 45 67", "+32 (0)470-12-34-56", "010 20 30 40"],
)  # fmt: skip
def test_french_and_belgian_phone_numbers_are_scrubbed(number):
    text = pseudonyms.scrub(f"Tel. {number}.", {}, None, "@", "www", "#")
    assert text == "Tel. #."


@pytest.mark.parametrize(
    "text", ["le 02/03/2026", "1 500 euros", "2026-03-02", "12 34 56", "0,5 ETP", "n° 0470"]
)
def test_dates_amounts_and_short_numbers_are_kept(text):
    assert pseudonyms.scrub(text, {}, None, "@", "www", "#") == text


def test_names_are_found_whatever_their_accents_case_or_part():
    names = pseudonyms.replacements(
        [
            (pseudonyms.name_parts("Jean-Noël De Smet"), "[name]"),
            (pseudonyms.organisation_parts("Atelier Écrin Vert"), "[org]"),
        ]
    )
    pattern = pseudonyms.compile_names(names)
    text = "NOEL et smet ; jean-noel de smet à l'atelier ECRIN, un atelier de quartier"
    assert pseudonyms.scrub(text, names, pattern, "@", "www", "#") == (
        "[name] et [name] ; [name] à l'atelier [org], un atelier de quartier"
    )


def summary_rows(page) -> list[list[str]]:
    """The cells of the per-step table, row by row, tags left out."""
    table = re.search(r'<table class="table step-summaries">.*?</table>', page.text, re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    ]


def test_both_research_pages_show_the_same_table_by_step(client, world):
    accompanied(world)
    client.force_login(world.user("researcher"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    detail = client.get(reverse("network_accompaniment", args=[world.network.pk]))
    overview = client.get(reverse("network_research", args=[world.network.pk]))

    rows = summary_rows(detail)
    assert rows == summary_rows(overview)
    assert rows[0] == [
        "Step",
        "Sessions",
        "Hours",
        "Feedback given",
        "Mean usefulness (1 to 5)",
        "Mean difficulty (1 to 5)",
    ]
    # Step 1: two sessions of 90 and 30 minutes, one feedback (5, 5).
    assert rows[2][1:] == ["2", "2", "1", "5.0", "5.0"]
    assert rows[4][1:] == ["0", "0", "0", "–", "–"]
    # The sessions and feedback tables place each enterprise by its group and territory.
    pseudonym = world.enterprise.pseudonym
    assert re.search(rf'<th scope="row">{pseudonym}</th><td>[^<]+</td>\s*<td>', detail.text)
