import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD, make_evaluation, make_user, open_invitation
from vises.accounts.models import (
    CoachAssignment,
    EnterpriseMembership,
    Invitation,
    NetworkMembership,
    User,
)
from vises.evaluations.models import Comment
from vises.privacy import erasure


def test_a_coach_erases_their_account_and_their_comments_stay_as_former_member(client, world):
    coach = world.user("coach")
    evaluation = make_evaluation(world.enterprise)
    evaluation.team.add(coach)
    Comment.objects.create(
        evaluation=evaluation, section="general", author=coach, text="À revoir ensemble."
    )
    open_invitation(enterprise=world.sibling)  # to newcomer@example.org, not the coach
    Invitation.objects.create(
        email="coach@example.org",
        network=world.other_network,
        role="coach",
        token_hash="x" * 64,
        language="fr",
        expires_at="2030-01-01T00:00Z",
    )
    client.force_login(coach)
    page = client.get(reverse("erase_account"))
    assert 'name="password"' in page.text

    response = client.post(reverse("erase_account"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 200
    assert "Votre compte est effacé" in response.text

    coach.refresh_from_db()
    assert coach.erased_at is not None and not coach.is_active
    assert coach.full_name == "" and coach.email != "coach@example.org"
    assert not coach.has_usable_password()
    assert not NetworkMembership.objects.filter(user=coach).exists()
    assert not CoachAssignment.objects.filter(coach=coach).exists()
    assert not evaluation.team.filter(pk=coach.pk).exists()
    assert not Invitation.objects.filter(email="coach@example.org").exists()
    assert Invitation.objects.filter(email="newcomer@example.org").exists()
    # Signed out: the next page asks to sign in, and the old address signs in no more.
    assert "/login/" in client.get(reverse("home"))["Location"]
    sign_in = client.post(reverse("login"), {"username": "coach@example.org", "password": PASSWORD})
    assert sign_in.status_code == 200 and "_auth_user_id" not in client.session

    member = world.user("enterprise_member")
    client.force_login(member)
    for language, label in (
        ("en", "Former member"),
        ("fr", "Ex-membre"),
        ("nl", "Voormalig lid"),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        thread = client.get(reverse("evaluation_detail", args=[evaluation.pk])).text
        assert "À revoir ensemble." in thread
        assert label in thread, language
        assert "Coach</strong>" not in thread


def test_a_wrong_password_erases_nothing(client, world):
    coach = world.user("coach")
    client.force_login(coach)
    response = client.post(
        reverse("erase_account"),
        {"password": "not it", "understood": "on"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert "mot de passe" in response.text
    coach.refresh_from_db()
    assert coach.erased_at is None and coach.is_active
    assert NetworkMembership.objects.filter(user=coach).exists()


def test_the_last_admin_of_an_enterprise_is_told_which_one(client, world):
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    page = client.get(reverse("erase_account"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "Atelier Vert" in page
    assert 'name="password"' not in page
    response = client.post(reverse("erase_account"), {"password": PASSWORD, "understood": "on"})
    assert "Atelier Vert" in response.text
    admin.refresh_from_db()
    assert admin.erased_at is None
    assert EnterpriseMembership.objects.filter(user=admin).exists()


def test_the_last_network_admin_cannot_erase_their_account(world):
    with pytest.raises(erasure.ErasureRefused) as refused:
        erasure.erase_account(world.user("network_admin"))
    assert refused.value.organisations == ["Réseau Nord"]


def test_an_admin_with_a_fellow_admin_may_go(world):
    admin = world.user("enterprise_admin")
    fellow = make_user("fellow@example.org")
    EnterpriseMembership.objects.create(
        user=fellow, enterprise=world.enterprise, role="enterprise_admin"
    )
    erasure.erase_account(admin)
    assert User.objects.get(pk=admin.pk).erased_at is not None
    admins = world.enterprise.memberships.filter(role="enterprise_admin")
    assert list(admins.values_list("user__email", flat=True)) == ["fellow@example.org"]


def test_a_former_member_is_named_so_in_every_language(world):
    coach = world.user("coach")
    erasure.erase_account(coach)
    coach.refresh_from_db()
    for language, label in (
        ("en", "Former member"),
        ("fr", "Ex-membre"),
        ("nl", "Voormalig lid"),
    ):
        with translation.override(language):
            assert str(coach) == label
