"""The import pages and the `vises responses import` command."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.surveys.test_imports import FRENCH_CSV
from vises.evaluations.models import Change
from vises.surveys.models import Response, ResponseImport


@pytest.fixture
def survey(survey_in_dutch):
    return survey_in_dutch


def upload(client, survey, content: bytes, name="reponses.csv"):
    return client.post(
        reverse("survey_import", args=[survey.evaluation_id, survey.pk]),
        {"file": SimpleUploadedFile(name, content), "wave": survey.waves.get().pk},
    )


def test_an_admin_uploads_corrects_a_column_and_a_value_then_imports(client, world, survey):
    admin = world.user("enterprise_admin")
    client.force_login(admin)
    responses_page = client.get(reverse("survey_responses", args=[survey.evaluation_id, survey.pk]))
    assert reverse("survey_import", args=[survey.evaluation_id, survey.pk]) in responses_page.text

    sent = upload(client, survey, "Travaille ?;uren\nja;10\nbof;\n".encode("cp1252"))
    response_import = ResponseImport.objects.get()
    preview_url = sent.headers["Location"]
    assert preview_url == reverse(
        "survey_import_preview", args=[survey.evaluation_id, survey.pk, response_import.pk]
    )
    page = client.get(preview_url, HTTP_ACCEPT_LANGUAGE="fr")
    assert "<strong>sans correspondance</strong>" in page.text  # the column "Travaille ?"
    assert 'name="action" value="import"' not in page.text  # a problem is left

    client.post(preview_url, {"column_0": "q:werk", "action": "check"})
    page = client.get(preview_url)
    assert "bof" in page.text
    client.post(
        preview_url,
        {"fix_0_question": "werk", "fix_0_written": "bof", "fix_0": "nee", "action": "check"},
    )
    page = client.get(preview_url)
    assert 'name="action" value="import"' in page.text

    done = client.post(preview_url, {"action": "import"}, follow=True)
    assert [r.answers for r in Response.objects.order_by("id")] == [
        {"werk": "ja", "uren": 10},
        {"werk": "nee"},
    ]
    assert "Annuler cet import" in done.text

    client.post(
        reverse("survey_import_undo", args=[survey.evaluation_id, survey.pk, response_import.pk])
    )
    assert not Response.objects.exists()
    assert Change.objects.filter(part="response_imports").count() == 2
    history = client.get(reverse("evaluation_history", args=[survey.evaluation_id]))
    assert history.text.count("Réponses importées d’un fichier") == 2
    assert "reponses.csv" in history.text


def test_the_same_file_twice_asks_before_importing_again(client, world, survey):
    client.force_login(world.user("enterprise_admin"))
    first = upload(client, survey, b"werk\nja\n").headers["Location"]
    client.post(first, {"action": "import"})
    second = upload(client, survey, b"werk\nja\n", name="copy.csv").headers["Location"]
    page = client.get(second)
    assert 'name="again"' in page.text

    client.post(second, {"action": "import"})
    assert Response.objects.count() == 1
    client.post(second, {"action": "import", "again": "1"})
    assert Response.objects.count() == 2


def test_a_member_of_the_team_may_not_import(client, world, survey):
    client.force_login(world.user("enterprise_member"))
    assert upload(client, survey, b"werk\nja\n").status_code == 403
    assert not ResponseImport.objects.exists()


def test_a_file_past_the_limit_is_refused_by_the_form(client, world, survey, settings):
    settings.VISES_DATA_IMPORT_MAX_BYTES = 10
    client.force_login(world.user("enterprise_admin"))
    page = upload(client, survey, b"werk\nja\nnee\nja\n")
    assert page.status_code == 200 and not ResponseImport.objects.exists()


def test_the_command_checks_then_imports(world, survey, tmp_path, capsys):
    path = tmp_path / "reponses.csv"
    path.write_bytes(FRENCH_CSV.replace("1 000", "10").encode("cp1252"))
    call_command(
        "responses",
        "--language",
        "en",
        "import",
        str(path),
        "--survey",
        str(survey.pk),
        "--wave",
        "2026",
        "--dry-run",
    )
    assert "3 responses would be imported" in capsys.readouterr().out
    assert not Response.objects.exists()

    call_command(
        "responses",
        "import",
        str(path),
        "--survey",
        str(survey.pk),
        "--wave",
        "2026",
        "--by",
        "enterprise_admin@example.org",
    )
    assert Response.objects.filter(entered_by=world.user("enterprise_admin")).count() == 3
    with pytest.raises(CommandError):
        call_command("responses", "import", str(path), "--survey", str(survey.pk), "--wave", "2026")
    assert Response.objects.count() == 3


def test_the_command_names_each_problem_and_stores_nothing(world, survey, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("werk;uren\nja;10\nmisschien;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "responses",
            "--language",
            "en",
            "import",
            str(path),
            "--survey",
            str(survey.pk),
            "--wave",
            "2026",
        )
    assert "row 3, werk: “misschien” is none of this question's options." in capsys.readouterr().err
    assert not Response.objects.exists()


def test_the_command_leaves_out_unmatched_columns_only_when_told(world, survey, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("werk;Opmerking van de coach\nja;Sterk gemotiveerd\n", encoding="utf-8")
    arguments = ["responses", "import", str(path), "--survey", str(survey.pk), "--wave", "2026"]
    with pytest.raises(CommandError):
        call_command(*arguments)
    call_command(*arguments, "--skip-unmatched")
    assert [r.answers for r in Response.objects.all()] == [{"werk": "ja"}]


def test_the_import_page_offers_the_template_in_the_readers_language(client, world, survey):
    admin = world.user("enterprise_admin")
    admin.preferred_language = "nl"
    admin.save()
    client.force_login(admin)
    page = client.get(reverse("survey_import", args=[survey.evaluation_id, survey.pk]))
    url = reverse("survey_import_template", args=[survey.evaluation_id, survey.pk])
    assert url in page.text
    download = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames[0] == "Antwoorden"
    assert workbook.worksheets[0]["A1"].comment.text == "Werkt u op dit moment?"
