"""The two-factor gate runs on every signed-in request: it must stay cheap, and a change
(an app added, a network turning the requirement on) must hold at the very next page."""

import time

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_user
from tests.twofactor.conftest import sign_in
from vises.accounts.models import EnterpriseMembership
from vises.twofactor import devices

SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")


def home(client):
    return client.get(reverse("home"))


@pytest.mark.parametrize("platform_rule", [True, False])
@pytest.mark.parametrize("network_rule", [True, False])
def test_the_gate_says_what_the_rules_say_for_every_role(
    world, settings, with_two_factor, platform_rule, network_rule
):
    settings.VISES_REQUIRE_TWO_FACTOR = platform_rule
    world.network.require_two_factor = network_rule
    world.network.save()
    staff = make_user("staff@example.org", is_staff=True)
    applicant_admin = make_user("applicant@example.org")
    EnterpriseMembership.objects.create(
        user=applicant_admin, enterprise=world.applicant, role="enterprise_admin"
    )
    with_two_factor(world.user("researcher"))
    people = [*world.users.values(), world.other_admin, staff, applicant_admin]
    for person in people:
        assert devices.gate(person) == devices.Gate(
            has_authenticator=TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
            required=devices.is_required(person),
        ), person.email


def test_a_coach_browsing_is_held_as_soon_as_the_network_requires_it(client, world):
    coach = world.user("coach")
    sign_in(client, coach.email)
    assert home(client).status_code == 200
    assert home(client).status_code == 200

    admin_client = client.__class__()
    admin_client.force_login(world.user("network_admin"))
    settings_url = reverse("network_settings", args=[world.network.pk])
    admin_client.post(settings_url, {"require_two_factor": "on"})

    assert home(client).headers["Location"].startswith(SETUP)
    # Turned off again, the coach goes on without an app.
    admin_client.post(settings_url, {})
    assert home(client).status_code == 200


def test_an_app_added_from_another_session_asks_this_one_for_a_code(client, world, with_two_factor):
    coach = world.user("coach")
    sign_in(client, coach.email)
    assert home(client).status_code == 200
    with_two_factor(coach)
    assert home(client).headers["Location"].startswith(VERIFY)
    devices.turn_off(coach)
    assert home(client).status_code == 200


def test_the_gate_follows_the_platform_setting_between_requests(client, world, settings):
    settings.VISES_REQUIRE_TWO_FACTOR = False
    client.force_login(world.user("network_admin"))
    assert home(client).status_code == 200
    settings.VISES_REQUIRE_TWO_FACTOR = True
    assert home(client).headers["Location"].startswith(SETUP)


def test_the_gate_costs_less_than_building_its_query(world):
    """Building the gate's query with the ORM cost about 2 ms of each signed-in request: it
    is built once, then only run. Counted in this process's own CPU time."""
    coach = world.user("coach")
    devices.gate(coach)
    rounds = 100

    start = time.process_time()
    for _ in range(rounds):
        devices.gate(coach)
    gate = time.process_time() - start

    start = time.process_time()
    for _ in range(rounds):
        str(devices._gate_query(coach, admins_too=False).query)
    building = time.process_time() - start

    assert gate < building / 2, (gate, building)
