"""Exporting a whole evaluation: the workbook, the ZIP of CSV files and the JSON, read
back by openpyxl, zipfile + csv and json; and who may download them."""

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import make_evaluation
from vises.evaluations import export
from vises.evaluations.models import Part
from vises.indicators.models import IndicatorValue
from vises.interpretation.models import Interpretation, Opinion, Quote
from vises.spreadsheets import sheet_title
from vises.surveys import builder
from vises.surveys.models import Response

LINK_KEY = "pseudonymous-link-key-4f2a"
SHEETS = [
    "About",
    "Portrait",
    "Questions",
    "Stakeholders",
    "Plan",
    "Indicators",
    "Survey 1",
    "Survey 1 codebook",
    "Quotes",
    "Coded passages",
    "Codebook",
    "Interpretation",
    "Improvement plan",
]


@pytest.fixture
def evaluation(world):
    """An evaluation with something in every part: preliminary step and portrait, a main
    question, a stakeholder, a plan following a counted indicator (one value typed in), an
    indicator computed from a survey, and an own one; a survey with two waves and answers
    (one of them looking like a formula), a quote, an interpretation round with opinions,
    and the agreed interpretation."""
    admin = world.user("enterprise_admin")
    evaluation = make_evaluation(world.enterprise)
    evaluation.team.add(admin)
    Part.objects.create(
        evaluation=evaluation,
        name="preliminary",
        content={"motivations": ["improve_practice"], "means": "Une demi-journée par mois"},
    )
    Part.objects.create(
        evaluation=evaluation,
        name="portrait",
        content={"mission": "Remettre des personnes éloignées de l'emploi au travail."},
    )
    question = evaluation.questions.create(
        text="Comment notre accompagnement renforce-t-il la confiance ?",
        library_code="confidence",
        themes=["individuals"],
        is_main=True,
    )
    trainees = evaluation.stakeholders.create(
        type_code="trainee",
        name="Salariés en insertion",
        importance=5,
        influence=2,
        involvement="co_construct",
    )
    row = evaluation.plan_rows.create(
        question=question,
        methods=["indicators", "survey"],
        timing="À l'entrée et à la sortie",
        responsible="Amina",
    )
    row.stakeholders.add(trainees)
    counted = row.indicators.create(code="people_supported", baseline=10, target=15, period="2026")
    computed = row.indicators.create(code="confident_share", baseline=40, target=60)
    row.indicators.create(name="Regard du quartier", qualitative=True)
    IndicatorValue.objects.create(
        indicator=counted, period="2026", number=12, source="Registre des entrées", entered_by=admin
    )

    survey = builder.create_survey(
        evaluation, admin, title={"fr": "Enquête stagiaires"}, languages=["fr"]
    )
    section = survey.sections.get()
    builder.add_from_bank(section, admin, "self_confidence")
    builder.add_question(section, admin, code="why", kind="long_text", text={"fr": "Pourquoi ?"})
    survey.waves.create(label="Entrée", opens_on=date(2026, 1, 1), closes_on=date(2026, 3, 31))
    survey.waves.create(label="Sortie", opens_on=date(2026, 9, 1), closes_on=date(2026, 10, 31))
    answers = [("Entrée", 1, ""), ("Entrée", 2, ""), ("Entrée", 3, ""), ("Entrée", 4, "")]
    answers += [("Sortie", 3, "=1+1"), ("Sortie", 4, ""), ("Sortie", 4, ""), ("Sortie", 2, "")]
    for number, (wave, confidence, why) in enumerate(answers):
        given = {"self_confidence": confidence} | ({"why": why} if why else {})
        Response.objects.create(
            wave=survey.waves.get(label=wave),
            answers=given,
            language="fr",
            source="paper" if number == 1 else "online",
            respondent_key=LINK_KEY if number == 0 else "",
            submission_key=f"export-{number}",
        )
    quoted = Response.objects.create(
        wave=survey.waves.get(label="Sortie"),
        answers={"self_confidence": 4, "why": "J'ai retrouvé confiance grâce à l'équipe."},
        language="fr",
        submission_key="export-quoted",
    )
    Quote.objects.create(
        question=question,
        response=quoted,
        survey_question=survey.questions.get(code="why"),
        text="J'ai retrouvé confiance grâce à l'équipe.",
        language="fr",
        marked_by=admin,
    )
    round_ = question.rounds.create(title="Qu'en pensez-vous ?", created_by=admin)
    finding = round_.findings.create(kind="indicator", indicator=computed)
    for key, verdict, comment in [
        ("a", "agree", "C'est ce que je vis."),
        ("b", "agree", ""),
        ("c", "partly", "Pas pour tout le monde."),
        ("d", "disagree", ""),
    ]:
        Opinion.objects.create(
            finding=finding,
            participant=key,
            verdict=verdict,
            comment=comment,
            name="Formatrice" if key == "c" else "",
            language="fr",
        )
    Interpretation.objects.create(
        question=question,
        agreed="La confiance grandit pendant le parcours.",
        lessons="Dire plus souvent ce qui progresse.",
        updated_by=admin,
    )
    return evaluation


