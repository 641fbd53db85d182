"""Making a report: it starts from its audience's template, then sections are added,
removed, moved and edited. Every change is kept in the evaluation's history."""

import secrets

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.evaluations.models import Change, Evaluation
from vises.multilingual import pick

from .models import Report, Section

PART = "reports"
Kind = Section.Kind

# What each audience reads first. "question" stands for one section per evaluative
# question, the main one first.
TEMPLATES = {
    "funders": [
        Kind.SUMMARY,
        "question",
        Kind.INDICATORS,
        Kind.METHOD,
        Kind.PRACTICES,
        Kind.IMPROVEMENT,
    ],
    "public_authorities": [Kind.SUMMARY, Kind.INDICATORS, "question", Kind.PRACTICES, Kind.METHOD],
    "workers_volunteers": [Kind.SUMMARY, "question", Kind.QUOTES, Kind.IMPROVEMENT],
    "beneficiaries": [Kind.SUMMARY, "question", Kind.QUOTES],
    "general_public": [Kind.SUMMARY, Kind.PORTRAIT, "question", Kind.QUOTES, Kind.PRACTICES],
}


class Refused(ValueError):
    """The change cannot be made; the message says why, in the user's language."""


def audiences(evaluation: Evaluation) -> list[tuple[str, str]]:
    """The framework's audiences, as (code, name in the reader's language)."""
    return [
        (audience["code"], pick(audience["name"]).text)
        for audience in evaluation.framework_version.document.get("audiences", [])
    ]


def _record(report: Report, before, after, user) -> None:
    Change.record(report.evaluation_id, PART, before, after, user)


def _snapshot(report: Report, section: Section | None = None) -> dict:
    content = {"report": report.title}
    if section is not None:
        content["section"] = section.title or str(section.get_kind_display())
        if section.text:
            content["text"] = section.text
    return content


@transaction.atomic
def create_report(
    evaluation: Evaluation,
    user,
    *,
    audience: str,
    language: str,
    title: str,
    colour: str = "#0072B2",
) -> Report:
    """A new report for the audience, with its template's sections."""
    if audience not in dict(audiences(evaluation)):
        raise Refused(_("Choose an audience from the list."))
    report = Report.objects.create(
        evaluation=evaluation,
        audience=audience,
        language=language,
        title=title,
        colour=colour,
        created_by=user,
    )
    position = 0
    for kind in TEMPLATES.get(audience, TEMPLATES["general_public"]):
        if kind == "question":
            for question in evaluation.questions.all():
                Section.objects.create(
                    report=report, kind=Kind.QUESTION, question=question, position=position
                )
                position += 1
        else:
            Section.objects.create(report=report, kind=kind, position=position)
            position += 1
    _record(report, None, _snapshot(report), user)
    return report


@transaction.atomic
def add_section(
    report: Report, user, *, kind: str, question=None, title: str = "", text: str = ""
) -> Section:
    if kind not in Kind.values:
        raise Refused(_("Choose a kind of section from the list."))
    if kind == Kind.QUESTION and (
        question is None or question.evaluation_id != report.evaluation_id
    ):
        raise Refused(_("Choose the evaluative question this section presents."))
    last = report.sections.aggregate(last=Max("position"))["last"]
    section = Section.objects.create(
        report=report,
        kind=kind,
        question=question if kind == Kind.QUESTION else None,
        title=title,
        text=text,
        position=0 if last is None else last + 1,
    )
    _record(report, None, _snapshot(report, section), user)
    return section


@transaction.atomic
def change_section(section: Section, user, **values) -> Section:
    before = _snapshot(section.report, section)
    for field, value in values.items():
        setattr(section, field, value)
    if section.kind == Kind.IMAGE and section.image and not section.image_alt.strip():
        raise Refused(_("Say what the image shows, for those who cannot see it."))
    section.save()
    _record(section.report, before, _snapshot(section.report, section), user)
    return section


@transaction.atomic
def remove_section(section: Section, user) -> None:
    report = section.report
    _record(report, _snapshot(report, section), None, user)
    section.delete()
    _renumber(report)


def _renumber(report: Report) -> None:
    for position, section in enumerate(report.sections.order_by("position", "id")):
        if section.position != position:
            section.position = position
            section.save(update_fields=["position"])


@transaction.atomic
def move_section(section: Section, user, direction: str) -> None:
    sections = list(section.report.sections.order_by("position", "id"))
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, moved in enumerate(sections):
        if moved.position != position:
            moved.position = position
            moved.save(update_fields=["position"])
    before = {**_snapshot(section.report, section), "position": index + 1}
    _record(section.report, before, {**before, "position": other + 1}, user)


def _publication(report: Report) -> dict:
    state = {"report": report.title, "published": bool(report.public_token)}
    if report.public_token and report.published_at:
        state["figures_of"] = report.published_at.isoformat()
    return state


@transaction.atomic
def publish(report: Report, user) -> Report:
    """Publish the report as it is now: its public page shows these figures, dated, until
    it is published again. A report not published yet gets a new unguessable address (any
    earlier one stays dead); a published one keeps its address and shows today's figures."""
    from .compose import compose

    before = _publication(report)
    report.public_token = report.public_token or secrets.token_urlsafe(24)
    report.published_at = timezone.now()
    report.published_document = compose(report).snapshot()
    report.save(update_fields=["public_token", "published_at", "published_document"])
    _record(report, before, _publication(report), user)
    return report


@transaction.atomic
def revoke(report: Report, user) -> Report:
    if report.public_token:
        before = _publication(report)
        report.public_token = None
        report.published_at = None
        report.published_document = None
        report.save(update_fields=["public_token", "published_at", "published_document"])
        _record(report, before, _publication(report), user)
    return report


def withdraw_quotes(evaluation_id: int, texts: set[str]) -> int:
    """Take these quotes out of the evaluation's published pages (a respondent's answers
    erased, or kept past their date); the figures stay as published. The files made of
    its reports (PDF, DOCX, infographics) may hold them too: they are removed and made
    again in the background (`rendering.make_again`). Returns how many published reports
    changed."""
    from vises.qualitative import pseudonyms

    from . import rendering

    texts = {text for text in texts if text.strip()}
    if not texts:
        return 0
    # A published quote was shown with the real names of the list replaced.
    listed = pseudonyms.pairs(evaluation_id)
    shown = texts | {pseudonyms.apply(text, listed) for text in texts}
    changed = 0
    for report in Report.objects.filter(evaluation_id=evaluation_id):
        if report.published_document:
            blocks = report.published_document.get("blocks", [])
            kept = [
                block
                for block in blocks
                if not (block["kind"] == "quote" and block["text"] in shown)
            ]
            if len(kept) != len(blocks):
                report.published_document = {**report.published_document, "blocks": kept}
                report.save(update_fields=["published_document"])
                changed += 1
        rendering.make_again(report)
    return changed
