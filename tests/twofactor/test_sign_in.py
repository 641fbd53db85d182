"""Signing in with a password, then a code of the app or a recovery code."""

from urllib.parse import quote

from django.urls import reverse

from tests.conftest import PASSWORD, make_user
from tests.twofactor.conftest import code_of, give_code, sign_in


def test_the_password_alone_opens_no_page(client, world, with_two_factor):
    coach = world.user("coach")
    with_two_factor(coach)
    assert sign_in(client, coach.email).headers["Location"] == reverse("home")
    for page in ["home", "enterprise_list", "profile", "two_factor"]:
        response = client.get(reverse(page))
        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"{reverse('two_factor_verify')}?next={quote(reverse(page), safe='')}"
        )
    code_page = client.get(reverse("two_factor_verify"))
    assert "Sign-in code" in code_page.text
    # No way into the pages is shown before the code.
    assert reverse("enterprise_list") not in code_page.text


def test_the_apps_code_opens_the_page_asked_for(client, world, with_two_factor):
    coach = world.user("coach")
    secret, _codes = with_two_factor(coach)
    sign_in(client, coach.email)
    response = give_code(client, code_of(secret, steps_ahead=1), next_url="/enterprises/")
    assert response.headers["Location"] == "/enterprises/"
    assert "Atelier Vert" in client.get(reverse("enterprise_list")).text


def test_a_code_is_not_taken_twice(client, world, with_two_factor):
    coach = world.user("coach")
    secret, _codes = with_two_factor(coach)
    code = code_of(secret, steps_ahead=1)
    sign_in(client, coach.email)
    give_code(client, code)
    client.post(reverse("logout"))
    sign_in(client, coach.email)
    replayed = give_code(client, code)
    assert replayed.status_code == 200
    assert "This code is not right." in replayed.text


def test_a_wrong_code_is_refused_in_the_persons_language(client, world, with_two_factor):
    coach = world.user("coach")
    coach.preferred_language = "nl"
    coach.save()
    with_two_factor(coach)
    sign_in(client, coach.email)
    refused = give_code(client, "123456", language="fr")
    assert refused.status_code == 200
    assert '<html lang="nl">' in refused.text
    assert "Deze code klopt niet." in refused.text
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_signs_in_once(client, world, settings, with_two_factor):
    # No wait after a wrong code here (tested below): the next code follows at once.
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    coach = world.user("coach")
    _secret, codes = with_two_factor(coach)
    sign_in(client, coach.email)
    # Typed as people copy it: in capitals, with spaces.
    response = give_code(client, f"  {codes[0].upper().replace('-', ' ')} ")
    assert response.headers["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "You used a recovery code: 9 are left." in home.text

    client.post(reverse("logout"))
    sign_in(client, coach.email)
    assert "This code is not right." in give_code(client, codes[0]).text
    assert give_code(client, codes[1]).headers["Location"] == reverse("home")


def test_wrong_codes_lock_out_like_wrong_passwords(client, world, settings, with_two_factor):
    coach = world.user("coach")
    coach.preferred_language = "fr"
    coach.save()
    secret, codes = with_two_factor(coach)
    sign_in(client, coach.email)
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert give_code(client, f"{attempt:06d}").status_code == 200
    locked = give_code(client, "999999")
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.text
    assert "_auth_user_id" not in client.session
    # The right password no longer signs in, nor the right code.
    assert sign_in(client, coach.email).status_code == 429
    assert "_auth_user_id" not in client.session


def test_signing_in_again_gives_no_fresh_guesses(client, world, with_two_factor):
    """The device waits longer after each wrong code, whoever signs in with the password."""
    coach = world.user("coach")
    secret, _codes = with_two_factor(coach)
    sign_in(client, coach.email)
    for attempt in range(3):
        give_code(client, f"{attempt:06d}")
    client.post(reverse("logout"))
    sign_in(client, coach.email)
    refused = give_code(client, code_of(secret, steps_ahead=1))
    assert "Too many wrong codes were typed. Wait until" in refused.text
    assert client.get(reverse("home")).status_code == 302


def test_the_platform_admins_sign_in_asks_for_the_code_too(client, world, with_two_factor):
    root = make_user("root@example.org", is_staff=True, is_superuser=True)
    with_two_factor(root)
    client.post(reverse("admin:login"), {"username": root.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    response = client.get(reverse("admin:index"))
    assert response.headers["Location"].startswith(reverse("two_factor_verify"))
