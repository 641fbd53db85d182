"""A network's aggregated results read beside a programme's (the territorial report of a
cohort): the network's figures minus the programme's never give back the answers or
values of the enterprises outside the programme when they are too few."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tests.networks.test_results_nested import shared  # noqa: F401 (a fixture)
from vises.networks import aggregated
from vises.networks.models import Programme
from vises.reports import territorial


def _programme(world, enterprises, name):
    cohort = Programme.objects.create(
        network=world.network,
        name=name,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    cohort.enterprises.set(enterprises)
    return cohort


def _network_csv(client, world, by):
    """The network's figures as its CSV export writes them: (what, table, row, figure)
    -> value, of the breakdown's tables (the first of each section)."""
    client.force_login(world.user("network_admin"))
    page = client.get(
        reverse("network_results", args=[world.network.pk]), {"by": by}, HTTP_ACCEPT_LANGUAGE="en"
    )
    captions = {section.tables[0].caption for section in page.context["results"].sections}
    text = client.get(
        reverse("network_results_csv", args=[world.network.pk]),
        {"by": by},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode("utf-8-sig")
    return {
        (what, row, figure): int(value) if value.isdigit() else value
        for what, table, row, figure, value in list(csv.reader(io.StringIO(text)))[1:]
        if table in captions
    }


def _programme_counts(cohort, by):
    """The programme's counts as its territorial report takes them: (what, row, figure)
    -> count, hidden ones left out."""
    results = aggregated.network_results(cohort.network, by, programme=cohort)
    counts = {}
    for section in results.sections:
        table = section.tables[0]
        for row, cells in table.lines():
            if row.total and row.key == "" and (section.title, row.label) in counts:
                continue
            for column, (value, kind) in zip(table.columns, cells, strict=True):
                if value is aggregated.HIDDEN or kind not in ("count", "answer"):
                    continue
                count = value[0] if kind == "answer" else value
                if count is not None:
                    counts[(section.title, row.label, column.label)] = count
    return counts


@pytest.mark.parametrize("by", ["region", "country", "group"])
def test_the_network_minus_a_programme_of_all_but_one_gives_back_nothing(
    client,
    world,
    shared,  # noqa: F811 (the fixture)
    by,
):
    """Ten enterprises share; the programme holds nine. Any figure the network's page
    and CSV show beside the same figure of the programme would differ by the tenth
    enterprise's answers (8 respondents) or value: the programme hides it instead."""
    outsider = shared[-1]  # in Grand Est
    cohort = _programme(world, shared[:-1], "Presque tous")
    network = _network_csv(client, world, by)
    with translation.override("en"):
        counts = _programme_counts(cohort, by)
        document = territorial.compose_territorial(
            territorial.create(cohort, None, language="en", title="Territoires")
        )
    given_back = {
        key: network[key] - count
        for key, count in counts.items()
        if isinstance(network.get(key), int) and network[key] != count
    }
    assert given_back == {}, f"{outsider} comes back from the network minus the programme"
    assert document.blocks  # the report is still made, with what may be shown


def test_two_programmes_apart_and_the_network_give_back_no_enterprise_left_out(
    client,
    world,
    shared,  # noqa: F811 (the fixture)
):
    """Two programmes of five and four enterprises leave one out: the network minus
    both would be its figures. Whatever the network and both programmes show of the
    same row, the network's is not the sum of the programmes' unless all three agree
    on hiding nothing of that enterprise."""
    first = _programme(world, shared[:5], "Première")
    second = _programme(world, shared[5:-1], "Seconde")
    network = _network_csv(client, world, "region")
    with translation.override("en"):
        one, other = _programme_counts(first, "region"), _programme_counts(second, "region")
    given_back = {
        key: network[key] - one[key] - other[key]
        for key in set(one) & set(other)
        if isinstance(network.get(key), int) and network[key] != one[key] + other[key]
    }
    assert given_back == {}
