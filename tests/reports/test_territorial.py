"""A network's territorial report of a programme: only the programme's enterprises that
share count, hidden figures stay hidden as on the results page, only enterprises that
agreed are named, a withdrawal leaves the enterprise out of every report made after it;
the page, PDF, DOCX and public page say the same, for the network's admins only."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from tests.networks.shared_figures import sharing_enterprise
from vises.audit.models import AuditEntry
from vises.evaluations import sharing
from vises.evaluations.models import Change, SharingLevel
from vises.networks import aggregated
from vises.networks.models import Programme
from vises.reports import territorial
from vises.reports.models import TerritorialRendition, TerritorialReport

WALLONIA = {"country": "BE", "region": "BE-WAL"}
FLANDERS = {"country": "BE", "region": "BE-VLG", "postcode": "9000"}
HAUTS = {"country": "FR", "region": "FR-HDF", "postcode": "59000"}
STORY = "Nous avons ouvert un atelier vélo avec les habitants du quartier."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered files go to a temporary folder, where a test sees them come and go."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def programme(world):
    """Three Walloon and three northern French enterprises share their figures, one
    Flemish one alone in its region, one keeps its data; one of them agreed to be named.
    Three enterprises outside the programme share too (enough that the network's figures
    minus the programme's give away none of them)."""
    network = world.network
    made = {
        "wal1": sharing_enterprise(network, "Wal Un", value=10, answers=[4] * 6, **WALLONIA),
        "wal2": sharing_enterprise(network, "Wal Deux", value=20, answers=[3] * 6, **WALLONIA),
        "wal3": sharing_enterprise(network, "Wal Trois", value=30, answers=[2] * 6, **WALLONIA),
        "hdf1": sharing_enterprise(network, "Nord Un", value=11, answers=[4] * 6, **HAUTS),
        "hdf2": sharing_enterprise(network, "Nord Deux", value=21, answers=[3] * 6, **HAUTS),
        "hdf3": sharing_enterprise(network, "Nord Trois", value=31, answers=[1] * 6, **HAUTS),
        "vlg": sharing_enterprise(network, "Vla Een", value=40, answers=[4] * 6, **FLANDERS),
        "private": sharing_enterprise(
            network, "Privé", value=1000, answers=[1] * 30, level=SharingLevel.NOTHING, **WALLONIA
        ),
    }
    outside = [
        sharing_enterprise(network, f"Hors Cohorte {n}", value=5000 + n, **WALLONIA)[0]
        for n in range(3)
    ]
    cohort = Programme.objects.create(
        network=network,
        name="Cohorte 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    cohort.enterprises.set([enterprise for enterprise, _evaluation in made.values()])
    admin = world.user("network_admin")
    sharing.decide_naming(made["wal1"][1], True, STORY, admin)
    cohort.made = made
    cohort.outside = outside
    return cohort


def make_report(programme, language="fr", title="Rapport territorial 2026"):
    return territorial.create(programme, None, language=language, title=title)


def document_text(document) -> str:
    """Every word the document holds: its texts, figures, charts and tables."""
    words = [document.title, document.subtitle]
    for block in document.blocks:
        words.append(block.text)
        words += [value + " " + label for value, label in block.figures]
        if block.chart:
            words += [block.chart.title, block.chart.description, *block.chart.categories]
        if block.table:
            words.append(block.table.get("caption", ""))
            words += [str(cell) for row in block.table["rows"] for cell in row]
    return "\n".join(words)


def indicator_table(document):
    """The table of the indicator (the first of the results by territory)."""
    return next(
        block.table
        for block in document.blocks
        if block.kind == "table" and len(block.table["header"]) == 7
    )


def test_only_the_programme_enterprises_that_share_count(programme):
    document = territorial.compose_territorial(make_report(programme, language="en"))

    table = indicator_table(document)
    total = table["rows"][-1]
    assert total[0] == "All enterprises"
    assert total[2] == "7"  # 3 Walloon, 3 French and 1 Flemish enterprises share
    words = document_text(document)
    assert "1,000" not in words and "5,000" not in words
    participation = next(block for block in document.blocks if block.kind == "figures")
    assert [value for value, _label in participation.figures] == ["8", "7", "1"]


def test_hidden_cells_are_written_hidden_as_the_results_page_hides_them(programme):
    report = make_report(programme, language="en")
    document = territorial.compose_territorial(report)
    results = aggregated.network_results(programme.network, "region", programme=programme)

    table = indicator_table(document)
    by_region = {row[0]: row for row in table["rows"]}
    assert by_region["Flanders"][1] == "Belgium"
    assert by_region["Hauts-de-France"][1] == "France"
    # Flanders stands alone: hidden, and Wallonia with it, or a subtraction gives it back.
    assert set(by_region["Flanders"][2:]) == {"hidden"}
    assert set(by_region["Wallonia"][2:]) == {"hidden"}
    assert "40" not in by_region["Flanders"]
    section = results.indicators[0]
    with translation.override("en"):
        expected = [
            [
                "hidden" if value is aggregated.HIDDEN else territorial.figure_text(value, kind)
                for value, kind in cells
            ]
            for _row, cells in section.tables[0].lines()
        ]
    assert [row[2:] for row in table["rows"]] == expected
    hidden_in_report = sum(
        cell == "hidden"
        for block in document.blocks
        if block.kind == "table" and block.table["header"][:2] == ["Region", "Country"]
        for row in block.table["rows"]
        for cell in row
    )
    assert hidden_in_report == sum(t.tables[0].hidden_count for t in results.sections) > 0


def test_only_enterprises_that_agreed_are_named_with_their_story(programme):
    document = territorial.compose_territorial(make_report(programme))

    words = document_text(document)
    assert "Wal Un" in words and STORY in words
    for name in ["Wal Deux", "Wal Trois", "Nord Un", "Nord Deux", "Vla Een", "Privé"]:
        assert name not in words
    assert "Hors Cohorte" not in words


def test_naming_is_recorded_and_its_withdrawal_leaves_the_name_out_of_later_reports(
    programme, world
):
    report = make_report(programme)
    territorial.publish(report, None)
    _enterprise, evaluation = programme.made["wal1"]

    sharing.decide_naming(evaluation, False, "", world.user("network_admin"))

    assert "Wal Un" not in document_text(territorial.compose_territorial(report))
    later = make_report(programme, title="Rapport suivant")
    assert "Wal Un" not in document_text(territorial.compose_territorial(later))
    assert STORY not in document_text(territorial.compose_territorial(later))
    # The page published before the withdrawal shows the document as it was then.
    assert "Wal Un" in document_text(territorial.published(report))
    changes = list(Change.objects.filter(evaluation=evaluation, part="sharing").order_by("pk"))
    assert changes[-2].after == {"named": True, "story": STORY}
    assert changes[-1].after == {"named": False, "story": ""}


def test_withdrawn_figures_leave_later_reports(programme, world):
    report = make_report(programme, language="en")
    _enterprise, evaluation = programme.made["hdf3"]

    sharing.decide(evaluation, SharingLevel.NOTHING, world.user("network_admin"))

    table = indicator_table(territorial.compose_territorial(report))
    assert table["rows"][-1][2] == "6"


def _client(client, world, role="network_admin"):
    client.force_login(world.user(role))
    return client


def _urls(programme, report):
    args = [programme.network_id, programme.pk]
    return {
        "list": reverse("territorial_reports", args=args),
        "detail": reverse("territorial_report_detail", args=[*args, report.pk]),
        "render": reverse("territorial_report_render", args=[*args, report.pk]),
        "publish": reverse("territorial_report_publish", args=[*args, report.pk]),
        "files": reverse("territorial_report_renditions", args=[*args, report.pk]),
        "edit": reverse("territorial_report_edit", args=[*args, report.pk]),
        "delete": reverse("territorial_report_delete", args=[*args, report.pk]),
    }


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "territorial.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _download(client, programme, report, rendition) -> bytes:
    response = client.get(
        reverse(
            "territorial_report_download",
            args=[programme.network_id, programme.pk, report.pk, rendition.pk],
        )
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_network_admin_reaches_creates_and_renders_the_report_as_pdf_in_french(
    client, world, programme, tmp_path
):
    admin = _client(client, world)
    detail = admin.get(
        reverse("programme_detail", args=[world.network.pk, programme.pk]),
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    listing = reverse("territorial_reports", args=[world.network.pk, programme.pk])
    assert listing in detail.text and "Rapport territorial" in detail.text

    created = admin.post(
        reverse("territorial_report_create", args=[world.network.pk, programme.pk]),
        {"language": "fr", "title": "Ce que la cohorte change", "introduction": "Bonjour."},
    )
    report = TerritorialReport.objects.get()
    assert created["Location"] == _urls(programme, report)["detail"]
    page = admin.get(created["Location"], HTTP_ACCEPT_LANGUAGE="fr")
    assert "Ce que la cohorte change" in page.text and STORY in page.text

    admin.post(_urls(programme, report)["render"], {"format": "pdf"})
    rendition = report.renditions.get(format="pdf")
    assert rendition.status == TerritorialRendition.Status.DONE, rendition.error
    text = " ".join(pdf_text(_download(admin, programme, report, rendition), tmp_path).split())
    assert "Ce que la cohorte change" in text
    assert "Résultats par territoire" in text and "masqué" in text
    assert "Wal Un" in text and "Nord Deux" not in text


def test_the_docx_in_dutch_holds_headings_and_the_hidden_cells(client, world, programme):
    from docx import Document

    admin = _client(client, world)
    report = make_report(programme, language="nl", title="Territoriaal verslag 2026")
    admin.post(_urls(programme, report)["render"], {"format": "docx"})
    rendition = report.renditions.get(format="docx")
    assert rendition.status == TerritorialRendition.Status.DONE, rendition.error

    word = Document(io.BytesIO(_download(admin, programme, report, rendition)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Wie doet mee" in headings and "Wal Un" in headings
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "verborgen" in cells and "Vlaanderen" in cells
    assert not any("Nord Deux" in p.text for p in word.paragraphs)


def test_publishing_gives_an_unguessable_address_and_revoking_closes_it(client, world, programme):
    admin = _client(client, world)
    report = make_report(programme, language="en", title="Cohort 2026 in its territory")

    admin.post(_urls(programme, report)["publish"], {"publish": "1"})
    report.refresh_from_db()
    assert len(report.public_token) >= 32
    address = reverse("territorial_report_public", args=[report.public_token])
    client.logout()
    public = client.get(address)
    assert public.status_code == 200 and public["Content-Language"] == "en"
    assert "Cohort 2026 in its territory" in public.text and "Wal Un" in public.text

    _client(client, world).post(_urls(programme, report)["publish"], {"publish": "0"})
    client.logout()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize(
    "role, status",
    [
        ("coach", 403),
        ("researcher", 403),
        ("enterprise_admin", 404),
        ("enterprise_member", 404),
        ("outsider", 404),
    ],
)
def test_nobody_but_the_network_admins_reaches_territorial_reports(
    client, world, programme, role, status
):
    report = make_report(programme)
    other = _client(client, world, role)
    for name, url in _urls(programme, report).items():
        if name in ("render", "publish", "edit", "delete"):
            response = other.post(url, {"format": "pdf", "publish": "1", "title": "Pris"})
            assert response.status_code == status, (name, role)
        if name not in ("render", "publish"):
            response = other.get(url)
            assert response.status_code == status, (name, role)
    assert not report.renditions.exists()
    report.refresh_from_db()
    assert report.public_token is None and report.title == "Rapport territorial 2026"
    assert not AuditEntry.objects.exclude(kind=AuditEntry.Kind.TERRITORIAL_CREATED).exists()


def test_another_network_admin_does_not_reach_the_report(client, world, programme):
    report = make_report(programme)
    client.force_login(world.other_admin)
    assert client.get(_urls(programme, report)["detail"]).status_code == 404
    assert client.get(_urls(programme, report)["list"]).status_code == 404


def test_an_enterprise_admin_agrees_to_be_named_and_withdraws_on_the_sharing_page(client, world):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    admin = _client(client, world, "enterprise_admin")
    url = reverse("evaluation_sharing", args=[evaluation.pk])

    admin.post(url, {"named_choice": "1", "named": "on", "story": "Notre histoire."})
    consent = sharing.consent_of(evaluation)
    assert consent.named_in_reports and consent.story == "Notre histoire."
    assert consent.decided_by == world.user("enterprise_admin")
    assert consent.level == SharingLevel.NOTHING  # naming shares no figure

    page = admin.post(url, {"named_choice": "1", "story": "ignored"}, follow=True)
    consent.refresh_from_db()
    assert not consent.named_in_reports and consent.story == ""
    assert page.status_code == 200


def test_coach_cannot_decide_naming(client, world):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    coach = _client(client, world, "coach")
    response = coach.post(
        reverse("evaluation_sharing", args=[evaluation.pk]), {"named_choice": "1", "named": "on"}
    )
    assert response.status_code in (403, 404)
    assert sharing.consent_of(evaluation) is None


def test_a_withdrawal_on_another_evaluation_of_the_enterprise_leaves_it_unnamed(programme, world):
    from tests.conftest import make_evaluation

    enterprise, _evaluation = programme.made["wal1"]
    newer = make_evaluation(enterprise, title="Impact 2027")

    sharing.decide_naming(newer, False, "", world.user("network_admin"))

    words = document_text(territorial.compose_territorial(make_report(programme)))
    assert "Wal Un" not in words and STORY not in words


def _edit_data(report, **changes) -> dict:
    data = {"language": report.language, "title": report.title, "introduction": ""}
    return {**data, **changes}


def test_a_new_title_is_in_the_pdf_made_after_and_the_pdf_made_before_says_it_is_old(
    client, world, programme, tmp_path
):
    admin = _client(client, world)
    report = make_report(programme, title="Premier titre")
    urls = _urls(programme, report)
    admin.post(urls["render"], {"format": "pdf"})

    form = admin.get(urls["edit"], HTTP_ACCEPT_LANGUAGE="fr")
    assert 'value="Premier titre"' in form.text
    saved = admin.post(urls["edit"], _edit_data(report, title="Ce que la cohorte a changé"))

    assert saved["Location"] == urls["detail"]
    page = admin.get(urls["detail"], HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Ce que la cohorte a changé</h1>" in page.text
    assert "Made before the report was last changed" in page.text
    admin.post(urls["render"], {"format": "pdf"})
    newest = report.renditions.filter(format="pdf").first()
    text = " ".join(pdf_text(_download(admin, programme, report, newest), tmp_path).split())
    assert "Ce que la cohorte a changé" in text and "Premier titre" not in text
    page = admin.get(urls["detail"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Made before the report was last changed" not in page.text


def test_a_new_language_and_introduction_are_those_of_the_report_and_kept_in_the_audit_log(
    client, world, programme
):
    admin = _client(client, world)
    report = make_report(programme)

    admin.post(
        _urls(programme, report)["edit"],
        _edit_data(report, language="nl", introduction="Negen bedrijven evalueerden samen."),
    )

    report.refresh_from_db()
    document = territorial.compose_territorial(report)
    headings = [block.text for block in document.blocks if block.kind == "heading"]
    assert "Inleiding" in headings and "Wie doet mee" in headings
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.TERRITORIAL_CHANGED)
    assert entry.actor == world.user("network_admin") and entry.network == world.network
    assert entry.details["changes"] == {
        "language": ["fr", "nl"],
        "introduction": ["", "Negen bedrijven evalueerden samen."],
    }


def test_an_empty_title_is_refused_and_nothing_changes(client, world, programme):
    admin = _client(client, world)
    report = make_report(programme)

    refused = admin.post(
        _urls(programme, report)["edit"], _edit_data(report, title=""), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert refused.status_code == 200 and "This field is required." in refused.text
    report.refresh_from_db()
    assert report.title == "Rapport territorial 2026" and report.edited_at is None
    assert not AuditEntry.objects.filter(kind=AuditEntry.Kind.TERRITORIAL_CHANGED).exists()


def test_deleting_asks_first_then_removes_the_files_and_the_public_page(
    client, world, programme, settings, django_capture_on_commit_callbacks
):
    admin = _client(client, world)
    report = make_report(programme, title="Rapport à retirer")
    urls = _urls(programme, report)
    admin.post(urls["render"], {"format": "pdf"})
    admin.post(urls["render"], {"format": "docx"})
    admin.post(urls["publish"], {"publish": "1"})
    report.refresh_from_db()
    public = reverse("territorial_report_public", args=[report.public_token])
    files = [settings.MEDIA_ROOT / rendition.file.name for rendition in report.renditions.all()]
    assert len(files) == 2 and all(path.exists() for path in files)

    asked = admin.get(urls["delete"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Delete “Rapport à retirer”?" in asked.text and "public page" in asked.text
    assert TerritorialReport.objects.filter(pk=report.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        deleted = admin.post(urls["delete"])

    assert deleted["Location"] == urls["list"]
    assert not TerritorialReport.objects.filter(pk=report.pk).exists()
    assert not TerritorialRendition.objects.exists()
    assert not any(path.exists() for path in files)
    assert admin.get(urls["detail"]).status_code == 404
    client.logout()
    assert client.get(public).status_code == 404


def test_the_network_admins_read_each_change_of_a_report_in_the_audit_log(client, world, programme):
    admin = _client(client, world)
    admin.post(
        reverse("territorial_report_create", args=[world.network.pk, programme.pk]),
        {"language": "fr", "title": "Bilan 2026", "introduction": ""},
    )
    report = TerritorialReport.objects.get()
    urls = _urls(programme, report)
    admin.post(urls["publish"], {"publish": "1"})
    admin.post(urls["publish"], {"publish": "1"})
    admin.post(urls["publish"], {"publish": "0"})
    admin.post(urls["edit"], _edit_data(report, title="Bilan de la cohorte"))
    admin.post(urls["delete"])

    log = reverse("network_audit_log", args=[world.network.pk])
    english = admin.get(log, HTTP_ACCEPT_LANGUAGE="en").text
    for said in [
        "The territorial report “Bilan 2026” of Cohorte 2026 was created.",
        "The territorial report “Bilan 2026” of Cohorte 2026 was published at a new address.",
        "The public page of the territorial report “Bilan 2026” of Cohorte 2026 now shows "
        "that day&#x27;s figures.",
        "The territorial report “Bilan 2026” of Cohorte 2026 is no longer published.",
        "The territorial report “Bilan 2026” of Cohorte 2026 was changed: "
        "Title: Bilan 2026 → Bilan de la cohorte.",
        "The territorial report “Bilan de la cohorte” of Cohorte 2026 was deleted.",
    ]:
        assert said in english, said
    french = admin.get(log, HTTP_ACCEPT_LANGUAGE="fr").text
    assert (
        "Le rapport territorial «\u00a0Bilan de la cohorte\u00a0» de Cohorte 2026 a été supprimé."
    ) in (french)
    dutch = admin.get(log, {"kind": "territorial_changed"}, HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Titel: Bilan 2026 → Bilan de la cohorte" in dutch
    assert dutch.split("<tbody>")[1].count("<tr>") == 1  # the change, of one kind only
    # Another network's admins do not read them.
    client.force_login(world.other_admin)
    other_log = reverse("network_audit_log", args=[world.other_network.pk])
    assert "Bilan" not in client.get(other_log).text
