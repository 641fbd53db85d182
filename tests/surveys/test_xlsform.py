"""Surveys in and out as XLSForm: converted by pyxform, imported with what cannot be
carried over listed row by row, and exported so that importing the export gives the
same survey."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook
from pyxform.xls2xform import convert

from tests.conftest import make_evaluation
from vises.surveys import builder, xlsform
from vises.surveys.models import Survey


def workbook_bytes(survey_rows, choice_rows=(), settings_rows=()) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey_rows:
        sheet.append(list(row))
    if choice_rows:
        choices = workbook.create_sheet("choices")
        for row in choice_rows:
            choices.append(list(row))
    if settings_rows:
        settings = workbook.create_sheet("settings")
        for row in settings_rows:
            settings.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


# Written in the manner of KoBoToolbox's documentation: a household form in French and
# English, with a group, a note, a GPS point, a calculation and a repeat.
KOBO_STYLE = workbook_bytes(
    [
        (
            "type",
            "name",
            "label::Français (fr)",
            "label::English (en)",
            "hint::Français (fr)",
            "required",
            "relevant",
            "constraint",
            "calculation",
            "choice_filter",
        ),
        ("start", "start"),
        ("note", "welcome", "Merci de votre temps.", "Thank you for your time."),
        ("begin_group", "household", "Le ménage", "The household"),
        (
            "integer",
            "members",
            "Combien de personnes vivent ici ?",
            "How many people live here?",
            "Vous compris",
            "yes",
            "",
            ". >= 1 and . <= 20",
        ),
        ("select_one yes_no", "works", "Travaillez-vous ?", "Do you work?", "", "yes"),
        (
            "decimal",
            "hours",
            "Heures par semaine",
            "Hours a week",
            "",
            "",
            "${works} = 'yes'",
            ". >= 0 and . <= 80",
        ),
        (
            "select_multiple help or_other",
            "help",
            "Aides reçues",
            "Help received",
            "",
            "",
            "${works} = 'no' or ${members} > 3",
        ),
        ("end_group",),
        ("geopoint", "location", "Où êtes-vous ?", "Where are you?"),
        ("calculate", "double", "", "", "", "", "", "", "${members} * 2"),
        ("begin_repeat", "person", "Personne", "Person"),
        ("text", "first_name", "Prénom", "First name"),
        ("end_repeat",),
        ("date", "since", "Depuis quand ?", "Since when?", "", "", "string-length(${help}) > 2"),
        ("text", "comment", "Un commentaire ?", "Any comment?"),
    ],
    [
        ("list_name", "name", "label::Français (fr)", "label::English (en)", "region"),
        ("yes_no", "yes", "Oui", "Yes"),
        ("yes_no", "no", "Non", "No"),
        ("help", "food", "Colis alimentaire", "Food parcel", "north"),
        ("help", "training", "Formation", "Training"),
    ],
    [
        ("form_title", "form_id", "default_language"),
        ("Enquête ménages", "menages", "Français (fr)"),
    ],
)


@pytest.fixture
def evaluation(world):
    return make_evaluation(world.enterprise)


def test_a_kobo_style_form_imports_with_unsupported_rows_listed(world, evaluation):
    with translation.override("en"):
        result = xlsform.import_survey(evaluation, KOBO_STYLE, world.user("enterprise_admin"), "fr")
    survey = result.survey
    assert survey.languages == ["fr", "en"]
    assert survey.title == {"fr": "Enquête ménages"}
    questions = {q.code: q for q in builder.ordered_questions(survey)}
    assert list(questions) == [
        "members",
        "works",
        "hours",
        "help",
        "first_name",
        "since",
        "comment",
    ]
    members = questions["members"]
    assert (members.kind, members.integer_only, members.required) == ("number", True, True)
    assert (members.minimum, members.maximum) == (1, 20)
    assert members.text == {
        "fr": "Combien de personnes vivent ici ?",
        "en": "How many people live here?",
    }
    assert members.help == {
        "fr": "Merci de votre temps.\nVous compris",
        "en": "Thank you for your time.",
    }
    assert questions["hours"].condition == {
        "combine": "all",
        "rules": [{"question": "works", "op": "equals", "value": "yes"}],
    }
    assert questions["help"].allow_other and questions["help"].kind == "multiple_choice"
    assert questions["help"].condition["combine"] == "any"
    assert questions["since"].condition == {}
    sections = list(survey.sections.order_by("position"))
    assert sections[0].title == {"fr": "Le ménage", "en": "The household"}
    assert len(sections) == 2
    listed = [(item.sheet, item.row, item.name) for item in result.skipped]
    assert listed == [
        ("survey", 2, "start"),
        ("survey", 10, "location"),
        ("survey", 11, "double"),
        ("survey", 12, "person"),
        ("survey", 14, ""),
        ("survey", 15, "since"),
        ("choices", 4, "food"),
    ]
    assert "Repeats" in result.skipped[3].reason


def test_a_file_pyxform_refuses_is_refused_with_its_reason(world, evaluation):
    broken = workbook_bytes([("type", "name", "label"), ("select_one missing", "q", "Q?")])
    with translation.override("en"), pytest.raises(xlsform.XLSFormError, match="pyxform"):
        xlsform.import_survey(evaluation, broken, None, "fr")
    assert not Survey.objects.exists()


def test_a_dry_run_stores_nothing(world, evaluation):
    result = xlsform.import_survey(evaluation, KOBO_STYLE, None, "fr", dry_run=True)
    assert result.questions == 7
    assert not Survey.objects.exists()


def make_survey(evaluation, user) -> Survey:
    survey = builder.create_survey(
        evaluation,
        user,
        title={"fr": "Votre parcours", "nl": "Uw traject", "en": "Your path"},
        languages=["fr", "nl", "en"],
    )
    first = survey.sections.get()
    builder.rename_section(first, user, {"fr": "Vous", "nl": "U", "en": "You"})
    add = builder.add_question
    add(
        first,
        user,
        code="works",
        kind="single_choice",
        required=True,
        text={"fr": "Travaillez-vous ?", "nl": "Werkt u?", "en": "Do you work?"},
        help={"fr": "Un seul choix", "nl": "Eén keuze", "en": "One choice"},
        options=[
            {"value": "yes", "label": {"fr": "Oui", "nl": "Ja", "en": "Yes"}},
            {"value": "no", "label": {"fr": "Non", "nl": "Nee", "en": "No"}},
        ],
        allow_other=True,
    )
    hours = add(
        first,
        user,
        code="hours",
        kind="number",
        minimum=Decimal(0),
        maximum=Decimal(60),
        text={"fr": "Heures ?", "nl": "Uren?", "en": "Hours?"},
    )
    builder.set_condition(
        hours, user, "all", [{"question": "works", "op": "equals", "value": "yes"}]
    )
    second = builder.add_section(survey, user, {"fr": "Après", "nl": "Nadien", "en": "After"})
    add(
        second,
        user,
        code="helped",
        kind="multiple_choice",
        text={"fr": "Aides ?", "nl": "Hulp?", "en": "Help?"},
        options=[
            {"value": "coach", "label": {"fr": "Coach", "nl": "Coach", "en": "Coach"}},
            {
                "value": "training",
                "label": {"fr": "Formation", "nl": "Opleiding", "en": "Training"},
            },
        ],
    )
    rating = add(
        second,
        user,
        code="rating",
        kind="rating_0_10",
        text={"fr": "Note ?", "nl": "Score?", "en": "Rating?"},
    )
    builder.set_condition(
        rating,
        user,
        "any",
        [
            {"question": "helped", "op": "contains", "value": "coach"},
            {"question": "hours", "op": "at_least", "value": "10"},
            {"question": "works", "op": "one_of", "value": ["yes", "_other"]},
        ],
    )
    add(
        second,
        user,
        code="since",
        kind="date",
        text={"fr": "Depuis ?", "nl": "Sinds?", "en": "Since?"},
    )
    add(
        second,
        user,
        code="story",
        kind="long_text",
        text={"fr": "Racontez", "nl": "Vertel", "en": "Tell"},
    )
    add(
        second,
        user,
        code="word",
        kind="short_text",
        text={"fr": "Un mot", "nl": "Eén woord", "en": "A word"},
    )
    return survey


def described(survey) -> dict:
    fields = (
        "code",
        "kind",
        "text",
        "help",
        "required",
        "options",
        "allow_other",
        "scale",
        "minimum",
        "maximum",
        "integer_only",
        "condition",
    )
    return {
        "title": survey.title,
        "languages": survey.languages,
        "sections": [s.title for s in survey.sections.order_by("position")],
        "questions": [
            {name: getattr(q, name) for name in fields} | {"section": q.section.position}
            for q in builder.ordered_questions(survey)
        ],
    }


def test_an_exported_survey_converts_with_pyxform_and_imports_back_the_same(world, evaluation):
    user = world.user("enterprise_admin")
    survey = make_survey(evaluation, user)
    content = xlsform.export_survey(survey)
    converted = convert(xlsform=io.BytesIO(content), validate=False, file_type=".xlsx")
    for label in ("Travaillez-vous ?", "Werkt u?", "Do you work?", "Opleiding"):
        assert label in converted.xform
    again = xlsform.import_survey(evaluation, io.BytesIO(content), user, "fr")
    assert again.skipped == []
    assert described(again.survey) == described(survey)


def test_the_team_imports_an_xlsform_from_the_survey_list_and_exports_it(client, world, evaluation):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.user("enterprise_member"))
    listing = client.get(reverse("survey_list", args=[evaluation.pk]))
    upload_url = reverse("survey_import_xlsform", args=[evaluation.pk])
    assert upload_url in listing.text
    KOBO_STYLE.seek(0)
    made = client.post(
        upload_url,
        {"file": SimpleUploadedFile("menages.xlsx", KOBO_STYLE.read())},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    survey = Survey.objects.get()
    assert made.redirect_chain[-1][0] == reverse("survey_detail", args=[evaluation.pk, survey.pk])
    assert "7 questions" in made.text
    assert "survey ligne 10 location" in made.text  # the GPS point, listed
    export_url = reverse("survey_xlsform", args=[evaluation.pk, survey.pk])
    assert export_url in made.text
    exported = client.get(export_url)
    converted = convert(xlsform=io.BytesIO(exported.content), validate=False, file_type=".xlsx")
    assert "Combien de personnes vivent ici ?" in converted.xform


def test_a_file_that_is_no_xlsform_is_refused_on_the_form(client, world, evaluation):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.user("enterprise_member"))
    page = client.post(
        reverse("survey_import_xlsform", args=[evaluation.pk]),
        {"file": SimpleUploadedFile("notes.xlsx", b"PK\x03\x04 not really")},
    )
    assert page.status_code == 200 and not Survey.objects.exists()


def test_the_commands_import_and_export_an_xlsform(world, evaluation, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / "menages.xlsx"
    KOBO_STYLE.seek(0)
    path.write_bytes(KOBO_STYLE.read())
    arguments = ["surveys", "--language", "en", "import-xlsform", str(path)]
    call_command(*arguments, "--evaluation", str(evaluation.pk), "--dry-run")
    out = capsys.readouterr().out
    assert "Survey that would be made: Enquête ménages" in out
    assert "members · Number · How many people live here?" in out
    assert "Not carried over: survey row 10 location" in out
    assert not Survey.objects.exists()

    call_command(*arguments, "--evaluation", str(evaluation.pk))
    survey = Survey.objects.get()
    output = tmp_path / "out.xlsx"
    call_command("surveys", "export-xlsform", str(survey.pk), "-o", str(output))
    convert(xlsform=str(output), validate=False)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(CommandError):
        call_command(*arguments[:3], str(broken), "--evaluation", str(evaluation.pk))


# Answers exported by KoBoToolbox for the form above -------------------------------------


def kobo_import(evaluation, content: bytes, name: str):
    import datetime as dt

    from django.core.files.base import ContentFile

    from vises.surveys import imports

    survey = Survey.objects.get()
    wave = survey.waves.create(
        label="2026", opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31)
    )
    response_import = imports.start(survey, wave, ContentFile(content, name=name), None, "fr")
    with response_import.file.open("rb") as file:
        preview = imports.check(survey, file, name, {})
    return response_import, preview


def test_kobo_answers_with_xml_values_and_group_headers_keep_their_submission_time(
    world, evaluation, settings, tmp_path
):
    from vises.surveys import imports
    from vises.surveys.models import Response

    settings.MEDIA_ROOT = tmp_path / "media"
    KOBO_STYLE.seek(0)
    xlsform.import_survey(evaluation, KOBO_STYLE, None, "fr")
    workbook = Workbook()
    workbook.active.append(
        [
            "start",
            "end",
            "household/members",
            "household/works",
            "household/hours",
            "household/help",
            "household/help/food",
            "household/help/training",
            "household/help/other",
            "household/help_other",
            "location",
            "since",
            "comment",
            "_id",
            "_uuid",
            "_submission_time",
            "_validation_status",
            "_index",
        ]
    )
    workbook.active.append(
        [
            "2026-03-30T09:00:00.000+02:00",
            "2026-03-30T09:10:00.000+02:00",
            4,
            "yes",
            35.5,
            "food other",
            1,
            0,
            1,
            "Voisins",
            "50.85 4.35 0 0",
            "2026-01-15",
            "Merci",
            101,
            "6f1c0c52-1f1d-4d0c-9a39-3f5f0e1d2a11",
            "2026-03-30T07:12:45",
            "",
            1,
        ]
    )
    workbook.active.append(
        [
            None,
            None,
            2,
            "no",
            None,
            "training",
            0,
            1,
            0,
            None,
            None,
            None,
            None,
            102,
            "a3e2",
            "2026-03-31T08:00:00",
            "",
            2,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response_import, preview = kobo_import(evaluation, buffer.getvalue(), "kobo.xlsx")
    targets = {c.name: c.target for c in preview.columns}
    assert targets["household/members"] == "q:members"
    assert targets["household/help/food"] == "o:help:food"
    assert targets["household/help_other"] == "x:help"
    assert targets["_uuid"] == "" and targets["_submission_time"] == "m:submitted_at"
    # "location" is a GPS point the survey did not take: the person leaves it out.
    assert [c.name for c in preview.unmatched_columns] == ["location"]
    response_import.options = {"columns": {"10": ""}}
    response_import.save()
    with response_import.file.open("rb") as file:
        assert (
            imports.check(
                response_import.survey, file, "kobo.xlsx", response_import.options
            ).problems
            == []
        )
    # One column per option and the column of XML values both say which were chosen.
    response_import.options["columns"]["5"] = ""
    response_import.save()
    assert imports.run(response_import) == 2
    first, second = Response.objects.order_by("submitted_at")
    assert first.answers == {
        "members": 4,
        "works": "yes",
        "hours": 35.5,
        "help": ["food", "_other"],
        "help.other": "Voisins",
        "since": "2026-01-15",
        "comment": "Merci",
    }
    assert first.submitted_at.isoformat() == "2026-03-30T07:12:45+00:00"
    assert second.answers == {"members": 2, "works": "no", "help": ["training"]}


def test_kobo_answers_with_label_headers_and_values_import(world, evaluation, settings, tmp_path):
    from vises.surveys import imports
    from vises.surveys.models import Response

    settings.MEDIA_ROOT = tmp_path / "media"
    KOBO_STYLE.seek(0)
    xlsform.import_survey(evaluation, KOBO_STYLE, None, "fr")
    content = (
        "Combien de personnes vivent ici ?;Travaillez-vous ?;Heures par semaine;Aides reçues;"
        "_uuid;_submission_time\n"
        "4;Oui;20;Colis alimentaire, Formation;u1;2026-04-01T10:00:00\n"
        "1;Non;;Formation;u2;2026-04-02T10:00:00\n"
    ).encode()
    response_import, preview = kobo_import(evaluation, content, "kobo-labels.csv")
    assert preview.problems == []
    assert imports.run(response_import) == 2
    assert [r.answers for r in Response.objects.order_by("submitted_at")] == [
        {"members": 4, "works": "yes", "hours": 20, "help": ["food", "training"]},
        {"members": 1, "works": "no", "help": ["training"]},
    ]
