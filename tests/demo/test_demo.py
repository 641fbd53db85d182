from collections import Counter

from django.core.management import call_command
from django.urls import reverse

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    NetworkMembership,
    User,
)


def run_demo(capsys) -> list[list[str]]:
    call_command("demo")
    return [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def table_sizes():
    return {
        model.__name__: model.objects.count()
        for model in [User, Enterprise, EnterpriseMembership, NetworkMembership, CoachAssignment]
    }


def test_demo_prints_every_login_once_as_four_tab_separated_fields(db, capsys):
    logins = run_demo(capsys)
    assert all(len(fields) == 4 for fields in logins)
    emails = [email for _role, _organisation, email, _password in logins]
    assert len(emails) == len(set(emails)) == User.objects.count()
    roles = Counter(role for role, *_ in logins)
    assert roles["network_admin"] >= 1
    assert roles["coach"] == 2
    assert roles["researcher"] == 1
    assert roles["enterprise_admin"] == roles["enterprise_member"] == 6


def test_demo_twice_changes_nothing(db, capsys):
    first = run_demo(capsys)
    sizes = table_sizes()
    passwords = dict(User.objects.values_list("email", "password"))
    assert run_demo(capsys) == first
    assert table_sizes() == sizes
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_demo_is_cross_border_with_two_enterprises_per_group(db, capsys):
    run_demo(capsys)
    enterprises = Enterprise.objects.all()
    assert Counter(e.group for e in enterprises) == {
        "integration": 2,
        "collective_service": 2,
        "sse_other": 2,
    }
    assert {e.region for e in enterprises} == {"FR-HDF", "BE-WAL", "BE-BRU", "BE-VLG"}
    for enterprise in enterprises:
        enterprise.full_clean()  # the demo obeys the same rules as the forms


def test_every_printed_login_signs_in(client, db, capsys):
    for _role, _organisation, email, password in run_demo(capsys):
        response = client.post(reverse("login"), {"username": email, "password": password})
        assert response.headers.get("Location") == reverse("home"), email
        client.logout()
