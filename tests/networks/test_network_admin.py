from django.urls import reverse

from vises.accounts.models import CoachAssignment, Enterprise, NetworkMembership


def test_network_admin_assigns_and_unassigns_a_coach(client, world):
    client.force_login(world.user("network_admin"))
    url = reverse("network_coaches", args=[world.network.pk])
    coach = world.user("coach")
    client.post(url, {"enterprise": world.sibling.pk, "coach": coach.pk})
    assignment = CoachAssignment.objects.get(coach=coach, enterprise=world.sibling)

    client.force_login(coach)
    assert client.get(reverse("enterprise_detail", args=[world.sibling.pk])).status_code == 200

    client.force_login(world.user("network_admin"))
    client.post(reverse("network_coach_unassign", args=[world.network.pk, assignment.pk]))
    client.force_login(coach)
    assert client.get(reverse("enterprise_detail", args=[world.sibling.pk])).status_code == 404


def test_only_coaches_of_the_network_and_its_admitted_enterprises_can_be_paired(client, world):
    client.force_login(world.user("network_admin"))
    url = reverse("network_coaches", args=[world.network.pk])
    for enterprise, person in [
        (world.sibling, world.user("researcher")),
        (world.applicant, world.user("coach")),
        (world.other_enterprise, world.user("coach")),
    ]:
        response = client.post(url, {"enterprise": enterprise.pk, "coach": person.pk})
        assert response.status_code == 200
    assert CoachAssignment.objects.filter(enterprise__network=world.network).count() == 1


def test_declining_a_request(client, world):
    client.force_login(world.user("network_admin"))
    client.post(
        reverse("network_admission", args=[world.network.pk, world.applicant.pk]),
        {"decision": "decline"},
    )
    world.applicant.refresh_from_db()
    assert world.applicant.admission == Enterprise.Admission.DECLINED
    url = reverse("enterprise_detail", args=[world.applicant.pk])
    assert client.get(url).status_code == 404


def test_network_admin_adds_an_enterprise_to_the_programme(client, world):
    client.force_login(world.user("network_admin"))
    response = client.post(
        reverse("network_enterprise_create", args=[world.network.pk]),
        {
            "name": "Repair Café Lille",
            "legal_form": "Association loi 1901",
            "group": "sse_other",
            "country": "FR",
            "region": "FR-HDF",
            "municipality": "Lille",
            "postcode": "59000",
            "nace_code": "95.2",
            "size_band": "0-9",
        },
    )
    enterprise = Enterprise.objects.get(name="Repair Café Lille")
    assert enterprise.network == world.network and enterprise.admission == "admitted"
    assert response.headers["Location"] == reverse("enterprise_members", args=[enterprise.pk])


def test_removing_a_coach_ends_their_assignments(client, world):
    client.force_login(world.user("network_admin"))
    membership = NetworkMembership.objects.get(user=world.user("coach"))
    client.post(reverse("network_member_remove", args=[world.network.pk, membership.pk]))
    assert not CoachAssignment.objects.filter(coach=world.user("coach")).exists()


def test_last_network_admin_stays(client, world):
    client.force_login(world.user("network_admin"))
    own = NetworkMembership.objects.get(user=world.user("network_admin"))
    response = client.post(
        reverse("network_member_remove", args=[world.network.pk, own.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert NetworkMembership.objects.filter(pk=own.pk).exists()
    assert "au moins" in response.text


def test_network_page_counts_admitted_enterprises_by_group(client, world):
    client.force_login(world.user("researcher"))
    page = client.get(reverse("network_detail", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["admitted_count"] == 2
    assert ("Work integration", 1) in page.context["by_group"]
    assert "Enterprises and admissions" not in page.text  # not an admin
