from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from vises.accounts.models import PasswordResetRequest


def sign_in(client, email, password, language="en"):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_sign_in_leads_home(client, world):
    response = sign_in(client, "coach@example.org", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")
    assert "Atelier Vert" in client.get(reverse("home")).text


def test_email_is_not_case_sensitive(client, world):
    response = sign_in(client, "Coach@Example.org", PASSWORD)
    assert response.headers["Location"] == reverse("home")


def test_wrong_password_is_refused_in_the_visitors_language(client, world):
    response = sign_in(client, "coach@example.org", "not the password", language="fr-BE")
    assert response.status_code == 200
    assert "Saisissez" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_in_is_throttled_after_repeated_failures(client, world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "coach@example.org", "guess", language="nl")
    locked = sign_in(client, "coach@example.org", PASSWORD, language="nl")
    assert locked.status_code == 429
    assert "Te veel pogingen" in locked.text
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_does_not_escape_throttling(client, world, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "coach@example.org".upper() if attempt % 2 else "coach@example.org", "x")
    assert sign_in(client, "Coach@Example.org", PASSWORD).status_code == 429


def test_throttling_one_address_leaves_others_alone(client, world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "coach@example.org", "guess")
    assert sign_in(client, "researcher@example.org", PASSWORD).status_code == 302


def test_inactive_person_cannot_sign_in(client, world):
    world.user("coach").__class__.objects.filter(email="coach@example.org").update(is_active=False)
    assert sign_in(client, "coach@example.org", PASSWORD).status_code == 200


def test_sign_out_needs_a_post(client, world):
    client.force_login(world.user("coach"))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.headers["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_preferred_language_follows_the_person(client, world):
    coach = world.user("coach")
    coach.preferred_language = "nl"
    coach.save()
    sign_in(client, coach.email, PASSWORD, language="fr")
    page = client.get(reverse("enterprise_list"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="nl">' in page.text
    assert "<h1>Ondernemingen</h1>" in page.text


def test_password_reset_sends_a_working_link(client, world, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "coach@example.org"})
    assert response.headers["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    link = next(word for word in mailoutbox[0].body.split() if "/accounts/reset/" in word)
    path = link.split("testserver", 1)[-1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert done.headers["Location"] == reverse("password_reset_complete")
    assert sign_in(client, "coach@example.org", "a new long passphrase").status_code == 302


def test_password_reset_for_unknown_address_reveals_nothing(client, world, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.headers["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_used_reset_link_says_so(client, world):
    page = client.get(
        reverse("password_reset_confirm", args=["MQ", "wrong-token"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "no longer valid" in page.text


def test_password_reset_sends_one_address_at_most_three_emails_an_hour(client, world, mailoutbox):
    for _attempt in range(3):
        sent = client.post(reverse("password_reset"), {"email": "coach@example.org"})
        assert sent.headers["Location"] == reverse("password_reset_done")
    page = client.post(
        reverse("password_reset"), {"email": "COACH@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    assert "Several links were already sent to this address in the last hour." in page.text
    for _attempt in range(12):
        client.post(reverse("password_reset"), {"email": "coach@example.org"})
    assert len(mailoutbox) == 3
    # Another address is not held back; an hour later, this one is not either.
    client.post(reverse("password_reset"), {"email": "enterprise_admin@example.org"})
    assert len(mailoutbox) == 4
    PasswordResetRequest.objects.update(at=timezone.now() - timedelta(minutes=61))
    client.post(reverse("password_reset"), {"email": "coach@example.org"})
    assert len(mailoutbox) == 5


def test_password_reset_throttle_says_the_same_for_an_unknown_address(client, world):
    for _attempt in range(3):
        client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    page = client.post(
        reverse("password_reset"), {"email": "nobody@example.org"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Several links were already sent to this address in the last hour." in page.text


def sign_in_through_proxy(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "coach@example.org", "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_a_lock_out_holds_one_client_not_everyone(client, world, settings):
    settings.VISES_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through_proxy(client, "guess", "203.0.113.5")
    assert sign_in_through_proxy(client, PASSWORD, "203.0.113.5").status_code == 429
    # A client cannot escape by writing an address of its own before the proxy's.
    assert sign_in_through_proxy(client, PASSWORD, "192.0.2.1, 203.0.113.5").status_code == 429
    # The person, signing in from elsewhere through the same proxy, is not locked out.
    assert sign_in_through_proxy(client, PASSWORD, "198.51.100.7").status_code == 302


def test_without_a_proxy_a_forwarded_address_is_ignored(client, world, settings):
    settings.VISES_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through_proxy(client, "guess", f"203.0.113.{attempt}")
    assert sign_in_through_proxy(client, PASSWORD, "198.51.100.7").status_code == 429
