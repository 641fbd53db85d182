"""The cross-border demonstration: a network, its people and six enterprises.

Each capability adds its part here so that what it builds is visible after `make run`.
Everything is keyed on natural keys (emails, names, titles), so loading it twice changes
nothing.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vises.accounts.models import (
    CoachAssignment,
    Enterprise,
    EnterpriseMembership,
    Network,
    NetworkMembership,
    User,
)
from vises.audit.models import AuditEntry
from vises.demo import (
    improvement,
    interpretation,
    programmes,
    qualitative,
    reports,
    sharing,
    surveys,
    territorial,
)
from vises.evaluations import journey, parts, plan, questions, stakeholders, starting
from vises.evaluations.models import (
    AccompanimentSession,
    Change,
    Comment,
    Evaluation,
    JourneyStep,
    PlanIndicator,
    PlanRow,
    Stakeholder,
    StepFeedback,
)
from vises.frameworks import store
from vises.indicators import values

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

# The evaluations, each written in the language of its enterprise's people, and each at a
# different point of the journey. An evaluation is described by what its team has filled in
# so far; `worked` is when they did it (its history is spread over those days). `based_on`
# names an earlier evaluation of the enterprise it was started from: what is described then
# is what the team changed or added since.
#
# Stakeholders: type, name, importance, influence, involvement, how to reach them.
# Plan: a row per evaluative question (by its code in the framework's library), with the
# stakeholders concerned (by name) and the indicators followed, from the framework (code)
# or the team's own (name, unit), with the values already typed in: period, number, source.
# Comments: when, author, part, text. Sessions, by the enterprise's coach: date, minutes,
# step, topics, notes. Feedback on the accompaniment: date, given by, step, usefulness and
# difficulty (1 to 5), what helped, what was missing.

_BILAN = "Bilan des sorties 2025 pour le Département"
_BILAN_2026 = "Bilan des sorties 2026 au 30 novembre"
EXITS_2025 = [
    {"code": "people_leaving", "period": "2025", "values": [("2025", 35, _BILAN)]},
    {"code": "exits_to_employment", "period": "2025", "values": [("2025", 11, _BILAN)]},
    {"code": "exits_to_training", "period": "2025", "values": [("2025", 9, _BILAN)]},
]

# Les Ateliers du Rebond evaluated 2025 with Camille Lefebvre; it looks finished: steps 0
# and 1 done, then sessions and feedback through collection and analysis.
REBOND_2025 = {
    "enterprise": "Les Ateliers du Rebond",
    "title": "Nos parcours d'insertion, 2025",
    "period": (date(2025, 1, 1), date(2025, 12, 31)),
    "worked": (date(2024, 11, 25), date(2025, 2, 28)),
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
        "calendar": (
            "Questionnaire à l'entrée tout au long de l'année, questionnaire de sortie en "
            "entretien, lecture des résultats avec le comité de pilotage en décembre."
        ),
    },
    "portrait": {
        "mission": (
            "Remettre au travail des personnes éloignées de l'emploi en collectant, réparant "
            "et revendant des meubles et de l'électroménager, et les accompagner vers un "
            "emploi durable ou une formation."
        ),
        "history": (
            "Née en 2009 d'un collectif d'habitants du quartier de l'Alma et d'une ressourcerie "
            "associative; devenue SCIC en 2017 pour associer salariés, partenaires et "
            "collectivités aux décisions."
        ),
        "founding_date": "2009-03-02",
        "legal_form": "cooperative",
        "legal_status_notes": "Atelier et chantier d'insertion conventionné; SCIC agréée ESUS.",
        "region": "france",
        "main_activities": (
            "Collecte d'objets chez les particuliers et en déchèterie, réparation de meubles "
            "et d'électroménager en atelier, revente dans notre boutique solidaire de Roubaix."
        ),
        "sectors": ["reuse_recycling"],
        "publics_served": ["jobseekers", "young_people", "low_income"],
        "people_served_per_year": 42,
        "staff_headcount": 36,
        "staff_fte": 27.5,
        "volunteers": 6,
        "annual_budget": 1150000,
        "income_sources": ["job_subsidies", "sales", "public_subsidies"],
        "own_income_share": 38,
        "decision_bodies": (
            "Assemblée générale en quatre collèges (salariés, usagers, partenaires, "
            "collectivités); conseil d'administration de neuf membres, tous les deux mois."
        ),
        "board_composition": ["founders", "workers", "local_partners", "public_authorities"],
        "one_member_one_vote": True,
        "surplus_allocation": (
            "Les excédents vont en réserves impartageables, comme pour toute SCIC; ils ont "
            "payé le camion de collecte en 2023."
        ),
        "participation_mechanisms": ["team_meetings", "staff_representation", "working_groups"],
        "beneficiaries_in_decisions": True,
        "participation_example": (
            "Deux salariés en insertion siègent dans le collège des salariés. Un groupe de "
            "travail avec eux a revu les horaires de la boutique."
        ),
        "collective_agreement": "Convention collective des ateliers et chantiers d'insertion",
        "permanent_contracts_share": 85,
        "pay_ratio": 2.1,
        "training_plan": True,
        "territory_covered": "Roubaix, Tourcoing et le nord-est de la métropole lilloise",
        "territory_type": "priority_area",
        "local_partners": (
            "France Travail, PLIE de Roubaix, Mission locale, centres sociaux de l'Alma"
        ),
        "partner_types": [
            "employment_services",
            "social_services",
            "local_authorities",
            "businesses",
        ],
        "federation_membership": "Passerelles ESS",
        "environmental_purpose": True,
        "environmental_practices": ["reuse_repair", "waste_reduction"],
    },
    "stakeholders": [
        ("trainee", "Salariés en insertion", 5, 3, "co_construct", "Réunion d'équipe du lundi"),
        ("worker", "Encadrants techniques", 4, 4, "co_construct", "À l'atelier, chaque matin"),
        ("funder", "Département du Nord", 3, 5, "inform", "Comité de suivi annuel"),
        ("client", "Clients de la boutique", 2, 2, "consult", "Questionnaire en caisse"),
    ],
    "questions": ["int_stable_employment", "int_self_confidence"],
    "plan": {
        "int_stable_employment": {
            "methods": ["indicators", "survey", "interview"],
            "stakeholders": ["Salariés en insertion", "Encadrants techniques"],
            "timing": "À l'entrée et à la sortie du parcours; appel six mois après la sortie",
            "responsible": "Nadia Benali",
            "notes": "Les sorties sont déjà suivies pour le Département; l'appel est nouveau.",
            "indicators": [
                {"code": "employment_exits_rate", "baseline": 28, "target": 35, "period": "2025"},
                {"code": "positive_exits_rate", "baseline": 52, "target": 60, "period": "2025"},
                # The counts both rates are computed from (31 % and 57 % in 2025), as
                # reported to the Département.
                *EXITS_2025,
                {
                    "name": "En emploi six mois après la sortie",
                    "unit": "%",
                    "target": 40,
                    "period": "2025",
                    "values": [("2025", 33, "Appels aux 21 personnes sorties en 2024")],
                },
            ],
        },
        "int_self_confidence": {
            "methods": ["survey", "focus_group"],
            "stakeholders": ["Salariés en insertion"],
            "timing": "Questionnaire à l'entrée et à la sortie; groupe de parole en octobre",
            "responsible": "Julien Morel",
            "indicators": [
                # No baselines typed: the entry questionnaire measures where people start.
                {"code": "self_worth_mean", "target": 3.5, "period": "2025"},
                {"code": "self_worth_high_share", "target": 50, "period": "2025"},
            ],
        },
    },
    "comments": [
        (
            datetime(2025, 2, 18, 9, 40),
            "Camille Lefebvre",
            "plan",
            "Pour l'appel à six mois, demandez dès la sortie un numéro de téléphone à jour et "
            "l'accord de la personne : c'est là que les suivis échouent le plus souvent.",
        ),
        (
            datetime(2025, 2, 19, 14, 5),
            "Julien Morel",
            "plan",
            "C'est noté, nous l'ajoutons à la fiche de sortie.",
        ),
    ],
    "sessions": [
        (
            date(2024, 12, 10),
            120,
            JourneyStep.PRELIMINARY,
            "Pourquoi évaluer, et avec qui",
            "Première rencontre avec Nadia et Julien. Le Département attend des chiffres de "
            "sorties; l'équipe veut aussi montrer ce qui change pour les personnes. Comité de "
            "pilotage à constituer avec deux salariés en insertion.",
        ),
        (
            date(2025, 2, 11),
            150,
            JourneyStep.STATE_OF_PLAY,
            "Portrait, questions évaluatives et plan de collecte",
            "Portrait relu en séance. Deux questions retenues : emploi durable et "
            "confiance en soi. Les sorties sont déjà suivies; l'estime de soi sera mesurée par "
            "questionnaire à l'entrée et à la sortie.",
        ),
        (
            date(2025, 6, 17),
            90,
            JourneyStep.DATA_COLLECTION,
            "Premiers questionnaires",
            "28 questionnaires d'entrée saisis. Les questionnaires de sortie se remplissent en "
            "entretien individuel, pour les personnes qui lisent difficilement.",
        ),
        (
            date(2025, 12, 2),
            180,
            JourneyStep.ANALYSIS,
            "Lecture des résultats avec le comité de pilotage",
            "31 % de sorties vers l'emploi, 57 % de sorties positives, estime de soi de 2,9 à "
            "3,3. Les salariés en insertion du comité proposent de parler l'an prochain de "
            "leur place dans l'entreprise.",
        ),
    ],
    "feedback": [
        (
            date(2025, 1, 7),
            "Nadia Benali",
            JourneyStep.PRELIMINARY,
            4,
            2,
            "La liste des raisons d'évaluer nous a aidés à nous mettre d'accord.",
            "",
        ),
        (
            date(2025, 3, 4),
            "Nadia Benali",
            JourneyStep.STATE_OF_PLAY,
            4,
            4,
            "Les questions du référentiel, proches de notre réalité.",
            "Le portrait demande des chiffres que nous n'avions pas sous la main.",
        ),
        (
            date(2025, 7, 1),
            "Julien Morel",
            JourneyStep.DATA_COLLECTION,
            3,
            4,
            "Les entretiens de sortie sont devenus de vrais moments d'échange.",
            "Du temps : chaque questionnaire de sortie prend vingt minutes.",
        ),
        (
            date(2025, 12, 16),
            "Nadia Benali",
            JourneyStep.ANALYSIS,
            5,
            3,
            "Lire les résultats avec les salariés en insertion eux-mêmes.",
            "",
        ),
    ],
}

# Its 2026 evaluation, started from the 2025 one: steps 0 and 1 done again, with the
# figures of 2025 as baselines, a third question and the employers on the map.
REBOND_2026 = {
    "enterprise": "Les Ateliers du Rebond",
    "title": "Nos parcours d'insertion, 2026",
    "based_on": "Nos parcours d'insertion, 2025",
    "period": (date(2026, 1, 1), date(2026, 12, 31)),
    "worked": (date(2025, 12, 9), date(2026, 3, 4)),
    "preliminary": {
        **REBOND_2025["preliminary"],
        "motivations": ["improve_practice", "show_funders", "involve_stakeholders"],
        "steering_group": (
            "Nadia Benali, directrice\nJulien Morel, encadrant technique\n"
            "Deux salariés en insertion\nUne conseillère de France Travail\n"
            "Le responsable du recrutement d'une entreprise du BTP partenaire"
        ),
    },
    "portrait": {
        **REBOND_2025["portrait"],
        "people_served_per_year": 46,
        "staff_headcount": 38,
        "staff_fte": 29,
        "volunteers": 8,
        "annual_budget": 1230000,
        "own_income_share": 41,
        "key_partnerships": (
            "Trois entreprises du BTP de la métropole s'engagent à recruter à la sortie des "
            "parcours; convention de collecte avec la Métropole européenne de Lille."
        ),
    },
    "stakeholders": [
        *REBOND_2025["stakeholders"],
        (
            "partner",
            "Employeurs qui recrutent à la sortie",
            4,
            3,
            "consult",
            "Petit-déjeuner employeurs, deux fois par an",
        ),
    ],
    "questions": [*REBOND_2025["questions"], "int_trainee_voice"],
    "plan": {
        "int_stable_employment": {
            "methods": ["indicators", "survey", "interview"],
            "stakeholders": [
                "Salariés en insertion",
                "Encadrants techniques",
                "Employeurs qui recrutent à la sortie",
            ],
            "timing": "À l'entrée et à la sortie du parcours; appel six mois après la sortie",
            "responsible": "Nadia Benali",
            "notes": (
                "31 % de sorties vers l'emploi en 2025 pour une cible de 35 %. La cible de 2026 "
                "compte sur les trois employeurs du BTP engagés à recruter."
            ),
            "indicators": [
                {"code": "employment_exits_rate", "baseline": 31, "target": 38, "period": "2026"},
                {"code": "positive_exits_rate", "baseline": 57, "target": 62, "period": "2026"},
                {
                    "code": "people_leaving",
                    "baseline": 35,
                    "period": "2026",
                    "values": [("2026", 32, _BILAN_2026)],
                },
                {
                    "code": "exits_to_employment",
                    "baseline": 11,
                    "period": "2026",
                    "values": [("2026", 11, _BILAN_2026)],
                },
                {
                    "code": "exits_to_training",
                    "baseline": 9,
                    "period": "2026",
                    "values": [("2026", 8, _BILAN_2026)],
                },
                {
                    "name": "En emploi six mois après la sortie",
                    "unit": "%",
                    "baseline": 33,
                    "target": 40,
                    "period": "2026",
                    "values": [
                        ("2026", 36, "Appels aux 33 personnes jointes parmi les 35 sorties en 2025")
                    ],
                },
            ],
        },
        "int_self_confidence": {
            "methods": ["survey", "focus_group"],
            "stakeholders": ["Salariés en insertion"],
            "timing": "Questionnaire à l'entrée et à la sortie; groupe de parole en octobre",
            "responsible": "Julien Morel",
            "indicators": [
                # Where 2025 ended, at the exit questionnaire.
                {"code": "self_worth_mean", "baseline": 3.35, "target": 3.6, "period": "2026"},
                {"code": "self_worth_high_share", "baseline": 29, "target": 40, "period": "2026"},
            ],
        },
        "int_trainee_voice": {
            "methods": ["focus_group", "observation"],
            "stakeholders": ["Salariés en insertion", "Encadrants techniques"],
            "timing": "Groupes de parole en avril et en octobre; réunions du lundi observées",
            "responsible": "Julien Morel, avec deux salariés en insertion",
            "indicators": [
                {"code": "say_in_decisions_share", "baseline": 48, "target": 65, "period": "2026"},
                {
                    "code": "users_on_governing_bodies",
                    "baseline": 2,
                    "target": 3,
                    "period": "2026",
                    "values": [("2026", 3, "Procès-verbal de l'assemblée générale de juin")],
                },
            ],
        },
    },
    "comments": [
        (
            datetime(2026, 1, 13, 10, 12),
            "Camille Lefebvre",
            "portrait",
            "Merci pour la mise à jour. Les 46 personnes accueillies comptent-elles celles qui "
            "sont parties avant la fin de leur contrat ? Le Département compte autrement.",
        ),
        (
            datetime(2026, 1, 14, 8, 47),
            "Nadia Benali",
            "portrait",
            "Oui : ce sont toutes les personnes différentes sous contrat en 2025, comme le "
            "demande l'aide du champ. J'expliquerai la différence dans le rapport.",
        ),
        (
            datetime(2026, 1, 27, 16, 5),
            "Camille Lefebvre",
            "questions",
            "La question sur la participation des salariés en insertion est une belle suite à "
            "2025. Relisez-la avec eux lors d'une réunion du lundi : ce sera déjà un début de "
            "réponse !",
        ),
        (
            datetime(2026, 1, 29, 11, 30),
            "Julien Morel",
            "questions",
            "Relue lundi avec l'équipe. Ils veulent qu'on parle aussi de l'organisation des "
            "chantiers; on garde la formulation du référentiel et on en tient compte dans les "
            "groupes de parole.",
        ),
        (
            datetime(2026, 3, 3, 9, 20),
            "Camille Lefebvre",
            "plan",
            "Le plan est complet. Viser 38 % de sorties vers l'emploi après 31 % en 2025, "
            "c'est ambitieux : sur quoi vous appuyez-vous ? Une ligne dans les notes aidera "
            "le comité de suivi.",
        ),
        (
            datetime(2026, 3, 4, 14, 2),
            "Nadia Benali",
            "plan",
            "Sur les trois employeurs du BTP qui se sont engagés à recruter cette année. La "
            "note est ajoutée à la ligne du plan.",
        ),
    ],
    "sessions": [
        (
            date(2025, 12, 9),
            90,
            JourneyStep.PRELIMINARY,
            "Bilan de 2025 et lancement de 2026",
            "Relecture des résultats 2025 avec Nadia et Julien. Décision de repartir de "
            "l'évaluation 2025, d'ajouter une question sur la participation et d'inviter un "
            "employeur au comité de pilotage.",
        ),
        (
            date(2026, 1, 20),
            120,
            JourneyStep.STATE_OF_PLAY,
            "Portrait et questions évaluatives",
            "Chiffres du portrait vérifiés. La troisième question (participation des "
            "salariés en insertion) est à relire avec l'équipe lundi.",
        ),
        (
            date(2026, 2, 24),
            150,
            JourneyStep.STATE_OF_PLAY,
            "Plan de collecte",
            "Cibles 2026 fixées à partir des résultats 2025; l'appel à six mois reste un "
            "indicateur propre. Les employeurs seront interrogés sur ce qui facilite les "
            "recrutements.",
        ),
    ],
    "feedback": [
        (
            date(2026, 1, 8),
            "Nadia Benali",
            JourneyStep.PRELIMINARY,
            4,
            1,
            "Repartir de l'évaluation 2025 nous a fait gagner beaucoup de temps.",
            "",
        ),
        (
            date(2026, 3, 10),
            "Nadia Benali",
            JourneyStep.STATE_OF_PLAY,
            5,
            2,
            "Le regard de Camille sur nos cibles, et les exemples d'autres chantiers "
            "d'insertion du réseau.",
            "Un modèle de questionnaire pour l'appel à six mois : nous l'avons écrit nous-mêmes.",
        ),
    ],
}

# Groen Werkt is in step 1 with Pieter Claes: the portrait lacks two figures, and only the
# first of its two questions has a plan yet.
GROEN_WERKT = {
    "enterprise": "Groen Werkt",
    "title": "Impact van onze groenploegen 2026",
    "period": (date(2026, 1, 1), date(2026, 12, 31)),
    "worked": (date(2026, 1, 15), date(2026, 3, 13)),
    "preliminary": {
        "motivations": ["involve_stakeholders", "network_programme"],
        "motivation_text": (
            "We willen samen met onze werknemers zien wat het werk in de groenploegen "
            "verandert aan hun vaardigheden, hun zelfvertrouwen en hun contacten."
        ),
        "steering_group": (
            "Els De Smet, coördinator\nKoen Peeters, ploegbaas\n"
            "Twee werknemers van de groenploegen\nEen trajectbegeleider van de VDAB"
        ),
        "means": (
            "Twee uur per week voor de coördinator, een halve dag per maand voor de stuurgroep."
        ),
        "calendar": "Bevraging van de werknemers in april en oktober, resultaten in december.",
    },
    "portrait": {
        "mission": (
            "Mensen met een grote afstand tot de arbeidsmarkt duurzaam aan het werk helpen in "
            "het groenonderhoud, met begeleiding op maat."
        ),
        "legal_form": "association",
        "region": "flanders",
        "main_activities": (
            "Onderhoud van parken, begraafplaatsen en bermen voor gemeenten en bedrijven; "
            "aanleg van tuinen."
        ),
        "sectors": ["green_spaces"],
        "publics_served": ["jobseekers", "disability", "migrants"],
        "staff_headcount": 112,
        "territory_covered": "Gent en de omliggende gemeenten",
        "territory_type": "mixed",
    },
    "stakeholders": [
        ("worker", "Werknemers van de groenploegen", 5, 3, "co_construct", "Ploegoverleg"),
        ("worker", "Ploegbazen en trajectbegeleiders", 4, 4, "co_construct", "Teamvergadering"),
        ("client", "Stad Gent, dienst Groen", 3, 5, "consult", "Jaarlijks overleg"),
    ],
    "questions": ["int_skills", "int_self_confidence"],
    "plan": {
        "int_skills": {
            "methods": ["indicators", "survey", "interview"],
            "stakeholders": ["Werknemers van de groenploegen", "Ploegbazen en trajectbegeleiders"],
            "timing": "Bevraging in april en oktober; gesprekken met de ploegbazen in november",
            "responsible": "Koen Peeters",
            "notes": "De bevraging gebeurt mondeling, in kleine groepen, in eenvoudig Nederlands.",
            "indicators": [
                {"code": "certificates_obtained", "baseline": 14, "target": 20, "period": "2026"},
                {
                    "code": "training_hours_per_person",
                    "baseline": 38,
                    "target": 45,
                    "period": "2026",
                },
                {"code": "skills_gained_share", "target": 70, "period": "2026"},
            ],
        },
    },
    "comments": [
        (
            datetime(2026, 2, 10, 15, 30),
            "Pieter Claes",
            "portrait",
            "Het portret ziet er goed uit. Er ontbreken nog twee verplichte velden: het aantal "
            "begeleide mensen per jaar en de voltijdse equivalenten. Staan die niet in jullie "
            "jaarverslag voor het departement Werk?",
        ),
        (
            datetime(2026, 2, 12, 9, 15),
            "Els De Smet",
            "portrait",
            "Klopt, ik vraag de cijfers van 2025 op bij de personeelsdienst. Ze zijn pas eind "
            "maart klaar.",
        ),
        (
            datetime(2026, 3, 17, 11, 0),
            "Pieter Claes",
            "plan",
            "Mooi plan voor de vaardigheden. Voor de vraag over zelfvertrouwen kunnen jullie "
            "dezelfde bevraging gebruiken: dan moeten de werknemers maar één keer antwoorden.",
        ),
        (
            datetime(2026, 3, 19, 16, 45),
            "Koen Peeters",
            "plan",
            "Goed idee. We leggen het voor op de stuurgroep van april.",
        ),
    ],
    "sessions": [
        (
            date(2026, 1, 15),
            120,
            JourneyStep.PRELIMINARY,
            "Waarom evalueren, de stuurgroep",
            "Kennismaking met Els en Koen. Groen Werkt doet mee aan het programma van het "
            "netwerk en wil de werknemers van bij het begin betrekken. Stuurgroep met twee "
            "werknemers en een trajectbegeleider van de VDAB.",
        ),
        (
            date(2026, 2, 26),
            150,
            JourneyStep.STATE_OF_PLAY,
            "Stakeholderkaart en evaluatievragen",
            "Stakeholderkaart en gekozen vragen (vaardigheden, zelfvertrouwen) samen "
            "overlopen. Plan voor de eerste vraag begonnen; de tweede volgt na de stuurgroep.",
        ),
    ],
    "feedback": [
        (
            date(2026, 2, 2),
            "Els De Smet",
            JourneyStep.PRELIMINARY,
            5,
            2,
            "De voorbeelden van andere maatwerkbedrijven in het netwerk.",
            "Een korte uitleg in eenvoudige taal om aan de werknemers te geven.",
        ),
    ],
}

# Crèche Les Petits Pas has just started: a steering group, not yet why it evaluates.
PETITS_PAS = {
    "enterprise": "Crèche Les Petits Pas",
    "title": "La crèche et les familles du quartier, 2026",
    "period": (date(2026, 1, 1), date(2026, 12, 31)),
    "worked": (date(2026, 2, 23), date(2026, 3, 9)),
    "preliminary": {
        "steering_group": (
            "Marie Lambert, directrice\nThomas Dubois, puériculteur\n"
            "Deux parents du conseil des parents"
        ),
        "calendar": "À fixer avec notre coach le 12 mars.",
    },
    "comments": [
        (
            datetime(2026, 3, 5, 17, 20),
            "Camille Lefebvre",
            "preliminary",
            "Bonjour Marie, bienvenue dans la démarche ! Avant notre rencontre du 12 mars, "
            "pouvez-vous noter en quelques mots pourquoi la crèche veut s'évaluer ? Les "
            "raisons proposées dans le formulaire peuvent aider.",
        ),
        (
            datetime(2026, 3, 9, 13, 10),
            "Marie Lambert",
            "preliminary",
            "Merci Camille. Nous en parlons lundi au conseil des parents, je complète ensuite.",
        ),
    ],
    "sessions": [
        (
            date(2026, 2, 24),
            60,
            JourneyStep.PRELIMINARY,
            "Présentation de la démarche",
            "Appel avec Marie Lambert : les étapes, le rôle du comité de pilotage. L'ONE "
            "demande des éléments sur l'accueil des familles précarisées : une raison "
            "d'évaluer à discuter avec l'équipe.",
        ),
    ],
}

# Bruxelles Aide à Domicile works in French and Dutch: its director writes in French, its
# team leader and its coach Pieter Claes in Dutch. Portrait done; the stakeholder map and
# the questions come next.
BXL_AIDE = {
    "enterprise": "Bruxelles Aide à Domicile",
    "title": "L'aide à domicile et l'autonomie des aînés, 2026",
    "period": (date(2026, 1, 1), date(2026, 12, 31)),
    "worked": (date(2025, 12, 1), date(2026, 2, 13)),
    "preliminary": {
        "motivations": ["show_funders", "strategy"],
        "motivation_text": (
            "Préparer notre plan stratégique 2027-2030 et montrer à Iriscare ce que l'aide "
            "familiale change pour l'autonomie des aînés et pour leurs proches."
        ),
        "steering_group": (
            "Fatima El Amrani, directrice\nJan Willems, responsable d'équipe\n"
            "Deux aides familiales\nUne bénéficiaire et sa fille"
        ),
        "means": "Un comité de pilotage par mois; l'appui de notre coach.",
        "calendar": (
            "Questionnaire aux bénéficiaires au printemps, entretiens avec les proches en "
            "septembre, rapport au conseil d'administration en décembre."
        ),
    },
    "portrait": {
        "mission": (
            "Permettre aux personnes âgées, malades ou en situation de handicap de vivre chez "
            "elles dans de bonnes conditions, en français comme en néerlandais, quels que "
            "soient leurs revenus."
        ),
        "founding_date": "1987-06-15",
        "legal_form": "association",
        "region": "brussels",
        "main_activities": (
            "Aide familiale, aide ménagère et garde à domicile dans le nord de Bruxelles; "
            "soutien aux proches aidants."
        ),
        "sectors": ["care_services"],
        "publics_served": ["older_people", "disability", "low_income"],
        "people_served_per_year": 610,
        "staff_headcount": 94,
        "staff_fte": 71.5,
        "income_sources": ["public_subsidies", "user_fees"],
        "own_income_share": 18,
        "participation_mechanisms": ["team_meetings", "staff_representation", "surveys"],
        "training_plan": True,
        "territory_covered": "Schaerbeek, Evere, Saint-Josse-ten-Noode et Haren",
        "territory_type": "urban",
        "partner_types": ["social_services", "health_care", "local_authorities"],
    },
    "comments": [
        (
            datetime(2026, 2, 16, 10, 0),
            "Pieter Claes",
            "portrait",
            "Volledig portret, proficiat. Eén vraag: 18 % eigen inkomsten lijkt laag voor "
            "gezinszorg. Zijn de bijdragen van de gebruikers meegeteld?",
        ),
        (
            datetime(2026, 2, 17, 8, 30),
            "Fatima El Amrani",
            "portrait",
            "Oui, elles sont comptées. Elles restent faibles parce qu'elles dépendent des "
            "revenus : la moitié de nos bénéficiaires paient le tarif minimum.",
        ),
        (
            datetime(2026, 2, 20, 14, 15),
            "Pieter Claes",
            "stakeholders",
            "Volgende stap: de stakeholderkaart. Vergeet de mantelzorgers niet, zij merken "
            "vaak als eersten wat jullie hulp verandert.",
        ),
        (
            datetime(2026, 2, 23, 9, 5),
            "Jan Willems",
            "stakeholders",
            "Zeker. We tekenen de kaart op de stuurgroep van 3 maart, samen met de twee "
            "gezinszorgers en de dochter van onze gebruiker.",
        ),
    ],
    "sessions": [
        (
            date(2025, 12, 4),
            90,
            JourneyStep.PRELIMINARY,
            "Waarom evalueren, de stuurgroep",
            "Eerste gesprek met Fatima en Jan. De evaluatie moet het strategisch plan voeden "
            "en Iriscare tonen wat de gezinszorg verandert. Tweetalige stuurgroep, met een "
            "gebruiker en haar dochter.",
        ),
        (
            date(2026, 2, 3),
            120,
            JourneyStep.STATE_OF_PLAY,
            "Portret van de organisatie",
            "Portret samen ingevuld vanuit het jaarverslag 2025. Volgende keer: "
            "stakeholderkaart en evaluatievragen (zelfstandigheid van ouderen, ontlasting van "
            "mantelzorgers).",
        ),
    ],
    "feedback": [
        (
            date(2026, 1, 12),
            "Fatima El Amrani",
            JourneyStep.PRELIMINARY,
            4,
            2,
            "Un coach qui comprend nos deux langues : chacun a pu parler dans la sienne au "
            "comité de pilotage.",
            "Un exemple de calendrier pour une évaluation sur un an.",
        ),
    ],
}

# Énergie Citoyenne Sambre has almost done step 1, with a question of its own: only the
# collection plan is missing. Its team discusses among itself in the comments.
ENERGIE_SAMBRE = {
    "enterprise": "Énergie Citoyenne Sambre",
    "title": "Nos coopérateurs et la transition énergétique, 2026",
    "period": (date(2026, 1, 1), date(2026, 12, 31)),
    "worked": (date(2026, 1, 19), date(2026, 3, 24)),
    "preliminary": {
        "motivations": ["involve_stakeholders", "strategy"],
        "motivation_text": (
            "Avant de lancer un deuxième parc de panneaux solaires, savoir ce que la "
            "coopérative apporte à ses membres et au quartier, au-delà des kilowattheures."
        ),
        "steering_group": (
            "Luc Renard, gérant\nInès Carlier, chargée de projets\n"
            "Trois coopérateurs du conseil d'administration"
        ),
        "means": "Les soirées du conseil d'administration, un jour par mois pour Inès.",
        "calendar": (
            "Enquête auprès des coopérateurs avant l'assemblée générale de juin, résultats "
            "en octobre."
        ),
    },
    "portrait": {
        "mission": (
            "Produire une énergie renouvelable détenue par les habitants de la région de "
            "Charleroi, et les aider à consommer moins."
        ),
        "legal_form": "cooperative",
        "legal_status_notes": "Société coopérative agréée entreprise sociale.",
        "region": "wallonia",
        "main_activities": (
            "Panneaux photovoltaïques sur les toits d'écoles et de bâtiments publics; "
            "animations et conseils aux ménages pour réduire leur consommation."
        ),
        "sectors": ["energy_finance"],
        "publics_served": ["general_public", "low_income"],
        "people_served_per_year": 240,
        "staff_headcount": 3,
        "staff_fte": 2.4,
        "volunteers": 25,
        "annual_budget": 410000,
        "income_sources": ["sales", "members", "public_subsidies"],
        "own_income_share": 82,
        "decision_bodies": (
            "Assemblée générale des 640 coopérateurs; conseil d'administration de sept "
            "membres élus."
        ),
        "board_composition": ["members", "founders", "local_partners"],
        "one_member_one_vote": True,
        "surplus_allocation": (
            "Dividende plafonné à 3 %; le reste finance les animations et un fonds pour les "
            "ménages en précarité énergétique."
        ),
        "territory_covered": "Charleroi et les communes de la vallée de la Sambre",
        "environmental_purpose": True,
        "environmental_practices": ["renewable_energy", "energy_saving"],
    },
    "stakeholders": [
        ("member", "Coopérateurs", 5, 5, "co_construct", "Assemblée générale, lettre d'info"),
        ("beneficiary", "Ménages conseillés", 4, 1, "consult", "Permanences au CPAS"),
        ("partner", "Écoles qui accueillent nos panneaux", 3, 2, "consult", "Direction"),
        ("partner", "Ville de Charleroi", 3, 4, "inform", "Rencontre annuelle avec l'échevin"),
    ],
    "questions": ["sse_energy_transition", "sse_member_decisions"],
    "own_questions": [
        (
            "Les ménages que nous conseillons paient-ils vraiment moins d'énergie, et comment "
            "vivent-ils nos conseils ?",
            ["individuals", "environmental", "economic"],
        ),
    ],
    "comments": [
        (
            datetime(2026, 3, 24, 21, 40),
            "Inès Carlier",
            "questions",
            "Luc, j'ai ajouté une question à nous sur les factures des ménages conseillés : "
            "c'est ce que le CPAS nous demande chaque année.",
        ),
        (
            datetime(2026, 3, 26, 7, 55),
            "Luc Renard",
            "questions",
            "Très bien. On garde la transition énergétique comme question principale; le plan, "
            "on le fait avec Pieter le 7 avril.",
        ),
    ],
    "sessions": [
        (
            date(2026, 1, 22),
            90,
            JourneyStep.PRELIMINARY,
            "Waarom evalueren",
            "Gesprek met Luc en Inès in Charleroi. De coöperatie wil weten wat ze haar leden "
            "en de buurt oplevert voor ze een tweede zonnepark start. Stuurgroep: drie "
            "bestuurders.",
        ),
        (
            date(2026, 3, 12),
            120,
            JourneyStep.STATE_OF_PLAY,
            "Portret, stakeholders en evaluatievragen",
            "Portret en stakeholderkaart afgewerkt. Twee vragen uit de bibliotheek gekozen; "
            "Inès schrijft een eigen vraag over de energiefactuur van de gezinnen. Het "
            "verzamelplan maken we in april.",
        ),
    ],
    "feedback": [
        (
            date(2026, 2, 5),
            "Luc Renard",
            JourneyStep.PRELIMINARY,
            4,
            3,
            "Le regard extérieur de Pieter sur nos raisons d'évaluer.",
            "Du temps : nous sommes trois salariés, l'évaluation repose sur des bénévoles.",
        ),
    ],
}

# Savoirs en Partage prepares the evaluation of its next school year: preliminary step
# done, portrait under way.
SAVOIRS = {
    "enterprise": "Savoirs en Partage",
    "title": "Ce que nos ateliers changent pour les apprenants, 2026-2027",
    "period": (date(2026, 9, 1), date(2027, 6, 30)),
    "worked": (date(2026, 1, 26), date(2026, 3, 13)),
    "preliminary": {
        "motivations": ["improve_practice", "involve_stakeholders"],
        "motivation_text": (
            "Nos bénévoles et nos apprenants disent que les ateliers changent bien plus que "
            "le français écrit : nous voulons le vérifier avec eux et en tirer des idées."
        ),
        "steering_group": (
            "Claire Vasseur, coordinatrice\nKarim Haddad, formateur\n"
            "Deux bénévoles formatrices\nDeux apprenants de l'atelier du soir"
        ),
        "means": "Un comité de pilotage par mois; l'équipe bénévole pour les entretiens.",
        "calendar": (
            "Questionnaire à l'inscription en septembre 2026, entretiens avec les apprenants "
            "en mai 2027, restitution à la fête de fin d'année en juin."
        ),
    },
    "portrait": {
        "mission": (
            "Permettre aux adultes qui maîtrisent mal l'écrit ou le français d'apprendre, de "
            "prendre confiance et d'agir dans leur vie de tous les jours."
        ),
        "history": "Fondée en 1992 par des militants de l'éducation populaire à Fives.",
        "legal_form": "association",
        "region": "france",
        "main_activities": (
            "Ateliers de français et de savoirs de base, accompagnement au numérique, "
            "sorties culturelles."
        ),
        "sectors": ["education_culture"],
        "publics_served": ["migrants", "low_income"],
        "volunteers": 48,
    },
    "comments": [
        (
            datetime(2026, 2, 3, 18, 10),
            "Camille Lefebvre",
            "preliminary",
            "Très belle idée d'associer deux apprenants au comité de pilotage. Prévoyez un "
            "moment avant chaque réunion pour leur présenter l'ordre du jour avec des mots "
            "simples.",
        ),
        (
            datetime(2026, 2, 4, 10, 25),
            "Karim Haddad",
            "preliminary",
            "Merci, je les retrouve une demi-heure avant, à l'atelier du soir.",
        ),
        (
            datetime(2026, 3, 16, 9, 0),
            "Camille Lefebvre",
            "portrait",
            "Il manque trois champs obligatoires : le nombre d'apprenants par an, les ETP et "
            "le territoire couvert. Le bilan annuel envoyé à la Ville de Lille devrait les "
            "donner.",
        ),
    ],
    "sessions": [
        (
            date(2026, 1, 27),
            90,
            JourneyStep.PRELIMINARY,
            "Pourquoi évaluer, le comité de pilotage",
            "Rencontre avec Claire et Karim à Fives. L'association veut montrer ce que les "
            "ateliers changent au-delà de l'écrit. Proposition : deux apprenants au comité.",
        ),
        (
            date(2026, 3, 10),
            60,
            JourneyStep.STATE_OF_PLAY,
            "Prise en main du portrait",
            "Appel avec Claire : les chiffres manquants sont dans le bilan annuel. Le lexique "
            "du référentiel a aidé à parler de participation avec les bénévoles.",
        ),
    ],
    "feedback": [
        (
            date(2026, 2, 12),
            "Claire Vasseur",
            JourneyStep.PRELIMINARY,
            5,
            2,
            "Des questions simples pour parler avec les bénévoles de nos raisons d'évaluer.",
            "",
        ),
    ],
}

EVALUATIONS = [REBOND_2025, REBOND_2026, GROEN_WERKT, PETITS_PAS, BXL_AIDE, ENERGIE_SAMBRE, SAVOIRS]


@cache
def _password_hash() -> str:
    """The demo password, hashed once for all demo users: hashing is slow by design, and
    this password is printed for everyone anyway."""
    return make_password(PASSWORD)


def _user(email: str, full_name: str, language: str, **flags) -> User:
    """The demo user with this email, created with the demo password if missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            password=_password_hash(),
            full_name=full_name,
            preferred_language=language,
            **flags,
        )
    return user


