import datetime

import lxml.html
import pytest
from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations import parts
from vises.evaluations.models import Evaluation, Part
from vises.frameworks import store


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


def selected(page, name: str) -> list[str]:
    root = lxml.html.document_fromstring(page.content)
    return root.xpath(f"//select[@name='{name}']/option[@selected]/text()")


def start_evaluation(client, world, **details):
    type(world.enterprise).objects.filter(pk=world.enterprise.pk).update(**details)
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("evaluation_create", args=[world.enterprise.pk]),
        {"title": "Impact", "period_start": "2026-01-01", "period_end": "2026-12-31"},
    )
    return Evaluation.objects.get()


@pytest.mark.parametrize(
    ("details", "region", "legal_form"),
    [
        (
            {"legal_form": "SCIC SAS", "country": "FR", "region": "FR-HDF"},
            "France",
            "Co-operative (SCOP, SCIC, accredited co-operative)",
        ),
        (
            {"legal_form": "vzw (maatwerkbedrijf)", "country": "BE", "region": "BE-VLG"},
            "Belgium – Flanders",
            "Non-profit association (ASBL/VZW, French 1901 association)",
        ),
        ({"legal_form": "SRL", "country": "BE", "region": "BE-BRU"}, "Belgium – Brussels", None),
    ],
)
def test_the_portrait_starts_with_the_region_and_legal_form_of_the_details(
    client, world, details, region, legal_form
):
    store.load_default()
    evaluation = start_evaluation(client, world, **details)
    page = portrait_page(client, world.user("enterprise_admin"), evaluation, "en")
    assert selected(page, "region") == [region]
    assert selected(page, "legal_form") == [legal_form or "–"]
    assert page.text.count("Filled in from the enterprise&#x27;s details.") == (
        2 if legal_form else 1
    )
    # Stored from the start: what the coach reads and what the journey counts hold them.
    summary = client.get(reverse("evaluation_portrait_summary", args=[evaluation.pk]))
    assert region in summary.text
    if legal_form:
        assert legal_form in summary.text
    stored = parts.get_part(evaluation, Part.Name.PORTRAIT).content
    assert set(stored) == ({"region", "legal_form"} if legal_form else {"region"})


def test_an_evaluation_started_earlier_is_offered_the_details_and_keeps_the_teams_choice(
    client, world
):
    evaluation = Evaluation.objects.create(
        enterprise=world.enterprise,
        title="Impact 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework_version=store.load_default(),
    )
    admin = world.user("enterprise_admin")
    page = portrait_page(client, admin, evaluation, "fr")
    assert selected(page, "region") == ["Belgique – Wallonie"]
    assert "Repris des informations de l&#x27;entreprise." in page.text
    parts.save_part(evaluation, Part.Name.PORTRAIT, {"legal_form": "other"}, admin, revision=0)
    page = portrait_page(client, admin, evaluation, "fr")
    assert selected(page, "legal_form") == ["Autre"]
    assert page.text.count("Repris des informations de l&#x27;entreprise.") == 1  # the region
