import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_enterprise, make_user
from vises.access import rules
from vises.accounts.models import CoachAssignment, Enterprise, EnterpriseMembership


def names_listed(client, **query) -> set[str]:
    page = client.get(reverse("enterprise_list"), query)
    assert page.status_code == 200
    return {enterprise["name"] for enterprise in page.context["page"].object_list}


def test_each_role_lists_exactly_its_scope(client, world):
    expected = {
        "network_admin": {"Atelier Vert", "Crèche Soleil", "Coop Demain"},
        "coach": {"Atelier Vert"},
        "researcher": set(),
        "enterprise_admin": {"Atelier Vert"},
        "enterprise_member": {"Atelier Vert"},
        "outsider": set(),
    }
    for role, names in expected.items():
        client.force_login(world.user(role))
        assert names_listed(client) == names, role


def test_list_filters_by_group_country_region_and_name(client, world):
    client.force_login(world.user("network_admin"))
    assert names_listed(client, group="collective_service") == {"Crèche Soleil"}
    assert names_listed(client, q="vert") == {"Atelier Vert"}
    assert names_listed(client, country="FR") == set()
    assert len(names_listed(client, region="BE-WAL")) == 3
    assert len(names_listed(client, group="<script>")) == 3  # unknown values are ignored


def test_researcher_sees_no_enterprise_page(client, world):
    client.force_login(world.user("researcher"))
    response = client.get(reverse("enterprise_detail", args=[world.enterprise.pk]))
    assert response.status_code == 404


def test_coach_cannot_open_unassigned_enterprise_of_own_network(client, world):
    client.force_login(world.user("coach"))
    assert client.get(reverse("enterprise_detail", args=[world.sibling.pk])).status_code == 404