@transaction.atomic
def load() -> list[tuple[str, str, str, str]]:
    """Create whatever of the demo is missing; return (role, organisation, email, password)."""
    default = store.load_default()
    logins = []
    email, name, language = PLATFORM_ADMIN
    platform_admin = _user(email, name, language, is_staff=True, is_superuser=True)
    logins.append(("platform_admin", "VISES", email, PASSWORD))

    # The audit log tells how the demo was set up: the platform admin gave the network its
    # people, its admin admitted the enterprises and assigned their coaches.
    network, _ = Network.objects.get_or_create(name=NETWORK["name"], defaults=NETWORK)
    _framework_draft(default, network)
    for role, email, name, language in NETWORK_PEOPLE:
        user = _user(email, name, language)
        _, created = NetworkMembership.objects.get_or_create(
            user=user, network=network, defaults={"role": role}
        )
        if created:
            AuditEntry.record(
                AuditEntry.Kind.MEMBER_ADDED,
                by=platform_admin,
                network=network,
                person=user,
                role=role,
            )
        logins.append((role, network.name, email, PASSWORD))

    network_admin = User.objects.get(email=NETWORK_PEOPLE[0][1])
    for spec in ENTERPRISES:
        fields = {k: v for k, v in spec.items() if k not in {"coach", "people"}}
        enterprise, created = Enterprise.objects.get_or_create(
            name=spec["name"],
            defaults={**fields, "network": network, "admission": Enterprise.Admission.ADMITTED},
        )
        if created:
            AuditEntry.record(
                AuditEntry.Kind.ENTERPRISE_ADDED, by=network_admin, enterprise=enterprise
            )
        coach = User.objects.get(email=spec["coach"])
        _, created = CoachAssignment.objects.get_or_create(coach=coach, enterprise=enterprise)
        if created:
            AuditEntry.record(
                AuditEntry.Kind.COACH_ASSIGNED,
                by=network_admin,
                enterprise=enterprise,
                person=coach,
            )
        for role, email, name, language in spec["people"]:
            user = _user(email, name, language)
            _, created = EnterpriseMembership.objects.get_or_create(
                user=user, enterprise=enterprise, defaults={"role": role}
            )
            if created:
                AuditEntry.record(
                    AuditEntry.Kind.MEMBER_ADDED,
                    by=network_admin,
                    enterprise=enterprise,
                    person=user,
                    role=role,
                )
            logins.append((role, enterprise.name, email, PASSWORD))
    _evaluations()
    surveys.load()
    interpretation.load()
    improvement.load()
    qualitative.load()
    reports.load()
    programmes.load(NETWORK["name"])
    logins += [
        (role, enterprise, email, PASSWORD) for role, enterprise, email in sharing.load(_user)
    ]
    territorial.load(NETWORK["name"])
    return logins


