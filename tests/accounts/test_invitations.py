from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, open_invitation
from vises.accounts.models import EnterpriseMembership, Invitation, NetworkMembership, User


def invitation_link(mail) -> str:
    return next(w for w in mail.body.split() if "/invitations/" in w).split("8000", 1)[-1]


def test_network_admin_invites_a_coach_who_creates_an_account(client, world, mailoutbox):
    client.force_login(world.user("network_admin"))
    response = client.post(
        reverse("network_members", args=[world.network.pk]),
        {"email": "New.Coach@example.org", "role": "coach", "language": "nl"},
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["new.coach@example.org"]
    assert "Réseau Nord" in mail.subject
    assert "nodigt u uit" in mail.body  # written in the language chosen for the invitee

    client.logout()
    link = invitation_link(mail)
    form = client.get(link)
    assert form.status_code == 200
    response = client.post(
        link,
        {
            "full_name": "Lotte Janssens",
            "password1": "long enough passphrase",
            "password2": "long enough passphrase",
            "preferred_language": "nl",
        },
    )
    assert response.headers["Location"] == reverse("network_detail", args=[world.network.pk])
    user = User.objects.get(email="new.coach@example.org")
    assert user.full_name == "Lotte Janssens"
    assert user.preferred_language == "nl"
    assert NetworkMembership.objects.get(user=user).role == "coach"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_used_invitation_cannot_be_used_again(client, world):
    invitation, token = open_invitation(enterprise=world.enterprise)
    invitation.accepted_at = timezone.now()
    invitation.save()
    response = client.get(reverse("accept_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 410
    assert "déjà été utilisée" in response.text


def test_expired_invitation_says_so(client, world):
    invitation, token = open_invitation(enterprise=world.enterprise)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    response = client.get(reverse("accept_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410
    assert "expired" in response.text


def test_unknown_token_is_refused_clearly(client, world):
    response = client.get(reverse("accept_invitation", args=["made-up"]))
    assert response.status_code == 410


def test_accepting_twice_at_once_gives_one_membership(client, world):
    invitation, token = open_invitation(enterprise=world.enterprise)
    data = {
        "full_name": "Sam",
        "password1": "long enough passphrase",
        "password2": "long enough passphrase",
        "preferred_language": "fr",
    }
    client.post(reverse("accept_invitation", args=[token]), data)
    client.logout()
    second = client.post(reverse("accept_invitation", args=[token]), data)
    assert second.status_code == 410
    assert EnterpriseMembership.objects.filter(user__email=invitation.email).count() == 1


def test_weak_or_mismatched_passwords_are_refused(client, world):
    _invitation, token = open_invitation(enterprise=world.enterprise)
    url = reverse("accept_invitation", args=[token])
    response = client.post(
        url,
        {"full_name": "Sam", "password1": "123", "password2": "123", "preferred_language": "fr"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "too short" in response.text
    response = client.post(
        url,
        {
            "full_name": "Sam",
            "password1": "long enough passphrase",
            "password2": "other passphrase here",
            "preferred_language": "fr",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The two passwords differ." in response.text
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_invitation_to_an_existing_account_asks_to_sign_in_then_adds_the_role(client, world):
    invitation = Invitation(
        email="researcher@example.org", enterprise=world.enterprise, role="enterprise_member"
    )
    invitation.language = "en"
    token = invitation.issue_token()
    invitation.save()
    url = reverse("accept_invitation", args=[token])

    response = client.get(url)
    assert response.headers["Location"] == f"{reverse('login')}?next={url}"

    client.post(reverse("login"), {"username": "researcher@example.org", "password": PASSWORD})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.headers["Location"] == reverse("enterprise_detail", args=[world.enterprise.pk])
    assert world.enterprise.memberships.filter(user=world.user("researcher")).exists()


def test_invitation_opened_by_someone_else_is_refused(client, world):
    _invitation, token = open_invitation(enterprise=world.enterprise)
    client.force_login(world.user("coach"))
    response = client.post(reverse("accept_invitation", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "newcomer@example.org" in response.text
    assert not EnterpriseMembership.objects.filter(user=world.user("coach")).exists()


def test_inviting_a_current_member_is_refused(client, world, mailoutbox):
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("enterprise_members", args=[world.enterprise.pk]),
        {"email": "enterprise_member@example.org", "role": "enterprise_admin", "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "is already a member of Atelier Vert" in response.text
    assert mailoutbox == []


def test_inviting_again_replaces_the_open_invitation(client, world, mailoutbox):
    client.force_login(world.user("enterprise_admin"))
    url = reverse("enterprise_members", args=[world.enterprise.pk])
    data = {"email": "friend@example.org", "role": "enterprise_member", "language": "fr"}
    client.post(url, data)
    client.post(url, data)
    assert len(mailoutbox) == 2
    assert Invitation.objects.filter(email="friend@example.org").count() == 1
    old_link, new_link = invitation_link(mailoutbox[0]), invitation_link(mailoutbox[1])
    assert client.get(old_link).status_code == 410
    client.logout()
    assert client.get(new_link).status_code == 200


def test_admin_withdraws_an_invitation(client, world):
    invitation, token = open_invitation(enterprise=world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    client.logout()
    assert client.get(reverse("accept_invitation", args=[token])).status_code == 410


def test_enterprise_roles_cannot_be_given_through_a_network_invitation(client, world):
    client.force_login(world.user("network_admin"))
    response = client.post(
        reverse("network_members", args=[world.network.pk]),
        {"email": "x@example.org", "role": "enterprise_admin", "language": "fr"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_mail_server_down_leaves_the_invitation_saying_why(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    client.force_login(world.user("enterprise_admin"))
    members = reverse("enterprise_members", args=[world.enterprise.pk])
    response = client.post(
        members,
        {"email": "friend@example.org", "role": "enterprise_member", "language": "fr"},
    )
    assert response.status_code == 302
    page = client.get(members, HTTP_ACCEPT_LANGUAGE="en").text
    assert "friend@example.org as" in page
    assert "The e-mail could not be sent: ConnectionRefusedError" in page
    assert "Traceback" not in page
