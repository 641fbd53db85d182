"""The demo network's territorial reports: a cross-border employment cohort of its
work-integration enterprises (the two of the demo and their seven peers), which ended
the day before the demo is loaded, reported on in French and in Dutch, both published. Two
enterprises agreed to be named and tell their story; the others are never named."""

from datetime import timedelta

from django.utils import timezone

from vises.accounts.models import Enterprise, Network, User
from vises.evaluations import sharing
from vises.evaluations.models import Evaluation
from vises.networks.models import Programme
from vises.reports import territorial

from . import sharing as peers

PROGRAMME = "Cohorte emploi transfrontalière"
ENTERPRISES = ["Les Ateliers du Rebond", "Groen Werkt", *(peer["name"] for peer in peers.PEERS)]
# Days from the day of loading: the cohort ran for most of the year and has just ended
# (it began after the network's main programme, so the list of programmes shows it first).
STARTS, ENDS = -290, -1
STORIES = {
    "Le Tremplin Lillois": "Avec l'atelier vélo, dix-sept personnes ont trouvé un emploi en "
    "2026. Les stagiaires réparent les vélos du quartier et les entreprises voisines nous "
    "confient leurs flottes.",
    "Kringwinkel Noord": "In onze kringwinkel leren mensen een vak in verkoop en logistiek. "
    "Vijfentwintig van hen vonden in 2026 een job bij een werkgever uit de buurt.",
}
REPORTS = [
    (
        "fr",
        "Ce que la cohorte emploi apporte à nos territoires",
        "Neuf entreprises d'insertion, des deux côtés de la frontière, ont évalué ensemble "
        "ce que leurs parcours changent.",
        True,
    ),
    (
        "nl",
        "Wat het werkcohort onze regio's oplevert",
        "Negen invoegbedrijven aan beide kanten van de grens evalueerden samen wat hun "
        "trajecten veranderen.",
        True,
    ),
]


def load(network_name: str) -> None:
    network = Network.objects.get(name=network_name)
    if network.programmes.filter(name=PROGRAMME).exists():
        return
    today = timezone.localdate()
    programme = Programme.objects.create(
        network=network,
        name=PROGRAMME,
        starts_on=today + timedelta(days=STARTS),
        ends_on=today + timedelta(days=ENDS),
    )
    programme.enterprises.set(Enterprise.objects.filter(network=network, name__in=ENTERPRISES))
    for name, story in STORIES.items():
        evaluation = Evaluation.objects.filter(enterprise__name=name).order_by("-pk").first()
        admin = evaluation.enterprise.memberships.get(role="enterprise_admin").user
        sharing.decide_naming(evaluation, True, story, admin)
    author = User.objects.get(email="sophie.marchal@passerelles-ess.example")
    for language, title, introduction, published in REPORTS:
        report = territorial.create(
            programme, author, language=language, title=title, introduction=introduction
        )
        if published:
            territorial.publish(report, author)


def render_files() -> None:
    """The PDF of each territorial report of the demo that has none yet."""
    from vises.reports import rendering
    from vises.reports.models import TerritorialReport

    for report in TerritorialReport.objects.filter(programme__name=PROGRAMME):
        if not report.renditions.exclude(status="failed").filter(format="pdf").exists():
            rendering.request(report, "pdf", report.created_by)
