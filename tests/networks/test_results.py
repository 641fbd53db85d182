"""The network's aggregated results: only enterprises that share count, small groups and
dominated cells are hidden wherever the figures show (page, CSV, XLSX), and a withdrawal
takes the enterprise out of every figure made after it."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.networks.shared_figures import sharing_enterprise
from vises.analysis import load_network
from vises.evaluations import sharing
from vises.evaluations.models import SharingLevel

WALLONIA = {"country": "BE", "region": "BE-WAL"}
FLANDERS = {"country": "BE", "region": "BE-VLG", "postcode": "9000"}


@pytest.fixture
def shared(world):
    """Three Walloon enterprises and one Flemish one sharing; one more keeping its data."""
    network = world.network
    made = {
        "wal1": sharing_enterprise(
            network, "Wal Un", value=10, answers=[4] * 6 + [3] * 4, **WALLONIA
        ),
        "wal2": sharing_enterprise(
            network, "Wal Deux", value=20, answers=[3] * 5 + [1] * 5, **WALLONIA
        ),
        "wal3": sharing_enterprise(
            network, "Wal Trois", value=30, answers=[4] * 8 + [2] * 2, **WALLONIA
        ),
        "vlg": sharing_enterprise(network, "Vla Een", value=40, answers=[4] * 10, **FLANDERS),
        "private": sharing_enterprise(
            network, "Privé", value=1000, answers=[1] * 30, level=SharingLevel.NOTHING, **WALLONIA
        ),
    }
    return made


def _page(client, world, by="region"):
    client.force_login(world.user("network_admin"))
    return client.get(
        reverse("network_results", args=[world.network.pk]), {"by": by}, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_median_counts_the_enterprises_that_share_and_no_other(client, world, shared):
    page = _page(client, world)
    assert page.status_code == 200
    figures = page.context["results"]
    (indicator,) = figures.indicators
    total = indicator.tables[0].rows[-1]
    assert total.values[:3] == [4, 17.5, 25]  # enterprises, lower quartile, median of 10..40
    assert "1000" not in page.text and "Privé" not in page.text


def test_a_lone_region_is_hidden_with_another_so_no_subtraction_gives_it_back(
    client, world, shared
):
    page = _page(client, world)
    (indicator,) = page.context["results"].indicators
    rows = {row.label: row.values for row in indicator.tables[0].rows}
    assert rows["Flanders"] == ["hidden"] * 5
    assert rows["Wallonia"] == ["hidden"] * 5
    assert "hidden" in page.text


def test_answers_are_pooled_from_three_enterprises_and_a_dominated_cell_is_hidden(
    client, world, shared
):
    page = _page(client, world, by="country")
    (item,) = page.context["results"].items
    pooled = {row.label: row.values for row in item.tables[0].rows}
    respondents, enterprises, *answers = pooled["All respondents"]
    assert (respondents, enterprises) == (40, 4)
    # "Strongly disagree" (1): 5 answers, all from one enterprise.
    assert answers[0] == "hidden"
    assert "hidden" in answers[1:], "a second cell of the row keeps the first one hidden"
    assert answers[3] == (24, 24 / 40)  # strongly agree: 6 + 8 + 10


def test_withdrawal_takes_the_enterprise_out_of_the_figures_made_after_it(client, world, shared):
    _enterprise, evaluation = shared["wal1"]
    sharing.decide(evaluation, SharingLevel.NOTHING, world.user("enterprise_admin"))
    page = _page(client, world)
    (indicator,) = page.context["results"].indicators
    assert indicator.tables[0].rows[-1].values[:3] == [3, 25, 30]  # 20, 30, 40
    (item,) = page.context["results"].items
    assert item.tables[0].rows[-2].values[:2] == [30, 3]


def test_too_few_sharing_enterprises_show_nothing(client, world, shared):
    for key in ("wal1", "wal2"):
        sharing.decide(shared[key][1], SharingLevel.NOTHING, None)
    page = _page(client, world)
    assert page.context["results"].sections == []
    assert "Nothing to show yet" in page.text


def test_the_exports_hold_the_figures_of_the_page_and_hide_the_same_ones(client, world, shared):
    _page(client, world)
    url = reverse("network_results_csv", args=[world.network.pk])
    text = client.get(url, {"by": "region"}, HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Indicator or item", "Table", "Row", "Figure", "Value"]
    flanders = [row for row in rows if row[2] == "Flanders"]
    assert flanders and {row[4] for row in flanders} == {"hidden"}
    median = next(r for r in rows if r[2] == "All enterprises" and r[3] == "Median")
    assert float(median[4]) == 25
    response = client.get(
        reverse("network_results_xlsx", args=[world.network.pk]),
        {"by": "region"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert len(sheet_rows) == len(rows)
    assert "hidden" in [r[4] for r in sheet_rows if r[2] == "Wallonia"]


def test_the_network_page_leads_its_admins_to_the_results(client, world):
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_results", args=[world.network.pk]) in page.text
    client.force_login(world.user("coach"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_results", args=[world.network.pk]) not in page.text


def test_the_query_count_does_not_grow_with_the_enterprises(client, world, shared):
    client.force_login(world.user("network_admin"))
    url = reverse("network_results", args=[world.network.pk])
    client.get(url)  # the session's first reads
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        sharing_enterprise(
            world.network, f"Plus {number}", value=number, answers=[2] * 5, **WALLONIA
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_answers_are_counted_by_enterprise_and_year_leaving_out_answers_of_no_option(world):
    """The counts the database makes (on PostgreSQL) are those of the Python tally (on
    SQLite): each enterprise's answers to the item in the year of its wave, an answer that
    is none of the item's options left out."""
    first, _ = sharing_enterprise(world.network, "Un", answers=[4, 4, 3, 9], **WALLONIA)
    second, _ = sharing_enterprise(world.network, "Deux", answers=[1, 2, 2], **FLANDERS)
    sharing_enterprise(world.network, "Privé", answers=[1] * 5, level=SharingLevel.NOTHING)
    counts = load_network.network_data(world.network).item_counts
    assert {key: dict(tally) for key, tally in counts["self_confidence"].items()} == {
        (first.pk, "2026"): {"4": 2, "3": 1},
        (second.pk, "2026"): {"1": 1, "2": 2},
    }
