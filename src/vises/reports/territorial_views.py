"""Territorial reports of a programme: composed, rendered to files in the background and
published by the admins of its network; read by anyone at their public address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules

from . import rendering, territorial
from .forms import TerritorialReportForm
from .models import TerritorialRendition, TerritorialReport

FORMATS = (TerritorialRendition.Format.PDF, TerritorialRendition.Format.DOCX)


def _detail(report: TerritorialReport, anchor: str = "") -> HttpResponse:
    programme = report.programme
    url = reverse("territorial_report_detail", args=[programme.network_id, programme.pk, report.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _report(request, network_id, programme_id, report_id) -> TerritorialReport:
    return rules.get_territorial_report_to_manage(request.user, network_id, programme_id, report_id)


def _list(request, programme, form) -> HttpResponse:
    return render(
        request,
        "reports/territorial_list.html",
        {
            "network": programme.network,
            "programme": programme,
            "reports": programme.territorial_reports.all(),
            "form": form,
        },
    )


@login_required
def territorial_reports(request: HttpRequest, network_id: int, programme_id: int):
    programme = rules.get_programme_to_manage(request.user, network_id, programme_id)
    form = TerritorialReportForm(
        initial={
            "language": request.LANGUAGE_CODE[:2],
            "title": _("Territorial report: %(programme)s") % {"programme": programme.name},
        }
    )
    return _list(request, programme, form)


@login_required
@require_POST
def territorial_report_create(request: HttpRequest, network_id: int, programme_id: int):
    programme = rules.get_programme_to_manage(request.user, network_id, programme_id)
    form = TerritorialReportForm(request.POST)
    if not form.is_valid():
        return _list(request, programme, form)
    report = territorial.create(programme, request.user, **form.cleaned_data)
    messages.success(request, _("The territorial report is ready to be read and rendered."))
    return _detail(report)


def _latest_renditions(report: TerritorialReport) -> list[TerritorialRendition]:
    """The latest rendition of each format, each with its download address, and
    `outdated` when it was asked for before the report's title, language or introduction
    last changed."""
    latest = {}
    for rendition in report.renditions.all():
        latest.setdefault(rendition.format, rendition)
    shown = [latest[f] for f in FORMATS if f in latest]
    programme = report.programme
    for rendition in shown:
        rendition.download_url = reverse(
            "territorial_report_download",
            args=[programme.network_id, programme.pk, report.pk, rendition.pk],
        )
        rendition.outdated = bool(report.edited_at and rendition.requested_at < report.edited_at)
    return shown


def _poll_url(report: TerritorialReport) -> str:
    programme = report.programme
    return reverse(
        "territorial_report_renditions", args=[programme.network_id, programme.pk, report.pk]
    )


@login_required
def territorial_report_detail(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    report = _report(request, network_id, programme_id, report_id)
    return render(
        request,
        "reports/territorial_detail.html",
        {
            "network": report.programme.network,
            "programme": report.programme,
            "report": report,
            "document": territorial.compose_territorial(report),
            "renditions": _latest_renditions(report),
            "poll_url": _poll_url(report),
            "public_url": request.build_absolute_uri(
                reverse("territorial_report_public", args=[report.public_token])
            )
            if report.public_token
            else "",
        },
    )


@login_required
def territorial_report_edit(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    """Its title, language and introduction; the figures are always today's."""
    report = _report(request, network_id, programme_id, report_id)
    form = TerritorialReportForm(
        request.POST or None,
        initial={name: getattr(report, name) for name in territorial.EDITED_FIELDS},
    )
    if form.is_valid():
        if territorial.change(report, request.user, **form.cleaned_data):
            messages.success(
                request,
                _("The report was saved. Make its files again to have the change in them.")
                if report.renditions.exists()
                else _("The report was saved."),
            )
        return _detail(report)
    return render(
        request,
        "reports/territorial_edit.html",
        {
            "network": report.programme.network,
            "programme": report.programme,
            "report": report,
            "form": form,
        },
    )


@login_required
def territorial_report_delete(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    """Asks first; deleting takes its files and its public page with it."""
    report = _report(request, network_id, programme_id, report_id)
    programme = report.programme
    if request.method == "POST":
        territorial.delete(report, request.user)
        messages.success(
            request, _("The report “%(title)s” was deleted.") % {"title": report.title}
        )
        return redirect("territorial_reports", programme.network_id, programme.pk)
    return render(
        request,
        "reports/territorial_delete.html",
        {"network": programme.network, "programme": programme, "report": report},
    )


@login_required
def territorial_report_renditions(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    """The files' progress, polled by the page while one is being made."""
    report = _report(request, network_id, programme_id, report_id)
    if not request.htmx:
        return _detail(report, "renditions")
    return render(
        request,
        "reports/_renditions.html",
        {"renditions": _latest_renditions(report), "poll_url": _poll_url(report)},
    )


@login_required
@require_POST
def territorial_report_render(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    report = _report(request, network_id, programme_id, report_id)
    format = request.POST.get("format", "")
    if format not in FORMATS:
        messages.error(request, _("Choose PDF or DOCX."))
        return _detail(report, "renditions")
    rendition = rendering.request(report, format, request.user)
    if rendition.status == TerritorialRendition.Status.FAILED:
        messages.error(
            request, _("The file could not be made. The error is kept for the administrators.")
        )
    return _detail(report, "renditions")


@login_required
def territorial_report_download(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int, rendition_id: int
):
    report = _report(request, network_id, programme_id, report_id)
    rendition = get_object_or_404(
        report.renditions, pk=rendition_id, status=TerritorialRendition.Status.DONE
    )
    name = f"{slugify(report.programme.name)}-{slugify(report.title)}.{rendition.format}"
    return FileResponse(rendition.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def territorial_report_publish(
    request: HttpRequest, network_id: int, programme_id: int, report_id: int
):
    """Publish (a new address the first time) or stop publishing."""
    report = _report(request, network_id, programme_id, report_id)
    if request.POST.get("publish") == "1":
        again = bool(report.public_token)
        territorial.publish(report, request.user)
        messages.success(
            request,
            _("The public page now shows today's figures, at the same address.")
            if again
            else _("The report is published: anyone with its address can read it."),
        )
    else:
        territorial.revoke(report, request.user)
        messages.success(
            request, _("The report is no longer published: its address leads nowhere.")
        )
    return _detail(report, "publication")


def territorial_report_public(request: HttpRequest, token: str) -> HttpResponse:
    """The published territorial report, for anyone with its address."""
    report = get_object_or_404(
        TerritorialReport.objects.select_related("programme__network"), public_token=token
    )
    html = rendering.html(
        territorial.published(report),
        public=True,
        as_of=report.published_at,
        nonce=request.csp_nonce,
    )
    response = HttpResponse(html)
    response.headers["Content-Language"] = report.language
    return response
