"""Exporting a whole evaluation: the page that offers the files, and the files."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vises.access import rules

from . import export

# format: (content type, name, what the file holds)
FORMATS = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Excel workbook"),
        _(
            "An Excel workbook: one sheet for each part of the evaluation (portrait, questions, "
            "stakeholders, collection plan, indicators with their values, quotes, "
            "interpretation) and, for each survey, its responses and their codebook."
        ),
    ),
    "zip": (
        "application/zip",
        _("CSV files in a ZIP archive"),
        _(
            "The same tables as CSV files, one per sheet, with a README saying what each "
            "file holds: for any spreadsheet or statistics software."
        ),
    ),
    "reports": (
        "application/zip",
        _("Rendered reports"),
        _(
            "The latest file of each report made so far (PDF, DOCX, infographic), in a ZIP "
            "archive with a README listing them."
        ),
    ),
    "json": (
        "application/json",
        _("JSON document"),
        _(
            "Everything as stored, in one structured file with codes rather than labels: "
            "for another program, or to archive."
        ),
    ),
}


def filename(evaluation, file_format: str) -> str:
    """`<enterprise>-<evaluation>-<date>.<extension>`, in plain letters and hyphens."""
    enterprise = slugify(evaluation.enterprise.name)[:40].strip("-") or "enterprise"
    title = slugify(evaluation.title)[:60].strip("-") or "evaluation"
    if file_format == "reports":
        title, file_format = f"{title}-reports", "zip"
    return f"{enterprise}-{title}-{timezone.localdate().isoformat()}.{file_format}"


@login_required
def evaluation_export(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The three files an evaluation exports to, each with what it holds."""
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    downloads = [
        {
            "format": name,
            "name": label,
            "description": description,
            "filename": filename(evaluation, name),
        }
        for name, (_content_type, label, description) in FORMATS.items()
    ]
    return render(
        request,
        "evaluations/export.html",
        {"evaluation": evaluation, "downloads": downloads},
    )


@login_required
def evaluation_export_file(
    request: HttpRequest, evaluation_id: int, file_format: str
) -> HttpResponse:
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    if file_format not in FORMATS:
        raise Http404
    language = get_language()
    if file_format == "xlsx":
        content = export.workbook(evaluation, language, request.user)
    elif file_format == "zip":
        content = export.csv_zip(evaluation, language, request.user)
    elif file_format == "reports":
        content = export.reports_archive(evaluation)
    else:
        content = json.dumps(
            export.as_json(evaluation, request.user), ensure_ascii=False, indent=2
        ).encode("utf-8")
    content_type = FORMATS[file_format][0]
    if file_format == "json":
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(evaluation, file_format)}"'
    return response
