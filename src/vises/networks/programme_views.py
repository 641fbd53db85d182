"""A network's programmes and the progress board of its enterprises."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vises.access import rules
from vises.accounts.models import NetworkRole
from vises.evaluations import sharing
from vises.reports import charts

from . import board, programmes
from .forms import BoardFilterForm, ProgrammeForm


@login_required
def programme_list(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    # Newest first: a query that counts (GROUP BY) ignores the model's own ordering.
    listed = network.programmes.annotate(
        enterprise_count=Count("enterprises", distinct=True)
    ).order_by("-starts_on", "name")
    return render(
        request, "networks/programme_list.html", {"network": network, "programmes": listed}
    )


@login_required
def programme_create(request: HttpRequest, network_id: int) -> HttpResponse:
    network = rules.get_network_to_manage(request.user, network_id)
    form = ProgrammeForm(request.POST or None, network=network)
    if form.is_valid():
        programme = programmes.save(form, request.user)
        messages.success(request, _("The programme %(name)s was created.") % {"name": programme})
        return redirect("programme_detail", network.pk, programme.pk)
    return render(request, "networks/programme_form.html", {"network": network, "form": form})


@login_required
def programme_edit(request: HttpRequest, network_id: int, programme_id: int) -> HttpResponse:
    programme = rules.get_programme_to_manage(request.user, network_id, programme_id)
    form = ProgrammeForm(request.POST or None, instance=programme, network=programme.network)
    if form.is_valid():
        programmes.save(form, request.user)
        messages.success(request, _("The programme was saved."))
        return redirect("programme_detail", network_id, programme.pk)
    return render(
        request,
        "networks/programme_form.html",
        {"network": programme.network, "programme": programme, "form": form},
    )


@login_required
def programme_detail(request: HttpRequest, network_id: int, programme_id: int) -> HttpResponse:
    programme = rules.get_programme_to_manage(request.user, network_id, programme_id)
    return render(
        request,
        "networks/programme_detail.html",
        {
            "network": programme.network,
            "programme": programme,
            "milestones": programme.milestones.all(),
            "enterprises": programme.enterprises.order_by("name"),
            "coaches": programme.coaches.order_by("full_name", "email"),
        },
    )


def _board(request: HttpRequest, network_id: int):
    """The network, the filter form and the rows of the board the user may see."""
    network = rules.get_network_to_follow(request.user, network_id)
    form = BoardFilterForm(request.GET or None, network=network)
    filters = form.cleaned_data if form.is_valid() else {}
    enterprises = board.filtered(rules.enterprises_followed_in(request.user, network), filters)
    evaluations = rules.evaluations_progress_for(request.user)
    rows = board.rows(network, enterprises, evaluations, filters.get("programme"))
    return network, form, board.late_or_stalled(rows, filters.get("status", ""))


@login_required
def network_progress(request: HttpRequest, network_id: int) -> HttpResponse:
    """Where each followed enterprise stands: step, sub-steps, last activity, next
    milestone, late or stalled; filtered by GET; not the evaluations' content."""
    network, form, rows = _board(request, network_id)
    shown = [row.overview.evaluation.pk for row in rows if row.overview]
    levels = sharing.levels_of(shown)
    # The content an enterprise shares with its network's admins opens from the board.
    readable = set(rules.evaluations_for(request.user).filter(pk__in=shown).values_list("pk"))
    for row in rows:
        if row.overview:
            evaluation = row.overview.evaluation
            row.sharing, row.readable = levels[evaluation.pk], (evaluation.pk,) in readable
    query = request.GET.urlencode()
    return render(
        request,
        "networks/network_progress.html",
        {
            "network": network,
            "form": form,
            "rows": rows,
            # The chart's SVG is drawn here from counts and labels, never from stored text.
            "chart": charts.svg_markup(board.chart(rows)) if rows else "",
            "query": query,
            "is_admin": rules.network_role(request.user, network) == NetworkRole.NETWORK_ADMIN,
        },
    )


@login_required
def network_progress_xlsx(request: HttpRequest, network_id: int) -> HttpResponse:
    network, _form, rows = _board(request, network_id)
    response = HttpResponse(
        board.as_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="progress-{network.pk}-{day}.xlsx"'
    return response