def test_edit_refuses_bad_values_with_named_fields_and_keeps_stored_data(client, world):
    client.force_login(world.user("enterprise_admin"))
    url = reverse("enterprise_edit", args=[world.enterprise.pk])
    response = client.post(
        url,
        {
            "name": "Renamed",
            "legal_form": "ASBL",
            "group": "integration",
            "country": "FR",
            "region": "BE-WAL",
            "municipality": "Liège",
            "postcode": "4000",
            "nace_code": "health",
            "size_band": "10-49",
            "founding_year": "1492",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"region", "postcode", "nace_code", "founding_year"}
    assert "Deze regio ligt niet in het gekozen land." in response.text
    world.enterprise.refresh_from_db()
    assert world.enterprise.name == "Atelier Vert"


def test_registering_an_enterprise_makes_one_its_admin(client, world):
    client.force_login(world.user("outsider"))
    response = client.post(
        reverse("enterprise_create"),
        {
            "name": "Vélo Solidaire",
            "legal_form": "SCOP",
            "group": "sse_other",
            "country": "FR",
            "region": "FR-HDF",
            "municipality": "Amiens",
            "postcode": "80000",
            "nace_code": "95.29",
            "size_band": "0-9",
            "founding_year": "2019",
            "website": "velo-solidaire.example",
        },
    )
    enterprise = Enterprise.objects.get(name="Vélo Solidaire")
    assert response.headers["Location"] == reverse("enterprise_detail", args=[enterprise.pk])
    assert enterprise.admission == "standalone"
    assert enterprise.website == "https://velo-solidaire.example"
    membership = EnterpriseMembership.objects.get(enterprise=enterprise)
    assert (membership.user, membership.role) == (world.user("outsider"), "enterprise_admin")


def test_enterprise_asks_to_join_and_network_admin_admits_it(client, world):
    client.force_login(world.user("enterprise_admin"))
    standalone = world.standalone
    EnterpriseMembership.objects.create(
        user=world.user("enterprise_admin"), enterprise=standalone, role="enterprise_admin"
    )
    client.post(reverse("enterprise_network", args=[standalone.pk]), {"network": world.network.pk})
    standalone.refresh_from_db()
    assert (standalone.network, standalone.admission) == (world.network, "pending")

    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_enterprises", args=[world.network.pk]))
    assert "Solo" in page.text
    client.post(
        reverse("network_admission", args=[world.network.pk, standalone.pk]),
        {"decision": "admit"},
    )
    standalone.refresh_from_db()
    assert standalone.admission == "admitted"


def test_leaving_the_network_hides_the_enterprise_from_network_and_coach(client, world):
    client.force_login(world.user("enterprise_admin"))
    client.post(reverse("enterprise_network", args=[world.enterprise.pk]), {"leave": "1"})
    world.enterprise.refresh_from_db()
    assert world.enterprise.admission == "standalone"
    assert not world.enterprise.coach_assignments.exists()
    for role in ["network_admin", "coach"]:
        client.force_login(world.user(role))
        url = reverse("enterprise_detail", args=[world.enterprise.pk])
        assert client.get(url).status_code == 404, role


def test_last_enterprise_admin_cannot_be_removed(client, world):
    client.force_login(world.user("network_admin"))
    admin_membership = world.enterprise.memberships.get(role="enterprise_admin")
    response = client.post(
        reverse("enterprise_member_remove", args=[world.enterprise.pk, admin_membership.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "An enterprise keeps at least one admin." in response.text
    assert world.enterprise.memberships.filter(pk=admin_membership.pk).exists()


def test_enterprise_admin_removes_a_member(client, world):
    client.force_login(world.user("enterprise_admin"))
    member = world.enterprise.memberships.get(role="enterprise_member")
    client.post(reverse("enterprise_member_remove", args=[world.enterprise.pk, member.pk]))
    assert not world.enterprise.memberships.filter(pk=member.pk).exists()
    client.force_login(world.user("enterprise_member"))
    url = reverse("enterprise_detail", args=[world.enterprise.pk])
    assert client.get(url).status_code == 404


def test_membership_of_another_enterprise_cannot_be_removed_through_ones_own(client, world):
    client.force_login(world.user("enterprise_admin"))
    foreign = world.other_enterprise.memberships.get(role="enterprise_member")
    response = client.post(
        reverse("enterprise_member_remove", args=[world.enterprise.pk, foreign.pk])
    )
    assert response.status_code == 404
    assert EnterpriseMembership.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("name", ["Atelier\nVert", "Atelier\tVert", "Atelier\x07Vert"])
def test_enterprise_name_with_a_line_break_or_control_character_is_refused(client, world, name):
    client.force_login(world.user("enterprise_admin"))
    page = client.post(
        reverse("enterprise_edit", args=[world.enterprise.pk]),
        {
            "name": name,
            "legal_form": "ASBL",
            "group": "integration",
            "country": "BE",
            "region": "BE-WAL",
            "municipality": "Liège",
            "postcode": "4000",
            "nace_code": "88.99",
            "size_band": "10-49",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"name"}
    assert "Write it on one line, without line breaks" in page.text
    world.enterprise.refresh_from_db()
    assert world.enterprise.name == "Atelier Vert"


def test_inviting_to_an_enterprise_whose_name_holds_a_line_break_still_works(
    client, world, mailoutbox
):
    Enterprise.objects.filter(pk=world.enterprise.pk).update(name="Atelier\nVert")
    client.force_login(world.user("enterprise_admin"))
    response = client.post(
        reverse("enterprise_members", args=[world.enterprise.pk]),
        {"email": "new@example.org", "role": "enterprise_member", "language": "fr"},
    )
    assert response.status_code == 302
    assert "Atelier Vert" in mailoutbox[0].subject


def rows_shown(client, **query) -> dict[str, list[str]]:
    """The enterprise list's rows as a reader sees them: the cells after each name."""
    page = client.get(reverse("enterprise_list"), query, HTTP_ACCEPT_LANGUAGE="en").text
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S):
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.split(r"</t[hd]>", row)]
        rows[cells[0]] = [cell for cell in cells[1:] if cell]
    return rows


def test_each_row_names_group_place_network_and_coaches(client, world):
    pieter = make_user("pieter@example.org", full_name="Pieter Claes")
    CoachAssignment.objects.create(coach=pieter, enterprise=world.enterprise)
    client.force_login(world.user("network_admin"))
    rows = rows_shown(client)
    assert rows["Atelier Vert"] == [
        "Work integration",
        "Liège",
        "Wallonia",
        "Réseau Nord",
        "Coach, Pieter Claes",
    ]
    assert rows["Crèche Soleil"][0] == "Collective services"
    assert rows["Crèche Soleil"][-1] == "none"
    assert rows["Coop Demain"][3] == "Réseau Nord Asked to join"

    # A coach whose personal data were erased is named as a former member.
    pieter.erased_at = timezone.now()
    pieter.save()
    assert rows_shown(client)["Atelier Vert"][-1] == "Coach, Former member"


def test_each_row_escapes_what_people_typed_and_links_to_the_enterprise(client, world):
    world.enterprise.name = "Atelier <b>Vert</b> & fils"
    world.enterprise.save()
    coach = world.user("coach")
    coach.full_name = "Camille <i>L.</i>"
    coach.save()
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("enterprise_list")).text
    link = reverse("enterprise_detail", args=[world.enterprise.pk])
    assert f'<a href="{link}">Atelier &lt;b&gt;Vert&lt;/b&gt; &amp; fils</a>' in page
    assert "Camille &lt;i&gt;L.&lt;/i&gt;" in page
    assert "<b>" not in page and "<i>" not in page


def test_the_list_pages_by_fifty_with_each_pages_own_coaches(client, world):
    names = [f"Entreprise {number:02}" for number in range(57)]
    for name in names:
        enterprise = make_enterprise(name, world.network, municipality="Namur")
        CoachAssignment.objects.create(coach=world.user("coach"), enterprise=enterprise)
    client.force_login(world.user("coach"))
    first, second = rows_shown(client), rows_shown(client, page=2)
    assert list(first) == ["Atelier Vert", *names[:49]]
    assert list(second) == names[49:]
    assert all(row[-1] == "Coach" for row in [*first.values(), *second.values()])
    assert list(rows_shown(client, page=99)) == names[49:]  # past the end: the last page
    assert list(rows_shown(client, page="two")) == list(first)
    page = client.get(reverse("enterprise_list"), {"page": 2}, HTTP_ACCEPT_LANGUAGE="en")
    assert "58 enterprises" in page.text
    assert list(rows_shown(client, q="entreprise 5", page=2)) == names[50:]  # one page


def test_a_name_search_takes_percent_and_underscore_as_they_are(client, world):
    world.sibling.name = "100% _local_"
    world.sibling.save()
    client.force_login(world.user("network_admin"))
    assert names_listed(client, q="%") == {"100% _local_"}
    assert names_listed(client, q="_") == {"100% _local_"}
    assert names_listed(client, q="0%") == {"100% _local_"}
    assert names_listed(client, q="ATELIER") == {"Atelier Vert"}
    assert names_listed(client, q="   ") == {"Atelier Vert", "100% _local_", "Coop Demain"}


def test_every_filter_and_search_lists_what_the_rule_and_the_orm_give(client, world):
    """The list's statements, compiled once for each kind of filter, against the ORM."""
    make_enterprise("Mensa Gent", world.network, country="BE", region="BE-VLG", group="sse_other")
    make_enterprise("Régie Lille", world.network, country="FR", region="FR-HDF")
    queries = [{}, {"group": "integration"}, {"country": "BE"}, {"region": "BE-VLG"}]
    queries += [{"q": "e"}, {"q": "Gent", "country": "BE"}, {"group": "x", "q": "r"}]
    queries += [{"country": "FR", "region": "FR-HDF", "group": "integration", "q": "lille"}]
    for person in [*world.users.values(), world.other_admin]:
        client.force_login(person)
        for query in queries:
            expected = rules.enterprises_for(person)
            for field in ("group", "country", "region"):
                if query.get(field) in {"integration", "sse_other", "BE", "FR", "BE-VLG", "FR-HDF"}:
                    expected = expected.filter(**{field: query[field]})
            expected = expected.filter(name__icontains=query.get("q", ""))
            assert names_listed(client, **query) == {e.name for e in expected}, (person, query)
