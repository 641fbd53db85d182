"""The pseudonymisation list: real names replaced in every quote that leaves the team, and
the team told which quotes still name someone."""

import pytest
from django.urls import reverse

from vises.interpretation import quotes
from vises.qualitative import pseudonyms
from vises.qualitative.models import Document


def test_a_real_name_is_replaced_as_a_whole_word_whatever_its_case():
    listed = [("Awa Diallo", "Awa"), ("Marc", "Malik")]
    text = "AWA DIALLO a parlé à marc ; Marcel et Awa Diallo-Ba restent."
    assert pseudonyms.apply(text, listed) == "Awa a parlé à Malik ; Marcel et Awa-Ba restent."
    assert pseudonyms.names_in("Marcel est venu.", listed) == []


@pytest.fixture
def quoted(evaluation):
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Entretien",
        text="Marc Dupont m'a aidée à trouver ce travail.",
    )
    excerpt = document.excerpts.create(start=0, end=len(document.text))
    return quotes.choose_passage(evaluation.questions.get(), None, excerpt=excerpt, language="fr")


def test_the_list_is_kept_and_names_the_quotes_still_holding_a_real_name(
    team, client, world, evaluation, quoted
):
    url = reverse("qualitative_pseudonyms", args=[evaluation.pk])
    added = team.post(url, {"real_name": "Marc Dupont", "pseudonym": "l'encadrant"}, follow=True)
    assert "“l&#x27;encadrant” now replaces the real name" in added.text
    assert "Quotes that still name someone" in added.text
    assert "(Marc Dupont)" in added.text
    refused = team.post(url, {"real_name": "marc dupont", "pseudonym": "X"})
    assert "“marc dupont” is already on the list." in refused.text
    assert evaluation.pseudonyms.count() == 1
    same = team.post(url, {"real_name": "Léa", "pseudonym": "Léa B."})
    assert "The pseudonym must not hold the real name." in same.text
    # The history keeps the pseudonym, never the real name.
    assert evaluation.changes.filter(part="pseudonyms").get().after == {"pseudonym": "l'encadrant"}

    # The team reads the stored quote, warned; the coach reads it pseudonymised.
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, quoted.question_id])
    assert (
        "Still names someone of your pseudonymisation list: Marc Dupont." in team.get(findings).text
    )
    coach = world.user("coach")
    coach.preferred_language = "en"
    coach.save()
    client.force_login(coach)
    shown = client.get(findings).text
    assert "l&#x27;encadrant m&#x27;a aidée" in shown
    assert "Dupont" not in shown


def test_reports_and_exports_show_the_pseudonym(team, world, evaluation, quoted):
    from vises.reports import builder

    pseudonyms.add(evaluation, None, real_name="Marc Dupont", pseudonym="l'encadrant")
    report = builder.create_report(
        evaluation, None, audience="funders", language="fr", title="Rapport"
    )
    page = team.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
    assert "l&#x27;encadrant m&#x27;a aidée" in page.text
    assert "Dupont" not in page.text
    team.force_login(world.user("enterprise_admin"))
    exported = team.get(reverse("evaluation_export_file", args=[evaluation.pk, "json"]))
    assert exported.json()["quotes"][0]["text"] == "l'encadrant m'a aidée à trouver ce travail."
    # What is stored stays as the team wrote it, to correct.
    quoted.refresh_from_db()
    assert quoted.text.startswith("Marc Dupont")


def test_removing_a_pair_takes_it_off_the_list(team, evaluation):
    pair = pseudonyms.add(evaluation, None, real_name="Marc Dupont", pseudonym="Malik")
    team.post(reverse("qualitative_pseudonym_remove", args=[evaluation.pk, pair.pk]))
    assert not evaluation.pseudonyms.exists()


def test_the_evaluation_export_holds_the_passages_and_code_counts_pseudonymised(
    team, world, evaluation, quoted
):
    import io

    import openpyxl

    code = evaluation.codes.create(name="Soutien")
    quoted.excerpt.codes.add(code)
    pseudonyms.add(evaluation, None, real_name="Marc Dupont", pseudonym="l'encadrant")
    admin = world.user("enterprise_admin")
    admin.preferred_language = "en"
    admin.save()
    team.force_login(admin)
    book = openpyxl.load_workbook(
        io.BytesIO(
            team.get(reverse("evaluation_export_file", args=[evaluation.pk, "xlsx"])).content
        )
    )
    passages = [[cell.value for cell in row] for row in book["Coded passages"].iter_rows()]
    header = passages.index(
        [
            "Document",
            "Method",
            "Date",
            "Stakeholder type",
            "Pseudonym",
            "Lines",
            "Codes",
            "Passage",
            "Memo",
        ]
    )
    row = dict(zip(passages[header], passages[header + 1], strict=True))
    assert row["Passage"] == "l'encadrant m'a aidée à trouver ce travail."
    assert (row["Codes"], row["Lines"]) == ("Soutien", "line 1")
    codes = [[cell.value for cell in row] for row in book["Codebook"].iter_rows()]
    assert ["Soutien", None, None, 1, 1] in [r[:5] for r in codes]


def test_positions_move_with_the_names_replaced():
    listed = [("Marc", "l'encadrant"), ("Awa Diallo", "Ama")]
    text = "Awa Diallo et Marc, puis Marcel."
    new, moved = pseudonyms.replaced(text, listed)
    assert new == "Ama et l'encadrant, puis Marcel."
    # A position before, after, at the edges of and within a name.
    assert moved(0) == 0 and moved(text.index(" et")) == new.index(" et")
    assert moved(text.index("Marc,")) == new.index("l'encadrant")
    assert moved(text.index(", puis"), end=True) == new.index(", puis")
    assert moved(text.index("Diallo"), end=True) == len("Ama")
    assert moved(text.index("Diallo")) == 0
    assert moved(len(text), end=True) == len(new)
    same, unmoved = pseudonyms.replaced(text, [])
    assert same == text and unmoved(7, end=True) == 7
