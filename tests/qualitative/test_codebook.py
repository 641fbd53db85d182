"""The codebook: begun from the framework and the questions, grown, renamed, moved and
merged without losing a coded passage; a code in use is not removed."""

import pytest
from django.urls import reverse

from vises.qualitative import codebook
from vises.qualitative.models import Code, Document, Excerpt


def test_the_codebook_begins_from_the_framework_s_themes_and_the_questions(team, evaluation):
    url = reverse("qualitative_codebook_seed", args=[evaluation.pk])
    team.post(url)
    theme = Code.objects.get(theme_code="individuals")
    assert theme.name == "Individuals"
    assert theme.parent.name == "Levels of effect"
    question = Code.objects.get(question__isnull=False)
    assert question.name == "Comment l'atelier renforce-t-il la confiance ?"
    page = team.get(reverse("qualitative_codebook", args=[evaluation.pk]))
    assert "Individuals" in page.text
    # Once is enough: a second time adds nothing.
    count = Code.objects.count()
    again = team.post(url, follow=True)
    assert Code.objects.count() == count
    assert "The codebook already holds the themes and the questions." in again.text


@pytest.fixture
def coded(evaluation):
    document = Document.objects.create(
        evaluation=evaluation, method="interview", title="Awa", text="Un.\nDeux.\nTrois."
    )
    parent = Code.objects.create(evaluation=evaluation, name="Effets")
    trust = Code.objects.create(evaluation=evaluation, name="Confiance", parent=parent)
    esteem = Code.objects.create(evaluation=evaluation, name="Estime de soi")
    under = Code.objects.create(evaluation=evaluation, name="Fierté", parent=esteem)
    first = document.excerpts.create(start=0, end=3)
    first.codes.add(trust)
    second = document.excerpts.create(start=4, end=9)
    second.codes.add(esteem, trust)
    return {"parent": parent, "trust": trust, "esteem": esteem, "under": under}


def test_a_code_is_added_and_a_twin_at_the_same_place_refused(team, evaluation, coded):
    url = reverse("qualitative_codebook", args=[evaluation.pk])
    team.post(url, {"name": "Emploi", "colour": "mint"})
    assert Code.objects.filter(name="Emploi", parent=None).exists()
    twin = team.post(url, {"name": "emploi", "colour": "sky"})
    assert "There is already a code “emploi” at this place of the codebook." in twin.text
    # Under another code, the same name is another code.
    team.post(url, {"name": "Emploi", "colour": "sky", "parent": coded["parent"].pk})
    assert Code.objects.filter(name="Emploi").count() == 2


def test_renaming_and_moving_a_code_keeps_its_passages(team, evaluation, coded):
    trust = coded["trust"]
    url = reverse("qualitative_code_edit", args=[evaluation.pk, trust.pk])
    team.post(url, {"name": "Confiance en soi", "colour": "rose", "parent": ""})
    trust.refresh_from_db()
    assert (trust.name, trust.parent, trust.excerpts.count()) == ("Confiance en soi", None, 2)


def test_a_code_cannot_go_under_its_own_codes(team, evaluation, coded):
    esteem = coded["esteem"]
    url = reverse("qualitative_code_edit", args=[evaluation.pk, esteem.pk])
    response = team.post(url, {"name": esteem.name, "colour": "sky", "parent": coded["under"].pk})
    assert "A code cannot go under itself or under one of its own codes." in response.text
    esteem.refresh_from_db()
    assert esteem.parent is None


def test_merging_gives_the_passages_and_the_codes_under_it(team, evaluation, coded):
    esteem, trust = coded["esteem"], coded["trust"]
    url = reverse("qualitative_code_merge", args=[evaluation.pk, esteem.pk])
    page = team.post(url, {"into": trust.pk}, follow=True)
    assert "“Estime de soi” was merged into “Confiance” with its 1 passages." in page.text
    assert not Code.objects.filter(pk=esteem.pk).exists()
    assert trust.excerpts.count() == 2
    assert Excerpt.objects.count() == 2
    assert coded["under"].__class__.objects.get(pk=coded["under"].pk).parent == trust


def test_merging_into_one_of_its_own_codes_is_refused(evaluation, coded):
    with pytest.raises(codebook.Refused):
        codebook.merge(coded["esteem"], coded["under"], None)


def test_a_code_in_use_or_with_codes_under_it_is_not_removed(team, evaluation, coded):
    for name, message in [
        ("trust", "“Confiance” codes 2 passages: merge it into another code"),
        ("parent", "Codes are under “Effets”: move or merge them first."),
    ]:
        code = coded[name]
        url = reverse("qualitative_code_remove", args=[evaluation.pk, code.pk])
        page = team.post(url, follow=True)
        assert message in page.text
        assert Code.objects.filter(pk=code.pk).exists()
    unused = coded["under"]
    team.post(reverse("qualitative_code_remove", args=[evaluation.pk, unused.pk]))
    assert not Code.objects.filter(pk=unused.pk).exists()


