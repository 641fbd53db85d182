"""Reports of an evaluation: made and followed by the team, read by its coaches, rendered
to files in the background, and published at an unguessable address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vises.access import rules

from . import builder, charts, rendering
from .compose import changes_since_render, compose, published
from .forms import NewSectionForm, ReportForm, SectionForm
from .models import Rendition, Report, Section


def _report(evaluation, report_id: int) -> Report:
    return get_object_or_404(evaluation.reports, pk=report_id)


def _detail(report: Report, anchor: str = "") -> HttpResponse:
    url = reverse("evaluation_report_detail", args=[report.evaluation_id, report.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def evaluation_reports(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    return _report_list(request, evaluation, _new_report_form(request, evaluation))


def _new_report_form(request, evaluation, data=None) -> ReportForm:
    return ReportForm(
        data,
        audiences=builder.audiences(evaluation),
        initial={"language": request.LANGUAGE_CODE[:2], "audience": "funders"},
    )


def _report_list(request, evaluation, form) -> HttpResponse:
    return render(
        request,
        "reports/report_list.html",
        {
            "evaluation": evaluation,
            "reports": evaluation.reports.all(),
            "audience_names": dict(builder.audiences(evaluation)),
            "form": form,
            "may_edit": rules.may_edit_evaluation(request.user, evaluation),
        },
    )


@login_required
@require_POST
def evaluation_report_create(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    form = _new_report_form(request, evaluation, request.POST)
    if not form.is_valid():
        return _report_list(request, evaluation, form)
    report = builder.create_report(evaluation, request.user, **form.cleaned_data)
    messages.success(request, _("The report is ready to be completed and rendered."))
    return _detail(report)


@login_required
def evaluation_report_detail(request: HttpRequest, evaluation_id: int, report_id: int):
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    document = compose(report)
    may_edit = rules.may_edit_evaluation(request.user, evaluation)
    sections = list(report.sections.select_related("question"))
    return render(
        request,
        "reports/report_detail.html",
        {
            "evaluation": evaluation,
            "report": report,
            "document": document,
            "sections": sections,
            "audience_name": dict(builder.audiences(evaluation)).get(
                report.audience, report.audience
            ),
            "renditions": _latest_renditions(report),
            "poll_url": _poll_url(report),
            "changes": changes_since_render(report, document),
            "new_section_form": NewSectionForm(questions=evaluation.questions.all()),
            "may_edit": may_edit,
            "may_publish": rules.administers_evaluation(request.user, evaluation),
            "public_url": request.build_absolute_uri(
                reverse("report_public", args=[report.public_token])
            )
            if report.public_token
            else "",
        },
    )


def _latest_renditions(report: Report) -> list[Rendition]:
    """The latest rendition of each format, each with its download address."""
    latest = {}
    for rendition in report.renditions.all():
        latest.setdefault(rendition.format, rendition)
    shown = [latest[f] for f in Rendition.Format.values if f in latest]
    for rendition in shown:
        rendition.download_url = reverse(
            "evaluation_report_download", args=[report.evaluation_id, report.pk, rendition.pk]
        )
    return shown


def _poll_url(report: Report) -> str:
    return reverse("evaluation_report_renditions", args=[report.evaluation_id, report.pk])


@login_required
def evaluation_report_renditions(request: HttpRequest, evaluation_id: int, report_id: int):
    """The renditions' progress, polled by the page while one is being made."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    if not request.htmx:
        return _detail(report, "renditions")
    return render(
        request,
        "reports/_renditions.html",
        {
            "evaluation": evaluation,
            "report": report,
            "renditions": _latest_renditions(report),
            "poll_url": _poll_url(report),
        },
    )


@login_required
@require_POST
def evaluation_report_render(request: HttpRequest, evaluation_id: int, report_id: int):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    format = request.POST.get("format", "")
    if format not in Rendition.Format.values:
        messages.error(request, _("Choose PDF, DOCX or an infographic."))
        return _detail(report, "renditions")
    rendition = rendering.request(report, format, request.user)
    if rendition.status == Rendition.Status.FAILED:
        messages.error(
            request, _("The file could not be made. The error is kept for the administrators.")
        )
    return _detail(report, "renditions")


