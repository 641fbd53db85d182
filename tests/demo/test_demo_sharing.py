"""The demo network shows data sharing at work: consents of each kind, aggregated results
with hidden figures, and an enterprise's position among its peers."""

import html

from django.core.management import call_command
from django.urls import reverse

from vises.accounts.models import Enterprise, Network, User
from vises.evaluations.models import SharingConsent, SharingLevel


def test_the_demo_network_shares_at_every_level_and_shows_it(client, db, capsys):
    call_command("demo", no_files=True)
    capsys.readouterr()
    assert set(SharingConsent.objects.values_list("level", flat=True)) == set(SharingLevel)

    client.force_login(User.objects.get(email="sophie.marchal@passerelles-ess.example"))
    network = Network.objects.get(name="Passerelles ESS")
    page = client.get(reverse("network_results", args=[network.pk]), HTTP_ACCEPT_LANGUAGE="en")
    results = page.context["results"]
    assert results.indicators and results.items
    assert results.hidden_count > 0
    assert "Énergie Citoyenne Sambre" not in page.text

    rebond = Enterprise.objects.get(name="Les Ateliers du Rebond")
    evaluation = rebond.evaluations.get(title="Nos parcours d'insertion, 2026")
    client.force_login(rebond.memberships.get(role="enterprise_admin").user)
    peers = client.get(reverse("evaluation_peers", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert any(row["band"] for row in peers.context["rows"])
    assert "Le Tremplin Lillois" not in peers.text


def test_the_demo_researcher_studies_the_consenting_evaluations(client, db, capsys):
    call_command("demo", no_files=True)
    capsys.readouterr()
    client.force_login(User.objects.get(email="anna.verhoeven@univ-recherche.example"))
    network = Network.objects.get(name="Passerelles ESS")
    page = client.get(reverse("network_research", args=[network.pk]), HTTP_ACCEPT_LANGUAGE="en")
    rows = page.context["rows"]
    consenting = SharingConsent.objects.filter(
        level__gte=SharingLevel.RESEARCH, evaluation__enterprise__network=network
    )
    assert len(rows) == consenting.count() > 0
    assert any(days is not None for row in rows for days in row.days_between)
    text = html.unescape(page.text)
    for name in Enterprise.objects.values_list("name", flat=True):
        assert name not in text, name
