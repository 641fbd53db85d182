"""A network admin creates a programme, admits enterprises to it, sets its milestones and
edits it; nobody else does."""

from django.urls import reverse

from vises.networks.models import Programme


def programme_data(world, **changes) -> dict:
    data = {
        "name": "Cohorte 2027",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "enterprises": [world.enterprise.pk, world.sibling.pk],
        "coaches": [world.user("coach").pk],
        "stalled_after_days": "21",
        "remind_days_before": "7",
        "milestone_0": "2027-02-15",
        "milestone_1": "2027-04-30",
        "milestone_2": "",
        "milestone_3": "2027-11-30",
    }
    return {**data, **changes}


def test_network_admin_creates_a_programme_with_enterprises_coaches_and_milestones(client, world):
    client.force_login(world.user("network_admin"))

    response = client.post(
        reverse("programme_create", args=[world.network.pk]), programme_data(world)
    )

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "programme_detail", args=[world.network.pk, programme.pk]
    )
    assert programme.network == world.network
    assert set(programme.enterprises.all()) == {world.enterprise, world.sibling}
    assert list(programme.coaches.all()) == [world.user("coach")]
    assert programme.stalled_after_days == 21
    assert [(m.step, str(m.due_on)) for m in programme.milestones.all()] == [
        (0, "2027-02-15"),
        (1, "2027-04-30"),
        (3, "2027-11-30"),
    ]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Atelier Vert" in page.text and "Crèche Soleil" in page.text
    assert f"?programme={programme.pk}" in page.text  # its progress board


def test_editing_admits_an_enterprise_and_removes_a_milestone(client, world):
    client.force_login(world.user("network_admin"))
    client.post(reverse("programme_create", args=[world.network.pk]), programme_data(world))
    programme = Programme.objects.get()

    client.post(
        reverse("programme_edit", args=[world.network.pk, programme.pk]),
        programme_data(world, enterprises=[world.enterprise.pk], milestone_3=""),
    )

    assert list(programme.enterprises.all()) == [world.enterprise]
    assert sorted(programme.milestones.values_list("step", flat=True)) == [0, 1]


def test_bad_dates_are_refused_naming_the_field_and_nothing_is_stored(client, world):
    client.force_login(world.user("network_admin"))
    url = reverse("programme_create", args=[world.network.pk])

    outside = client.post(
        url, programme_data(world, milestone_1="2028-02-01"), HTTP_ACCEPT_LANGUAGE="en"
    )
    backwards = client.post(
        url, programme_data(world, milestone_1="2027-01-15"), HTTP_ACCEPT_LANGUAGE="fr"
    )
    reversed_period = client.post(
        url, programme_data(world, ends_on="2026-06-30"), HTTP_ACCEPT_LANGUAGE="nl"
    )

    assert "This date falls outside the programme" in outside.text
    assert "Cette date précède celle de" in backwards.text
    assert "Het programma moet eindigen nadat het begint." in reversed_period.text
    assert not Programme.objects.exists()


def test_only_admitted_enterprises_of_the_network_can_be_admitted(client, world):
    client.force_login(world.user("network_admin"))

    response = client.post(
        reverse("programme_create", args=[world.network.pk]),
        programme_data(world, enterprises=[world.applicant.pk, world.other_enterprise.pk]),
    )

    assert response.status_code == 200
    assert not Programme.objects.exists()


def test_another_networks_programme_is_not_found(client, world):
    client.force_login(world.user("network_admin"))
    client.post(reverse("programme_create", args=[world.network.pk]), programme_data(world))
    programme = Programme.objects.get()

    client.force_login(world.other_admin)
    for name in ["programme_detail", "programme_edit"]:
        assert client.get(reverse(name, args=[world.network.pk, programme.pk])).status_code == 404
        assert (
            client.get(reverse(name, args=[world.other_network.pk, programme.pk])).status_code
            == 404
        )


def test_network_admin_reaches_programmes_from_the_network_page(client, world):
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("programme_list", args=[world.network.pk]) in page.text
    listing = client.get(reverse("programme_list", args=[world.network.pk]))
    assert reverse("programme_create", args=[world.network.pk]) in listing.text


def test_creating_and_editing_a_programme_is_kept_in_the_network_audit_log(client, world):
    from vises.audit.models import AuditEntry

    Kind = AuditEntry.Kind
    admin = world.user("network_admin")
    client.force_login(admin)
    client.post(reverse("programme_create", args=[world.network.pk]), programme_data(world))
    programme = Programme.objects.get()

    client.post(
        reverse("programme_edit", args=[world.network.pk, programme.pk]),
        programme_data(
            world,
            enterprises=[world.enterprise.pk],
            milestone_3="",
            milestone_2="2027-09-30",
            stalled_after_days="14",
        ),
    )
    # Saved again unchanged: nothing more to keep.
    client.post(
        reverse("programme_edit", args=[world.network.pk, programme.pk]),
        programme_data(
            world,
            enterprises=[world.enterprise.pk],
            milestone_3="",
            milestone_2="2027-09-30",
            stalled_after_days="14",
        ),
    )

    kinds = list(AuditEntry.objects.order_by("pk").values_list("kind", "enterprise_name"))
    assert kinds == [
        (Kind.PROGRAMME_CREATED, ""),
        (Kind.PROGRAMME_ADMITTED, "Atelier Vert"),
        (Kind.PROGRAMME_ADMITTED, "Crèche Soleil"),
        (Kind.PROGRAMME_CHANGED, ""),
        (Kind.PROGRAMME_REMOVED, "Crèche Soleil"),
    ]
    assert all(
        (entry.actor, entry.network) == (admin, world.network) for entry in AuditEntry.objects.all()
    )
    changed = AuditEntry.objects.get(kind=Kind.PROGRAMME_CHANGED)
    assert changed.details["changes"] == {
        "stalled_after_days": [21, 14],
        "milestone_2": [None, "2027-09-30"],
        "milestone_3": ["2027-11-30", None],
    }
    log = client.get(
        reverse("network_audit_log", args=[world.network.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).text
    assert "The programme Cohorte 2027 was created: Name: – → Cohorte 2027;" in log
    assert "Coaches: – → Coach;" in log and "Preliminary step done by: – → Feb. 15, 2027" in log
    assert (
        "The programme Cohorte 2027 was changed: Stalled after (days without activity): "
        "21 → 14; Data collection done by: – → Sept. 30, 2027; "
        "Analysis and valorisation done by: Nov. 30, 2027 → –."
    ) in log
    assert "Crèche Soleil was removed from the programme Cohorte 2027." in log
    assert "Atelier Vert was admitted to the programme Cohorte 2027." in log
