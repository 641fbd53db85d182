"""The audit log, read by a network's admins for their network and by the platform's
admins for all networks. Nothing here changes it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vises.access import rules

from .forms import AuditFilterForm

ENTRIES_PER_PAGE = 50


@login_required
def network_audit_log(request: HttpRequest, network_id: int) -> HttpResponse:
    network, entries = rules.audit_entries_of_network(request.user, network_id)
    return _audit_log(request, entries, AuditFilterForm(request.GET or None), network=network)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = rules.all_audit_entries(request.user)
    form = AuditFilterForm(request.GET or None, networks=rules.all_networks(request.user))
    return _audit_log(request, entries, form, network=None)


def _audit_log(request, entries, form, network) -> HttpResponse:
    entries = form.apply(entries.select_related("network"))
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/audit_log.html", {"network": network, "form": form, "page": page})
