"""The progress board: every followed enterprise with its step, sub-steps, last activity,
next milestone, and whether it is late or stalled; filters, chart and spreadsheet."""

import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_enterprise, make_evaluation
from vises.evaluations import journey
from vises.evaluations.models import Evaluation, Part
from vises.networks.models import Milestone, Programme

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def in_english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def programme_of(world, **fields) -> Programme:
    """A programme of the network running today with the enterprise and its sibling: the
    preliminary step was due ten days ago, step 1 is due in five days."""
    programme = Programme.objects.create(
        network=world.network,
        name=fields.pop("name", "Cohorte 2026"),
        starts_on=days(-100),
        ends_on=days(200),
        **fields,
    )
    programme.enterprises.add(world.enterprise, world.sibling)
    programme.coaches.add(world.user("coach"))
    Milestone.objects.create(programme=programme, step=0, due_on=days(-10))
    Milestone.objects.create(programme=programme, step=1, due_on=days(5))
    return programme


def preliminary_done(evaluation):
    Part.objects.create(
        evaluation=evaluation, name=Part.Name.PRELIMINARY, content={"motivation_text": "Pourquoi"}
    )
    evaluation.team.add(evaluation.enterprise.memberships.first().user)


def row_of(page, name: str) -> str:
    return re.search(rf"{name}.*?</tr>", page.text, re.S).group(0)


def test_board_shows_step_substeps_last_activity_next_milestone_and_late(client, world):
    programme_of(world)
    on_time = make_evaluation(world.enterprise, title="Impact d'Atelier Vert")
    preliminary_done(on_time)
    client.force_login(world.user("network_admin"))

    page = client.get(reverse("network_progress", args=[world.network.pk]))

    assert page.status_code == 200
    overview = journey.standing(on_time)
    row = row_of(page, "Atelier Vert")
    assert "Step 1: State of play and evaluative question" in row
    assert "0 of 5 sub-steps done" in row
    assert f"{overview.progress}%" in row
    assert "<time datetime=" in row
    assert "State of play and evaluative question" in row  # next milestone, in 5 days
    assert "late" not in row
    # The sibling never started: the preliminary step's milestone has passed.
    sibling = row_of(page, "Crèche Soleil")
    assert "No evaluation yet." in sibling and 'class="badge overdue"' in sibling
    # The evaluation's content is not shown to the network, nor a link into it.
    assert "/evaluations/" not in page.text


def test_an_enterprise_without_activity_for_longer_than_the_programme_allows_is_stalled(
    client, world
):
    programme_of(world, stalled_after_days=14)
    quiet = make_evaluation(world.enterprise)
    Evaluation.objects.filter(pk=quiet.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=15)
    )
    client.force_login(world.user("network_admin"))

    page = client.get(reverse("network_progress", args=[world.network.pk]))

    assert 'class="badge stalled"' in row_of(page, "Atelier Vert")
    stalled = client.get(
        reverse("network_progress", args=[world.network.pk]), {"status": "stalled"}
    )
    assert "Atelier Vert" in stalled.text


def test_filters_by_group_country_region_coach_and_programme(client, world):
    programme_of(world)
    make_enterprise(
        "Ferme Lilloise", world.network, country="FR", region="FR-HDF", postcode="59000"
    )
    client.force_login(world.user("network_admin"))
    url = reverse("network_progress", args=[world.network.pk])

    def listed(**filters):
        page = client.get(url, filters)
        assert page.status_code == 200
        return {n for n in ["Atelier Vert", "Crèche Soleil", "Ferme Lilloise"] if n in page.text}

    assert listed() == {"Atelier Vert", "Crèche Soleil", "Ferme Lilloise"}
    assert listed(group="collective_service") == {"Crèche Soleil"}
    assert listed(country="FR") == {"Ferme Lilloise"}
    assert listed(region="BE-WAL") == {"Atelier Vert", "Crèche Soleil"}
    assert listed(coach=world.user("coach").pk) == {"Atelier Vert"}
    assert listed(programme=Programme.objects.get().pk) == {"Atelier Vert", "Crèche Soleil"}
    assert listed(status="late") == {"Atelier Vert", "Crèche Soleil"}


