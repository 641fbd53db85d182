from django.urls import reverse


def test_profile_saves_name_and_language(client, world):
    coach = world.user("coach")
    client.force_login(coach)
    response = client.post(
        reverse("profile"), {"full_name": "Camille Leroy", "preferred_language": "nl"}
    )
    assert response.headers["Location"] == reverse("profile")
    coach.refresh_from_db()
    assert (coach.full_name, coach.preferred_language) == ("Camille Leroy", "nl")
    page = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="nl">' in page.text


def test_profile_refuses_an_unknown_language(client, world):
    client.force_login(world.user("coach"))
    response = client.post(reverse("profile"), {"full_name": "X", "preferred_language": "de"})
    assert response.status_code == 200
    assert "preferred_language" in response.context["form"].errors


def test_password_change_keeps_the_person_signed_in(client, world):
    from tests.conftest import PASSWORD

    client.force_login(world.user("coach"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.headers["Location"] == reverse("password_change_done")
    assert client.get(reverse("profile")).status_code == 200
