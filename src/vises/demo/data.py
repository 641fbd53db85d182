"""The cross-border demonstration: a network, its people and six enterprises.

Each capability adds its part here so that what it builds is visible after `make run`.
Everything is keyed on natural keys (emails, names), so loading it twice changes nothing.
"""

from datetime import date

from django.db import transaction

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    Network,
    NetworkMembership,
    User,
)
from vises.evaluations import parts, questions, stakeholders, starting
from vises.evaluations.models import Stakeholder
from vises.frameworks import store

PASSWORD = "demo-vises-2026"

NETWORK = {
    "name": "Passerelles ESS",
    "kind": Network.Kind.FEDERATION,
    "website": "https://passerelles-ess.example",
}

NETWORK_PEOPLE = [
    ("network_admin", "sophie.marchal@passerelles-ess.example", "Sophie Marchal", "fr"),
    ("coach", "camille.lefebvre@passerelles-ess.example", "Camille Lefebvre", "fr"),
    ("coach", "pieter.claes@passerelles-ess.example", "Pieter Claes", "nl"),
    ("researcher", "anna.verhoeven@univ-recherche.example", "Anna Verhoeven", "en"),
]

ENTERPRISES = [
    {
        "name": "Les Ateliers du Rebond",
        "legal_form": "SCIC SAS",
        "group": "integration",
        "country": "FR",
        "region": "FR-HDF",
        "municipality": "Roubaix",
        "postcode": "59100",
        "nace_code": "38.32",
        "size_band": "10-49",
        "founding_year": 2009,
        "website": "https://ateliers-du-rebond.example",
        "coach": "camille.lefebvre@passerelles-ess.example",
        "people": [
            ("enterprise_admin", "nadia.benali@ateliers-du-rebond.example", "Nadia Benali", "fr"),
            ("enterprise_member", "julien.morel@ateliers-du-rebond.example", "Julien Morel", "fr"),
        ],
    },
    {
        "name": "Groen Werkt",
        "legal_form": "vzw (maatwerkbedrijf)",
        "group": "integration",
        "country": "BE",
        "region": "BE-VLG",
        "municipality": "Gent",
        "postcode": "9000",
        "nace_code": "81.30",
        "size_band": "50-249",
        "founding_year": 1998,
        "website": "https://groenwerkt.example",
        "coach": "pieter.claes@passerelles-ess.example",
        "people": [
            ("enterprise_admin", "els.de.smet@groenwerkt.example", "Els De Smet", "nl"),
            ("enterprise_member", "koen.peeters@groenwerkt.example", "Koen Peeters", "nl"),
        ],
    },
    {
        "name": "Crèche Les Petits Pas",
        "legal_form": "ASBL",
        "group": "collective_service",
        "country": "BE",
        "region": "BE-WAL",
        "municipality": "Namur",
        "postcode": "5000",
        "nace_code": "88.91",
        "size_band": "10-49",
        "founding_year": 2005,
        "website": "https://petits-pas-namur.example",
        "coach": "camille.lefebvre@passerelles-ess.example",
        "people": [
            ("enterprise_admin", "marie.lambert@petits-pas-namur.example", "Marie Lambert", "fr"),
            ("enterprise_member", "thomas.dubois@petits-pas-namur.example", "Thomas Dubois", "fr"),
        ],
    },
    {
        "name": "Bruxelles Aide à Domicile",
        "legal_form": "ASBL",
        "group": "collective_service",
        "country": "BE",
        "region": "BE-BRU",
        "municipality": "Schaerbeek",
        "postcode": "1030",
        "nace_code": "88.10",
        "size_band": "50-249",
        "founding_year": 1987,
        "website": "https://bxl-aide-domicile.example",
        "coach": "pieter.claes@passerelles-ess.example",
        "people": [
            (
                "enterprise_admin",
                "fatima.elamrani@bxl-aide-domicile.example",
                "Fatima El Amrani",
                "fr",
            ),
            ("enterprise_member", "jan.willems@bxl-aide-domicile.example", "Jan Willems", "nl"),
        ],
    },
    {
        "name": "Énergie Citoyenne Sambre",
        "legal_form": "SC agréée entreprise sociale",
        "group": "sse_other",
        "country": "BE",
        "region": "BE-WAL",
        "municipality": "Charleroi",
        "postcode": "6000",
        "nace_code": "35.11",
        "size_band": "0-9",
        "founding_year": 2014,
        "website": "https://energie-citoyenne-sambre.example",
        "coach": "pieter.claes@passerelles-ess.example",
        "people": [
            ("enterprise_admin", "luc.renard@energie-sambre.example", "Luc Renard", "fr"),
            ("enterprise_member", "ines.carlier@energie-sambre.example", "Inès Carlier", "fr"),
        ],
    },
    {
        "name": "Savoirs en Partage",
        "legal_form": "Association loi 1901",
        "group": "sse_other",
        "country": "FR",
        "region": "FR-HDF",
        "municipality": "Lille",
        "postcode": "59000",
        "nace_code": "85.59",
        "size_band": "10-49",
        "founding_year": 1992,
        "website": "https://savoirs-en-partage.example",
        "coach": "camille.lefebvre@passerelles-ess.example",
        "people": [
            (
                "enterprise_admin",
                "claire.vasseur@savoirs-en-partage.example",
                "Claire Vasseur",
                "fr",
            ),
            ("enterprise_member", "karim.haddad@savoirs-en-partage.example", "Karim Haddad", "fr"),
        ],
    },
]

PLATFORM_ADMIN = ("admin@vises.example", "VISES admin", "en")