def test_chart_counts_enterprises_at_each_step_without_inline_style(client, world):
    evaluation = make_evaluation(world.enterprise)
    preliminary_done(evaluation)
    client.force_login(world.user("network_admin"))

    page = client.get(reverse("network_progress", args=[world.network.pk]))

    svg = re.search(r"<svg.*?</svg>", page.text, re.S).group(0)
    assert "style=" not in svg and "<style" not in svg
    assert "Not started: 1; Preliminary step: 0; State of play and evaluative question: 1" in svg


def test_spreadsheet_holds_the_filtered_board(client, world):
    programme_of(world)
    make_evaluation(world.enterprise, title="Impact d'Atelier Vert")
    client.force_login(world.user("network_admin"))

    response = client.get(
        reverse("network_progress_xlsx", args=[world.network.pk]), {"group": "integration"}
    )

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Enterprise", "Enterprise group", "Country")
    assert [r[0] for r in rows[1:]] == ["Atelier Vert"]
    header = rows[0]
    record = dict(zip(header, rows[1], strict=True))
    assert record["Programme"] == "Cohorte 2026"
    assert record["Evaluation"] == "Impact d'Atelier Vert"
    assert record["Late"] == "Yes"
    assert record["Next milestone"] == "State of play and evaluative question"
    assert record["Due on"].date() == days(5)
    assert record["Coaches"] == "Coach"


def test_coach_sees_the_same_board_for_their_enterprises_only(client, world):
    programme_of(world)
    client.force_login(world.user("coach"))

    page = client.get(reverse("network_progress", args=[world.network.pk]))
    xlsx = client.get(reverse("network_progress_xlsx", args=[world.network.pk]))

    assert page.status_code == 200
    assert "Atelier Vert" in page.text and "Crèche Soleil" not in page.text
    names = [
        r[0]
        for r in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert names == ["Atelier Vert"]


@pytest.mark.parametrize("name", ["network_progress", "network_progress_xlsx"])
def test_another_networks_board_is_not_found(client, world, name):
    client.force_login(world.other_admin)
    assert client.get(reverse(name, args=[world.network.pk])).status_code == 404
    client.force_login(world.user("researcher"))
    assert client.get(reverse(name, args=[world.network.pk])).status_code == 403


def test_board_queries_do_not_grow_with_the_enterprises(
    client, world, django_assert_max_num_queries
):
    programme_of(world)
    for n in range(6):
        enterprise = make_enterprise(f"Entreprise {n}", world.network)
        make_evaluation(enterprise)
    client.force_login(world.user("network_admin"))
    url = reverse("network_progress", args=[world.network.pk])
    with django_assert_max_num_queries(40):
        client.get(url)


def test_board_says_what_each_evaluation_shares_and_opens_the_content_shared(client, world):
    from vises.evaluations import sharing
    from vises.evaluations.models import SharingLevel

    shared = make_evaluation(world.enterprise, "Impact partagé")
    kept = make_evaluation(world.sibling, "Impact gardé")
    sharing.decide(shared, SharingLevel.CONTENT, world.user("enterprise_admin"))
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_progress", args=[world.network.pk]))
    shared_row, kept_row = row_of(page, world.enterprise.name), row_of(page, world.sibling.name)
    assert "Read-only content for the network&#x27;s admins" in shared_row
    assert reverse("evaluation_detail", args=[shared.pk]) in shared_row
    assert "Nothing" in kept_row
    assert reverse("evaluation_detail", args=[kept.pk]) not in kept_row
    assert client.get(reverse("evaluation_detail", args=[shared.pk])).status_code == 200

    sharing.decide(shared, SharingLevel.AGGREGATED, world.user("enterprise_admin"))
    page = client.get(reverse("network_progress", args=[world.network.pk]))
    assert reverse("evaluation_detail", args=[shared.pk]) not in row_of(page, world.enterprise.name)
