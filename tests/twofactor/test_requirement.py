"""Who must sign in with two factors: network admins and platform staff by the
VISES_REQUIRE_TWO_FACTOR setting, coaches and enterprise admins by their network."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_user
from tests.twofactor.conftest import code_of, shown_secret, sign_in, sign_in_with_both
from vises.accounts.models import EnterpriseMembership
from vises.twofactor import devices

SETUP = reverse("two_factor_setup")


def opens_pages(client) -> bool:
    return client.get(reverse("enterprise_list")).status_code == 200


def test_a_network_admin_sets_it_up_before_any_page(client, world, settings):
    settings.VISES_REQUIRE_TWO_FACTOR = True
    admin = world.user("network_admin")
    sign_in(client, admin.email)
    for page in [reverse("home"), reverse("profile"), reverse("two_factor")]:
        response = client.get(page)
        assert response.headers["Location"] == f"{SETUP}?next={quote(page, safe='')}"
    setup = client.get(SETUP)
    assert "Your role requires two-factor sign-in: set it up to go on." in setup.text
    assert "Not now" not in setup.text

    client.post(SETUP, {"code": code_of(shown_secret(setup))})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    assert opens_pages(client)


def test_without_the_setting_a_network_admin_signs_in_with_a_password(client, world, settings):
    settings.VISES_REQUIRE_TWO_FACTOR = False
    sign_in(client, world.user("network_admin").email)
    assert opens_pages(client)


@pytest.mark.parametrize("required", [True, False])
def test_platform_staff_follow_the_setting(world, settings, required):
    settings.VISES_REQUIRE_TWO_FACTOR = required
    staff = make_user("staff@example.org", is_staff=True)
    assert devices.is_required(staff) is required
    assert devices.is_required(world.user("enterprise_admin")) is False


def test_a_network_requires_it_of_its_coaches_and_enterprise_admins(client, world, settings):
    settings.VISES_REQUIRE_TWO_FACTOR = False
    world.network.require_two_factor = True
    world.network.save()
    required = {role: devices.is_required(world.user(role)) for role in world.users}
    assert required == {
        "network_admin": False,
        "coach": True,
        "researcher": False,
        "enterprise_admin": True,
        "enterprise_member": False,
        "outsider": False,
    }
    # The other network's people are left alone.
    assert not devices.is_required(world.other_admin)

    sign_in(client, world.user("enterprise_admin").email)
    assert client.get(reverse("home")).headers["Location"].startswith(SETUP)
    client.post(reverse("logout"))
    sign_in(client, world.user("enterprise_member").email)
    assert opens_pages(client)


def test_an_enterprise_asking_to_join_is_not_held_to_the_networks_rule(world):
    applicant_admin = make_user("applicant@example.org")
    EnterpriseMembership.objects.create(
        user=applicant_admin, enterprise=world.applicant, role="enterprise_admin"
    )
    world.network.require_two_factor = True
    world.network.save()
    assert not devices.is_required(applicant_admin)


def test_the_network_admin_requires_it_on_the_networks_settings_page(client, world):
    admin = world.user("network_admin")
    client.force_login(admin)
    detail = client.get(reverse("network_detail", args=[world.network.pk]))
    settings_url = reverse("network_settings", args=[world.network.pk])
    assert settings_url in detail.text
    page = client.get(settings_url, HTTP_ACCEPT_LANGUAGE="en")
    assert "require two-factor sign-in of coaches and enterprise admins" in page.text.lower()
    response = client.post(settings_url, {"require_two_factor": "on"})
    assert response.headers["Location"] == settings_url
    world.network.refresh_from_db()
    assert world.network.require_two_factor

    client.post(reverse("logout"))
    sign_in(client, world.user("coach").email)
    assert client.get(reverse("home")).headers["Location"].startswith(SETUP)


def test_gate_takes_one_query(world, settings, django_assert_num_queries):
    settings.VISES_REQUIRE_TWO_FACTOR = True
    with django_assert_num_queries(1):
        gate = devices.gate(world.user("network_admin"))
    assert gate == devices.Gate(has_authenticator=False, required=True)


@pytest.mark.parametrize(
    ("environment", "required"), [({}, "True"), ({"VISES_REQUIRE_TWO_FACTOR": "false"}, "False")]
)
def test_a_deployment_requires_it_unless_told_otherwise(tmp_path, environment, required):
    env = {
        "VISES_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "vises.settings",
        "PYTHONPATH": os.pathsep.join(sys.path),
        **environment,
    }
    read = "from django.conf import settings; print(settings.VISES_REQUIRE_TWO_FACTOR)"
    result = subprocess.run(
        [sys.executable, "-c", read], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == required


def test_make_run_serves_the_demo_without_the_requirement():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "VISES_REQUIRE_TWO_FACTOR=false $(BIN)/vises serve" in run


def test_signing_out_and_switching_language_stay_open_before_the_code(
    client, world, with_two_factor
):
    coach = world.user("coach")
    with_two_factor(coach)
    sign_in(client, coach.email)
    switched = client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert switched.headers["Location"] == "/"
    coach.refresh_from_db()
    assert coach.preferred_language == "nl"
    assert client.post(reverse("logout")).headers["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_network_admin_who_turns_it_off_sets_up_a_new_app_at_once(
    client, world, settings, with_two_factor
):
    settings.VISES_REQUIRE_TWO_FACTOR = True
    admin = world.user("network_admin")
    secret, _codes = with_two_factor(admin)
    sign_in_with_both(client, admin, secret)
    page = client.get(reverse("two_factor"))
    assert "you will then set up an authenticator app again" in page.text
    response = client.post(
        reverse("two_factor_turn_off"), {"code": code_of(secret, steps_ahead=2)}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "Your role requires two-factor sign-in: set it up to go on." in response.text
