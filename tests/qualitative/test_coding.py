"""Coding passages: a selection of characters, a range of lines without JavaScript, new
codes named on the way, and the refusals that keep what was coded."""

import pytest
from django.urls import reverse

from tests.qualitative.conftest import INTERVIEW
from vises.qualitative import coding
from vises.qualitative.models import Code, Document, Excerpt

TEXT = "\n".join(INTERVIEW)


@pytest.fixture
def document(evaluation):
    return Document.objects.create(
        evaluation=evaluation,
        plan_row=evaluation.plan_rows.get(),
        method="interview",
        title="Entretien avec Awa",
        text=TEXT,
        stakeholder_type="trainee",
    )


@pytest.fixture
def confidence(evaluation):
    return Code.objects.create(evaluation=evaluation, name="Confiance en soi")


def _code(client, document, **fields):
    url = reverse("qualitative_excerpt_add", args=[document.evaluation_id, document.pk])
    return client.post(url, {"first_line": 1, "last_line": 1, **fields})


def test_a_selection_is_coded_to_the_character(team, document, confidence):
    start = TEXT.index("je n'osais")
    end = TEXT.index(" en groupe.")
    response = _code(
        team, document, first_line=2, last_line=2, start=start, end=end, codes=[confidence.pk]
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#line-2")
    excerpt = Excerpt.objects.get()
    assert excerpt.text == "je n'osais pas parler"
    page = team.get(response["Location"])
    assert "The passage (line 2) was coded: Confiance en soi." in page.text
    # In the margin of its first line, and listed with its text.
    assert 'class="code-tag code-colour-sky">Confiance en soi</span>' in page.text
    assert "<blockquote>je n&#x27;osais pas parler</blockquote>" in page.text


def test_without_javascript_the_lines_given_are_coded(team, document, confidence):
    _code(team, document, first_line=2, last_line=4, codes=[confidence.pk])
    excerpt = Excerpt.objects.get()
    assert excerpt.text == "\n".join(INTERVIEW[1:4])
    assert coding.line_range(excerpt) == (2, 4)


def test_a_new_code_named_while_coding_joins_the_codebook(team, document, confidence):
    _code(team, document, first_line=4, last_line=4, codes=[confidence.pk], new_code="Emploi")
    excerpt = Excerpt.objects.get()
    assert sorted(c.name for c in excerpt.codes.all()) == ["Confiance en soi", "Emploi"]
    assert Code.objects.filter(evaluation=document.evaluation, name="Emploi").count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"first_line": 3, "last_line": 9}, "Give lines between 1 and 4"),
        ({"start": 10, "end": 10}, "Select a passage of the text first."),
        ({"start": 0, "end": 99999}, "Select a passage of the text first."),
        ({"start": 53, "end": 56, "text_only": True}, ""),
        ({}, "Choose at least one code for the passage."),
    ],
)
def test_a_passage_that_cannot_be_coded_is_refused_saying_why(
    team, document, confidence, fields, message
):
    fields = dict(fields)
    if fields.pop("text_only", False):
        # Only spaces and line breaks: nothing to code.
        newline = TEXT.index("\n")
        fields.update(start=newline, end=newline + 1)
        message = "The selection holds no text"
    if message != "Choose at least one code for the passage.":
        fields["codes"] = [confidence.pk]
    response = _code(team, document, **fields)
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.text
    assert not Excerpt.objects.exists()


def test_an_overlap_with_a_passage_of_the_same_code_is_refused(team, document, confidence):
    _code(team, document, first_line=2, last_line=3, codes=[confidence.pk])
    response = _code(team, document, first_line=3, last_line=4, codes=[confidence.pk])
    assert "This passage overlaps lines 2–3, already coded “Confiance en soi”" in response.text
    assert Excerpt.objects.count() == 1
    # The same text may carry another code: passages of different codes overlap.
    other = Code.objects.create(evaluation=document.evaluation, name="Emploi")
    _code(team, document, first_line=3, last_line=4, codes=[other.pk])
    assert Excerpt.objects.count() == 2


def test_the_same_passage_coded_again_gains_the_code(team, document, confidence):
    other = Code.objects.create(evaluation=document.evaluation, name="Emploi")
    _code(team, document, first_line=4, last_line=4, codes=[confidence.pk])
    _code(team, document, first_line=4, last_line=4, codes=[other.pk], memo="Deux effets.")
    excerpt = Excerpt.objects.get()
    assert sorted(c.name for c in excerpt.codes.all()) == ["Confiance en soi", "Emploi"]
    assert excerpt.memo == "Deux effets."


def test_a_refused_passage_leaves_no_new_code_behind(team, document, confidence):
    _code(team, document, first_line=2, last_line=2, codes=[confidence.pk])
    _code(team, document, first_line=2, last_line=2, start=5, end=5, new_code="Orphelin")
    assert not Code.objects.filter(name="Orphelin").exists()


def test_a_passage_s_codes_and_memo_are_changed_then_it_is_uncoded(team, document, confidence):
    _code(team, document, first_line=2, last_line=2, codes=[confidence.pk])
    excerpt = Excerpt.objects.get()
    other = Code.objects.create(evaluation=document.evaluation, name="Parole")
    url = reverse("qualitative_excerpt_edit", args=[document.evaluation_id, excerpt.pk])
    assert "je n&#x27;osais pas parler" in team.get(url).text
    emptied = team.post(url, {"memo": "x"})
    assert "A passage keeps at least one code" in emptied.text
    team.post(url, {"codes": [other.pk], "memo": "Elle parle de la peur."})
    excerpt.refresh_from_db()
    assert [c.name for c in excerpt.codes.all()] == ["Parole"]
    assert excerpt.memo == "Elle parle de la peur."
    team.post(reverse("qualitative_excerpt_remove", args=[document.evaluation_id, excerpt.pk]))
    assert not Excerpt.objects.exists()
    assert Code.objects.filter(name="Parole").exists()


def test_a_code_of_another_evaluation_cannot_be_given(team, world, document):
    from tests.conftest import make_evaluation

    theirs = make_evaluation(world.other_enterprise).codes.create(name="Ailleurs")
    response = _code(team, document, first_line=2, last_line=2, codes=[theirs.pk])
    assert response.status_code == 200
    assert not Excerpt.objects.exists()


def test_each_coding_is_in_the_history(team, document, confidence):
    _code(team, document, first_line=2, last_line=2, codes=[confidence.pk])
    change = document.evaluation.changes.get(part="excerpts")
    assert change.after["codes"] == ["Confiance en soi"]
    assert change.after["lines"] == "line 2"