# The network has begun adapting the default framework to its programme: a draft, not yet
# published, with a term of its own.
NETWORK_TERM = {
    "code": "parcours_passerelles",
    "term": {
        "fr": "Parcours Passerelles",
        "nl": "Passerelles-traject",
        "en": "Passerelles pathway",
    },
    "definition": {
        "fr": "Le programme d'accompagnement du réseau : une évaluation par an, suivie par un "
        "coach du réseau.",
        "nl": "Het begeleidingsprogramma van het netwerk: één evaluatie per jaar, gevolgd door "
        "een coach van het netwerk.",
        "en": "The network's accompaniment programme: one evaluation a year, followed by one "
        "of the network's coaches.",
    },
}


def _framework_draft(default, network: Network) -> None:
    draft = store.fork(default, network)
    if not store.find_record(draft.document, "lexicon", NETWORK_TERM["code"]):
        store.add_record(draft, "lexicon", NETWORK_TERM)


def _evaluations() -> None:
    for spec in EVALUATIONS:
        enterprise = Enterprise.objects.get(name=spec["enterprise"])
        if not enterprise.evaluations.filter(title=spec["title"]).exists():
            _evaluation(enterprise, spec)


def _evaluation(enterprise: Enterprise, spec: dict) -> None:
    """Fill the evaluation in as its admin would on the screens, so that its history is
    real, then date that history and add the comments, sessions and feedback."""
    admin = enterprise.memberships.get(role="enterprise_admin").user
    start, end = spec["period"]
    based_on = enterprise.evaluations.get(title=spec["based_on"]) if "based_on" in spec else None
    evaluation = starting.start(
        enterprise,
        title=spec["title"],
        period_start=start,
        period_end=end,
        based_on=based_on,
        user=admin,
    )
    evaluation.team.set(User.objects.filter(enterprise_memberships__enterprise=enterprise))
    for name in ["preliminary", "portrait"]:
        if name in spec:
            revision = parts.get_part(evaluation, name).revision
            parts.save_part(evaluation, name, spec[name], admin, revision=revision)
    # A team that chose its evaluative questions read the framework's glossary first.
    if spec.get("questions") or spec.get("own_questions"):
        journey.mark_framework_read(evaluation, admin)
    _stakeholders(evaluation, spec.get("stakeholders", []), admin)
    _questions(evaluation, spec.get("questions", []), spec.get("own_questions", []), admin)
    _plan(evaluation, spec.get("plan", {}), admin)
    _date_history(evaluation, *spec["worked"])
    _accompaniment(evaluation, spec)