def _rows(book, name):
    return [list(row) for row in book[name].iter_rows(values_only=True)]


def _by_header(rows):
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def test_workbook_holds_every_part_of_the_evaluation(world, evaluation):
    admin = world.user("enterprise_admin")
    book = load_workbook(io.BytesIO(export.workbook(evaluation, "en", admin)))
    assert book.sheetnames == SHEETS

    about = dict(row for row in _rows(book, "About")[1:])
    assert about["Enterprise"] == "Atelier Vert"
    assert about["Evaluation"] == "Impact 2026"
    assert (about["Period start"], about["Period end"]) == ("2026-01-01", "2026-12-31")
    assert about["Framework version"] == 1
    assert about["Exported by"] == "Enterprise Admin"
    assert about["Survey 1"] == "Enquête stagiaires: 9 responses, waves Entrée, Sortie"

    portrait = _rows(book, "Portrait")
    assert ["Identity", "Mission", "Remettre des personnes éloignées de l'emploi au travail."] in (
        portrait
    )
    assert ["Preliminary step", "Why do you evaluate?", "Improve our practice"] in portrait
    assert ["Preliminary step", "Evaluation team", "Enterprise Admin"] in portrait

    questions = _by_header(_rows(book, "Questions"))
    assert questions[0]["Main question"] == "Yes"
    assert questions[0]["Themes"] == "Individuals"
    stakeholders = _by_header(_rows(book, "Stakeholders"))
    assert stakeholders[0]["Type"] == "Person in integration"
    assert stakeholders[0]["How they take part"] == "Co-construct"
    plan = _by_header(_rows(book, "Plan"))
    assert plan[0]["Methods"] == "Indicators, Survey"
    assert plan[0]["Indicators"] == "People supported, Confident share, Regard du quartier"

    indicators = _by_header(_rows(book, "Indicators"))
    typed = [row for row in indicators if row["Indicator"] == "People supported"]
    assert len(typed) == 1
    assert typed[0]["Period"] == "2026" and typed[0]["Value"] == 12
    assert (typed[0]["Baseline"], typed[0]["Target"]) == (10, 15)
    assert typed[0]["Source"] == "Registre des entrées"
    assert typed[0]["Status"] == "Progressing"
    confident = {row["Period"]: row for row in indicators if row["Indicator"] == "Confident share"}
    # Answers 3 or 4 count: 2 in 4 at entry; 4 in 5 at exit.
    assert confident["Entrée"]["Value"] == 50 and confident["Entrée"]["Respondents"] == 4
    assert confident["Sortie"]["Value"] == 80 and confident["Sortie"]["Respondents"] == 5
    assert confident["Sortie"]["How its values come"] == "computed from survey answers"
    assert confident["Sortie"]["Status"] == "Target reached"
    own = [row for row in indicators if row["Indicator"] == "Regard du quartier"]
    assert len(own) == 1 and own[0]["Status"] == "No data yet"

    responses = _rows(book, "Survey 1")
    assert responses[0][:5] == ["response", "wave", "submitted_at", "language", "source"]
    assert responses[0][5:] == ["self_confidence", "why"]
    answers = _by_header(responses)
    assert len(answers) == 9
    assert [row["self_confidence"] for row in answers[:4]] == [1, 2, 3, 4]
    assert answers[1]["source"] == "paper" and answers[0]["wave"] == "Entrée"
    formula = book["Survey 1"].cell(row=6, column=7)
    assert formula.value == "'=1+1" and formula.data_type == "s"

    codebook = _rows(book, "Survey 1 codebook")
    assert codebook[0] == ["column", "question", "type", "value", "label"]
    assert [None, None, None, 4, "Strongly agree"] in codebook
    assert ["self_confidence", "I feel confident.", "Agreement or frequency scale", None, None] in (
        codebook
    )

    quotes = _by_header(_rows(book, "Quotes"))
    assert quotes[0]["Quote"] == "J'ai retrouvé confiance grâce à l'équipe."
    assert quotes[0]["Survey"] == "Survey 1" and quotes[0]["Chosen by"] == "Enterprise Admin"

    interpretation = _by_header(_rows(book, "Interpretation"))
    assert interpretation[0]["Agreed interpretation"] == "La confiance grandit pendant le parcours."
    assert interpretation[0]["Lessons for our practice"] == "Dire plus souvent ce qui progresse."
    finding = interpretation[1]
    assert finding["Round"] == "Qu'en pensez-vous ?" and finding["Finding"] == "Confident share"
    assert finding["Yes, it matches my experience"] == 2
    assert finding["Partly"] == 1
    assert finding["No, it does not match my experience"] == 1
    assert "Formatrice (Partly): Pas pour tout le monde." in finding["Comments"]


