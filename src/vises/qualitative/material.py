"""The evaluation's qualitative material: documents added from a file or pasted, changed
and removed, each change kept in the history; and where each plan row stands."""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count

from vises.evaluations.models import Change, Method, PlanRow

from .models import QUALITATIVE_METHODS, Document

PART = "material"


def snapshot(document: Document) -> dict:
    return {
        "title": document.title,
        "method": document.method,
        "happened_on": document.happened_on.isoformat() if document.happened_on else None,
        "stakeholder_type": document.stakeholder_type,
        "pseudonym": document.pseudonym,
        "consent": document.consent,
        "consent_on": document.consent_on.isoformat() if document.consent_on else None,
        "interviewer": document.interviewer,
        "source": document.source_name,
        "recording": document.recording_name,
        "characters": len(document.text),
        "memo": document.memo,
    }


def _keep(document: Document, field: str, upload: UploadedFile | None) -> None:
    if upload is not None:
        getattr(document, field).save(upload.name, upload, save=False)
        setattr(document, f"{field}_name", PurePath(upload.name).name)


@transaction.atomic
def add(
    document: Document,
    user,
    *,
    source: UploadedFile | None = None,
    recording: UploadedFile | None = None,
) -> Document:
    """Store a new document, its text already extracted, with the files it came from."""
    document.created_by = user
    _keep(document, "source", source)
    _keep(document, "recording", recording)
    document.save()
    Change.record(document.evaluation_id, PART, None, snapshot(document), user)
    return document


@transaction.atomic
def change(
    document: Document,
    before: dict,
    user,
    *,
    recording: UploadedFile | None = None,
    drop_recording: bool = False,
) -> Document:
    """Save a document's description (its text stays: passages are coded in it)."""
    old = document.recording.name if document.recording else ""
    if drop_recording and not recording:
        document.recording, document.recording_name = "", ""
    _keep(document, "recording", recording)
    document.save()
    if old and old != (document.recording.name or ""):
        storage = document.recording.storage
        transaction.on_commit(lambda: storage.delete(old))
    Change.record(document.evaluation_id, PART, before, snapshot(document), user)
    return document


@transaction.atomic
def bring_open_answers(survey, user) -> int:
    """Make each open answer to `survey` not brought in yet a small document of the
    material, to code as any transcript; the number brought in."""
    from vises.multilingual import pick
    from vises.surveys.models import Question, Response

    from .extraction import normalised

    asked = list(
        survey.questions.filter(kind__in=[Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT])
    )
    taken = set(
        Document.objects.filter(survey_question__in=asked).values_list(
            "response", "survey_question"
        )
    )
    title = pick(survey.title).text
    added = []
    for response in Response.objects.filter(wave__survey=survey).select_related("wave"):
        for question in asked:
            answer = response.answers.get(question.code)
            if not isinstance(answer, str) or not normalised(answer).strip():
                continue
            if (response.pk, question.pk) in taken:
                continue
            added.append(
                Document(
                    evaluation_id=survey.evaluation_id,
                    method=Method.SURVEY,
                    title=f"{title} · {question.code} · {response.wave.label} · {response.pk}",
                    text=normalised(answer),
                    happened_on=response.submitted_at.date(),
                    response=response,
                    survey_question=question,
                    created_by=user,
                )
            )
    Document.objects.bulk_create(added)
    if added:
        Change.record(
            survey.evaluation_id,
            PART,
            None,
            {"title": title, "open_answers": len(added)},
            user,
        )
    return len(added)


@transaction.atomic
def remove(document: Document, user) -> None:
    """Remove a document with its coded passages (and files, once committed)."""
    Change.record(document.evaluation_id, PART, snapshot(document), None, user)
    document.delete()


def lines(text: str) -> list[tuple[int, int, str]]:
    """(number from 1, offset of its first character, text) of each line of `text`."""
    result, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        result.append((number, offset, line))
        offset += len(line) + 1
    return result


def line_of(text: str, offset: int) -> int:
    """The number, from 1, of the line holding the character at `offset`."""
    return text.count("\n", 0, offset) + 1


@dataclass
class PlannedMaterial:
    """A line of the collection plan that gathers words, and how much it gathered."""

    row: PlanRow
    methods: list[str]
    documents: int
    # (method, title) of the framework's guides for its methods
    guides: list[tuple[str, str]] = field(default_factory=list)


def planned(evaluation) -> list[PlannedMaterial]:
    """The plan rows with a qualitative method, each with its methods' names and how
    many documents it holds, in the plan's order."""
    labels = dict(Method.choices)
    counts = dict(
        Document.objects.filter(evaluation=evaluation, plan_row__isnull=False)
        .values_list("plan_row")
        .annotate(n=Count("pk"))
    )
    result = []
    for row in evaluation.plan_rows.select_related("question"):
        methods = [code for code in row.methods if code in QUALITATIVE_METHODS]
        if methods:
            result.append(
                PlannedMaterial(row, [labels[code] for code in methods], counts.get(row.pk, 0))
            )
    return result
