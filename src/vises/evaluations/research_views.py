"""The researchers' action-research view of a network, and its CSV."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vises.access import rules
from vises.analysis import disclosure
from vises.reports import charts

from . import accompaniment, research
from .models import Method


@login_required
def network_research(request: HttpRequest, network_id: int) -> HttpResponse:
    """How the approach works across the evaluations open to research, pseudonymised."""
    network = rules.get_network_to_research(request.user, network_id)
    rows = research.evaluation_rows(network)
    methods = research.plan_methods(network)
    summaries = accompaniment.summarise(
        accompaniment.research_sessions(network), accompaniment.research_feedback(network)
    )
    transitions = research.transitions(rows)
    unfinished = research.unfinished(rows)
    # The charts' SVG is drawn here from counts and the product's own labels, never from
    # stored text.
    drawn = {
        "days": research.days_chart(transitions),
        "hours": research.hours_chart(summaries),
        "methods": research.methods_chart(methods),
        "unfinished": research.unfinished_chart(unfinished) if unfinished else None,
    }
    return render(
        request,
        "networks/research.html",
        {
            "network": network,
            "rows": rows,
            "transitions": transitions,
            "summaries": summaries,
            "methods": methods,
            "method_labels": Method.labels,
            "unfinished": unfinished,
            "charts": {
                name: charts.svg_markup(chart) if rows else "" for name, chart in drawn.items()
            },
            "minimum": disclosure.ENTERPRISE_MINIMUM,
        },
    )


@login_required
def network_research_csv(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_research(request.user, network_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="research-{network.pk}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(
        research.csv_rows(research.evaluation_rows(network), research.plan_methods(network))
    )
    return response
