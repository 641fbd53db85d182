"""What an evaluation shares with its network, decided by the enterprise's admins, and
where the enterprise stands among its peers when it shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vises.access import rules
from vises.analysis import load_network
from vises.multilingual import pick

from . import history, sharing
from .forms import NamingForm, SharingForm
from .models import SharingLevel

BAND_LABELS = [
    gettext_lazy("lowest quarter"),
    gettext_lazy("second quarter"),
    gettext_lazy("third quarter"),
    gettext_lazy("highest quarter"),
]


@login_required
def evaluation_sharing(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The consent: read by whoever reads the evaluation, changed by its enterprise's
    admins."""
    if request.method == "POST":
        evaluation = rules.get_evaluation_to_administer(request.user, evaluation_id)
    else:
        evaluation = rules.get_evaluation(request.user, evaluation_id)
    may_decide = rules.administers_evaluation(request.user, evaluation)
    consent = sharing.consent_of(evaluation)
    level = SharingLevel(consent.level) if consent else SharingLevel.NOTHING
    naming = request.method == "POST" and "named_choice" in request.POST
    naming_form = NamingForm(
        request.POST if naming else None,
        initial={
            "named": bool(consent and consent.named_in_reports),
            "story": consent.story if consent else "",
        },
    )
    if naming and naming_form.is_valid():
        named = naming_form.cleaned_data["named"]
        sharing.decide_naming(evaluation, named, naming_form.cleaned_data["story"], request.user)
        messages.success(
            request,
            _("From now on, your network's reports may name you and tell your story.")
            if named
            else _("From now on, your network's reports leave your name out."),
        )
        return redirect("evaluation_sharing", evaluation.pk)
    form = SharingForm(None if naming else (request.POST or None), initial={"level": level})
    if request.method == "POST" and not naming and form.is_valid():
        chosen = SharingLevel(form.cleaned_data["level"])
        sharing.decide(evaluation, chosen, request.user)
        messages.success(
            request, _("From now on, your network may use: %(level)s.") % {"level": chosen.label}
        )
        return redirect("evaluation_sharing", evaluation.pk)
    decisions = [
        history.readable_change(
            evaluation, change, may_read_responses=False, may_read_material=False
        )
        for change in evaluation.changes.filter(part="sharing").select_related("user")
    ]
    return render(
        request,
        "evaluations/sharing.html",
        {
            "evaluation": evaluation,
            "consent": consent,
            "level": level,
            "levels": SharingLevel,
            "form": form if may_decide else None,
            "naming_form": naming_form if may_decide else None,
            "decisions": decisions,
            "shares": level >= SharingLevel.AGGREGATED,
        },
    )


@login_required
def evaluation_peers(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """For each indicator the enterprise shares, the quarter where it stands among the
    comparable enterprises of its network; never another enterprise's name or value."""
    evaluation = rules.get_evaluation(request.user, evaluation_id)
    shares = sharing.level_of(evaluation) >= SharingLevel.AGGREGATED
    same_country = request.GET.get("country") == "1"
    positions, documents = (
        load_network.peer_positions(evaluation.enterprise, same_country=same_country)
        if shares
        else ([], [])
    )
    names = {}
    for document in reversed(documents):
        names.update({entry["code"]: entry for entry in document.get("indicators", [])})
    rows = [
        {
            "name": pick(names.get(position.code, {}).get("name")).text or position.code,
            "band": None if position.band is None else BAND_LABELS[position.band],
            "position": position.band,
            "higher_is_better": position.direction == "higher_is_better",
            "lower_is_better": position.direction == "lower_is_better",
        }
        for position in positions
    ]
    return render(
        request,
        "evaluations/peers.html",
        {
            "evaluation": evaluation,
            "shares": shares,
            "rows": rows,
            "same_country": same_country,
            "thresholds": load_network.thresholds(),
        },
    )
