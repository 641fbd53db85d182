"""Importing responses from CSV and XLSX files: matching, checking, all or nothing, undo."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db.models import CASCADE
from django.utils import translation
from openpyxl import Workbook, load_workbook

from vises.evaluations.models import Change
from vises.interpretation.models import Quote
from vises.qualitative.models import Document
from vises.surveys import exports, imports
from vises.surveys.models import Question, Response, ResponseImport
from vises.surveys.responding import store_response
from vises.table_files import Unreadable, check_size, open_table


@pytest.fixture
def survey(survey_in_dutch):
    return survey_in_dutch


# As a French coordinator types it in Excel and saves it "CSV (séparateur : point-virgule)".
FRENCH_CSV = (
    "Travaillez-vous en ce moment ?;Combien d'heures par semaine ?;Quelles aides avez-vous "
    "reçues ?;Je suis satisfait.;Date d'entrée;Pourquoi ?\r\n"
    "oui;32,5;Un accompagnement, une formation;4 sur 5;31/03/2026;Très bien, merci\r\n"
    'NON;;UNE FORMATION;5;01/02/2026;"=HYPERLINK(""http://example.org"")"\r\n'
    "Oui;1 000;;3;2026-02-15;Ça dépend\r\n"
)

# The responses it holds (with 10 hours rather than 1 000, which is over the maximum).
FRENCH_ANSWERS = [
    {
        "werk": "ja",
        "uren": 32.5,
        "hulp": ["coach", "opleiding"],
        "tevreden": 4,
        "start": "2026-03-31",
        "waarom": "Très bien, merci",
    },
    {
        "werk": "nee",
        "hulp": ["opleiding"],
        "tevreden": 5,
        "start": "2026-02-01",
        "waarom": '=HYPERLINK("http://example.org")',
    },
    {"werk": "ja", "uren": 10, "tevreden": 3, "start": "2026-02-15", "waarom": "Ça dépend"},
]


def start(survey, content: bytes, name="reponses.csv", user=None) -> ResponseImport:
    return imports.start(
        survey, survey.waves.get(), ContentFile(content, name=name), user, language="fr"
    )


def imported_both_ways(monkeypatch, survey, content: bytes, rows: int) -> tuple[list, list]:
    """The responses of `content` imported a batch of rows at a time (checked to be read
    so), then row by row (the reading by batches turned down), each import taking every row."""
    batches = []
    read_batch = imports.RowReader.read_batch

    def recorded(reader, batch):
        read = read_batch(reader, batch)
        batches.append(read is not None)
        return read

    monkeypatch.setattr(imports.RowReader, "read_batch", recorded)
    first = start(survey, content)
    assert imports.run(first) == rows, first.problems
    assert batches == [True] * -(-rows // imports.BATCH)
    monkeypatch.setattr(imports.RowReader, "read_batch", lambda reader, batch: None)
    second = start(survey, content)
    assert imports.run(second) == rows
    return tuple(
        list(Response.objects.filter(imported_from=done).order_by("id")) for done in (first, second)
    )


def checked(response_import: ResponseImport) -> imports.Check:
    with response_import.file.open("rb") as file:
        return imports.check(
            response_import.survey, file, response_import.file_name, response_import.options
        )


def test_a_french_cp1252_semicolon_csv_imports_into_a_dutch_survey(world, survey):
    admin = world.user("enterprise_admin")
    response_import = start(survey, FRENCH_CSV.replace("1 000", "10").encode("cp1252"), user=admin)

    preview = checked(response_import)
    assert (preview.kind, preview.encoding, preview.delimiter) == ("csv", "cp1252", ";")
    assert preview.problems == []
    assert [c.target for c in preview.columns] == [
        "q:werk",
        "q:uren",
        "q:hulp",
        "q:tevreden",
        "q:start",
        "q:waarom",
    ]

    assert imports.run(response_import) == 3
    stored = list(Response.objects.filter(imported_from=response_import).order_by("id"))
    assert [r.answers for r in stored] == FRENCH_ANSWERS
    assert {(r.source, r.entered_by) for r in stored} == {(Response.Source.IMPORTED, admin)}
    response_import.refresh_from_db()
    assert response_import.status == ResponseImport.Status.IMPORTED
    assert response_import.imported_rows == 3
    # The formula-looking answer stays text in the export, never a formula.
    exported = list(csv.reader(io.StringIO(exports.as_csv(survey).lstrip("\ufeff"))))
    assert '\'=HYPERLINK("http://example.org")' in exported[2]


def test_an_xlsx_written_by_openpyxl_imports_with_a_column_per_option(world, survey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["werk", "uren", "hulp.coach", "hulp.opleiding", "hulp._other", "hulp.other"])
    sheet.append(["Ja", 20, "x", "", 1, "Een buddy"])
    sheet.append(["nee", None, 0, "ja", 0, None])
    sheet.append(["ja", 12.0, "NEE", "1", None, None])
    sheet["G1"] = "start"
    sheet["G2"] = datetime.datetime(2026, 3, 31)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response_import = start(survey, buffer.getvalue(), name="antwoorden.xlsx")

    assert checked(response_import).problems == []
    assert imports.run(response_import) == 3
    answers = [r.answers for r in Response.objects.order_by("id")]
    assert answers == [
        {
            "werk": "ja",
            "uren": 20,
            "hulp": ["coach", "_other"],
            "hulp.other": "Een buddy",
            "start": "2026-03-31",
        },
        {"werk": "nee", "hulp": ["opleiding"]},
        {"werk": "ja", "uren": 12, "hulp": ["opleiding"]},
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "“peut-être” is none of this question's options."),
        ("fr", "« peut-être » ne fait partie d’aucune des options de cette question."),
        ("nl", "“peut-être” is geen van de opties van deze vraag."),
    ],
)
def test_problems_are_named_by_row_and_column_in_the_readers_language(
    world, survey, language, message
):
    content = "werk;uren\nja;12\npeut-être;\nja;200\n".encode()
    response_import = start(survey, content)
    with translation.override(language):
        preview = checked(response_import)
    found = [(p.row, p.column, p.message) for p in preview.problems]
    assert found[0] == (3, "werk", message)
    assert found[1][:2] == (4, "uren")
    assert preview.unmatched == {"werk": {"peut-être": 1}}


@pytest.mark.parametrize("remembered", [imports.REMEMBERED_CELLS, 1])
def test_repeated_cells_read_alike_and_a_wrong_row_names_its_columns_in_order(
    world, survey, monkeypatch, remembered
):
    # A column's cells are read once and remembered, up to a bound: past it, read afresh.
    monkeypatch.setattr(imports, "REMEMBERED_CELLS", remembered)
    content = (
        "werk;uren;hulp\n"
        + "ja;12;Un accompagnement, une formation\n" * 3
        + "nee;7;peut-être\n"
        + "Ja;8,5;une formation\n"
    )
    with translation.override("en"):
        preview = checked(start(survey, content.encode()))

    # The option that matches nothing (by column), then the answer its condition skips.
    assert [(p.row, p.column, p.message[:16]) for p in preview.problems] == [
        (5, "hulp", "“peut-être” is n"),
        (5, "uren", "This question is"),
    ]
    both = {"werk": "ja", "uren": 12, "hulp": ["coach", "opleiding"]}
    assert [answers for _number, answers, _language in preview.first_rows] == [
        both,
        both,
        both,
        {"werk": "nee"},
        {"werk": "ja", "uren": 8.5, "hulp": ["opleiding"]},
    ]
    preview.first_rows[0][1]["hulp"].append("coach")
    assert preview.first_rows[1][1]["hulp"] == ["coach", "opleiding"]


def test_an_import_failing_on_its_last_row_stores_nothing(world, survey):
    rows = "werk;uren\n" + "ja;10\n" * 2500 + "ja;1e400\n"
    response_import = start(survey, rows.encode())
    assert imports.run(response_import) == 0

    assert Response.objects.count() == 0
    response_import.refresh_from_db()
    assert response_import.status == ResponseImport.Status.FAILED
    assert response_import.problem_count == 1
    row, column, message = response_import.problems[0]
    assert (row, column) == (2502, "uren")
    with translation.override("fr"):
        assert "entre" in message  # "Donnez un nombre entre -1 000 000 … et …"


def test_an_answer_to_a_question_its_condition_skips_is_reported(world, survey):
    response_import = start(survey, b"werk,uren\nnee,10\n")
    with translation.override("en"):
        problems = checked(response_import).problems
    assert [(p.row, p.column) for p in problems] == [(2, "uren")]
    assert "skip" in problems[0].message


def test_a_required_question_without_a_column_is_named(world, survey):
    with translation.override("en"):
        problems = checked(start(survey, b"waarom\nGoed\n")).problems
    assert [(p.row, p.column, p.message) for p in problems] == [
        (None, "werk", "No column gives the answers to this required question.")
    ]


def test_undo_removes_exactly_the_imported_responses(world, survey):
    admin = world.user("enterprise_admin")
    wave = survey.waves.get()
    typed = store_response(
        survey, wave, {"werk": "ja"}, language="nl", submission_key="typed", check_open=False
    )
    first = start(survey, b"werk\nja\nnee\n", user=admin)
    second = start(survey, b"werk\nnee\n", user=admin)
    imports.run(first)
    imports.run(second)
    assert Response.objects.count() == 4

    assert imports.undo(first, admin) == 2
    assert set(Response.objects.values_list("pk", flat=True)) == {
        typed.pk,
        *second.responses.values_list("pk", flat=True),
    }
    first.refresh_from_db()
    assert (first.status, first.undone_by) == (ResponseImport.Status.UNDONE, admin)
    change = Change.objects.filter(part="response_imports").latest("id")
    assert change.before["file"] == "reponses.csv" and change.before["responses"] == 2
    with pytest.raises(imports.NotUndone):
        imports.undo(first, admin)


def test_undo_takes_the_quotes_and_coded_documents_of_its_responses_with_them(world, survey):
    wave = survey.waves.get()
    typed = store_response(
        survey, wave, {"werk": "ja"}, language="nl", submission_key="typed", check_open=False
    )
    response_import = start(survey, b"werk;waarom\nja;Goed\nnee;Slecht\n")
    imports.run(response_import)
    good, bad = response_import.responses.order_by("id")
    question = survey.evaluation.questions.create(text="Wat verandert er?", themes=[])
    waarom = survey.questions.get(code="waarom")
    for response in (good, typed):
        Quote.objects.create(
            question=question, response=response, survey_question=waarom, text="Goed", language="nl"
        )
    Document.objects.create(
        evaluation=survey.evaluation,
        method="survey",
        title="Slecht",
        text="Slecht",
        response=bad,
        survey_question=waarom,
    )

    assert imports.undo(response_import, None) == 2
    assert list(Response.objects.all()) == [typed]
    assert [quote.response for quote in Quote.objects.all()] == [typed]
    assert not Document.objects.exists()


def test_every_relation_to_a_response_goes_with_it():
    """Undo removes what refers to a response before the responses (see `imports.undo`):
    a new relation that does not cascade needs undo to do what it says."""
    relations = imports.referring_to_responses()
    assert {(r.related_model, r.on_delete) for r in relations} == {
        (Quote, CASCADE),
        (Document, CASCADE),
    }


def test_the_same_file_imported_twice_is_recognised(world, survey):
    first = start(survey, b"werk\nja\n", name="a.csv")
    imports.run(first)
    again = start(survey, b"werk\nja\n", name="a-copy.csv")
    other = start(survey, b"werk\nnee\n", name="a.csv")
    assert list(imports.same_file_imported(again)) == [first]
    assert not imports.same_file_imported(other).exists()
    imports.undo(first, None)
    assert not imports.same_file_imported(again).exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_back_as_it_was(world, survey, file_format):
    wave = survey.waves.get()
    given = [
        {
            "werk": "ja",
            "uren": 7.5,
            "hulp": ["coach", "_other"],
            "hulp.other": "-Un voisin",
            "tevreden": 2,
            "start": "2026-03-31",
            "waarom": "Parce que ; voilà, 100 %",
        },
        {"werk": "nee", "hulp": [], "waarom": "=1+1"},
        {"werk": "nee"},
    ]
    for number, answers in enumerate(given):
        store_response(
            survey, wave, answers, language="fr", submission_key=f"k{number}", check_open=False
        )
    before = [r.answers for r in Response.objects.order_by("id")]
    content = (
        exports.as_csv(survey).encode("utf-8")
        if file_format == "csv"
        else exports.as_xlsx(survey, "fr")
    )
    response_import = start(survey, content, name=f"export.{file_format}")
    preview = checked(response_import)
    assert preview.problems == [] and preview.unmatched_columns == []

    imports.run(response_import)
    assert [r.answers for r in response_import.responses.order_by("id")] == before


# Bad files --------------------------------------------------------------------------------


def test_a_formula_cell_is_named_and_nothing_is_stored(world, survey):
    workbook = Workbook()
    workbook.active.append(["werk", "uren"])
    workbook.active.append(["ja", "=5*8"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response_import = start(survey, buffer.getvalue(), name="f.xlsx")
    with translation.override("en"):
        problems = checked(response_import).problems
    assert [(p.row, p.column) for p in problems] == [(2, "uren")]
    assert "formula" in problems[0].message
    assert imports.run(response_import) == 0 and not Response.objects.exists()


def test_merged_cells_keep_their_value_in_the_first_cell(world, survey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["werk", "waarom"])
    sheet.append(["ja", "Samen"])
    sheet.append(["nee", None])
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    response_import = start(survey, buffer.getvalue(), name="merged.xlsx")
    imports.run(response_import)
    assert [r.answers.get("waarom") for r in Response.objects.order_by("id")] == ["Samen", None]


def test_empty_and_duplicated_headers_are_named(world, survey):
    with translation.override("en"):
        problems = checked(start(survey, b"werk;;Werk\nja;x;nee\n")).problems
        unmatched = checked(start(survey, b"werk;;Werk\nja;x;nee\n")).unmatched_columns
    assert (1, "Werk") in [(p.row, p.column) for p in problems]
    assert [c.name for c in unmatched] == ["column B"]


def test_mixed_separators_are_reported_on_their_row(world, survey):
    with translation.override("en"):
        problems = checked(start(survey, b"werk;uren\nja;10\nja,10;extra;cell\n")).problems
    assert {p.row for p in problems} == {3}
    assert "separator" in problems[0].message


def test_a_file_past_the_limit_is_refused_before_it_is_read(settings):
    settings.VISES_DATA_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    with translation.override("fr"), pytest.raises(Unreadable, match="au plus"):
        check_size(50 * 1024 * 1024)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(settings):
    settings.VISES_DATA_IMPORT_MAX_BYTES = 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 10_000_000)
    assert len(buffer.getvalue()) < 20_000
    with translation.override("en"), pytest.raises(Unreadable, match="unpacks to"):
        open_table(io.BytesIO(buffer.getvalue()), "bomb.xlsx")


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"\xd0\xcf\x11\xe0old", "old.xls"), (b"PK\x03\x04broken", "broken.xlsx")],
)
def test_files_that_are_no_table_are_refused_with_a_message(content, name):
    with translation.override("en"), pytest.raises(Unreadable):
        open_table(io.BytesIO(content), name)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8-sig"), ("cp1252", "cp1252")],
)
def test_encodings_and_separators_are_detected(encoding, expected):
    text = "question;réponse\r\nÇa va;très bien €\r\n"
    if encoding == "cp1252":
        text = text.replace("€", "€ œ")
    table = open_table(io.BytesIO(text.encode(encoding)), "x.csv")
    assert (table.encoding, table.delimiter, table.header) == (
        expected,
        ";",
        ["question", "réponse"],
    )
    assert next(table.rows)[1][1].startswith("très bien €")


def test_latin1_and_tabs_are_read():
    table = open_table(io.BytesIO("a\tb\n\x81é\t1\n".encode("latin-1")), "x.txt")
    assert (table.encoding, table.delimiter) == ("latin-1", "\t")


def test_the_person_can_correct_the_separator(survey):
    content = b"werk,uren\nja,10\n"
    table = open_table(io.BytesIO(content), "x.csv", delimiter=";")
    assert table.header == ["werk,uren"]


def test_numbers_with_thousands_separators_are_read():
    assert imports.number_text("1.234,5") == "1234.5"
    assert imports.number_text("1,234.5") == "1234.5"
    assert imports.number_text("1.234.567") == "1234567"
    assert imports.number_text("1 234") == "1234"
    assert imports.number_text("3,5") == "3,5"


def test_an_exported_workbook_reads_back_with_openpyxl(survey):
    # Guard: the import reads the first sheet, where the export puts the responses.
    with translation.override("fr"):
        workbook = load_workbook(io.BytesIO(exports.as_xlsx(survey, "fr")), read_only=True)
    assert workbook.sheetnames[0] == "Réponses"


# The import template ---------------------------------------------------------------------


def test_the_template_lists_the_options_and_imports_back_as_filled_in(world, survey):
    content = exports.import_template(survey, "fr")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "werk",
        "uren",
        "hulp.coach",
        "hulp.opleiding",
        "hulp._other",
        "hulp.other",
        "tevreden",
        "start",
        "waarom",
    ]
    assert sheet["A1"].comment.text == "Travaillez-vous en ce moment ?"
    lists = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert lists["C2:C5000"] == '"1,0"'
    werk_list = workbook[lists["A2:A5000"].split("!")[0].strip("'")]
    assert [werk_list["A1"].value, werk_list["A2"].value] == ["Oui", "Non"]
    assert workbook.worksheets[1].sheet_state == "hidden"
    codebook_columns = [line[0] for line in workbook.worksheets[2].values]
    assert "werk" in codebook_columns and "submitted_at" not in codebook_columns

    # Filled in as a coordinator would: labels from the lists, 1/0 in the option columns.
    sheet.append(["Oui", 20, 1, 0, 1, "Un voisin", "4 sur 5", "31/03/2026", "Merci"])
    sheet.append(["Non", None, 0, 1, 0, None, "2 sur 5", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response_import = start(survey, buffer.getvalue(), name="modele.xlsx")
    assert checked(response_import).problems == []
    imports.run(response_import)
    assert [r.answers for r in Response.objects.order_by("id")] == [
        {
            "werk": "ja",
            "uren": 20,
            "hulp": ["coach", "_other"],
            "hulp.other": "Un voisin",
            "tevreden": 4,
            "start": "2026-03-31",
            "waarom": "Merci",
        },
        {"werk": "nee", "hulp": ["opleiding"], "tevreden": 2},
    ]


def test_the_empty_template_reads_as_a_file_without_answers(world, survey):
    response_import = start(survey, exports.import_template(survey, "nl"), name="leeg.xlsx")
    with translation.override("en"):
        preview = checked(response_import)
    assert [p.message for p in preview.problems] == ["The file holds no row of answers."]
    assert preview.unmatched_columns == []


def test_a_wrong_encoding_chosen_by_the_person_is_named():
    content = "werk;waarom\nja;Très bien\n".encode("cp1252")
    with translation.override("fr"), pytest.raises(Unreadable, match="UTF-8"):
        table = open_table(io.BytesIO(content), "x.csv", encoding="utf-8-sig")
        list(table.rows)


@pytest.mark.parametrize("remembered", [imports.REMEMBERED_CELLS, 1])
def test_a_csv_of_a_survey_without_conditions_is_stored_as_its_rows_read_one_by_one(
    world, survey, monkeypatch, remembered
):
    # With no condition, a CSV row's cells are each looked up once (ReadRow.json): what is
    # stored must be what reading every answer gives, for repeated cells too.
    monkeypatch.setattr(imports, "REMEMBERED_CELLS", remembered)
    survey.questions.update(condition={})
    content = (FRENCH_CSV.replace("1 000", "10") + "oui;0,0;;1;;\r\n" * 2).encode("cp1252")
    response_import = start(survey, content)
    first_rows = checked(response_import).first_rows
    assert imports.run(response_import) == 5, response_import.problems
    stored = [r.answers for r in Response.objects.order_by("id")]
    assert stored == [answers for _number, answers, _language in first_rows]
    assert stored[:3] == FRENCH_ANSWERS
    assert stored[3] == stored[4] == {"werk": "ja", "uren": 0, "tevreden": 1}
    first_rows[3][1]["werk"] = "nee"  # each row has answers of its own
    assert first_rows[4][1]["werk"] == "ja"


def test_a_long_csv_read_in_batches_stores_what_reading_row_by_row_stores(
    world, survey, monkeypatch
):
    # Without conditions a CSV is read a batch of rows at a time, column by column, its
    # plain numbers as floats: the answers must be those the row-by-row reading gives,
    # numbers on a bound, whole, signed or with leading zeros included.
    survey.questions.update(condition={})
    numbers = ["0", "60", "0,5", "59,99", "12,0", "-0", "007", "3.25", "5,", "", "0,000000000001"]
    helped = ["Une formation", "un accompagnement, une formation", ""]
    rows = [
        f"{['oui', 'non', 'Oui'][n % 3]};{numbers[n % len(numbers)]};{helped[n % 3]};"
        f"{n % 5 + 1};;Texte {n % 7}"
        for n in range(imports.BATCH * 2 + 7)
    ]
    content = ("werk;uren;hulp;tevreden;start;waarom\r\n" + "\r\n".join(rows)).encode("cp1252")
    in_batches, one_by_one = imported_both_ways(monkeypatch, survey, content, len(rows))

    assert [r.answers for r in in_batches] == [r.answers for r in one_by_one]
    expected = [0, 60, 0.5, 59.99, 12, 0, 7, 3.25, 5, None, 1e-12]
    assert [r.answers.get("uren") for r in in_batches[:11]] == expected
    types = [type(r.answers.get("uren")) for r in in_batches[:7]]
    assert types == [int, int, float, float, int, int, int]
    assert {(r.language, r.source, r.response_code) for r in in_batches} == {
        ("nl", Response.Source.IMPORTED, None)
    }
    # Submission keys are unique as a respondent's are, across imports too.
    keys = [r.submission_key for r in in_batches + one_by_one]
    assert len(set(keys)) == len(keys)
    assert all(len(key) == 32 and int(key, 16) >= 0 for key in keys)
    # ... and none can be guessed from another, the paper entry form taking a key.
    numbers = {int(key, 16) for key in keys}
    assert not any(number + 1 in numbers for number in numbers)


def test_a_wrong_cell_in_a_later_batch_is_named_and_nothing_is_stored(world, survey):
    survey.questions.update(condition={})
    rows = ["oui;10;;4;;"] * (imports.BATCH + 500)
    rows[imports.BATCH + 100] = "oui;70;;4;;"  # over the maximum of 60
    content = ("werk;uren;hulp;tevreden;start;waarom\n" + "\n".join(rows)).encode()
    response_import = start(survey, content)

    assert imports.run(response_import) == 0
    assert Response.objects.count() == 0
    response_import.refresh_from_db()
    assert response_import.status == ResponseImport.Status.FAILED
    [(row, column, message)] = response_import.problems
    assert (row, column) == (imports.BATCH + 102, "uren")
    assert message.startswith("Donnez un nombre de") and "60" in message


@pytest.mark.parametrize(
    ("minimum", "maximum", "integer_only"), [(None, None, False), (0, 60, False), (-10, 60, True)]
)
def test_a_number_column_read_at_once_reads_as_its_cells_one_by_one(minimum, maximum, integer_only):
    question = Question(kind="number", minimum=minimum, maximum=maximum, integer_only=integer_only)
    column = imports.NumberColumn(question, '"uren": ', {})
    plain = ["-0", "-5,5", "0,5", "59,99", "12,0", "007", "3.25", "5,", "0,000000000001", "+1"]
    plain += ["1.10", "-0,0", "123456789012345", "9999999999999,9", "0060"]

    def within(text):
        number = Decimal(text.replace(",", "."))
        return (
            (minimum is None or number > minimum)
            and (maximum is None or number < maximum)
            and (not integer_only or number == number.to_integral_value())
        )

    for texts in [plain, ["1", "2"], ["12"], ["60"], ["0"], ["-11"], ["1,5"], ["12,0", "7"]]:
        one_by_one = [column.cell(text) for text in texts]
        at_once = column.cells(tuple(texts))
        assert at_once == (one_by_one if all(map(within, texts)) else None), texts
    assert column.cells(("7", "12,0")) == ['"uren": 7, ', '"uren": 12, ']
    for not_plain in [("1", ""), ("1", " 2"), ("1\n2",), ("1 000",), ("1e3",), ("1" * 16,)]:
        assert column.cells(not_plain) is None, not_plain


def test_a_long_csv_with_conditions_read_in_batches_stores_what_reading_row_by_row_stores(
    world, survey, monkeypatch
):
    # A question shown on a condition is read in a batch on the rows where its condition
    # holds, which the earlier answers decide (a chain of conditions here): what is
    # stored must be what the row-by-row reading stores.
    monkeypatch.setattr(imports, "REMEMBERED_CELLS", 3)  # combinations worked out again too
    survey.questions.filter(code="tevreden").update(
        required=True,  # where its condition holds
        condition={
            "combine": "any",
            "rules": [
                {"question": "uren", "op": "greater_than", "value": 20},
                {"question": "hulp", "op": "contains", "value": "coach"},
                {"question": "waarom", "op": "answered"},  # a later question: not yet answered
            ],
        },
    )
    rows = []
    for n in range(imports.BATCH * 2 + 7):
        works = n % 3 != 1
        hours = ["10", "32,5", "", "21"][n % 4] if works else ""
        helped = ["Une formation", "un accompagnement, une formation", ""][n % 3]
        shown = (hours and float(hours.replace(",", ".")) > 20) or "accompagnement" in helped
        rows.append(
            f"{'oui' if works else 'non'};{hours};{helped};{n % 5 + 1 if shown else ''};;T {n}"
        )
    content = ("werk;uren;hulp;tevreden;start;waarom\r\n" + "\r\n".join(rows)).encode("cp1252")
    imported = imported_both_ways(monkeypatch, survey, content, len(rows))
    in_batches, one_by_one = ([r.answers for r in found] for found in imported)
    assert in_batches == one_by_one
    assert in_batches[:3] == [
        {"werk": "ja", "uren": 10, "hulp": ["opleiding"], "waarom": "T 0"},
        {"werk": "nee", "hulp": ["coach", "opleiding"], "tevreden": 2, "waarom": "T 1"},
        {"werk": "ja", "waarom": "T 2"},
    ]


def test_an_answer_its_condition_skips_in_a_later_batch_is_named_and_nothing_is_stored(
    world, survey
):
    rows = ["oui;10;;4;;"] * imports.BATCH + ["non;;;4;;"] * 500
    rows[imports.BATCH + 100] = "non;10;;4;;"
    content = ("werk;uren;hulp;tevreden;start;waarom\n" + "\n".join(rows)).encode()
    response_import = start(survey, content)

    assert imports.run(response_import) == 0
    assert Response.objects.count() == 0
    response_import.refresh_from_db()
    [(row, column, message)] = response_import.problems
    assert (row, column) == (imports.BATCH + 102, "uren")
    assert "alors que les réponses précédentes la font sauter" in message


def test_a_long_csv_with_texts_of_other_read_in_batches_stores_what_reading_row_by_row_stores(
    world, survey, monkeypatch
):
    # A choice with "other" and its text in a column of their own are read in a batch:
    # the text goes with a choice of "other" only, cut and stripped as row by row.
    helped = ["other", "Une formation", "coach, other", "", "OTHER"]
    texts = ["  Mijn buurman ", "Ignored", "x" * (imports.SHORT_TEXT_MAX + 1), "'=1+1"]
    rows = [
        f"non;;{helped[n % 5]};{n % 5 + 1};;;{texts[n % 4] if n % 5 != 3 else ''}"
        for n in range(imports.BATCH * 2 + 7)
    ]
    content = "werk;uren;hulp;tevreden;start;waarom;hulp.other\r\n" + "\r\n".join(rows)
    imported = imported_both_ways(monkeypatch, survey, content.encode(), len(rows))
    in_batches, one_by_one = ([r.answers for r in found] for found in imported)
    assert in_batches == one_by_one
    OTHER = imports.OTHER
    assert [answers.get("hulp") for answers in in_batches[:8]] == [
        [OTHER],
        ["opleiding"],
        ["coach", OTHER],
        None,
        [OTHER],
        [OTHER],
        ["opleiding"],
        ["coach", OTHER],
    ]
    assert [answers.get("hulp.other") for answers in in_batches[:8]] == [
        "Mijn buurman",
        None,
        "x" * imports.SHORT_TEXT_MAX,
        None,
        "Mijn buurman",
        "Ignored",
        None,
        "=1+1",
    ]


def test_other_without_its_text_in_a_later_batch_is_named_and_nothing_is_stored(world, survey):
    rows = ["non;;other;4;;;Mijn buurman"] * (imports.BATCH + 500)
    rows[imports.BATCH + 100] = "non;;other;4;;;"
    content = "werk;uren;hulp;tevreden;start;waarom;hulp.other\n" + "\n".join(rows)
    response_import = start(survey, content.encode())

    assert imports.run(response_import) == 0
    assert Response.objects.count() == 0
    response_import.refresh_from_db()
    [(row, column, message)] = response_import.problems
    assert (row, column) == (imports.BATCH + 102, "hulp")
    assert message == "Précisez votre autre réponse."


def test_a_condition_on_a_choice_of_other_with_its_text_in_a_column_reads_it_as_answered(
    world, survey
):
    survey.questions.filter(code="tevreden").update(
        condition={"rules": [{"question": "hulp", "op": "not_answered"}]}
    )
    rows = ["non;;;4;;;"] * (imports.BATCH + 10)
    rows[5] = "non;;other;;;;Mijn buurman"  # skips tevreden, left empty: fine
    rows[imports.BATCH + 3] = "non;;other;4;;;Mijn buurman"
    content = "werk;uren;hulp;tevreden;start;waarom;hulp.other\n" + "\n".join(rows)
    response_import = start(survey, content.encode())

    assert imports.run(response_import) == 0
    response_import.refresh_from_db()
    [(row, column, message)] = response_import.problems
    assert (row, column) == (imports.BATCH + 5, "tevreden")
    assert "alors que les réponses précédentes la font sauter" in message
    rows[imports.BATCH + 3] = "non;;other;;;;Mijn buurman"
    content = "werk;uren;hulp;tevreden;start;waarom;hulp.other\n" + "\n".join(rows)
    assert imports.run(start(survey, content.encode())) == len(rows)
