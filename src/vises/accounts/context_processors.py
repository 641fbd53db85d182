from django.db.models import OuterRef, Subquery

from vises.access import rules
from vises.accounts.models import NetworkMembership, NetworkRole


def navigation(request) -> dict:
    """The networks shown in every page's header, and whether to show the coach's
    dashboard and the enterprises, in at most two queries per page."""
    # Someone still owing their second factor is shown no way into the pages.
    if not request.user.is_authenticated or getattr(request, "two_factor_gate", None):
        return {}
    role = NetworkMembership.objects.filter(user=request.user, network=OuterRef("pk"))
    networks = list(
        rules.networks_for(request.user)
        .only("id", "name")
        .annotate(my_role=Subquery(role.values("role")[:1]))
    )
    return {
        "nav_networks": networks,
        "nav_coach": any(network.my_role == NetworkRole.COACH for network in networks),
        # A researcher follows no enterprise by name: the list would always be empty.
        "nav_enterprises": not networks or rules.enterprises_for(request.user).exists(),
    }
