"""Drawing a composed report: as HTML (the page, the public page, and the PDF's source),
as PDF with WeasyPrint (A4, cover, contents, page numbers, tagged headings, charts as
vector graphics, fonts embedded) and as an editable DOCX with python-docx (real headings
and tables, charts as pictures with their text alternative).

Files are made in the background by a worker (`vises worker`), through django-tasks; a
Rendition row tells the page how far it is, and why it failed after its last attempt.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished

from vises.reports import charts
from vises.worker import reasons

from .compose import Document, compose, published
from .models import Rendition, Report, TerritorialRendition, TerritorialReport


def html(
    document: Document,
    *,
    for_print: bool = False,
    public: bool = False,
    infographic_url="",
    as_of=None,
    nonce="",
) -> str:
    """The report as one HTML document, its stylesheet inside; `nonce` lets a page served
    under the Content-Security-Policy apply that stylesheet."""
    with translation.override(document.language):
        return render_to_string(
            "reports/document.html",
            {
                "document": document,
                "for_print": for_print,
                "public": public,
                "infographic_url": infographic_url,
                "as_of": as_of,
                "nonce": nonce,
            },
        )


def pdf(document: Document) -> bytes:
    # WeasyPrint needs Pango, a system library: imported here so that a machine without it
    # still serves every other page.
    from weasyprint import HTML

    source = html(document, for_print=True, as_of=timezone.now())
    return HTML(string=source, base_url=None).write_pdf(pdf_tags=True)


def docx(document: Document) -> bytes:
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    word = Word()
    word.core_properties.title = document.title
    word.core_properties.language = document.language
    styles = word.styles
    styles["Normal"].font.name = "DejaVu Sans"
    styles["Normal"].font.size = Pt(10.5)
    word.add_heading(document.title, level=0)
    subtitle = word.add_paragraph(document.subtitle)
    subtitle.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    with translation.override(document.language):
        # The same words as the page and the PDF: a file is read long after it was made.
        as_of = gettext("Figures as of %(date)s") % {
            "date": date_format(timezone.localtime(), "DATE_FORMAT")
        }
    word.add_paragraph(as_of).runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for block in document.blocks:
        if block.kind == "heading":
            word.add_heading(block.text, level=min(block.level - 1, 3))
        elif block.kind == "paragraph":
            word.add_paragraph(block.text)
        elif block.kind == "figures":
            table = word.add_table(rows=2, cols=len(block.figures))
            table.style = "Table Grid"
            for column, (value, label) in enumerate(block.figures):
                value_cell = table.cell(0, column).paragraphs[0]
                run = value_cell.add_run(value)
                run.bold = True
                run.font.size = Pt(20)
                value_cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
                table.cell(1, column).paragraphs[0].add_run(label)
                table.cell(1, column).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "chart":
            picture = io.BytesIO(charts.png(block.chart, dpi=160))
            shape = word.add_picture(picture, width=Cm(16))
            shape._inline.docPr.set("descr", block.chart.description)
            shape._inline.docPr.set("title", block.chart.title)
            if block.text:
                word.add_paragraph(block.text)
            if block.table:
                _word_table(word, block.table)
        elif block.kind == "table":
            _word_table(word, block.table)
        elif block.kind == "quote":
            with translation.override(block.lang or document.language):
                # The same quotation marks as the answers quoted elsewhere in the product.
                quoted = gettext("“%(answer)s”") % {"answer": block.text}
            word.add_paragraph(quoted, style="Quote")
        elif block.kind == "image" and block.image:
            block.image.open("rb")
            try:
                shape = word.add_picture(io.BytesIO(block.image.read()), width=Cm(14))
            finally:
                block.image.close()
            shape._inline.docPr.set("descr", block.text)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


def _word_table(word, table: dict) -> None:
    rows = table["rows"]
    header = list(table.get("header", []))
    grid = word.add_table(
        rows=len(rows) + (1 if header else 0), cols=max(len(r) for r in [header, *rows] if r)
    )
    grid.style = "Table Grid"
    offset = 0
    if header:
        for column, text in enumerate(header):
            run = grid.cell(0, column).paragraphs[0].add_run(str(text))
            run.bold = True
        offset = 1
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            grid.cell(index + offset, column).text = str(text)
    if table.get("caption"):
        word.add_paragraph(table["caption"], style="Caption")


RENDERERS = {Rendition.Format.PDF: pdf, Rendition.Format.DOCX: docx}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "png": "png", "svg": "svg"}


def request(report: Report | TerritorialReport, format: str, user):
    """A new rendition of the report (an enterprise's or a territorial one), made in the
    background."""
    if isinstance(report, TerritorialReport):
        rendition = TerritorialRendition.objects.create(
            report=report, format=format, requested_by=user
        )
        make_territorial_rendition.enqueue(rendition.pk)
    else:
        rendition = Rendition.objects.create(report=report, format=format, requested_by=user)
        make_rendition.enqueue(rendition.pk)
    rendition.refresh_from_db()
    return rendition


def _make(model, context: TaskContext, rendition_id: int, composer) -> tuple | None:
    """Compose the rendition's report and save its file: the rendition and document, or
    None when the rendition was removed (quotes withdrawn) before or while it was made."""
    rendition = model.objects.filter(pk=rendition_id).select_related("report").first()
    if rendition is None:  # removed while waiting: nothing to make
        return None
    model.objects.filter(pk=rendition_id).update(
        status=model.Status.RUNNING, attempts=context.attempt
    )
    document = composer(rendition.report)
    content = draw(document, rendition.format)
    rendition.file.save(f"report.{EXTENSIONS[rendition.format]}", ContentFile(content), save=False)
    rendition.finished_at = timezone.now()
    saved = model.objects.filter(pk=rendition_id).update(
        file=rendition.file.name, status=model.Status.DONE, finished_at=rendition.finished_at
    )
    if not saved:
        # Removed while being made, since quotes it may hold were withdrawn: its file goes.
        rendition.file.storage.delete(rendition.file.name)
        return None
    return rendition, document


@task(takes_context=True)
def make_rendition(context: TaskContext, rendition_id: int, of_publication: bool = False) -> None:
    """Make the rendition's file: from the report as it stands, or (`of_publication`) as
    it was published. An error propagates, so that the worker tries again; after the last
    attempt `mark_failed_rendition` tells the page why."""
    made = _make(Rendition, context, rendition_id, published if of_publication else compose)
    if made and not of_publication:
        rendition, document = made
        Report.objects.filter(pk=rendition.report_id).update(
            rendered_figures=document.figures, rendered_at=rendition.finished_at
        )


def make_again(report: Report) -> None:
    """Quotes were withdrawn from the report's evaluation: every file made of the report
    may hold them. Each goes; the latest of each format is made again in the background
    once the withdrawal is committed (from the report as it then stands), and the
    infographic of its publication is drawn again from the publication, cleaned."""
    of_publication = report.published_infographic() if report.published_document else None
    again = {}
    for rendition in report.renditions.exclude(status=Rendition.Status.FAILED):
        if of_publication and rendition.pk == of_publication.pk:
            continue
        again.setdefault(rendition.format, rendition.requested_by)
        rendition.delete()
    if of_publication:
        old = of_publication.file
        Rendition.objects.filter(pk=of_publication.pk).update(
            status=Rendition.Status.QUEUED, file="", finished_at=None
        )
        transaction.on_commit(lambda: old.storage.delete(old.name))
        transaction.on_commit(
            lambda: make_rendition.enqueue(of_publication.pk, of_publication=True)
        )
    for format, user in again.items():
        transaction.on_commit(lambda format=format, user=user: request(report, format, user))


@task(takes_context=True)
def make_territorial_rendition(context: TaskContext, rendition_id: int) -> None:
    """Make a territorial report's file, as `make_rendition` does an enterprise's."""
    from .territorial import compose_territorial

    _make(TerritorialRendition, context, rendition_id, compose_territorial)


FAILED_MODELS = {
    make_rendition.module_path: Rendition,
    make_territorial_rendition.module_path: TerritorialRendition,
}


@receiver(task_finished)
def mark_failed_rendition(sender, task_result: TaskResult, **kwargs) -> None:
    """A rendition whose task failed for good is shown failed, with the last error."""
    model = FAILED_MODELS.get(task_result.task.module_path)
    if task_result.status != TaskResultStatus.FAILED or model is None:
        return
    (rendition_id,) = task_result.args
    model.objects.filter(pk=rendition_id).update(
        status=model.Status.FAILED,
        attempts=max(task_result.attempts, 1),
        error=reasons.last_error(task_result),
        finished_at=timezone.now(),
    )


def draw(document: Document, format: str) -> bytes:
    if format in RENDERERS:
        return RENDERERS[format](document)
    from .infographic import png, svg

    return png(document) if format == Rendition.Format.PNG else svg(document).encode()
