"""Importing indicator values from CSV and XLSX files through a preview."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from vises.evaluations.models import Change
from vises.indicators import imports, values
from vises.indicators.models import IndicatorValue


def start(evaluation, content: bytes, name="valeurs.csv"):
    return imports.start(evaluation, ContentFile(content, name=name), None)


def checked(evaluation, indicator_import):
    with indicator_import.file.open("rb") as file:
        return imports.check(evaluation, file, indicator_import.file_name, indicator_import.options)


def test_a_french_csv_imports_values_by_name_replacing_the_same_period(
    world, evaluation, counted, qualitative
):
    values.save_value(counted, None, kind=values.NUMBER, period="2025", number=Decimal(8))
    content = (
        "Indicateur;Période;Valeur;Source;Commentaire\r\n"
        "Personnes accompagnées;2025;1 234,5;Registre;Recompté\r\n"
        "people_supported;2026;12;;\r\n"
        "regard du quartier;2026;Plus de voisins viennent aux portes ouvertes.;Enquête de rue;\r\n"
    ).encode("cp1252")
    indicator_import = start(evaluation, content)
    preview = checked(evaluation, indicator_import)
    assert preview.problems == [] and preview.replaced == 1
    member = world.user("enterprise_member")

    assert imports.store(indicator_import, member) == 3
    stored = {(v.indicator.pk, v.period): v for v in IndicatorValue.objects.all()}
    assert stored[(counted.pk, "2025")].number == Decimal("1234.5")
    assert stored[(counted.pk, "2025")].source == "Registre"
    assert stored[(counted.pk, "2026")].number == 12
    assert stored[(qualitative.pk, "2026")].text.startswith("Plus de voisins")
    assert {v.entered_by for v in stored.values()} == {member}
    assert Change.objects.filter(part="indicator_values").count() == 4


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No indicator of the collection plan is called “Jobs”."),
        ("fr", "Aucun indicateur du plan de collecte ne s’appelle « Jobs »."),
        ("nl", "Geen enkele indicator van het verzamelplan heet “Jobs”."),
    ],
)
def test_problems_are_named_by_row_and_column_and_nothing_is_stored(
    world, evaluation, counted, from_survey, language, message
):
    content = (
        b"indicator,period,value\n"
        b"people_supported,2026,12\n"
        b"Jobs,2026,3\n"
        b"confident_share,2026,50\n"
        b"people_supported,2027,1e400\n"
        b"people_supported,2026,13\n"
    )
    indicator_import = start(evaluation, content)
    with translation.override(language):
        preview = checked(evaluation, indicator_import)
    found = [(p.row, p.column) for p in preview.problems]
    assert found == [(3, "indicator"), (4, "indicator"), (5, "value"), (6, "period")]
    assert preview.problems[0].message == message
    assert preview.unmatched == {"Jobs": 1}
    with pytest.raises(imports.ImportFailed):
        imports.store(indicator_import, None)
    assert not IndicatorValue.objects.exists()


def test_an_xlsx_imports_once_an_unknown_name_and_a_column_are_corrected(
    client, world, evaluation, counted
):
    workbook = Workbook()
    workbook.active.append(["Indicateur", "Année", "Chiffre"])
    workbook.active.append(["Personen begeleid", 2026, 14.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.user("enterprise_member"))
    page = client.get(reverse("evaluation_indicators", args=[evaluation.pk]))
    upload_url = reverse("evaluation_indicator_import", args=[evaluation.pk])
    assert upload_url in page.text
    sent = client.post(upload_url, {"file": ContentFile(buffer.getvalue(), name="cijfers.xlsx")})
    preview_url = sent.headers["Location"]
    page = client.get(preview_url)
    assert "Personen begeleid" not in page.text  # the column is not known yet
    client.post(preview_url, {"column_2": "value", "action": "check"})
    page = client.get(preview_url)
    assert "Personen begeleid" in page.text and 'value="import"' not in page.text
    client.post(
        preview_url,
        {"fix_0_written": "Personen begeleid", "fix_0": str(counted.pk), "action": "check"},
    )
    assert 'value="import"' in client.get(preview_url).text

    done = client.post(preview_url, {"action": "import"}, follow=True)
    assert [(v.indicator, v.period, v.number) for v in IndicatorValue.objects.all()] == [
        (counted, "2026", Decimal("14.5"))
    ]
    assert "1 valeur a été importée." in done.text


def test_undoing_an_import_by_clicking_puts_back_what_it_replaced_and_removes_what_it_added(
    client, world, evaluation, counted, qualitative
):
    admin, member = world.user("enterprise_admin"), world.user("enterprise_member")
    earlier, _replaced = values.save_value(
        counted, admin, kind=values.NUMBER, period="2025", number=Decimal(8), source="Registre"
    )
    entered_at = IndicatorValue.objects.get(pk=earlier.pk).entered_at
    content = (
        "Indicateur;Période;Valeur;Source\r\n"
        "people_supported;2025;9;Recompté\r\n"
        "people_supported;2026;12;\r\n"
        "regard du quartier;2026;Plus de voisins.;Enquête de rue\r\n"
    ).encode("cp1252")
    client.force_login(member)
    list_url = reverse("evaluation_indicator_import", args=[evaluation.pk])
    preview_url = client.post(list_url, {"file": ContentFile(content, name="valeurs.csv")})[
        "Location"
    ]
    client.post(preview_url, {"action": "import"})
    assert IndicatorValue.objects.count() == 3
    assert IndicatorValue.objects.get(pk=earlier.pk).number == 9

    # The import is listed, its page offers to undo it.
    assert preview_url in client.get(list_url).text
    page = client.get(preview_url).text
    undo_url = reverse(
        "evaluation_indicator_import_undo", args=[evaluation.pk, preview_url.split("/")[-2]]
    )
    assert f'action="{undo_url}"' in page
    done = client.post(undo_url, follow=True)
    assert "3 valeurs ont été remises ou retirées." in done.text

    kept = IndicatorValue.objects.get()
    assert kept.pk == earlier.pk
    assert (kept.number, kept.source, kept.entered_by, kept.entered_at) == (
        Decimal(8),
        "Registre",
        admin,
        entered_at,
    )
    undone = evaluation.indicator_imports.get()
    assert undone.undone_by == member and undone.undone_at is not None
    summaries = Change.objects.filter(part="indicator_imports").order_by("pk")
    assert [(c.before, c.after) for c in summaries] == [
        ({}, {"file": "valeurs.csv", "values": 3}),
        ({"file": "valeurs.csv", "values": 3}, {"undone": True}),
    ]
    # Each value's change is in the history: 1 typed, 3 imported, 3 undone.
    assert Change.objects.filter(part="indicator_values").count() == 7
    history = client.get(reverse("evaluation_history", args=[evaluation.pk])).text
    assert "Valeurs d’indicateurs importées d’un fichier" in history

    # Undone once, it cannot be undone again; the page says it was undone.
    again = client.post(undo_url, follow=True)
    assert "Seul un import effectué peut être annulé." in again.text
    assert "Annulé le" in again.text
    assert IndicatorValue.objects.count() == 1
    assert f'action="{undo_url}"' not in client.get(preview_url).text


def test_an_import_whose_value_changed_since_is_not_undone_at_all(
    world, evaluation, counted, qualitative
):
    content = b"indicator,period,value\npeople_supported,2026,12\npeople_supported,2027,13\n"
    indicator_import = start(evaluation, content)
    member = world.user("enterprise_member")
    assert imports.store(indicator_import, member) == 2
    changed = IndicatorValue.objects.get(period="2027")
    values.change_value(changed, member, kind=values.NUMBER, period="2027", number=Decimal(14))

    with translation.override("en"), pytest.raises(imports.NotUndone) as refusal:
        imports.undo(indicator_import, member)
    assert str(refusal.value) == (
        "The value of “Personnes accompagnées” for 2027 changed after the import: "
        "undoing would lose that change. Nothing was undone."
    )
    assert sorted(IndicatorValue.objects.values_list("period", "number")) == [
        ("2026", Decimal(12)),
        ("2027", Decimal(14)),
    ]
    indicator_import.refresh_from_db()
    assert indicator_import.undone_at is None
