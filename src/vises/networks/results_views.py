"""The network's aggregated results, for its admins: the page and its exports, all made
from the same tables."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from vises.access import rules
from vises.spreadsheets import add_sheet, csv_text

from . import aggregated


@login_required
def network_results(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    results = aggregated.network_results(network, request.GET.get("by", "region"))
    return render(
        request,
        "networks/results.html",
        {
            "network": network,
            "results": results,
            "breakdowns": aggregated.BREAKDOWNS.items(),
            "thresholds": aggregated.load_network.thresholds(),
        },
    )


def _export_name(network, results, extension: str) -> str:
    return f"results-{network.pk}-{results.by}.{extension}"


@login_required
def network_results_csv(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    results = aggregated.network_results(network, request.GET.get("by", "region"))
    response = HttpResponse(
        csv_text(aggregated.export_rows(results)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(network, results, "csv")}"'
    )
    return response


@login_required
def network_results_xlsx(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    results = aggregated.network_results(network, request.GET.get("by", "region"))
    workbook = Workbook(write_only=True)
    add_sheet(workbook, str(aggregated.BREAKDOWNS[results.by]), aggregated.export_rows(results))
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{_export_name(network, results, "xlsx")}"'
    )
    workbook.save(response)
    return response
