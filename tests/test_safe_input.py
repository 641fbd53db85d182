"""Typed values checked at the door, texts cleaned before they are stored, and values stored
before these rules (a 401-digit integer, control characters) that no longer break a page,
a report or an export."""

import io
import json
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.interpretation.conftest import answered, evaluation, from_survey, survey  # noqa: F401
from tests.reports.test_reports import download, make_report, pdf_text, render
from tests.test_disclosure import docx_text
from vises import safe_input
from vises.analysis.statistics import describe_numbers
from vises.indicators.models import IndicatorValue
from vises.interpretation import quotes, rounds
from vises.interpretation.models import Interpretation, Quote
from vises.reports.models import Rendition, Report
from vises.surveys.models import Response


@pytest.mark.parametrize(
    "typed, read",
    [
        ("12", Decimal(12)),
        ("-0", Decimal(0)),
        ("١٢", Decimal(12)),
        ("۱۲٫۵", Decimal("12.5")),
        ("12,5", Decimal("12.5")),
        ("1 000 000", Decimal(1000000)),
        ("\u22123", Decimal(-3)),
        ("1e15", Decimal(10**15)),
        ("123456789012345", Decimal(123456789012345)),
    ],
)
def test_numbers_are_read_as_people_write_them(typed, read):
    assert safe_input.read_number(typed) == read
    assert not safe_input.read_number(typed).is_signed() or read < 0


@pytest.mark.parametrize(
    "typed",
    [
        "1e400",
        "1e1000000",
        "-1e1000000",
        "1e-1000000",
        "9" * 401,
        "9" * 100_000,
        "NaN",
        "inf",
        "1000000000000001",
        "1234567890123456",
        "0.0000000000000001",
        "1,2,3",
        "12\u00a0abc",
    ],
)
def test_a_number_beyond_the_rules_is_refused_before_anything_long_is_done(typed):
    began = time.process_time()  # this process's own work: a busy machine does not count
    with pytest.raises(safe_input.Refused):
        safe_input.read_number(typed)
    assert time.process_time() - began < 0.01


def test_texts_lose_their_control_characters_but_not_their_lines():
    assert safe_input.clean_text("a\x00b\x1b[0m\x7f\x85c\r\n\td\ufffe") == "ab[0mc\r\n\td"
    stored = {"why": ["x\x01", {"k\x02": "v\x03"}], "n": 3}
    assert safe_input.clean_stored(stored) == {"why": ["x", {"k": "v"}], "n": 3}


def test_describing_numbers_never_gives_nan_or_infinity():
    described = describe_numbers([1.7e308, 1.7e308, -1.7e308, 1.7e308])
    for value in (described.mean, described.median, described.sd, described.minimum):
        assert value is None or abs(value) < float("inf")
    assert describe_numbers([10, 20, 30]).mean == 20.0


@pytest.mark.django_db
def test_a_text_stored_through_any_model_loses_its_control_characters(evaluation):  # noqa: F811
    indicator = evaluation.plan_rows.get().indicators.get(qualitative=True)
    value = IndicatorValue.objects.create(
        indicator=indicator, period="2026", text="Bon\x00 climat\x1b", source="Note\x07"
    )
    value.refresh_from_db()
    assert (value.text, value.source) == ("Bon climat", "Note")


# Values stored before the rules --------------------------------------------------------


@pytest.fixture
def legacy(answered, evaluation, world):  # noqa: F811 (the fixtures imported above)
    """Two responses changed in the database behind the application's back, as data from
    before the rules: a 401-digit integer where a scale answer goes and control characters
    in an open answer and a choice; and a quote, a survey title and an agreed
    interpretation with control characters too."""
    question = evaluation.questions.get()
    given = Response.objects.get(answers__has_key="why")
    quote = quotes.choose(
        question,
        world.user("enterprise_admin"),
        response_id=str(given.pk),
        survey_question_id=str(answered.questions.get(code="why").pk),
    )
    # No NUL among them: PostgreSQL itself refuses it in text, so no database holds one.
    Quote.objects.filter(pk=quote.pk).update(text="Merci\x07 à\x0c l'équipe\x1b")
    type(answered).objects.filter(pk=answered.pk).update(title={"fr": "Enquête\x01 stagiaires"})
    rounds.agree(
        question, world.user("enterprise_admin"), agreed="Ils gagnent confiance.", lessons=""
    )
    Interpretation.objects.filter(question=question).update(agreed="Ils\x02 gagnent confiance.")
    first, second = Response.objects.exclude(pk=given.pk).order_by("pk")[:2]
    Response.objects.filter(pk=first.pk).update(
        answers={**first.answers, "self_confidence": 10**400}
    )
    Response.objects.filter(pk=second.pk).update(
        answers={**second.answers, "why": "Bien\x07 aidé\x1b\x0b", "site": "nord\x08"}
    )
    return answered