# Evaluations under way, each in its enterprise's language, at different points.
EVALUATIONS = [
    {
        "enterprise": "Les Ateliers du Rebond",
        "title": "Nos parcours d'insertion, 2026",
        "period": (date(2026, 1, 1), date(2026, 12, 31)),
        "preliminary": {
            "motivations": ["improve_practice", "show_funders"],
            "motivation_text": (
                "Comprendre ce que les parcours changent vraiment pour les salariés en "
                "insertion, au-delà des sorties vers l'emploi, et le montrer au Département."
            ),
            "steering_group": (
                "Nadia Benali, directrice\nJulien Morel, encadrant technique\n"
                "Deux salariés en insertion\nUne conseillère de France Travail"
            ),
            "means": "Une demi-journée par mois pour l'équipe, l'appui de notre coach.",
            "calendar": "Enquête d'entrée en mars, de sortie en novembre, rapport en janvier.",
        },
        "portrait": {
            "mission": (
                "Remettre au travail des personnes éloignées de l'emploi en réparant et en "
                "revendant des meubles et de l'électroménager."
            ),
            "main_activities": "Collecte, réparation et revente d'objets; chantiers d'insertion.",
            "people_served_per_year": 42,
            "staff_fte": 11.5,
        },
        "questions": ["int_stable_employment", "int_self_confidence"],
        "stakeholders": [
            ("trainee", "Salariés en insertion", 5, 3, "co_construct", "Réunion d'équipe du lundi"),
            ("worker", "Encadrants techniques", 4, 4, "co_construct", "Atelier, chaque matin"),
            ("funder", "Département du Nord", 3, 5, "inform", "Comité de suivi annuel"),
            ("client", "Clients de la boutique", 2, 2, "consult", "Questionnaire en caisse"),
        ],
    },
    {
        "enterprise": "Groen Werkt",
        "title": "Impact van onze groenploegen 2026",
        "period": (date(2026, 1, 1), date(2026, 12, 31)),
        "preliminary": {
            "motivations": ["involve_stakeholders", "network_programme"],
            "motivation_text": (
                "We willen samen met onze werknemers zien wat het werk in de groenploegen "
                "verandert aan hun zelfvertrouwen en hun contacten."
            ),
            "steering_group": "Els De Smet, coördinator\nKoen Peeters, ploegbaas\nTwee werknemers",
            "means": "Twee uur per week voor de coördinator.",
            "calendar": "Bevraging in april en oktober.",
        },
        "portrait": {},
        "questions": ["int_skills"],
        "stakeholders": [
            ("worker", "Werknemers van de groenploegen", 5, 3, "co_construct", "Ploegoverleg"),
            ("client", "Gemeente Gent", 3, 5, "consult", "Jaarlijks overleg"),
        ],
    },
]


def _user(email: str, full_name: str, language: str, **flags) -> User:
    """The demo user with this email, created with the demo password if missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, PASSWORD, full_name=full_name, preferred_language=language, **flags
        )
    return user


@transaction.atomic
def load() -> list[tuple[str, str, str, str]]:
    """Create whatever of the demo is missing; return (role, organisation, email, password)."""
    store.load_default()
    logins = []
    email, name, language = PLATFORM_ADMIN
    _user(email, name, language, is_staff=True, is_superuser=True)
    logins.append(("platform_admin", "VISES", email, PASSWORD))

    network, _ = Network.objects.get_or_create(name=NETWORK["name"], defaults=NETWORK)
    for role, email, name, language in NETWORK_PEOPLE:
        user = _user(email, name, language)
        NetworkMembership.objects.get_or_create(user=user, network=network, defaults={"role": role})
        logins.append((role, network.name, email, PASSWORD))

    for spec in ENTERPRISES:
        fields = {k: v for k, v in spec.items() if k not in {"coach", "people"}}
        enterprise, _ = Enterprise.objects.get_or_create(
            name=spec["name"],
            defaults={**fields, "network": network, "admission": Enterprise.Admission.ADMITTED},
        )
        CoachAssignment.objects.get_or_create(
            coach=User.objects.get(email=spec["coach"]), enterprise=enterprise
        )
        for role, email, name, language in spec["people"]:
            user = _user(email, name, language)
            EnterpriseMembership.objects.get_or_create(
                user=user, enterprise=enterprise, defaults={"role": role}
            )
            logins.append((role, enterprise.name, email, PASSWORD))
    _evaluations()
    return logins


def _evaluations() -> None:
    for spec in EVALUATIONS:
        enterprise = Enterprise.objects.get(name=spec["enterprise"])
        if enterprise.evaluations.filter(title=spec["title"]).exists():
            continue
        admin = enterprise.memberships.get(role="enterprise_admin").user
        start, end = spec["period"]
        evaluation = starting.start(
            enterprise, title=spec["title"], period_start=start, period_end=end, user=admin
        )
        evaluation.team.set(User.objects.filter(enterprise_memberships__enterprise=enterprise))
        for name in ["preliminary", "portrait"]:
            if spec[name]:
                parts.save_part(evaluation, name, spec[name], admin, revision=0)
        for type_code, name, importance, influence, involvement, reach in spec["stakeholders"]:
            stakeholders.save(
                Stakeholder(
                    evaluation=evaluation,
                    type_code=type_code,
                    name=name,
                    importance=importance,
                    influence=influence,
                    involvement=involvement,
                    how_to_reach=reach,
                ),
                admin,
            )
        language = admin.preferred_language or "fr"
        library = {
            q["code"]: q for q in evaluation.framework_version.document["evaluative_questions"]
        }
        for code in spec["questions"]:
            entry = library[code]
            questions.add(
                evaluation,
                text=entry["text"][language],
                themes=entry["themes"],
                library_code=code,
                user=admin,
            )
