"""A coded passage becomes a quote of its evaluative question: one quote model for open
answers and passages, shared with the coach and the reports, and nothing else of the
material with them."""

import pytest
from django.urls import reverse

from vises.interpretation.models import Quote
from vises.qualitative.models import Code, Document


@pytest.fixture
def passage(evaluation):
    document = Document.objects.create(
        evaluation=evaluation,
        plan_row=evaluation.plan_rows.get(),
        method="interview",
        title="Entretien avec Awa",
        text=(
            "Avant je n'osais pas.\n"
            "Le jour où on m'a confié la caisse, j'ai compris que j'étais capable."
        ),
        pseudonym="Awa",
        stakeholder_type="trainee",
    )
    theme = Code.objects.create(evaluation=evaluation, name="Individus", theme_code="individuals")
    excerpt = document.excerpts.create(start=22, end=len(document.text))
    excerpt.codes.add(theme)
    return excerpt


def test_the_findings_page_shows_the_question_s_codes_and_a_passage_becomes_a_quote(
    team, client, world, evaluation, passage
):
    question = evaluation.questions.get()
    findings = reverse("evaluation_question_findings", args=[evaluation.pk, question.pk])
    page = team.get(findings)
    assert "In the interviews, groups and life stories" in page.text
    assert "1 passage, 1 document" in page.text
    assert "j&#x27;ai compris que j&#x27;étais capable." in page.text

    kept = team.post(
        reverse("evaluation_quote_passage", args=[evaluation.pk, question.pk]),
        {
            "excerpt": passage.pk,
            "text": "On m'a confié la caisse : j'ai compris que j'étais capable.",
        },
        follow=True,
    )
    quote = Quote.objects.get()
    assert (quote.excerpt, quote.response, quote.language) == (passage, None, "en")
    assert "The passage is kept as a quote." in kept.text
    assert "Kept as a quote" in kept.text
    assert "Interviews · Awa" in kept.text
    # Twice is refused, saying why.
    again = team.post(
        reverse("evaluation_quote_passage", args=[evaluation.pk, question.pk]),
        {"excerpt": passage.pk},
        follow=True,
    )
    assert "This passage is already a quote of this question." in again.text
    assert Quote.objects.count() == 1
    assert evaluation.changes.filter(part="quotes").count() == 1

    # The coach reads the quote, not the material it came from.
    coach = world.user("coach")
    coach.preferred_language = "en"
    coach.save()
    client.force_login(coach)
    followed = client.get(findings)
    assert "On m&#x27;a confié la caisse" in followed.text
    assert "In the interviews, groups and life stories" not in followed.text
    assert "Avant je n&#x27;osais pas." not in followed.text


def test_a_passage_of_another_evaluation_cannot_be_quoted(team, world, evaluation):
    from tests.conftest import make_evaluation

    theirs = make_evaluation(world.other_enterprise)
    document = Document.objects.create(
        evaluation=theirs, method="interview", title="Ailleurs", text="Secret."
    )
    excerpt = document.excerpts.create(start=0, end=7)
    question = evaluation.questions.get()
    response = team.post(
        reverse("evaluation_quote_passage", args=[evaluation.pk, question.pk]),
        {"excerpt": excerpt.pk},
    )
    assert response.status_code == 404
    assert not Quote.objects.exists()


def test_a_quoted_passage_is_in_the_report_and_the_export(team, world, evaluation, passage):
    from vises.interpretation import quotes
    from vises.reports import builder

    question = evaluation.questions.get()
    quotes.choose_passage(question, None, excerpt=passage, language="fr")
    report = builder.create_report(
        evaluation, None, audience="funders", language="fr", title="Rapport"
    )
    page = team.get(reverse("evaluation_report_detail", args=[evaluation.pk, report.pk]))
    assert "j&#x27;ai compris que j&#x27;étais capable." in page.text

    admin = world.user("enterprise_admin")
    team.force_login(admin)
    exported = team.get(reverse("evaluation_export_file", args=[evaluation.pk, "json"]))
    # The export is in the admin's language, French here.
    quoted = exported.json()["quotes"][0]
    assert (quoted["document"], quoted["lines"], quoted["survey"]) == (
        "Entretien avec Awa",
        "ligne 2",
        None,
    )
