"""Numbers, years and dates as each reader writes them, with Django's formats for the
language (1 234,5 in French, 1.234,5 in Dutch, 1,234.5 in English); a year is never
grouped into thousands."""

import datetime

import pytest
from django.urls import reverse

from vises.evaluations import parts
from vises.evaluations.models import Evaluation, Part
from vises.frameworks import store

NBSP = "\xa0"


def read_as(client, user, language, url) -> str:
    user.preferred_language = language
    user.save()
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_founding_year_reads_as_a_year(client, world, language):
    type(world.enterprise).objects.filter(pk=world.enterprise.pk).update(founding_year=2009)
    url = reverse("enterprise_detail", args=[world.enterprise.pk])
    text = read_as(client, world.user("enterprise_admin"), language, url)
    assert "<dd>2009</dd>" in text


@pytest.fixture
def portrait(world):
    evaluation = Evaluation.objects.create(
        enterprise=world.enterprise,
        title="Impact 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        framework_version=store.load_default(),
    )
    content = {
        "staff_fte": 11.5,
        "staff_headcount": 36,
        "annual_budget": 1234567.5,
        "founding_date": "2009-03-03",
    }
    parts.save_part(
        evaluation, Part.Name.PORTRAIT, content, world.user("enterprise_admin"), revision=0
    )
    return evaluation


@pytest.mark.parametrize(
    ("language", "fte", "budget", "founded"),
    [
        ("fr", "11,5", f"1{NBSP}234{NBSP}567,5", "3 mars 2009"),
        ("nl", "11,5", "1.234.567,5", "3 maart 2009"),
        ("en", "11.5", "1,234,567.5", "March 3, 2009"),
    ],
)
def test_portrait_numbers_and_dates_follow_the_language(
    client, world, portrait, language, fte, budget, founded
):
    coach = world.user("coach")
    summary = reverse("evaluation_portrait_summary", args=[portrait.pk])
    history = reverse("evaluation_history", args=[portrait.pk])
    for url in (summary, history):
        text = read_as(client, coach, language, url)
        assert f"<dd>{fte}</dd>" in text, url
        assert f"<dd>{budget}</dd>" in text, url
        assert f"<dd>{founded}</dd>" in text, url
        assert "<dd>36</dd>" in text, url


def test_an_export_keeps_portrait_numbers_as_numbers_and_dates_in_iso(world, portrait):
    from io import BytesIO

    from openpyxl import load_workbook

    from vises.evaluations import export

    book = load_workbook(BytesIO(export.workbook(portrait, "fr")))
    values = {row[1]: row[2] for row in book["Portrait"].iter_rows(values_only=True)}
    assert values["Équivalents temps plein (ETP)"] == 11.5
    assert values["Budget annuel (euros)"] == 1234567.5
    assert values["Date de création"] == "2009-03-03"
