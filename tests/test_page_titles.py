"""What the browser's tab says: the page's name in the reader's language, as plain text."""

import lxml.html
import pytest
from django.urls import reverse

from tests.access.test_every_url import samples
from tests.conftest import make_evaluation, make_framework_version
from vises.surveys.models import Survey


def title_of(client, user, url, language) -> str:
    user.preferred_language = language
    user.save()
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    return lxml.html.document_fromstring(page.content).findtext(".//title")


def test_the_journeys_tab_names_the_evaluation_and_nothing_else(client, world):
    evaluation = make_evaluation(world.enterprise, title="Notre impact 2026")
    url = reverse("evaluation_detail", args=[evaluation.pk])
    title = title_of(client, world.user("enterprise_admin"), url, "fr")
    assert title == "Notre impact 2026 · VISES"


@pytest.mark.parametrize(
    ("language", "framework", "theme"),
    [
        ("fr", "Exemple", "Individus"),
        ("nl", "Voorbeeld", "Individuen"),
        ("en", "Example", "Individuals"),
    ],
)
def test_framework_tabs_read_in_the_readers_language(client, world, language, framework, theme):
    version = make_framework_version()
    coach = world.user("coach")
    detail = title_of(client, coach, reverse("framework_detail", args=[version.pk]), language)
    assert detail == f"{framework} · VISES"
    url = reverse("framework_theme", args=[version.pk, "individuals"])
    assert title_of(client, coach, url, language) == f"{theme} · VISES"


def test_a_survey_title_missing_in_the_readers_language_is_plain_in_the_tab(client, world):
    values = samples(world, "survey_responses", "own")
    Survey.objects.filter(pk=values["survey_id"]).update(title={"fr": "Votre avis"})
    url = reverse("survey_responses", args=[values["evaluation_id"], values["survey_id"]])
    title = title_of(client, world.user("enterprise_admin"), url, "nl")
    assert title == "Antwoorden · Votre avis · VISES"