@login_required
def evaluation_report_download(
    request: HttpRequest, evaluation_id: int, report_id: int, rendition_id: int
):
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    rendition = get_object_or_404(report.renditions, pk=rendition_id, status=Rendition.Status.DONE)
    name = f"{slugify(evaluation.enterprise.name)}-{slugify(report.title)}.{rendition.format}"
    return FileResponse(rendition.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def evaluation_report_section_add(request: HttpRequest, evaluation_id: int, report_id: int):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    form = NewSectionForm(request.POST, questions=evaluation.questions.all())
    if not form.is_valid():
        if "question" in form.errors:
            messages.error(request, _("Choose the evaluative question this section presents."))
        else:
            messages.error(request, _("Choose a kind of section from the list."))
        return _detail(report, "sections")
    question = None
    if form.cleaned_data["question"]:
        question = evaluation.questions.filter(pk=form.cleaned_data["question"]).first()
    try:
        section = builder.add_section(
            report,
            request.user,
            kind=form.cleaned_data["kind"],
            question=question,
            title=form.cleaned_data["title"],
        )
    except builder.Refused as refusal:
        messages.error(request, str(refusal))
        return _detail(report, "sections")
    return redirect("evaluation_report_section", evaluation.pk, report.pk, section.pk)


@login_required
def evaluation_report_section(
    request: HttpRequest, evaluation_id: int, report_id: int, section_id: int
):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    section = get_object_or_404(report.sections, pk=section_id)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=section,
    )
    if request.method == "POST" and form.is_valid():
        try:
            # A fresh copy: validating the form already wrote the new values into
            # `section`, and the history needs the section as it was.
            builder.change_section(
                Section.objects.get(pk=section.pk), request.user, **form.cleaned_data
            )
        except builder.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The section was saved."))
            return _detail(report, f"section-{section.pk}")
    return render(
        request,
        "reports/section_form.html",
        {"evaluation": evaluation, "report": report, "section": section, "form": form},
    )


@login_required
@require_POST
def evaluation_report_section_move(
    request: HttpRequest, evaluation_id: int, report_id: int, section_id: int
):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    section = get_object_or_404(report.sections, pk=section_id)
    builder.move_section(section, request.user, request.POST.get("direction", ""))
    return _detail(report, f"section-{section.pk}")


@login_required
@require_POST
def evaluation_report_section_remove(
    request: HttpRequest, evaluation_id: int, report_id: int, section_id: int
):
    evaluation = rules.get_evaluation_to_edit(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    section = get_object_or_404(report.sections, pk=section_id)
    builder.remove_section(section, request.user)
    messages.success(request, _("The section was removed."))
    return _detail(report, "sections")


@login_required
@require_POST
def evaluation_report_publish(request: HttpRequest, evaluation_id: int, report_id: int):
    """Publish (a new address each time) or revoke: enterprise admins only."""
    evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    report = _report(evaluation, report_id)
    if request.POST.get("publish") == "1":
        again = bool(report.public_token)
        builder.publish(report, request.user)
        messages.success(
            request,
            _("The public page now shows today's figures, at the same address.")
            if again
            else _("The report is published: anyone with its address can read it."),
        )
    else:
        builder.revoke(report, request.user)
        messages.success(
            request, _("The report is no longer published: its address leads nowhere.")
        )
    return _detail(report, "publication")


def report_public(request: HttpRequest, token: str) -> HttpResponse:
    """The published report, for anyone with its address: only what the report holds."""
    report = get_object_or_404(
        Report.objects.select_related("evaluation__enterprise"), public_token=token
    )
    document = published(report)
    infographic_url = (
        request.build_absolute_uri(reverse("report_public_infographic", args=[token]))
        if report.published_infographic()
        else ""
    )
    html = rendering.html(
        document,
        public=True,
        infographic_url=infographic_url,
        as_of=report.published_at if report.published_document else None,
        nonce=request.csp_nonce,
    )
    response = HttpResponse(html)
    response.headers["Content-Language"] = report.language
    return response


def report_public_infographic(request: HttpRequest, token: str) -> HttpResponse:
    report = get_object_or_404(Report, public_token=token)
    infographic = report.published_infographic()
    if infographic is None:
        raise Http404
    return FileResponse(infographic.file.open("rb"), content_type="image/png")


@require_GET
def chart_drawing(request: HttpRequest, token: str) -> HttpResponse:
    """A chart a page left to be fetched (charts.later), as an SVG element to put in its
    place. Whoever holds the token read the page that named it; it names nothing else."""
    drawing = charts.drawing_of(token)
    if drawing is None:
        forgotten = render_to_string("reports/_chart_forgotten.html", request=request)
        return HttpResponse(forgotten)
    # A picture: htmx puts it in the page; opened alone (no script), the browser shows it.
    response = HttpResponse(drawing, content_type="image/svg+xml; charset=utf-8")
    # The same token always names the same drawing.
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