def test_no_sheet_name_breaks_excel_rules():
    taken: set[str] = set()
    long = "Enquête 12 — livre de codes des réponses"
    first = sheet_title(long, taken)
    second = sheet_title(long, taken)
    assert len(first) <= 31 and len(second) <= 31
    assert first != second and first.casefold() != second.casefold()
    assert sheet_title("Plan [2026/2027]: quoi?") == "Plan -2026-2027-- quoi-"
    assert sheet_title("'Citations'") == "Citations"
    assert sheet_title("History") != "History"


def test_zip_holds_one_csv_per_sheet_with_a_readme(world, evaluation):
    archive = zipfile.ZipFile(io.BytesIO(export.csv_zip(evaluation, "en")))
    names = archive.namelist()
    assert names == [
        "01-about.csv",
        "02-portrait.csv",
        "03-questions.csv",
        "04-stakeholders.csv",
        "05-plan.csv",
        "06-indicators.csv",
        "07-survey-1.csv",
        "08-survey-1-codebook.csv",
        "09-quotes.csv",
        "10-passages.csv",
        "11-codes.csv",
        "12-interpretation.csv",
        "13-improvement.csv",
        "README.txt",
    ]
    readme = archive.read("README.txt").decode("utf-8")
    assert all(name in readme for name in names[:-1])
    assert "Impact 2026" in readme

    raw = archive.read("07-survey-1.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["response", "wave", "submitted_at", "language", "source"] + [
        "self_confidence",
        "why",
    ]
    assert len(rows) == 1 + 9
    assert "'=1+1" in [row[6] for row in rows]
    assert "=1+1" not in [row[6] for row in rows]

    plan = list(csv.reader(io.StringIO(archive.read("05-plan.csv").decode("utf-8-sig"))))
    assert plan[0][0] == "Evaluative question"
    assert plan[1][:2] == [
        "Comment notre accompagnement renforce-t-il la confiance ?",
        "Indicators, Survey",
    ]
    indicators = list(
        csv.DictReader(io.StringIO(archive.read("06-indicators.csv").decode("utf-8-sig")))
    )
    assert {(row["Indicator"], row["Period"], row["Value"]) for row in indicators} >= {
        ("People supported", "2026", "12"),
        ("Confident share", "Sortie", "80"),
    }


