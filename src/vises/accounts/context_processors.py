from vises.access import rules


def navigation(request) -> dict:
    """The networks shown in every page's header, fetched once per page."""
    if not request.user.is_authenticated:
        return {}
    return {"nav_networks": rules.networks_for(request.user).only("id", "name")}
