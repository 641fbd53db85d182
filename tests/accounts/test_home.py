"""Each role's home: a way into what that role does, and nothing it may not do."""

import re

from django.urls import reverse

from tests.conftest import make_evaluation, make_user
from vises.evaluations import journey


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#]*)"', html))


def home_of(client, person):
    client.force_login(person)
    return client.get(reverse("home"))


def test_researcher_is_offered_the_network_s_accompaniment_and_nothing_to_register(client, world):
    page = home_of(client, world.user("researcher"))
    shown = links(page.text)
    assert reverse("network_accompaniment", args=[world.network.pk]) in shown
    assert reverse("enterprise_create") not in shown
    # A researcher follows no enterprise by name: no list of enterprises either.
    assert reverse("enterprise_list") not in shown


def test_coach_is_led_to_the_enterprises_they_accompany(client, world):
    shown = links(home_of(client, world.user("coach")).text)
    assert reverse("coach_dashboard") in shown
    assert reverse("enterprise_detail", args=[world.enterprise.pk]) in shown
    assert reverse("enterprise_create") not in shown


def test_network_admin_is_led_to_the_progress_and_the_programme(client, world):
    shown = links(home_of(client, world.user("network_admin")).text)
    assert reverse("network_progress", args=[world.network.pk]) in shown
    assert reverse("network_enterprises", args=[world.network.pk]) in shown
    assert reverse("enterprise_create") not in shown


def test_people_without_a_network_role_may_register_an_enterprise(client, world):
    for role in ["enterprise_admin", "outsider"]:
        shown = links(home_of(client, world.user(role)).text)
        assert reverse("enterprise_create") in shown, role
        assert reverse("enterprise_list") in shown, role


def test_the_enterprise_team_goes_on_with_its_evaluation_from_home(client, world):
    evaluation = make_evaluation(world.enterprise, title="Impact d'Atelier Vert")
    make_evaluation(world.other_enterprise, title="Impact van Buurtwerk")
    for role in ["enterprise_admin", "enterprise_member"]:
        page = home_of(client, world.user(role))
        assert reverse("evaluation_detail", args=[evaluation.pk]) in links(page.text), role
        assert f"{journey.overview([evaluation])[0].progress}%" in page.text, role
        assert "Buurtwerk" not in page.text, role


def test_platform_staff_find_the_administration_from_home(client, world):
    staff = make_user("root@example.org", is_staff=True, is_superuser=True)
    assert reverse("admin:index") in links(home_of(client, staff).text)
    assert reverse("admin:index") not in links(home_of(client, world.user("network_admin")).text)


def test_every_link_of_each_home_opens_for_its_reader(client, world):
    make_evaluation(world.enterprise)
    for role in ["network_admin", "coach", "researcher", "enterprise_admin", "outsider"]:
        for url in links(home_of(client, world.user(role)).text):
            if url.startswith("/static/"):
                continue
            assert client.get(url).status_code == 200, f"{role}: {url}"