def test_zip_takes_further_files_listed_in_its_readme(world, evaluation):
    report = export.Attachment("reports/funders.pdf", b"%PDF-1.7\n", "The report for funders.")
    archive = zipfile.ZipFile(io.BytesIO(export.csv_zip(evaluation, "en", attachments=[report])))
    assert archive.read("reports/funders.pdf") == b"%PDF-1.7\n"
    assert "reports/funders.pdf\r\n    The report for funders." in archive.read(
        "README.txt"
    ).decode("utf-8")


def test_json_holds_codes_and_raw_values_as_stored(world, evaluation):
    data = json.loads(json.dumps(export.as_json(evaluation, world.user("enterprise_admin"))))
    assert (data["schema"], data["schema_version"]) == ("vises.evaluation-export", 1)
    assert data["evaluation"]["period_start"] == "2026-01-01"
    assert data["evaluation"]["framework"] == {
        "code": "example",
        "version": 1,
        "title": {"fr": "Exemple", "nl": "Voorbeeld", "en": "Example"},
    }
    assert data["preliminary"]["motivations"] == ["improve_practice"]
    assert data["stakeholders"][0]["involvement"] == "co_construct"
    assert data["plan"][0]["methods"] == ["indicators", "survey"]

    responses = data["surveys"][0]["responses"]
    stored = Response.objects.filter(wave__survey__evaluation=evaluation)
    assert len(responses) == stored.count() == 9
    assert {r["id"]: r["answers"] for r in responses} == {r.pk: r.answers for r in stored}
    assert set(responses[0]) == {"id", "wave", "submitted_at", "language", "source", "answers"}
    assert responses[1]["source"] == "paper"
    assert len(data["questions"]) == evaluation.questions.count()
    assert len(data["quotes"]) == Quote.objects.filter(question__evaluation=evaluation).count()
    indicators = {i["code"] or i["name"]: i for i in data["plan"][0]["indicators"]}
    assert indicators["people_supported"]["values"][0]["number"] == 12
    assert indicators["people_supported"]["baseline"] == 10
    assert indicators["confident_share"]["kind"] == "from_survey"
    assert [(p["period"], p["number"]) for p in indicators["confident_share"]["points"]] == [
        ("Entrée", 50.0),
        ("Sortie", 80.0),
    ]
    opinions = data["interpretation"][0]["rounds"][0]["findings"][0]["opinions"]
    assert sorted(o["verdict"] for o in opinions) == ["agree", "agree", "disagree", "partly"]
    assert data["interpretation"][0]["agreed"] == "La confiance grandit pendant le parcours."


def test_no_file_holds_an_email_or_a_respondent_link_key(world, evaluation):
    book = load_workbook(
        io.BytesIO(export.workbook(evaluation, "en", world.user("enterprise_admin")))
    )
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    archive = zipfile.ZipFile(
        io.BytesIO(export.csv_zip(evaluation, "en", world.user("enterprise_admin")))
    )
    texts = [archive.read(name).decode("utf-8") for name in archive.namelist()]
    dumped = json.dumps(export.as_json(evaluation, world.user("enterprise_admin")))
    for text in [*cells, *texts, dumped]:
        assert "@example.org" not in text
        assert LINK_KEY not in text
    assert "respondent_key" not in dumped and "token" not in dumped


def test_an_empty_evaluation_exports_without_error(world):
    evaluation = make_evaluation(world.enterprise, title="Rien encore")
    book = load_workbook(io.BytesIO(export.workbook(evaluation, "en")))
    assert book.sheetnames == [name for name in SHEETS if not name.startswith("Survey")]
    assert _rows(book, "Indicators")[1:] == []
    archive = zipfile.ZipFile(io.BytesIO(export.csv_zip(evaluation, "en")))
    assert len(archive.namelist()) == 12  # 11 tables and the README
    data = export.as_json(evaluation)
    assert data["surveys"] == data["plan"] == data["quotes"] == data["interpretation"] == []
    assert data["improvement_plan"] == []
    assert data["material"] == {"codes": [], "passages": []}
    assert data["portrait"] == {} and data["exported_by"] is None


# The pages ------------------------------------------------------------------------------