@pytest.mark.django_db
def test_a_stored_401_digit_number_and_control_characters_break_no_page_report_or_export(
    client,
    world,
    evaluation,  # noqa: F811 (the fixture imported above)
    legacy,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    question = evaluation.questions.get()
    client.force_login(world.user("enterprise_admin"))
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    page = client.get(findings, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    # The answer it cannot use counts as unanswered; the open answer is shown cleaned.
    assert "Bien aidé" in page.text
    coach = Client()
    coach.force_login(world.user("coach"))
    assert coach.get(findings).status_code == 200

    report = make_report(client, evaluation, language="en", title="Impact report")
    detail = reverse("evaluation_report_detail", args=[evaluation.pk, report.pk])
    assert client.get(detail).status_code == 200
    rendition = render(client, report, "pdf")
    assert rendition.status == Rendition.Status.DONE, rendition.error
    assert "Impact report" in pdf_text(download(client, report, rendition), tmp_path)
    docx = render(client, report, "docx")
    assert docx.status == Rendition.Status.DONE, docx.error
    assert "Merci à l'équipe" in docx_text(download(client, report, docx))
    client.post(
        reverse("evaluation_report_publish", args=[evaluation.pk, report.pk]), {"publish": "1"}
    )
    token = Report.objects.get(pk=report.pk).public_token
    assert Client().get(reverse("report_public", args=[token])).status_code == 200

    export = {
        file_format: client.get(
            reverse("evaluation_export_file", args=[evaluation.pk, file_format])
        )
        for file_format in ("xlsx", "zip", "json")
    }
    assert {name: response.status_code for name, response in export.items()} == {
        "xlsx": 200,
        "zip": 200,
        "json": 200,
    }
    workbook = load_workbook(io.BytesIO(export["xlsx"].content))
    cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Bien aidé" in cells and "nord" in cells
    assert str(10**400) in cells  # written as text: the team sees what was stored
    assert zipfile.ZipFile(io.BytesIO(export["zip"].content)).testzip() is None
    assert json.loads(export["json"].content)["schema_version"] == 1
    survey_files = {
        name: client.get(reverse(name, args=[evaluation.pk, legacy.pk]))
        for name in ("survey_responses_csv", "survey_responses_xlsx")
    }
    assert {name: r.status_code for name, r in survey_files.items()} == dict.fromkeys(
        survey_files, 200
    )
    load_workbook(io.BytesIO(survey_files["survey_responses_xlsx"].content))


@pytest.mark.django_db
def test_check_data_reports_each_stored_value_that_breaks_the_rules(legacy, capsys):
    given = Quote.objects.get().response
    first, second = Response.objects.exclude(pk=given.pk).order_by("pk")[:2]
    with pytest.raises(SystemExit) as exit:
        call_command("check_data", language="en")
    assert exit.value.code == 1
    out, err = capsys.readouterr()
    control = "control characters in a text"
    assert sorted(out.splitlines()) == sorted(
        [
            f"surveys.Response {first.pk}, answers › self_confidence: a number beyond plus or "
            "minus 1,000,000,000,000,000",
            f"surveys.Response {second.pk}, answers › site: {control}",
            f"surveys.Response {second.pk}, answers › why: {control}",
            f"surveys.Survey {legacy.pk}, title › fr: {control}",
            f"interpretation.Quote {Quote.objects.get().pk}, text: {control}",
            f"interpretation.Interpretation {Interpretation.objects.get().pk}, agreed: {control}",
        ]
    )
    assert "6 stored values break the rules" in err


@pytest.mark.django_db
def test_check_data_says_so_when_nothing_breaks_the_rules(answered, capsys):  # noqa: F811
    call_command("check_data", language="nl")
    assert capsys.readouterr().out.strip() == "Geen enkele opgeslagen waarde overtreedt de regels."


# Numbers as people (and machines) write them, in Western and Arabic-Indic digits.
WRITTEN_NUMBER = r"[-+]?[0-9٠-٩]{0,20}([.,][0-9]{0,20})?([eE][-+]?[0-9]{1,8})?"


@settings(deadline=None, max_examples=300)
@given(
    st.one_of(
        st.text(max_size=60),
        st.from_regex(
            r"[-+]?[0-9٠-٩]{0,20}([.,][0-9]{0,20})?([eE][-+]?[0-9]{1,8})?", fullmatch=True
        ),
    )
)
def test_whatever_is_typed_is_read_within_the_rules_or_refused(typed):
    try:
        number = safe_input.read_number(typed)
    except safe_input.Refused as refusal:
        assert str(refusal)
        return
    assert number.is_finite() and abs(number) <= safe_input.LIMIT
    assert safe_input.number_problem(number) == ""
    assert not number.is_signed() or number < 0  # never -0
