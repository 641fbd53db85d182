"""Finding the person signed in, with a statement built once per process."""

from django.contrib.auth import SESSION_KEY

from vises.accounts.models import User


def test_two_people_signed_in_in_turn_are_each_themselves(world, client):
    coach, admin = world.user("coach"), world.user("network_admin")
    for _ in range(2):
        for person in (coach, admin):
            client.force_login(person)
            response = client.get("/accounts/profile/")
            assert response.status_code == 200
            assert response.wsgi_request.user == person
            assert response.wsgi_request.user.email == person.email


def test_someone_deactivated_is_signed_out_at_the_next_page(world, client):
    coach = world.user("coach")
    client.force_login(coach)
    assert client.get("/accounts/profile/").status_code == 200
    User.objects.filter(pk=coach.pk).update(is_active=False)
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_session_naming_someone_who_is_no_more_is_nobodys(world, client):
    client.force_login(world.user("coach"))
    session = client.session
    session[SESSION_KEY] = str(User.objects.order_by("-pk").first().pk + 1000)
    session.save()
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
