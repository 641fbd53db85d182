"""The coded material exchanged in the REFI-QDA standard: exports valid against the
standard's schemas, and a project exported then imported gives the same codes and coded
passages; bad files refused, nothing stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from tests.conftest import make_evaluation
from vises.qualitative import refi_qda
from vises.qualitative.models import Code, Document


@pytest.fixture
def coded(evaluation):
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Entretien avec Awa 😊",
        text="Avant je n'osais pas.\nMaintenant je parle 😊 en réunion.",
        memo="Très riche.",
    )
    parent = Code.objects.create(evaluation=evaluation, name="Effets", colour="mint")
    voice = Code.objects.create(
        evaluation=evaluation, name="Prise de parole", parent=parent, description="Oser parler."
    )
    job = Code.objects.create(evaluation=evaluation, name="Emploi", colour="rose")
    first = document.excerpts.create(start=0, end=20, memo="La peur.")
    first.codes.add(voice)
    second = document.excerpts.create(start=22, end=len(document.text))
    second.codes.add(voice, job)
    return evaluation


def _shape(evaluation):
    codes = sorted(
        (code.name, code.parent.name if code.parent else None, code.description)
        for code in evaluation.codes.all()
    )
    passages = sorted(
        (e.document.title, e.text, tuple(sorted(c.name for c in e.codes.all())), e.memo)
        for document in evaluation.documents.all()
        for e in document.excerpts.all()
    )
    return codes, passages


def test_the_project_is_valid_and_reads_back_the_same(world, coded):
    data = refi_qda.project_file(coded)
    archive = zipfile.ZipFile(io.BytesIO(data))
    project = etree.fromstring(archive.read("project.qde"))
    assert refi_qda.schema("Project.xsd").validate(project)
    assert len(archive.namelist()) == 2  # project.qde and the one text

    other = make_evaluation(world.enterprise, title="Copie")
    counts = refi_qda.read_project(other, None, data, "copie.qdpx", method="interview")
    assert (counts.codes, counts.documents, counts.passages) == (3, 1, 2)
    assert _shape(other) == _shape(coded)


def test_the_codebook_is_valid_and_reads_back_the_same_tree(world, coded):
    data = refi_qda.codebook_file(coded)
    assert refi_qda.schema("Codebook.xsd").validate(etree.fromstring(data))
    other = make_evaluation(world.enterprise, title="Copie")
    refi_qda.read_codebook(other, None, data, "codes.qdc")
    assert _shape(other)[0] == _shape(coded)[0]
    # Read twice, a code of the same name at the same place is reused.
    refi_qda.read_codebook(other, None, data, "codes.qdc")
    assert other.codes.count() == 3


def test_the_team_downloads_and_imports_through_the_exchange_page(team, world, coded):
    page = team.get(reverse("qualitative_exchange", args=[coded.pk]))
    assert "The coded material as a project (.qdpx)" in page.text
    download = team.get(reverse("qualitative_export_project", args=[coded.pk]))
    assert download["Cache-Control"] == "private, no-store"
    assert 'filename="evaluation-' in download["Content-Disposition"]

    other = make_evaluation(world.enterprise, title="Copie")
    response = team.post(
        reverse("qualitative_exchange", args=[other.pk]),
        {"file": SimpleUploadedFile("awa.qdpx", download.content), "method": "life_story"},
        follow=True,
    )
    assert "Read: 3 new codes, 1 documents, 2 coded passages." in response.text
    assert other.documents.get().method == "life_story"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("codes.qdc", b"<CodeBook", "is not readable XML (line 1)"),
        (
            "codes.qdc",
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
            b'<Codes><Code name="x"/></Codes></CodeBook>',
            "does not follow the REFI-QDA standard (line 1)",
        ),
        ("project.qdpx", b"not a zip", "is not a .qdpx project archive."),
        ("notes.docx", b"PK", "is neither a codebook (.qdc) nor a project (.qdpx)."),
    ],
)
def test_a_bad_file_is_refused_saying_why_and_nothing_is_stored(
    team, evaluation, name, data, message
):
    response = team.post(
        reverse("qualitative_exchange", args=[evaluation.pk]),
        {"file": SimpleUploadedFile(name, data), "method": "interview"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not evaluation.codes.exists() and not evaluation.documents.exists()


def test_a_project_whose_passage_lies_outside_its_text_stores_nothing(world, coded):
    data = refi_qda.project_file(coded)
    archive = zipfile.ZipFile(io.BytesIO(data))
    qde = archive.read("project.qde").replace(b'endPosition="20"', b'endPosition="9999"')
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as out:
        for item in archive.namelist():
            out.writestr(item, qde if item == "project.qde" else archive.read(item))
    other = make_evaluation(world.enterprise, title="Copie")
    with pytest.raises(refi_qda.Refused, match="lies outside its text"):
        refi_qda.read_project(other, None, broken.getvalue(), "x.qdpx", method="interview")
    assert not other.codes.exists() and not other.documents.exists()


def test_the_project_carries_pseudonyms_not_real_names(team, world, evaluation):
    """Read back from the downloaded archive: texts, titles, memos and the coded passages'
    words all hold the pseudonym, each passage still on the same words."""
    from vises.qualitative import pseudonyms

    text = "Awa Diallo : j'ai parlé à awa diallo.\nMarc m'a aidée ; Marcel non."
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title="Entretien avec Awa Diallo",
        text=text,
        memo="Marc était là.",
    )
    code = Code.objects.create(evaluation=evaluation, name="Aide", description="Ce que fit Marc.")
    spans = [
        (0, text.index(" :")),  # the name alone
        (text.index("j'ai"), text.index("\n")),  # ends after a name
        (text.index("Marc m'a"), len(text)),  # begins with a name, holds a longer word
        (text.index("Diallo :"), text.index("j'ai") - 1),  # begins within a name
    ]
    other_code = Code.objects.create(evaluation=evaluation, name="Parole")
    for index, (start, end) in enumerate(spans):
        excerpt = document.excerpts.create(start=start, end=end, memo="Selon Awa Diallo.")
        excerpt.codes.add(other_code if index == 3 else code)  # two codes may overlap
    pseudonyms.add(evaluation, None, real_name="Awa Diallo", pseudonym="Ama")
    pseudonyms.add(evaluation, None, real_name="Marc", pseudonym="l'encadrant")

    download = team.get(reverse("qualitative_export_project", args=[evaluation.pk]))
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    for name in archive.namelist():
        content = archive.read(name).decode()
        assert "Diallo" not in content and "Marc " not in content, name
    project = etree.fromstring(archive.read("project.qde"))
    assert refi_qda.schema("Project.xsd").validate(project)
    ns = {"q": refi_qda.PROJECT_NS}
    source = project.find("q:Sources/q:TextSource", ns)
    exported = archive.read(f"sources/{source.get('guid')}.txt").decode()
    assert exported == "Ama : j'ai parlé à Ama.\nl'encadrant m'a aidée ; Marcel non."
    assert source.get("name") == "Entretien avec Ama"
    assert source.findtext("q:Description", namespaces=ns) == "l'encadrant était là."
    assert project.findtext(".//q:Code/q:Description", namespaces=ns) == "Ce que fit l'encadrant."
    selections = source.findall("q:PlainTextSelection", ns)
    words = [exported[int(s.get("startPosition")) : int(s.get("endPosition"))] for s in selections]
    assert sorted(words) == sorted(
        ["Ama", "j'ai parlé à Ama.", "l'encadrant m'a aidée ; Marcel non.", "Ama :"]
    )
    assert {s.get("name") for s in selections} == set(words)
    assert {s.findtext("q:Description", namespaces=ns) for s in selections} == {"Selon Ama."}

    # Read back into another evaluation, the passages are on the same words.
    other = make_evaluation(world.enterprise, title="Copie")
    refi_qda.read_project(other, None, download.content, "copie.qdpx", method="interview")
    imported = other.documents.get()
    assert imported.text == exported
    assert sorted(e.text for e in imported.excerpts.all()) == sorted(words)
