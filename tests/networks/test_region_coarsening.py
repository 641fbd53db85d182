"""A researcher never reads a region that, with the enterprise group, would single out an
enterprise: on every page they may open and in the CSV, the country stands for it."""

import csv
import datetime
import io
import re

from django.db import transaction
from django.urls import reverse

from tests.access.test_every_url import ALL_PATTERNS, EXPECTED, OK, samples
from tests.conftest import make_enterprise, make_evaluation
from vises.evaluations.models import (
    AccompanimentSession,
    SharingConsent,
    SharingLevel,
    StepFeedback,
)

# Atelier Vert (integration) and Crèche Soleil (collective services) are each the only
# one of their group in Wallonia; three integration enterprises share Hauts-de-France.
SINGLING_OUT = ["Wallonia", "Wallonie", "Wallonië", "BE-WAL"]


def accompanied(world):
    hauts_de_france = [
        make_enterprise(
            f"Insertion {number}",
            world.network,
            country="FR",
            region="FR-HDF",
            postcode="59000",
        )
        for number in range(3)
    ]
    for enterprise in [world.enterprise, world.sibling, *hauts_de_france]:
        evaluation = make_evaluation(enterprise)
        StepFeedback.objects.create(evaluation=evaluation, step=0, usefulness=4, difficulty=2)
        SharingConsent.objects.create(evaluation=evaluation, level=SharingLevel.RESEARCH)
    AccompanimentSession.objects.create(
        evaluation=world.enterprise.evaluations.get(),
        coach=world.user("coach"),
        date=datetime.date(2026, 3, 2),
        duration_minutes=60,
        step=0,
        topics="Question évaluative",
    )


def researcher_pages():
    """Every page a researcher of the network may open, by the rules of test_every_url."""
    for name, route, _params in ALL_PATTERNS:
        if name.startswith("admin:"):
            continue
        methods, rule = EXPECTED[name]
        if "GET" in methods and rule("researcher", "own") == OK:
            yield name, route


def test_no_researcher_page_nor_file_shows_a_region_that_singles_out(client, world):
    accompanied(world)
    client.force_login(world.user("researcher"))
    opened = set()
    for name, route in researcher_pages():
        # Each page's sample objects are made for it alone, then undone.
        with transaction.atomic():
            values = samples(world, name, "own")
            url = "/" + re.sub(r"<(\w+)>", lambda match, v=values: str(v[match.group(1)]), route)
            for language in ["en", "fr", "nl"]:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                if response.status_code != 200:
                    continue
                opened.add(name)
                # The choices of a filter name every region, and no enterprise.
                content = b"".join(response) if response.streaming else response.content
                body = re.sub(
                    r"<select.*?</select>", "", content.decode("utf-8", "replace"), flags=re.S
                )
                for word in SINGLING_OUT:
                    assert word not in body, f"{word} on {name} ({language})"
            transaction.set_rollback(True)
    assert {
        "network_detail",
        "network_accompaniment",
        "network_accompaniment_csv",
        "network_research",
        "network_research_csv",
    } <= opened


def test_the_country_stands_for_a_region_that_singles_out(client, world):
    accompanied(world)
    client.force_login(world.user("researcher"))
    page = client.get(
        reverse("network_accompaniment", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    regions = {row.enterprise: row.region_label for row in page.context["feedback"]}
    assert regions[world.enterprise.pseudonym] == "Belgium"
    assert regions[world.sibling.pseudonym] == "Belgium"
    assert {regions[e.pseudonym] for e in world.network.enterprises.filter(region="FR-HDF")} == {
        "Hauts-de-France"
    }
    assert page.context["sessions"][0].region_label == "Belgium"
    assert "the country stands for the region" in page.text

    response = client.get(reverse("network_accompaniment_csv", args=[world.network.pk]))
    rows = list(
        csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")))
    )
    by_enterprise = {row["enterprise"]: (row["country"], row["region"]) for row in rows}
    assert by_enterprise[world.enterprise.pseudonym] == ("BE", "BE")
    assert by_enterprise[world.sibling.pseudonym] == ("BE", "BE")
    assert {
        by_enterprise[e.pseudonym] for e in world.network.enterprises.filter(region="FR-HDF")
    } == {("FR", "FR-HDF")}

    page = client.get(
        reverse("network_research", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    regions = {row.enterprise: row.region_label for row in page.context["rows"]}
    assert regions[world.enterprise.pseudonym] == regions[world.sibling.pseudonym] == "Belgium"
    response = client.get(reverse("network_research_csv", args=[world.network.pk]))
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")))
    by_enterprise = {row["enterprise"]: row["region"] for row in rows if row["enterprise"]}
    assert by_enterprise[world.enterprise.pseudonym] == "BE"
    assert "FR-HDF" in by_enterprise.values()


def test_only_the_enterprises_in_the_view_are_counted(client, world):
    """Two more integration enterprises of Wallonia without any session or feedback are
    not in the view: Atelier Vert stays alone there among what the researcher reads."""
    accompanied(world)
    make_enterprise("Silencieuse 1", world.network)
    make_enterprise("Silencieuse 2", world.network)
    client.force_login(world.user("researcher"))
    page = client.get(
        reverse("network_accompaniment", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Wallonia" not in page.text
    for name in ["Silencieuse 1", "Silencieuse 2"]:
        evaluation = make_evaluation(world.network.enterprises.get(name=name))
        StepFeedback.objects.create(evaluation=evaluation, step=0, usefulness=3, difficulty=3)
        SharingConsent.objects.create(evaluation=evaluation, level=SharingLevel.RESEARCH)
    page = client.get(
        reverse("network_accompaniment", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Wallonia" in page.text