def _stakeholders(evaluation: Evaluation, specs: list[tuple], user: User) -> None:
    """Map the stakeholders not on the map yet (one it continues may have brought some)."""
    mapped = set(evaluation.stakeholders.values_list("name", flat=True))
    for type_code, name, importance, influence, involvement, reach in specs:
        if name not in mapped:
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
                user,
            )


def _questions(evaluation: Evaluation, codes: list[str], own: list[tuple], user: User) -> None:
    """Add the library's questions, in the user's language, then the team's own ones."""
    library = {q["code"]: q for q in evaluation.framework_version.document["evaluative_questions"]}
    language = user.preferred_language or "fr"
    wanted = [(library[code]["text"][language], library[code]["themes"], code) for code in codes]
    wanted += [(text, themes, "") for text, themes in own]
    asked = set(evaluation.questions.values_list("text", flat=True))
    for text, themes, code in wanted:
        if text not in asked:
            questions.add(evaluation, text=text, themes=themes, library_code=code, user=user)


def _plan(evaluation: Evaluation, rows: dict[str, dict], user: User) -> None:
    """Make each question's plan row and indicators what `rows` says, changing the ones a
    continued evaluation brought along rather than adding others."""
    framework = plan.framework_indicators(evaluation)
    on_map = {s.name: s for s in evaluation.stakeholders.all()}
    for code, spec in rows.items():
        question = evaluation.questions.get(library_code=code)
        row = question.plan_rows.first() or PlanRow(question=question)
        before = plan.row_snapshot(row) if row.pk else None
        row.methods, row.timing = spec["methods"], spec["timing"]
        row.responsible, row.notes = spec["responsible"], spec.get("notes", "")
        plan.save_row(row, [on_map[name] for name in spec["stakeholders"]], user, before)
        followed = {i.code or i.name: i for i in row.indicators.all()}
        for fields in spec["indicators"]:
            code = fields.get("code", "")
            indicator = followed.get(code or fields["name"]) or PlanIndicator(plan_row=row)
            before = plan.indicator_snapshot(indicator) if indicator.pk else None
            indicator.code, indicator.name = code, fields.get("name", "")
            indicator.unit, indicator.period = fields.get("unit", ""), fields["period"]
            indicator.direction = (
                framework[code]["direction"] if code else PlanIndicator.Direction.HIGHER_IS_BETTER
            )
            indicator.baseline = _decimal(fields.get("baseline"))
            indicator.target = _decimal(fields.get("target"))
            plan.save_indicator(indicator, user, before)
            for period, number, source in fields.get("values", []):
                if not indicator.values.filter(period=period).exists():
                    values.save_value(
                        indicator,
                        user,
                        kind=values.NUMBER,
                        period=period,
                        number=Decimal(str(number)),
                        source=source,
                    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _date_history(evaluation: Evaluation, first: date, last: date) -> None:
    """Spread the evaluation's history evenly over the days its team worked on it, within
    working hours (9:00 to 17:00)."""
    start = _moment(first, 9)
    changes = list(evaluation.changes.order_by("id"))
    for index, change in enumerate(changes):
        days = (last - first).days * index / max(len(changes) - 1, 1)
        change.at = start + timedelta(days=int(days), hours=8 * (days % 1))
    Change.objects.bulk_update(changes, ["at"])
    read = next((change.at for change in changes if change.part == "familiarisation"), None)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        created_at=start, updated_at=changes[-1].at if changes else start, framework_read_at=read
    )


