"""An enterprise's admins decide, from the evaluation, what their network may use; every
decision is kept with who took it and when; the team sees where it stands among peers
once it shares."""

from django.urls import reverse

from tests.conftest import make_evaluation
from tests.networks.shared_figures import sharing_enterprise
from vises.evaluations.models import Change, SharingConsent, SharingLevel


def test_the_journey_says_what_is_shared_and_leads_to_the_choice(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Shared with the network:" in page.text
    assert reverse("evaluation_sharing", args=[evaluation.pk]) in page.text


def test_an_enterprise_admin_shares_then_withdraws_and_both_decisions_are_kept(client, world):
    evaluation = make_evaluation(world.enterprise)
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    url = reverse("evaluation_sharing", args=[evaluation.pk])
    response = client.post(url, {"level": SharingLevel.CONTENT}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    consent = SharingConsent.objects.get(evaluation=evaluation)
    assert (consent.level, consent.decided_by) == (SharingLevel.CONTENT, admin)
    client.post(url, {"level": SharingLevel.NOTHING})
    changes = Change.objects.filter(evaluation=evaluation, part="sharing").order_by("at", "id")
    assert [(c.before, c.after, c.user) for c in changes] == [
        ({"level": 0}, {"level": 2}, admin),
        ({"level": 2}, {"level": 0}, admin),
    ]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "decided by Enterprise Admin" in page.text
    assert page.text.count("Read-only content for the network") >= 3  # choice and history
    history = client.get(
        reverse("evaluation_history", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Data sharing with the network" in history.text


def test_a_member_reads_the_choice_but_may_not_change_it(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_member"))
    url = reverse("evaluation_sharing", args=[evaluation.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "nobody has decided yet" in page.text and "<form" not in page.text.split("<main")[-1]
    assert client.post(url, {"level": SharingLevel.RESEARCH}).status_code == 403
    assert not SharingConsent.objects.exists()


def test_an_unknown_level_is_refused_and_nothing_changes(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    url = reverse("evaluation_sharing", args=[evaluation.pk])
    page = client.post(url, {"level": "9"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Select a valid choice" in page.text
    assert not SharingConsent.objects.exists()


def _peers(world, value, **place):
    """The world's enterprise with an evaluation sharing `value`, and four peers."""
    for number, peer_value in enumerate([10, 20, 30, 40]):
        sharing_enterprise(world.network, f"Pair {number}", value=peer_value, **place)
    return sharing_enterprise(world.network, "Nous", value=value, **place)


def test_a_sharing_enterprise_sees_its_quarter_and_no_peer(client, world):
    enterprise, evaluation = _peers(world, 25)
    from tests.conftest import make_user
    from vises.accounts.models import EnterpriseMembership

    member = make_user("nous@example.org")
    EnterpriseMembership.objects.create(
        user=member, enterprise=enterprise, role="enterprise_member"
    )
    client.force_login(member)
    page = client.get(reverse("evaluation_peers", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "third quarter" in page.text
    for name in ("Pair 0", "Pair 3"):
        assert name not in page.text
    for figure in ("10", "40"):
        assert f">{figure}<" not in page.text


def test_no_quarter_among_too_few_peers_nor_without_sharing(client, world):
    from vises.evaluations import sharing

    sharing_enterprise(world.network, "Pair", value=10)
    sharing_enterprise(world.network, "Autre", value=20)
    enterprise, evaluation = sharing_enterprise(world.network, "Nous", value=15)
    from tests.conftest import make_user
    from vises.accounts.models import EnterpriseMembership

    member = make_user("nous@example.org")
    EnterpriseMembership.objects.create(
        user=member, enterprise=enterprise, role="enterprise_member"
    )
    client.force_login(member)
    url = reverse("evaluation_peers", args=[evaluation.pk])
    assert "too few comparable enterprises" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    sharing.decide(evaluation, SharingLevel.NOTHING, None)
    assert "does not share its figures" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