def test_admin_finds_the_export_on_the_journey_and_downloads_each_file(client, world, evaluation):
    client.force_login(world.user("enterprise_admin"))
    journey = client.get(
        reverse("evaluation_detail", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    export_page = reverse("evaluation_export", args=[evaluation.pk])
    assert export_page in journey.text

    page = client.get(export_page, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Excel workbook" in page.text and "CSV files in a ZIP archive" in page.text
    today = timezone.localdate().isoformat()
    for file_format in ["xlsx", "zip", "json"]:
        url = reverse("evaluation_export_file", args=[evaluation.pk, file_format])
        assert url in page.text
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="atelier-vert-impact-2026-{today}.{file_format}"'
        )
        if file_format == "xlsx":
            assert load_workbook(io.BytesIO(response.content)).sheetnames == SHEETS
        elif file_format == "zip":
            assert "README.txt" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        else:
            assert json.loads(response.content)["schema_version"] == 1
    unknown = reverse("evaluation_export_file", args=[evaluation.pk, "pdf"])
    assert client.get(unknown).status_code == 404


def test_members_and_coaches_may_not_export(client, world, evaluation):
    for role in ["enterprise_member", "coach"]:
        client.force_login(world.user(role))
        journey = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
        assert reverse("evaluation_export", args=[evaluation.pk]) not in journey.text
        assert client.get(reverse("evaluation_export", args=[evaluation.pk])).status_code == 403
        url = reverse("evaluation_export_file", args=[evaluation.pk, "json"])
        assert client.get(url).status_code == 403


def test_another_enterprise_cannot_see_the_export(client, world, evaluation):
    theirs = make_evaluation(world.other_enterprise, title="Leur évaluation")
    client.force_login(world.user("enterprise_admin"))
    assert client.get(reverse("evaluation_export", args=[theirs.pk])).status_code == 404
    url = reverse("evaluation_export_file", args=[theirs.pk, "xlsx"])
    assert client.get(url).status_code == 404


def test_the_improvement_plan_is_exported_with_its_follow_ups(world, evaluation):
    from datetime import date

    from vises.evaluations import improvement

    admin = world.user("enterprise_admin")
    action = improvement.add(
        evaluation,
        admin,
        what="Réunir les stagiaires chaque mois.",
        question=evaluation.questions.first(),
        who="Nadia",
        due_on=date(2027, 3, 31),
    )
    improvement.follow_up(action, admin, status="under_way", note="Première réunion le 12.")
    book = load_workbook(io.BytesIO(export.workbook(evaluation, "en", admin)))
    plan = _by_header(_rows(book, "Improvement plan"))
    assert plan[0]["Action"] == "Réunir les stagiaires chaque mois."
    assert (plan[0]["Who"], plan[0]["Status"]) == ("Nadia", "Under way")
    assert (plan[0]["Latest follow-up"], plan[0]["Follow-ups"]) == ("Première réunion le 12.", 2)
    data = export.as_json(evaluation)
    assert data["improvement_plan"][0]["due_on"] == "2027-03-31"
    assert [u["status"] for u in data["improvement_plan"][0]["updates"]] == [
        "planned",
        "under_way",
    ]


def test_the_rendered_reports_come_in_one_archive(client, world, evaluation, settings, tmp_path):
    from vises.reports import builder, rendering

    settings.MEDIA_ROOT = tmp_path / "media"
    admin = world.user("enterprise_admin")
    empty = zipfile.ZipFile(io.BytesIO(export.reports_archive(evaluation)))
    assert empty.namelist() == ["README.txt"]
    report = builder.create_report(
        evaluation, admin, audience="funders", language="fr", title="Rapport annuel"
    )
    rendering.request(report, "pdf", admin)
    rendering.request(report, "docx", admin)
    client.force_login(admin)
    response = client.get(reverse("evaluation_export_file", args=[evaluation.pk, "reports"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith("-reports-" + str(date.today()) + '.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    name = f"{report.pk:03d}-rapport-annuel"
    assert sorted(archive.namelist()) == [f"{name}.docx", f"{name}.pdf", "README.txt"]
    assert archive.read(f"{name}.pdf").startswith(b"%PDF")
    assert "Rapport annuel (funders, fr)" in archive.read("README.txt").decode()