def _accompaniment(evaluation: Evaluation, spec: dict) -> None:
    """The comments, the coach's sessions and the team's feedback, each dated when it was
    written (the fields that say so are set on creation, hence the update after it)."""
    people = {
        user.full_name: user
        for user in User.objects.filter(
            Q(enterprise_memberships__enterprise=evaluation.enterprise)
            | Q(coach_assignments__enterprise=evaluation.enterprise)
        )
    }
    for when, author, section, text in spec.get("comments", []):
        comment = Comment.objects.create(
            evaluation=evaluation, section=section, author=people[author], text=text
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.make_aware(when))
    coach_email = next(e["coach"] for e in ENTERPRISES if e["name"] == spec["enterprise"])
    coach = User.objects.get(email=coach_email)
    for day, minutes, step, topics, notes in spec.get("sessions", []):
        session = AccompanimentSession.objects.create(
            evaluation=evaluation,
            coach=coach,
            date=day,
            duration_minutes=minutes,
            step=step,
            topics=topics,
            notes=notes,
        )
        AccompanimentSession.objects.filter(pk=session.pk).update(created_at=_moment(day, 18))
    for day, given_by, step, usefulness, difficulty, helped, missing in spec.get("feedback", []):
        feedback = StepFeedback.objects.create(
            evaluation=evaluation,
            step=step,
            usefulness=usefulness,
            difficulty=difficulty,
            helped=helped,
            missing=missing,
            given_by=people[given_by],
        )
        StepFeedback.objects.filter(pk=feedback.pk).update(given_at=_moment(day, 12))
