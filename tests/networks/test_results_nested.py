"""Regions are parts of countries: a network admin switching the aggregated results from
"by region" to "by country" (or reading the territorial report's regions) cannot find a
hidden region by subtracting the shown regions of a country from that country's row."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.networks.shared_figures import sharing_enterprise
from vises.networks import aggregated
from vises.networks.models import Programme
from vises.reports import territorial

PLACES = {
    "BE-WAL": ({"country": "BE", "region": "BE-WAL"}, 4),
    "BE-VLG": ({"country": "BE", "region": "BE-VLG", "postcode": "9000"}, 1),
    "FR-HDF": ({"country": "FR", "region": "FR-HDF", "postcode": "59000"}, 2),
    "FR-GES": ({"country": "FR", "region": "FR-GES", "postcode": "67000"}, 3),
}


@pytest.fixture
def shared(world):
    """Ten enterprises sharing: four in Wallonia and one in Flanders (Belgium), two in
    Hauts-de-France and three in Grand Est (France). By region, Flanders and
    Hauts-de-France are too small and hide each other; by country, both countries are
    large enough to show."""
    made = []
    for region, (place, count) in PLACES.items():
        for number in range(count):
            made.append(
                sharing_enterprise(
                    world.network,
                    f"{region} {number}",
                    value=10 + len(made),
                    answers=[1, 1, 2, 2, 3, 3, 4, 4],
                    **place,
                )[0]
            )
    return made


def _tables(client, world, by):
    client.force_login(world.user("network_admin"))
    page = client.get(
        reverse("network_results", args=[world.network.pk]), {"by": by}, HTTP_ACCEPT_LANGUAGE="en"
    )
    return {section.code: section.tables[0] for section in page.context["results"].sections}


def _counts(table):
    """Each row's counts by column (a hidden one None): the enterprises, respondents and
    answers a subtraction could work on, by the row's key ("" for the total)."""
    rows = {}
    for row, cells in table.lines():
        if row.total and row.key == "" and "" in rows:
            continue  # the total counted with each enterprise the same: no counts
        counts = []
        for value, kind in cells:
            if kind == "answer":
                counts.append(None if value is aggregated.HIDDEN else value[0])
            elif kind == "count":
                counts.append(None if value is aggregated.HIDDEN else value)
        rows[row.key] = counts
    return rows


def _recoverable(by_region, by_country):
    """Every subtraction across the two views that leaves one hidden figure: a country's
    row minus the shown rows of its regions, the total minus the shown countries or
    regions, a row's respondents minus its shown answers; each as (what, value)."""
    found = []
    columns = len(by_country[""])
    equations = []  # (total, parts), each an entry (view, key, column)
    for j in range(columns):
        for country in by_country:
            if country:
                parts = [("region", key, j) for key in by_region if key.startswith(country + "-")]
                equations.append((("country", country, j), parts))
        for view, rows in (("region", by_region), ("country", by_country)):
            equations.append(((view, "", j), [(view, key, j) for key in rows if key]))
    for view, rows in (("region", by_region), ("country", by_country)):
        for key in rows:
            if columns > 2:  # an item: respondents, enterprises, then the answers
                equations.append(((view, key, 0), [(view, key, j) for j in range(2, columns)]))
    views = {"region": by_region, "country": by_country}

    def value(entry):
        view, key, j = entry
        return views[view][key][j]

    for total, parts in equations:
        unknown = [entry for entry in [total, *parts] if value(entry) is None]
        if len(unknown) != 1:
            continue
        (entry,) = unknown
        if entry == total:
            found.append((entry, sum(value(part) for part in parts)))
        else:
            found.append((entry, value(total) - sum(value(p) for p in parts if p != entry)))
    return found


def test_no_hidden_region_comes_back_by_subtraction_across_the_views(client, world, shared):
    by_region = _tables(client, world, "region")
    by_country = _tables(client, world, "country")
    assert set(by_region) == {"people_supported", "self_confidence"}
    for code in by_region:
        regions, countries = _counts(by_region[code]), _counts(by_country[code])
        assert regions["BE-VLG"][0] is None and regions["FR-HDF"][0] is None
        assert _recoverable(regions, countries) == [], code


def test_the_exports_and_the_territorial_report_hide_what_the_pages_hide(client, world, shared):
    by_region = _tables(client, world, "region")
    client.force_login(world.user("network_admin"))
    for by in ("region", "country"):
        tables = _tables(client, world, by)
        text = client.get(
            reverse("network_results_csv", args=[world.network.pk]),
            {"by": by},
            HTTP_ACCEPT_LANGUAGE="en",
        ).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        # The first table of each section is the breakdown; the periods have no region.
        captions = {table.caption for table in tables.values()}
        hidden = sum(row[4] == "hidden" for row in rows if row[1] in captions)
        assert hidden == sum(table.hidden_count for table in tables.values())
        assert hidden > 0 or by == "country"
    cohort = Programme.objects.create(
        network=world.network,
        name="Cohorte 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    cohort.enterprises.set(shared)
    report = territorial.create(cohort, None, language="en", title="Territoires")
    document = territorial.compose_territorial(report)
    tables = [
        block.table
        for block in document.blocks
        if block.kind == "table" and block.table["header"][:2] == ["Region", "Country"]
    ]
    written = [[cell == "hidden" for cell in row[2:]] for table in tables for row in table["rows"]]
    shown = [
        [value is aggregated.HIDDEN for value in row.values]
        for table in by_region.values()
        for row in table.rows
    ]
    assert written == shown
