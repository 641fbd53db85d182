import json

from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations.models import AccompanimentSession, Change, Comment
from vises.privacy import personal_data


def test_every_relation_to_a_person_is_in_the_download():
    """A model added later with a field pointing to a user fails here until the download
    (and the erasure) say what becomes of it: add it to personal_data.HOLDINGS."""
    covered = {(holding.model, holding.field) for holding in personal_data.HOLDINGS}
    missing = [relation for relation in personal_data.person_relations() if relation not in covered]
    assert not missing, f"Add these to personal_data.HOLDINGS: {missing}"
    assert ("evaluations.Comment", "author") in personal_data.person_relations()


def test_the_profile_leads_to_the_data_page(client, world):
    client.force_login(world.user("coach"))
    profile = client.get(reverse("profile"))
    assert reverse("my_data") in profile.text
    page = client.get(reverse("my_data"))
    assert reverse("my_data_json") in page.text
    assert reverse("erase_account") in page.text


def _coach_writes(world):
    coach = world.user("coach")
    evaluation = make_evaluation(world.enterprise)
    Comment.objects.create(
        evaluation=evaluation, section="portrait", author=coach, text="Le portrait est clair."
    )
    AccompanimentSession.objects.create(
        evaluation=evaluation,
        coach=coach,
        date="2026-03-02",
        duration_minutes=90,
        step=1,
        topics="Question évaluative",
        notes="Bonne séance avec l'équipe.",
    )
    Change.record(
        evaluation.pk,
        "portrait",
        {"mission": "Avant, écrit par un autre"},
        {"mission": "Après"},
        coach,
    )
    return coach, evaluation


def test_the_page_shows_what_the_person_wrote_and_their_roles(client, world):
    coach, _evaluation = _coach_writes(world)
    client.force_login(coach)
    page = client.get(reverse("my_data"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "coach@example.org" in page
    assert "Réseau Nord" in page and "Atelier Vert" in page
    assert "Le portrait est clair." in page
    assert "Bonne séance avec l&#x27;équipe." in page
    assert "Après" in page
    # What someone else had written before the change is theirs, not the coach's.
    assert "Avant, écrit par un autre" not in page


def test_the_download_is_json_with_every_section(client, world):
    coach, evaluation = _coach_writes(world)
    client.force_login(coach)
    response = client.get(reverse("my_data_json"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert data["account"] == [
        {
            "email": "coach@example.org",
            "full_name": "Coach",
            "preferred_language": "",
            "date_joined": data["account"][0]["date_joined"],
            "last_login": data["account"][0]["last_login"],
            "is_active": True,
        }
    ]
    assert data["networkmembership_user"][0]["network"] == "Réseau Nord"
    assert data["coachassignment_coach"][0]["enterprise"] == "Atelier Vert"
    assert data["comment_author"][0] == {
        "evaluation": evaluation.title,
        "part": "Portrait of the enterprise",
        "on": data["comment_author"][0]["on"],
        "text": "Le portrait est clair.",
    }
    assert data["accompanimentsession_coach"][0]["minutes"] == 90
    assert data["change_user"][0]["written"] == {"mission": "Après"}
    assert "Avant" not in json.dumps(data, ensure_ascii=False)
    assert len(data) == len(["made_at", "account", "invitations_received"]) + len(
        personal_data.HOLDINGS
    )


def test_nobody_else_s_data_is_in_the_download(client, world):
    _coach_writes(world)
    client.force_login(world.user("enterprise_member"))
    data = json.loads(client.get(reverse("my_data_json")).content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Le portrait est clair." not in text
    assert "coach@example.org" not in text
    assert data["enterprisemembership_user"][0]["enterprise"] == "Atelier Vert"


def test_the_data_page_needs_a_sign_in(client, world):
    for name in ("my_data", "my_data_json", "erase_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]
