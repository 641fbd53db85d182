"""Reading the coded material: counts by code and stakeholder type, codes found together,
and text search."""

from django.urls import reverse

from vises.analysis.qualitative import CodedPassage, co_occurrences, code_counts
from vises.qualitative.models import Code, Document


def test_passages_and_documents_are_counted_by_stakeholder_type():
    rows = [
        CodedPassage(code=1, excerpt=10, document=100, start=0, end=5, stakeholder_type="a"),
        CodedPassage(code=1, excerpt=11, document=100, start=9, end=12, stakeholder_type="a"),
        CodedPassage(code=1, excerpt=12, document=101, start=0, end=5, stakeholder_type="b"),
        CodedPassage(code=2, excerpt=12, document=101, start=0, end=5, stakeholder_type="b"),
    ]
    counts = code_counts(rows)
    assert (counts[1].excerpts, counts[1].documents) == (3, 2)
    assert counts[1].by_type == {"a": (2, 1), "b": (1, 1)}
    assert (counts[2].excerpts, counts[2].documents) == (1, 1)


def test_codes_are_found_together_on_one_passage_or_overlapping_ones():
    rows = [
        # One passage with codes 1 and 2.
        CodedPassage(1, 10, 100, 0, 10),
        CodedPassage(2, 10, 100, 0, 10),
        # Code 3 on a passage overlapping it, code 1 on one that only touches its end.
        CodedPassage(3, 11, 100, 5, 20),
        CodedPassage(1, 12, 100, 20, 30),
        # The same places in another document do not overlap these.
        CodedPassage(3, 13, 101, 0, 10),
    ]
    together = co_occurrences(rows)
    assert together == {(1, 2): 1, (1, 3): 1, (2, 3): 1}


def test_the_counts_page_shows_codes_by_type_and_together(team, evaluation):
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Awa",
        text="J'ai confiance et un emploi.",
        stakeholder_type="trainee",
    )
    trust = Code.objects.create(evaluation=evaluation, name="Confiance")
    job = Code.objects.create(evaluation=evaluation, name="Emploi")
    document.excerpts.create(start=0, end=27).codes.add(trust, job)
    page = team.get(reverse("qualitative_overview", args=[evaluation.pk]))
    assert '<th scope="col">Person in integration</th>' in page.text
    assert "1 passage, 1 document" in page.text
    assert "Confiance + Emploi</th><td>1</td>" in page.text


def test_search_finds_the_lines_holding_the_words(team, evaluation):
    Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Awa",
        text="Bonjour.\nJ'ai retrouvé CONFIANCE.\nAu revoir.",
    )
    Document.objects.create(
        evaluation=evaluation, method="interview", title="Marc", text="Rien à voir."
    )
    url = reverse("qualitative_search", args=[evaluation.pk])
    found = team.get(url, {"q": "confiance"})
    assert "Line 2</a>: J&#x27;ai retrouvé CONFIANCE." in found.text
    assert "Marc" not in found.text
    assert "No document holds “absent”." in team.get(url, {"q": "absent"}).text
