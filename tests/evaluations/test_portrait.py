import pytest
from django.urls import reverse

from tests.conftest import make_evaluation


def portrait_page(client, user, evaluation, language):
    user.preferred_language = language
    user.save()
    client.force_login(user)
    return client.get(reverse("evaluation_portrait", args=[evaluation.pk]))


@pytest.mark.parametrize(
    ("language", "needed"),
    [
        ("fr", "Nécessaire pour compléter le portrait."),
        ("nl", "Nodig om het portret te voltooien."),
        ("en", "Needed to complete the portrait."),
    ],
)
def test_a_required_field_says_so_in_the_readers_language(client, world, language, needed):
    evaluation = make_evaluation(world.enterprise)
    page = portrait_page(client, world.user("enterprise_admin"), evaluation, language)
    assert needed in page.text
    if language != "en":
        assert "Needed to complete" not in page.text
