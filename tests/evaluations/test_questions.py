from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations.models import Change


def test_team_takes_a_library_question_in_its_language_and_writes_its_own(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    page = reverse("evaluation_questions", args=[evaluation.pk])
    library = client.get(page, HTTP_ACCEPT_LANGUAGE="nl").context["library"]
    assert [entry["code"] for entry in library] == ["confidence"]
    assert library[0]["text"].startswith("Hoe versterkt")

    client.post(
        reverse("evaluation_question_choose", args=[evaluation.pk, "confidence"]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    client.post(
        reverse("evaluation_question_add", args=[evaluation.pk]),
        {"text": "Wat verandert er voor de buurt?", "themes": ["individuals"]},
    )
    first, second = evaluation.questions.order_by("position")
    assert (first.library_code, first.is_main) == ("confidence", True)
    assert first.text.startswith("Hoe versterkt")
    assert (second.text, second.themes, second.is_main) == (
        "Wat verandert er voor de buurt?",
        ["individuals"],
        False,
    )
    after = client.get(page, HTTP_ACCEPT_LANGUAGE="nl")
    assert after.context["library"] == []  # a question is taken once


def test_main_question_moves_and_survives_removal(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    for text in ["Première ?", "Deuxième ?"]:
        client.post(
            reverse("evaluation_question_add", args=[evaluation.pk]),
            {"text": text, "themes": ["individuals"]},
        )
    first, second = evaluation.questions.order_by("position")
    client.post(reverse("evaluation_question_main", args=[evaluation.pk, second.pk]))
    assert evaluation.questions.get(is_main=True) == second
    client.post(reverse("evaluation_question_remove", args=[evaluation.pk, second.pk]))
    assert evaluation.questions.get(is_main=True) == first
    assert Change.objects.filter(evaluation=evaluation, part="evaluative_questions").count() == 4


def test_a_question_needs_text_and_a_theme(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("evaluation_question_add", args=[evaluation.pk]),
        {"text": "", "themes": ["nowhere"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"text", "themes"}
    assert not evaluation.questions.exists()


def test_unknown_library_code_is_not_found(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    url = reverse("evaluation_question_choose", args=[evaluation.pk, "made_up"])
    assert client.post(url).status_code == 404


def test_question_of_another_evaluation_cannot_be_removed_through_ones_own(client, world):
    own = make_evaluation(world.enterprise)
    foreign = make_evaluation(world.other_enterprise).questions.create(text="?", themes=[])
    client.force_login(world.user("enterprise_admin"))
    url = reverse("evaluation_question_remove", args=[own.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert foreign.__class__.objects.filter(pk=foreign.pk).exists()
