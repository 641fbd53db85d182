"""A network admin clicks from home to a programme, creates its territorial report in
French, reads the preview (a lone region hidden, only the enterprise that agreed named),
has the PDF made in the background, downloads it and opens the published page; then
changes its title (the old PDF says it is old, the new one holds the new title), deletes
it after a confirmation page (its files leave the disk, its public page is gone) and reads
both in the network's audit log. axe finds no serious or critical violation on any of
these pages."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_accessibility import assert_accessible
from tests.networks.shared_figures import sharing_enterprise
from vises.audit.models import AuditEntry
from vises.evaluations import sharing
from vises.networks.models import Programme
from vises.reports import territorial
from vises.reports.models import TerritorialRendition, TerritorialReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WALLONIA = {"country": "BE", "region": "BE-WAL"}
FLANDERS = {"country": "BE", "region": "BE-VLG", "postcode": "9000"}
HAUTS = {"country": "FR", "region": "FR-HDF", "postcode": "59000"}
TITLE = "Ce que notre cohorte apporte au territoire"
STORY = "Nous avons ouvert un atelier vélo avec les habitants du quartier."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cohort(world) -> Programme:
    network = world.network
    made = [
        sharing_enterprise(network, "Wal Un", value=10, answers=[4] * 6, **WALLONIA),
        sharing_enterprise(network, "Wal Deux", value=20, answers=[3] * 6, **WALLONIA),
        sharing_enterprise(network, "Wal Trois", value=30, answers=[2] * 6, **WALLONIA),
        sharing_enterprise(network, "Nord Un", value=11, answers=[4] * 6, **HAUTS),
        sharing_enterprise(network, "Nord Deux", value=21, answers=[3] * 6, **HAUTS),
        sharing_enterprise(network, "Nord Trois", value=31, answers=[1] * 6, **HAUTS),
        sharing_enterprise(network, "Vla Een", value=40, answers=[4] * 6, **FLANDERS),
    ]
    programme = Programme.objects.create(
        network=network,
        name="Cohorte 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    programme.enterprises.set([enterprise for enterprise, _evaluation in made])
    sharing.decide_naming(made[3][1], True, STORY, world.user("network_admin"))
    return programme


def test_network_admin_creates_renders_and_publishes_the_territorial_report(
    page: Page, world, sign_in, browser, tmp_path
):
    cohort(world)
    sign_in(page, world.user("network_admin").email)

    page.get_by_role("link", name=world.network.name).first.click()
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Cohorte 2026").click()
    page.get_by_role("button", name="Français").click()
    page.get_by_role("link", name="Rapport territorial").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports territoriaux")
    assert_accessible(page)

    form = page.locator("main form.stacked")
    form.get_by_label("Langue").select_option("fr")
    form.get_by_label("Titre").fill(TITLE)
    form.get_by_role("button", name="Créer le rapport").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    preview = page.locator(".report-preview")
    expect(preview.get_by_role("heading", name="Qui participe")).to_be_visible()
    flanders = preview.get_by_role("row").filter(has_text="Flandre").first
    expect(flanders).to_contain_text("masqué")
    expect(preview.get_by_role("heading", name="Nord Un")).to_be_visible()
    expect(preview).to_contain_text(STORY)
    expect(preview).not_to_contain_text("Wal Deux")
    assert_accessible(page)

    page.get_by_role("button", name="Produire le PDF").click()
    files = page.locator("#renditions-list li")
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Prêt"), timeout=3 * TIMEOUT_MS)
    rendition = TerritorialRendition.objects.get()
    assert rendition.status == "done", rendition.error
    with page.expect_download() as downloading:
        files.get_by_role("link", name=re.compile("Télécharger")).click()
    saved = tmp_path / "territorial.pdf"
    downloading.value.save_as(saved)
    text = subprocess.run(
        ["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert TITLE in " ".join(text.split()) and "Nord Un" in text

    page.get_by_role("button", name="Publier sur une page publique").click()
    public_url = page.locator("#public-url").input_value()
    reader_context = browser.new_context(locale="nl-BE")
    reader = reader_context.new_page()
    opened = reader.goto(public_url)
    assert opened is not None and opened.status == 200
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_role("main")).to_contain_text(STORY)
    assert_accessible(reader)
    reader_context.close()


NEW_TITLE = "La cohorte 2026 et son territoire"


def pdf_words(path) -> str:
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_network_admin_changes_the_title_then_deletes_the_report_by_clicking(
    page: Page, world, sign_in, browser, tmp_path, settings, live_server
):
    programme = cohort(world)
    admin = world.user("network_admin")
    report = territorial.create(programme, admin, language="fr", title=TITLE)
    territorial.publish(report, admin)
    public_url = live_server.url + reverse("territorial_report_public", args=[report.public_token])
    sign_in(page, admin.email)
    page.get_by_role("link", name=world.network.name).first.click()
    page.get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name="Cohorte 2026").click()
    page.get_by_role("button", name="Français").click()
    page.get_by_role("link", name="Rapport territorial").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Produire le PDF").click()
    files = page.locator("#renditions-list li")
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Prêt"), timeout=3 * TIMEOUT_MS)

    page.get_by_role("link", name="Modifier le titre, la langue ou l'introduction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le rapport")
    assert_accessible(page)
    page.locator("main form").get_by_label("Titre").fill(NEW_TITLE)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(files).to_contain_text("Produit avant la dernière modification du rapport")
    assert_accessible(page)
    page.get_by_role("button", name="Produire le PDF").click()
    expect(files).not_to_contain_text("Produit avant", timeout=3 * TIMEOUT_MS)
    expect(files).to_contain_text(re.compile(r"PDF\s*·\s*Prêt"), timeout=3 * TIMEOUT_MS)
    with page.expect_download() as downloading:
        files.get_by_role("link", name=re.compile("Télécharger")).click()
    saved = tmp_path / "renamed.pdf"
    downloading.value.save_as(saved)
    words = pdf_words(saved)
    assert NEW_TITLE in words and TITLE not in words

    stored = [
        settings.MEDIA_ROOT / rendition.file.name
        for rendition in TerritorialRendition.objects.filter(report=report)
    ]
    assert len(stored) == 2 and all(path.exists() for path in stored)
    page.get_by_role("link", name="Supprimer le rapport").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer le rapport")
    expect(page.get_by_role("main")).to_contain_text("sa page publique ne s'ouvre plus")
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer définitivement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rapports territoriaux")
    expect(page.get_by_role("main")).to_contain_text("Aucun rapport territorial pour l'instant")
    assert not TerritorialReport.objects.exists()
    assert not any(path.exists() for path in stored)
    reader_context = browser.new_context()
    opened = reader_context.new_page().goto(public_url)
    assert opened is not None and opened.status == 404
    reader_context.close()

    page.get_by_role("link", name=world.network.name).first.click()
    page.get_by_role("link", name="Journal d'audit").click()
    log = page.get_by_role("table")
    expect(log).to_contain_text(f"Le rapport territorial «\u00a0{NEW_TITLE}\u00a0»")
    expect(log).to_contain_text("a été supprimé")
    expect(log).to_contain_text(f"Titre\u00a0: {TITLE} → {NEW_TITLE}")
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.TERRITORIAL_DELETED).count() == 1
    assert_accessible(page)