def test_a_code_s_passages_are_filtered_by_method_type_and_document(team, evaluation, coded):
    other = Document.objects.create(
        evaluation=evaluation,
        method="focus_group",
        title="Groupe du mardi",
        text="Nous avons confiance.",
        stakeholder_type="trainee",
    )
    other.excerpts.create(start=0, end=21).codes.add(coded["trust"])
    url = reverse("qualitative_code", args=[evaluation.pk, coded["trust"].pk])
    assert "3 passages" in team.get(url).text
    focus = team.get(url, {"method": "focus_group"})
    assert "1 passage" in focus.text and "Nous avons confiance." in focus.text
    assert "Deux." not in focus.text
    typed = team.get(url, {"type": "trainee"})
    assert "1 passage" in typed.text
    one = team.get(url, {"document": other.pk})
    assert "Groupe du mardi" in one.text and "Un." not in one.text


def test_a_code_s_open_answers_are_filtered_by_survey_wave(team, evaluation, coded):
    """Open answers brought in from two waves of a survey: the wave filter shows each
    wave's coded answers only, and the transcripts under no wave."""
    import datetime

    from vises.qualitative import material
    from vises.surveys import builder
    from vises.surveys.models import Response

    survey = builder.create_survey(
        evaluation, None, title={"fr": "Stagiaires", "en": "Trainees"}, languages=["fr"]
    )
    builder.add_question(
        survey.sections.get(), None, code="why", kind="long_text", text={"fr": "Pourquoi ?"}
    )
    entry = survey.waves.create(
        label="Entrée", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 3, 31)
    )
    exit_ = survey.waves.create(
        label="Sortie", opens_on=datetime.date(2026, 9, 1), closes_on=datetime.date(2026, 9, 30)
    )
    unused = survey.waves.create(
        label="Suivi", opens_on=datetime.date(2027, 3, 1), closes_on=datetime.date(2027, 3, 31)
    )
    for wave, answer in [(entry, "J'avais peur."), (exit_, "J'ai confiance."), (unused, "Bof.")]:
        Response.objects.create(
            wave=wave, answers={"why": answer}, language="fr", submission_key=answer
        )
    material.bring_open_answers(survey, None)
    for document in Document.objects.filter(method="survey").exclude(text="Bof."):
        document.excerpts.create(start=0, end=len(document.text)).codes.add(coded["trust"])

    url = reverse("qualitative_code", args=[evaluation.pk, coded["trust"].pk])
    page = team.get(url)
    assert "4 passages" in page.text
    assert '<label for="filter-wave">Survey wave</label>' in page.text
    # Only the waves whose answers hold the code are offered.
    assert "Trainees · Entrée" in page.text and "Trainees · Sortie" in page.text
    assert "Suivi" not in page.text
    at_entry = team.get(url, {"wave": entry.pk})
    assert "1 passage" in at_entry.text and "J&#x27;avais peur." in at_entry.text
    assert "J&#x27;ai confiance." not in at_entry.text and "Un." not in at_entry.text
    assert f'<option value="{entry.pk}" selected>' in at_entry.text
    at_exit = team.get(url, {"wave": exit_.pk, "method": "survey"})
    assert "1 passage" in at_exit.text and "J&#x27;ai confiance." in at_exit.text
    # A wave that is not one of this code's is no filter at all.
    assert "4 passages" in team.get(url, {"wave": unused.pk}).text
    assert "4 passages" in team.get(url, {"wave": "x"}).text


def test_a_code_s_passages_link_to_their_lines(team, evaluation, coded):
    page = team.get(reverse("qualitative_code", args=[evaluation.pk, coded["trust"].pk]))
    document = Document.objects.get(title="Awa")
    url = reverse("qualitative_document", args=[evaluation.pk, document.pk])
    assert f'<a href="{url}#line-1">Awa</a>, line 1' in page.text
    assert f'<a href="{url}#line-2">Awa</a>, line 2' in page.text
    assert "· Interviews" in page.text


def test_a_code_s_passage_shows_its_lines_words_and_memo_as_written(team, evaluation, coded):
    """A passage far into a long transcript: its lines written as the reader writes
    numbers, its words and memo escaped with their line breaks, its person's pseudonym."""
    text = "\n".join(f"Ligne {n}" for n in range(1, 1200)) + "\n<b>Awa</b> : oui.\nFin."
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Long <entretien>",
        pseudonym="Awa",
        text=text,
    )
    start = text.index("Ligne 1199")
    excerpt = document.excerpts.create(
        start=start, end=text.index("\nFin."), memo="À relire\navec l'équipe."
    )
    excerpt.codes.add(coded["trust"])
    url = reverse("qualitative_code", args=[evaluation.pk, coded["trust"].pk])
    page = team.get(url, {"document": document.pk}).text
    link = reverse("qualitative_document", args=[evaluation.pk, document.pk])
    assert f'<a href="{link}#line-1199">Long &lt;entretien&gt;</a>, lines 1,199–1,200' in page
    assert '<span class="muted">· Interviews · Awa</span>' in page
    assert "<blockquote>Ligne 1199<br>&lt;b&gt;Awa&lt;/b&gt; : oui.</blockquote>" in page
    assert '<p class="memo"><strong>Memo:</strong> À relire<br>avec l&#x27;équipe.</p>' in page
