"""The audit log: every change of access made through the screens leaves an entry saying
who, when, what and where; network admins read their network's, platform admins all."""

import datetime
import json

import pytest
from django.core import mail
from django.core.serializers import serialize
from django.urls import reverse

from tests.conftest import PASSWORD, make_enterprise, make_user
from vises.audit.models import AuditEntry

Kind = AuditEntry.Kind


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind))


def the_entry(kind) -> AuditEntry:
    found = entries(kind)
    assert len(found) == 1, f"{kind}: {found}"
    return found[0]


def audit_page(client, of, **filters):
    return client.get(
        reverse("network_audit_log", args=[of.pk]), filters, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_network_admin_changes_are_recorded_with_who_and_where(client, world):
    admin = world.user("network_admin")
    client.force_login(admin)
    network = world.network

    client.post(
        reverse("network_members", args=[network.pk]),
        {"email": "new-coach@example.org", "role": "coach", "language": "fr"},
    )
    sent = the_entry(Kind.INVITATION_SENT)
    assert (sent.actor, sent.network, sent.details["email"]) == (
        admin,
        network,
        "new-coach@example.org",
    )
    invitation = network.invitations.get()
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    assert the_entry(Kind.INVITATION_REVOKED).details["role"] == "coach"

    client.post(
        reverse("network_admission", args=[network.pk, world.applicant.pk]),
        {"decision": "admit"},
    )
    admitted = the_entry(Kind.ADMITTED)
    assert (admitted.enterprise, admitted.network) == (world.applicant, network)

    declined_one = make_enterprise("Refusée", network, admission="pending")
    client.post(
        reverse("network_admission", args=[network.pk, declined_one.pk]),
        {"decision": "decline"},
    )
    assert the_entry(Kind.DECLINED).enterprise == declined_one

    client.post(
        reverse("network_coaches", args=[network.pk]),
        {"enterprise": world.sibling.pk, "coach": world.user("coach").pk},
    )
    assigned = the_entry(Kind.COACH_ASSIGNED)
    assert (assigned.person, assigned.enterprise) == (world.user("coach"), world.sibling)
    assignment = world.sibling.coach_assignments.get()
    client.post(reverse("network_coach_unassign", args=[network.pk, assignment.pk]))
    assert the_entry(Kind.COACH_UNASSIGNED).enterprise == world.sibling

    coach_membership = network.memberships.get(role="coach")
    client.post(reverse("network_member_remove", args=[network.pk, coach_membership.pk]))
    removed = the_entry(Kind.MEMBER_REMOVED)
    assert (removed.person_name, removed.details["role"]) == (
        "Coach <coach@example.org>",
        "coach",
    )
    # The coach's remaining assignment went with the role, and says so.
    assert [e.enterprise for e in entries(Kind.COACH_UNASSIGNED)] == [
        world.enterprise,
        world.sibling,
    ]

    client.post(
        reverse("network_enterprise_create", args=[network.pk]),
        {
            "name": "Nouvelle Coop",
            "legal_form": "SCOP",
            "group": "sse_other",
            "country": "FR",
            "region": "FR-HDF",
            "municipality": "Lille",
            "postcode": "59000",
            "nace_code": "88.10",
            "size_band": "0-9",
        },
    )
    assert the_entry(Kind.ENTERPRISE_ADDED).enterprise_name == "Nouvelle Coop"

    page = audit_page(client, network)
    assert page.status_code == 200
    assert "Coach &lt;coach@example.org&gt; (Coach) was removed." in page.text
    assert "Coop Demain was admitted to Réseau Nord." in page.text
    assert AuditEntry.objects.exclude(actor=admin).count() == 0


def test_enterprise_admin_changes_are_recorded(client, world):
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    enterprise = world.enterprise

    data = {
        "name": "Atelier Vert et Bleu",
        "legal_form": "ASBL",
        "group": "integration",
        "country": "BE",
        "region": "BE-BRU",
        "municipality": "Bruxelles",
        "postcode": "1000",
        "nace_code": "88.99",
        "size_band": "10-49",
    }
    client.post(reverse("enterprise_edit", args=[enterprise.pk]), data)
    changed = the_entry(Kind.IDENTITY_CHANGED)
    assert changed.details["changes"] == {
        "name": ["Atelier Vert", "Atelier Vert et Bleu"],
        "region": ["BE-WAL", "BE-BRU"],
        "municipality": ["Liège", "Bruxelles"],
        "postcode": ["4000", "1000"],
    }
    assert (changed.actor, changed.network) == (admin, world.network)
    client.post(reverse("enterprise_edit", args=[enterprise.pk]), data)
    assert len(entries(Kind.IDENTITY_CHANGED)) == 1, "saving without a change records nothing"

    member = enterprise.memberships.get(role="enterprise_member")
    client.post(reverse("enterprise_member_remove", args=[enterprise.pk, member.pk]))
    assert the_entry(Kind.MEMBER_REMOVED).details["role"] == "enterprise_member"

    client.post(reverse("enterprise_network", args=[enterprise.pk]), {"leave": "1"})
    left = the_entry(Kind.LEFT_NETWORK)
    assert (left.network, left.enterprise) == (world.network, enterprise)
    client.post(reverse("enterprise_network", args=[enterprise.pk]), {"network": world.network.pk})
    assert the_entry(Kind.ADMISSION_ASKED).network == world.network

    client.post(
        reverse("enterprise_create"),
        {**data, "name": "Solo Deux", "region": "BE-WAL", "postcode": "4000"},
        follow=True,
    )
    added = the_entry(Kind.MEMBER_ADDED)
    assert (added.person, added.details["role"], added.network) == (
        admin,
        "enterprise_admin",
        None,
    )

    client.force_login(world.user("network_admin"))
    page = audit_page(client, world.network)
    assert "Name: Atelier Vert → Atelier Vert et Bleu" in page.text
    assert "Region: Wallonia → Brussels-Capital" in page.text
    # A standalone enterprise's own changes are not the network's.
    assert "Solo Deux" not in page.text


def test_accepting_an_invitation_records_the_new_member_and_a_changed_role(client, world):
    inviter = world.user("network_admin")
    client.force_login(inviter)
    client.post(
        reverse("network_members", args=[world.network.pk]),
        {"email": "newcomer@example.org", "role": "researcher", "language": "en"},
    )
    link = next(word for word in mail.outbox[-1].body.split() if "/invitations/" in word)
    client.logout()
    client.post(
        link,
        {
            "full_name": "New Comer",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "en",
        },
    )
    accepted = the_entry(Kind.INVITATION_ACCEPTED)
    added = the_entry(Kind.MEMBER_ADDED)
    assert accepted.person_name == added.person_name == "New Comer <newcomer@example.org>"
    assert (added.actor, added.network, added.details["role"]) == (
        inviter,
        world.network,
        "researcher",
    )

    # An invitation accepted by someone who meanwhile got another role changes their role.
    from vises.accounts import invitations
    from vises.accounts.models import Invitation

    newcomer = added.person
    invitation = Invitation(
        email=newcomer.email, network=world.network, role="coach", language="en"
    )
    invitation.invited_by = inviter
    invitation.issue_token()
    invitation.save()
    invitations.accept(invitation, newcomer)
    role_changed = the_entry(Kind.ROLE_CHANGED)
    assert (role_changed.details["old_role"], role_changed.details["role"]) == (
        "researcher",
        "coach",
    )
    client.force_login(inviter)
    assert "New Comer &lt;newcomer@example.org&gt; is now Coach instead of Researcher." in (
        audit_page(client, world.network).text
    )


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_failed_sign_ins_and_lock_outs_are_recorded_without_the_password(client, world, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "Coach@example.org", "hunter2-secret")
    failures = entries(Kind.SIGN_IN_FAILED)
    assert len(failures) == settings.AXES_FAILURE_LIMIT
    assert {entry.person for entry in failures} == {world.user("coach")}
    assert the_entry(Kind.LOCKED_OUT).person == world.user("coach")
    stored = serialize("json", AuditEntry.objects.all())
    assert "hunter2-secret" not in stored

    sign_in(client, "nobody-here@example.org", "hunter2-secret")
    stranger = AuditEntry.objects.filter(kind=Kind.SIGN_IN_FAILED, person=None).get()
    assert "nobody-here" not in json.dumps(stranger.details) + stranger.person_name

    client.force_login(world.user("network_admin"))
    page = audit_page(client, world.network, kind="sign_in_failed")
    assert "Failed sign-in for Coach &lt;coach@example.org&gt;." in page.text
    assert "hunter2-secret" not in page.text
    # Failures against an address that is no account belong to no network.
    assert "an address that is no account" not in page.text


def test_a_network_admin_never_sees_another_networks_entries(client, world):
    other_admin = world.other_admin
    client.force_login(other_admin)
    client.post(
        reverse("network_members", args=[world.other_network.pk]),
        {"email": "secret-invitee@example.org", "role": "coach", "language": "en"},
    )
    client.post(
        reverse(
            "network_coach_unassign",
            args=[world.other_network.pk, world.other_enterprise.coach_assignments.get().pk],
        ),
    )
    client.logout()
    sign_in(client, "other-enterprise_member@example.org", "wrong")
    sign_in(client, "coach@example.org", "wrong")

    client.force_login(world.user("network_admin"))
    page = audit_page(client, world.network)
    assert page.status_code == 200
    assert "secret-invitee" not in page.text
    assert "Buurtwerk" not in page.text
    assert "other-enterprise_member" not in page.text
    assert "Failed sign-in for Coach" in page.text
    # The other network's log is not theirs to open, nor to reach by a filter.
    assert client.get(reverse("network_audit_log", args=[world.other_network.pk])).status_code == (
        404
    )
    filtered = audit_page(client, world.network, network=world.other_network.pk)
    assert "secret-invitee" not in filtered.text


@pytest.mark.parametrize("role", ["coach", "researcher", "enterprise_admin", "outsider"])
def test_only_network_admins_and_platform_admins_read_the_log(client, world, role):
    client.force_login(world.user(role))
    assert audit_page(client, world.network).status_code in (403, 404)
    assert client.get(reverse("audit_log")).status_code == 403
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_audit_log", args=[world.network.pk]) not in page.text


def test_network_admin_reaches_the_log_from_the_network_page(client, world):
    client.force_login(world.user("network_admin"))
    page = client.get(reverse("network_detail", args=[world.network.pk]))
    assert reverse("network_audit_log", args=[world.network.pk]) in page.text


def test_platform_admin_reads_every_network_and_filters_by_kind_date_and_network(client, world):
    AuditEntry.record(Kind.ADMITTED, network=world.network, enterprise=world.enterprise)
    AuditEntry.record(
        Kind.COACH_ASSIGNED,
        network=world.other_network,
        enterprise=world.other_enterprise,
        person=world.other_admin,
    )
    old = AuditEntry.record(Kind.DECLINED, network=world.network, enterprise=world.sibling)
    AuditEntry.objects.filter(pk=old.pk).update(
        at=datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
    )
    root = make_user("root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    home = client.get(reverse("home"))
    assert reverse("audit_log") in home.text

    url = reverse("audit_log")
    everything = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Atelier Vert was admitted to Réseau Nord." in everything.text
    assert "Buurtwerk" in everything.text and "Netwerk Oost" in everything.text

    by_kind = client.get(url, {"kind": "coach_assigned"})
    assert "Buurtwerk" in by_kind.text and "Atelier Vert" not in by_kind.text
    by_network = client.get(url, {"network": world.network.pk})
    assert "Buurtwerk" not in by_network.text and "Atelier Vert" in by_network.text
    by_date = client.get(url, {"since": "2020-04-01", "until": "2020-05-31"})
    assert "Crèche Soleil" in by_date.text and "Atelier Vert" not in by_date.text

    wrong = client.get(
        url, {"since": "2020-06-01", "until": "2020-05-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This date comes before the first one." in wrong.text


def test_the_log_is_paginated(client, world):
    for _number in range(60):
        AuditEntry.record(Kind.ADMITTED, network=world.network, enterprise=world.sibling)
    client.force_login(world.user("network_admin"))
    first = audit_page(client, world.network)
    assert first.text.count("<tr>") == 1 + 50
    second = audit_page(client, world.network, page=2)
    assert second.text.count("<tr>") == 1 + 10


def test_entries_are_never_changed_or_deleted(client, world):
    entry = AuditEntry.record(Kind.ADMITTED, network=world.network, enterprise=world.sibling)
    entry.kind = Kind.DECLINED
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    client.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 200
    assert "Crèche Soleil" in listing.text
    assert 'name="action"' not in listing.text, "no bulk deletion"
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).kind == Kind.ADMITTED


def membership_forms(organisation, memberships, extra=()):
    """The POST data of an organisation's membership inline in the admin."""
    data = {
        "memberships-TOTAL_FORMS": len(memberships) + len(extra),
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for index, (membership, changes) in enumerate(memberships):
        data |= {
            f"memberships-{index}-id": membership.pk,
            f"memberships-{index}-user": membership.user_id,
            f"memberships-{index}-role": membership.role,
        }
        data |= {f"memberships-{index}-{key}": value for key, value in changes.items()}
    for index, (user, role) in enumerate(extra, start=len(memberships)):
        data |= {f"memberships-{index}-user": user.pk, f"memberships-{index}-role": role}
    return data


def test_changes_made_in_the_platform_admin_are_recorded(client, world):
    root = make_user("root@example.org", is_staff=True, is_superuser=True)
    client.force_login(root)
    network = world.network
    memberships = list(network.memberships.order_by("pk"))
    newcomer = make_user("newcomer@example.org")
    changes = {
        membership.pk: {"role": "network_admin"} if membership.role == "coach" else {}
        for membership in memberships
    }
    researcher = network.memberships.get(role="researcher")
    changes[researcher.pk] = {"DELETE": "on"}
    response = client.post(
        reverse("admin:accounts_network_change", args=[network.pk]),
        {
            "name": network.name,
            "kind": network.kind,
            **membership_forms(
                network,
                [(m, changes[m.pk]) for m in memberships],
                extra=[(newcomer, "coach")],
            ),
        },
    )
    assert response.status_code == 302, response.text
    assert the_entry(Kind.ROLE_CHANGED).details == {"role": "network_admin", "old_role": "coach"}
    assert the_entry(Kind.MEMBER_REMOVED).person == world.user("researcher")
    added = the_entry(Kind.MEMBER_ADDED)
    assert (added.person, added.actor, added.network) == (newcomer, root, network)

    applicant = world.applicant
    response = client.post(
        reverse("admin:accounts_enterprise_change", args=[applicant.pk]),
        {
            **{
                field: getattr(applicant, field)
                for field in ["name", "legal_form", "group", "country", "municipality"]
            },
            "region": "BE-BRU",
            "postcode": "1000",
            "nace_code": applicant.nace_code,
            "size_band": applicant.size_band,
            "network": network.pk,
            "admission": "admitted",
            **membership_forms(applicant, []),
        },
    )
    assert response.status_code == 302, response.text
    assert the_entry(Kind.ADMITTED).enterprise == applicant
    assert the_entry(Kind.IDENTITY_CHANGED).details["changes"]["region"] == ["BE-WAL", "BE-BRU"]

    assignment = world.enterprise.coach_assignments.get()
    client.post(
        reverse("admin:accounts_coachassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert the_entry(Kind.COACH_UNASSIGNED).enterprise == world.enterprise

    from tests.conftest import open_invitation

    invitation, _token = open_invitation(enterprise=world.enterprise)
    client.post(reverse("admin:accounts_invitation_delete", args=[invitation.pk]), {"post": "yes"})
    assert the_entry(Kind.INVITATION_REVOKED).details["email"] == invitation.email
    assert not AuditEntry.objects.exclude(actor=root).exists()


def test_the_log_reads_in_each_language(client, world):
    AuditEntry.record(
        Kind.IDENTITY_CHANGED,
        by=world.user("enterprise_admin"),
        enterprise=world.enterprise,
        changes={"region": ["BE-WAL", "BE-BRU"]},
    )
    client.force_login(world.user("network_admin"))
    url = reverse("network_audit_log", args=[world.network.pk])
    for language, sentence in [
        ("fr", "Modifié\u00a0: Région\u00a0: Wallonie → Bruxelles-Capitale."),
        ("nl", "Gewijzigd: Regio: Wallonië → Brussels Hoofdstedelijk Gewest."),
        ("en", "Changed: Region: Wallonia → Brussels-Capital."),
    ]:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert sentence in page.text, language


def test_a_change_of_the_networks_two_factor_requirement_is_recorded(client, world):
    client.force_login(world.user("network_admin"))
    url = reverse("network_settings", args=[world.network.pk])
    client.post(url, {"require_two_factor": "on"})
    client.post(url, {"require_two_factor": "on"})
    required = the_entry(Kind.TWO_FACTOR_RULE)
    assert (required.actor, required.network, required.details) == (
        world.user("network_admin"),
        world.network,
        {"required": True},
    )
    client.post(url, {})
    assert len(entries(Kind.TWO_FACTOR_RULE)) == 2, "saving without a change records nothing"
    page = audit_page(client, world.network, kind=Kind.TWO_FACTOR_RULE)
    assert (
        "Réseau Nord now requires two-factor sign-in of its coaches and enterprise admins."
        in page.text
    )
    assert "Réseau Nord no longer requires two-factor sign-in" in page.text
