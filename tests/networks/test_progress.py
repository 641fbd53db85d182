"""What a network admin sees of the evaluations of the enterprises admitted to the
network: where each stands, never its content."""

import re

from django.urls import reverse

from tests.conftest import make_evaluation
from vises.evaluations import journey
from vises.evaluations.models import Part


def evaluation_links(html: str) -> list[str]:
    return re.findall(r'href="(/evaluations/[^"]*)"', html)


def started(world):
    """An evaluation of the admitted enterprise with a bit of its preliminary step, one of
    an enterprise asking to join, and one of another network's enterprise."""
    evaluation = make_evaluation(world.enterprise, title="Impact d'Atelier Vert")
    Part.objects.create(
        evaluation=evaluation,
        name=Part.Name.PRELIMINARY,
        content={"motivation_text": "Montrer ce que deviennent nos stagiaires"},
    )
    make_evaluation(world.applicant, title="Impact de Coop Demain")
    make_evaluation(world.other_enterprise, title="Impact van Buurtwerk")
    return evaluation


def test_network_admin_sees_step_progress_and_last_activity_of_each_admitted_enterprise(
    client, world
):
    evaluation = started(world)
    client.force_login(world.user("network_admin"))

    page = client.get(reverse("network_progress", args=[world.network.pk]))

    assert page.status_code == 200
    overview = journey.overview([evaluation])[0]
    row = re.search(r"Impact d&#x27;Atelier Vert.*?</tr>", page.text, re.S).group(0)
    assert f"{overview.progress}%" in row
    assert str(overview.current_step.label) in row
    assert "<time datetime=" in row
    # The sibling has no evaluation yet; the applicant and the other network are not listed.
    assert "Crèche Soleil" in page.text
    assert "Coop Demain" not in page.text and "Buurtwerk" not in page.text


def test_network_admin_is_shown_no_link_into_an_evaluations_content(client, world):
    started(world)
    client.force_login(world.user("network_admin"))

    progress_page = client.get(reverse("network_progress", args=[world.network.pk]))
    enterprise_page = client.get(reverse("enterprise_detail", args=[world.enterprise.pk]))

    assert "Impact d&#x27;Atelier Vert" in enterprise_page.text
    assert evaluation_links(progress_page.text) == []
    assert evaluation_links(enterprise_page.text) == []
    assert "Montrer ce que deviennent" not in progress_page.text + enterprise_page.text


def test_the_team_and_the_coach_open_the_evaluation_from_the_enterprise_page(client, world):
    evaluation = started(world)
    for role in ["enterprise_admin", "enterprise_member", "coach"]:
        client.force_login(world.user(role))
        page = client.get(reverse("enterprise_detail", args=[world.enterprise.pk]))
        assert reverse("evaluation_detail", args=[evaluation.pk]) in page.text, role
        assert f"{journey.overview([evaluation])[0].progress}%" in page.text, role


def test_only_the_networks_admins_and_coaches_open_its_progress_page(client, world):
    url = reverse("network_progress", args=[world.network.pk])
    for role, status in [("coach", 200), ("researcher", 403), ("enterprise_admin", 404)]:
        client.force_login(world.user(role))
        assert client.get(url).status_code == status, role
    client.force_login(world.other_admin)
    assert client.get(url).status_code == 404


def test_network_admin_reaches_the_progress_page_from_home_and_the_network_page(client, world):
    client.force_login(world.user("network_admin"))
    url = reverse("network_progress", args=[world.network.pk])
    assert url in client.get(reverse("home")).text
    assert url in client.get(reverse("network_detail", args=[world.network.pk])).text
