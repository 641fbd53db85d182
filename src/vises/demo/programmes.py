"""The demo network's programme: its six enterprises, both coaches, and a milestone per
step dated from the day the demo is loaded, so that some enterprises are late whatever
that day is, and the next milestone is near enough for a reminder."""

from datetime import timedelta

from django.utils import timezone

from vises.accounts.models import Network, NetworkRole, User
from vises.evaluations.models import JourneyStep
from vises.networks.models import Programme

# Days from the day of loading: the first two steps were due in the past, the data
# collection is due within the teams' reminder notice, the analysis at the end.
MILESTONES = {
    JourneyStep.PRELIMINARY: -240,
    JourneyStep.STATE_OF_PLAY: -90,
    JourneyStep.DATA_COLLECTION: 5,
    JourneyStep.ANALYSIS: 60,
}
STARTS, ENDS = -300, 65


def load(network_name: str) -> None:
    network = Network.objects.get(name=network_name)
    if network.programmes.exists():
        return
    today = timezone.localdate()
    starts_on, ends_on = today + timedelta(days=STARTS), today + timedelta(days=ENDS)
    programme = Programme.objects.create(
        network=network,
        name=f"Parcours Passerelles {starts_on.year}–{ends_on.year}",
        starts_on=starts_on,
        ends_on=ends_on,
        stalled_after_days=45,
        remind_days_before=7,
    )
    programme.enterprises.set(network.enterprises.admitted())
    programme.coaches.set(
        User.objects.filter(
            network_memberships__network=network, network_memberships__role=NetworkRole.COACH
        )
    )
    for step, offset in MILESTONES.items():
        programme.milestones.create(step=step, due_on=today + timedelta(days=offset))
