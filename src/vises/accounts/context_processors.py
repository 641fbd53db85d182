from vises.access import prepared, rules
from vises.accounts.models import Network, NetworkMembership, NetworkRole


def navigation(request) -> dict:
    """The networks shown in every page's header, and whether to show the coach's
    dashboard and the enterprises, in at most two queries per page, each built once per
    process (see access/prepared.py)."""
    # Someone still owing their second factor is shown no way into the pages.
    if not request.user.is_authenticated or getattr(request, "two_factor_gate", None):
        return {}
    memberships = prepared.rows(_memberships, NetworkMembership, request.user)
    return {
        "nav_networks": [Network(pk=network_id, name=name) for network_id, name, _ in memberships],
        "nav_coach": any(role == NetworkRole.COACH for _, _, role in memberships),
        # A researcher follows no enterprise by name: the list would always be empty.
        "nav_enterprises": not memberships or rules.sees_any_enterprise(request.user),
    }


def _memberships(user):
    # A person holds one role per network (one_role_per_network), so their memberships
    # are their networks, read as plain values.
    return (
        NetworkMembership.objects.filter(user=user)
        .order_by("network__name")
        .values_list("network_id", "network__name", "role")
    )
