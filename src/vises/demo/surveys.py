"""The demo's surveys, and hundreds of answers to them, so that analyses have data.

Three enterprises ask their people twice:
- Les Ateliers du Rebond asks its trainees, in French, at entry and at exit of their
  contract, in 2025 and again in 2026 (both waves still open). Trainees agree more at exit
  on skills, confidence and self-worth (from 2.9 to 3.3 in 2025, as its coach's notes
  say), and at exit about a third of them have a job ahead and a quarter a training course.
- Groen Werkt asks its workers, in Dutch, in spring and autumn 2026 with invitation codes
  that link the two answers of one worker (`link_waves`): most answer both times.
- Bruxelles Aide à Domicile asks the relatives of the people it helps, in French, Dutch
  and English, in spring 2026 and in an autumn wave still open: relatives feel better
  informed in autumn, after the service started a liaison notebook.

Surveys are built through the builder, as a team would on its screens, so their history is
real; then it is dated over the days the team built them. Answers are drawn with a fixed
seed from a profile per respondent, pass `answers.clean_response` unchanged (or nothing
loads), and are stored with `bulk_create`. A survey already there is left as it is.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from vises.accounts.models import User
from vises.evaluations.models import Change, Evaluation, PlanIndicator
from vises.surveys import answers as rules
from vises.surveys import builder, distribution, responding
from vises.surveys.models import CODE_ALPHABET, Invitation, Question, Response, Survey, Wave

# The day the demo stands on: waves open after it take no answers yet.
TODAY = date(2026, 11, 28)

OTHER = rules.OTHER

# A question is a bank item's code, or a dict: {"bank": code, ...} for a bank item tied to
# indicators or made required, or the team's own question with the builder's fields, plus
# "show_if": (code, operator, value) and "indicators" (plan indicators by framework code or
# by name). Options are (value, label), the label a text in the survey's only language or
# a map of its languages.

AGE_BANDS_FR = [
    ("age_18_25", "18 à 25 ans"),
    ("age_26_35", "26 à 35 ans"),
    ("age_36_49", "36 à 49 ans"),
    ("age_50_plus", "50 ans ou plus"),
]

SELF_WORTH_INDICATORS = ["self_worth_mean", "self_worth_high_share"]

REBOND = {
    "enterprise": "Les Ateliers du Rebond",
    "evaluation": "Nos parcours d'insertion, 2025",
    "built_by": "julien.morel@ateliers-du-rebond.example",
    "built": (date(2025, 2, 17), date(2025, 2, 28)),
    "title": {"fr": "Questionnaire des salariés en insertion"},
    "stakeholder_type": "trainee",
    "languages": ["fr"],
    "settings": {
        "intro": {
            "fr": (
                "Ce questionnaire nous aide à savoir ce que votre passage aux Ateliers change "
                "pour vous. Il prend dix minutes. Il n'y a pas de bonne ou de mauvaise réponse."
            )
        },
        "consent": {
            "fr": (
                "Vos réponses sont anonymes : votre nom n'est demandé nulle part. Vous pouvez "
                "laisser une question sans réponse. Les résultats sont lus avec le comité de "
                "pilotage en décembre."
            )
        },
        "thanks": {"fr": "Merci ! Vos réponses sont bien enregistrées."},
        "public_link_open": False,
    },
    "sections": [
        (
            {"fr": "Vous et votre parcours"},
            [
                {
                    "code": "age_band",
                    "kind": "single_choice",
                    "text": {"fr": "Quel âge avez-vous ?"},
                    "required": True,
                    "options": AGE_BANDS_FR,
                },
                {
                    "code": "workshop",
                    "kind": "single_choice",
                    "text": {"fr": "Dans quel atelier travaillez-vous le plus souvent ?"},
                    "required": True,
                    "options": [
                        ("collection", "La collecte"),
                        ("furniture", "L'atelier meubles"),
                        ("appliances", "L'atelier électroménager"),
                        ("shop", "La boutique"),
                    ],
                    "allow_other": True,
                    "themes": ["work_organisation"],
                },
                "start_date",
                {
                    "code": "barriers",
                    "kind": "multiple_choice",
                    "text": {
                        "fr": "En ce moment, qu'est-ce qui vous gêne pour trouver un emploi ?"
                    },
                    "help": {"fr": "Cochez tout ce qui compte pour vous."},
                    "options": [
                        ("transport", "Le transport, le permis de conduire"),
                        ("housing", "Le logement"),
                        ("health", "La santé"),
                        ("childcare", "La garde des enfants"),
                        ("language", "Le français, la lecture, l'écriture"),
                        ("nothing", "Rien de tout cela"),
                    ],
                    "allow_other": True,
                    "themes": ["individuals", "social"],
                },
                {
                    "code": "months_without_work",
                    "kind": "number",
                    "text": {
                        "fr": "Avant d'arriver aux Ateliers, depuis combien de mois étiez-vous "
                        "sans emploi ?"
                    },
                    "help": {"fr": "En mois : un an et demi, c'est 18."},
                    "minimum": 0,
                    "maximum": 240,
                    "integer_only": True,
                    "themes": ["economic"],
                },
            ],
        ),
        (
            {"fr": "Ce que vous vivez ici"},
            [
                "skills_gained",
                "job_search_ready",
                "feel_useful",
                "confidence_change",
                "next_step_clear",
                *(
                    {"bank": f"self_worth_{n}", "indicators": SELF_WORTH_INDICATORS}
                    for n in range(1, 7)
                ),
                {
                    "code": "supervisor_rating",
                    "kind": "rating_0_10",
                    "text": {
                        "fr": "De 0 à 10, quelle note donnez-vous à l'aide de votre encadrant "
                        "ou de votre encadrante ?"
                    },
                    "themes": ["work_organisation", "individuals"],
                },
            ],
        ),
        (
            {"fr": "Et après ?"},
            [
                "cv_up_to_date",
                "job_interviews_count",
                {
                    "code": "next_step",
                    "kind": "single_choice",
                    "text": {"fr": "Après votre contrat ici, qu'est-ce qui est prévu pour vous ?"},
                    "required": True,
                    "options": [
                        ("job", "Un emploi"),
                        ("training", "Une formation"),
                        ("searching", "Je cherche encore"),
                        ("dont_know", "Je ne sais pas encore"),
                    ],
                    "themes": ["economic", "individuals"],
                    "indicators": ["employment_exits_rate", "positive_exits_rate"],
                },
                {
                    "code": "job_hours",
                    "kind": "number",
                    "text": {"fr": "Combien d'heures par semaine dans cet emploi ?"},
                    "minimum": 1,
                    "maximum": 48,
                    "integer_only": True,
                    "themes": ["economic"],
                    "show_if": ("next_step", "equals", "job"),
                },
                {
                    "code": "wished_job",
                    "kind": "short_text",
                    "text": {"fr": "Quel métier aimeriez-vous faire plus tard ?"},
                    "themes": ["individuals"],
                },
                "one_thing_to_change",
                {
                    "code": "anything_else",
                    "kind": "long_text",
                    "text": {"fr": "Voulez-vous ajouter quelque chose ?"},
                },
            ],
        ),
    ],
    "waves": [
        ("Entrée", date(2025, 3, 3), date(2025, 10, 31)),
        ("Sortie", date(2025, 5, 5), date(2025, 12, 19)),
    ],
    "responses": [132, 118],
    "paper_share": [0.06, 0.16],  # exit questionnaires are often filled in an interview
    "entered_by": ["julien.morel@ateliers-du-rebond.example"],
    "seed": 2025_03,
}

REBOND_TEXTS = {
    "workshop": ["L'entretien des locaux", "La livraison", "L'accueil des dons", "Le magasin"],
    "barriers": ["Mes papiers", "Des dettes", "Pas d'ordinateur chez moi", "Mon casier"],
    "wished_job": [
        "Cariste",
        "Agent d'entretien",
        "Vendeuse",
        "Chauffeur livreur",
        "Menuisier",
        "Magasinier",
        "Aide à domicile",
        "Électricien",
        "Travailler dans le bâtiment",
        "Cuisinier",
        "Je ne sais pas encore",
        "Agent de tri",
        "Peintre en bâtiment",
        "Réparer des machines, comme ici",
    ],
    "one_thing_to_change": [
        "Avoir plus de temps avec la conseillère pour chercher du travail.",
        "Connaître le planning une semaine à l'avance.",
        "Des vestiaires chauffés l'hiver.",
        "Plus de formations, par exemple le CACES.",
        "Rien, ça me convient comme ça.",
        "Que les contrats durent plus longtemps.",
        "Pouvoir passer d'un atelier à l'autre.",
        "Commencer plus tard le matin, à cause de l'école des enfants.",
        "Plus de pauses quand on porte des meubles toute la journée.",
        "Que les clients de la boutique soient plus polis avec nous.",
    ],
    "anything_else": [
        [
            "Je suis content d'avoir trouvé une place ici.",
            "J'espère passer le permis pendant le contrat.",
            "Au début j'avais peur, mais l'équipe est sympa.",
            "C'est mon premier travail depuis longtemps.",
            "J'aimerais apprendre à réparer l'électroménager.",
        ],
        [
            "Merci à toute l'équipe de l'atelier.",
            "J'ai repris confiance, je ne pensais pas y arriver.",
            "J'ai trouvé un CDD dans une entreprise de déménagement grâce au stage.",
            "Le contrat est passé trop vite.",
            "J'ai appris à travailler en équipe et à être à l'heure.",
            "Je commence une formation de cariste en janvier.",
        ],
    ],
}

# Its 2026 evaluation asks the same questions of the year's trainees: both waves are open
# till the end of the year, with the answers of the 46 people it takes on in a year.
REBOND_2026 = {
    **REBOND,
    "evaluation": "Nos parcours d'insertion, 2026",
    "built": (date(2026, 1, 5), date(2026, 1, 9)),
    "waves": [
        ("Entrée", date(2026, 1, 12), date(2026, 12, 18)),
        ("Sortie", date(2026, 3, 2), date(2026, 12, 18)),
    ],
    "responses": [41, 27],
    "seed": 2026_01,
}

GROEN_WERKT = {
    "enterprise": "Groen Werkt",
    "evaluation": "Impact van onze groenploegen 2026",
    "built_by": "koen.peeters@groenwerkt.example",
    "built": (date(2026, 3, 16), date(2026, 3, 27)),
    "title": {"nl": "Bevraging van de werknemers van de groenploegen"},
    "stakeholder_type": "worker",
    "languages": ["nl"],
    "settings": {
        "intro": {
            "nl": (
                "Met deze vragen willen we weten wat u leert bij Groen Werkt en hoe u zich "
                "voelt op het werk. Het duurt tien minuten. Uw ploegbaas helpt als u dat wilt."
            )
        },
        "consent": {
            "nl": (
                "Uw naam staat nergens. Met uw code leggen we uw antwoorden van het voorjaar "
                "en het najaar naast elkaar. Zo weten we niet wie u bent. U mag een vraag "
                "overslaan."
            )
        },
        "thanks": {"nl": "Bedankt! Uw antwoorden zijn goed bewaard."},
        "link_waves": True,
    },
    "sections": [
        (
            {"nl": "Over u"},
            [
                {
                    "code": "age_band",
                    "kind": "single_choice",
                    "text": {"nl": "Hoe oud bent u?"},
                    "required": True,
                    "options": [
                        ("age_18_25", "18 tot 25 jaar"),
                        ("age_26_35", "26 tot 35 jaar"),
                        ("age_36_49", "36 tot 49 jaar"),
                        ("age_50_plus", "50 jaar of ouder"),
                    ],
                },
                {
                    "code": "crew",
                    "kind": "single_choice",
                    "text": {"nl": "In welke ploeg werkt u meestal?"},
                    "required": True,
                    "options": [
                        ("parks", "Parken"),
                        ("cemeteries", "Begraafplaatsen"),
                        ("verges", "Bermen en grachten"),
                        ("gardens", "Tuinaanleg"),
                    ],
                    "allow_other": True,
                    "themes": ["work_organisation"],
                },
                "start_date",
                {
                    "code": "training_followed",
                    "kind": "multiple_choice",
                    "text": {"nl": "Welke opleidingen volgde u de voorbije zes maanden?"},
                    "help": {"nl": "Duid alles aan wat u volgde."},
                    "options": [
                        ("safety", "Veiligheid (VCA)"),
                        ("machines", "Kettingzaag of bosmaaier"),
                        ("driving", "Rijbewijs"),
                        ("dutch", "Nederlands op de werkvloer"),
                        ("first_aid", "Eerste hulp"),
                        ("none", "Geen opleiding"),
                    ],
                    "allow_other": True,
                    "themes": ["individuals", "work_organisation"],
                    "indicators": ["certificates_obtained"],
                },
                {
                    "code": "training_hours",
                    "kind": "number",
                    "text": {"nl": "Hoeveel uren opleiding waren dat ongeveer?"},
                    "minimum": 0,
                    "maximum": 300,
                    "integer_only": True,
                    "themes": ["individuals"],
                    "indicators": ["training_hours_per_person"],
                },
            ],
        ),
        (
            {"nl": "Uw werk en wat u leert"},
            [
                {"bank": "skills_gained", "indicators": ["skills_gained_share"]},
                "feel_useful",
                "training_access",
                "safe_at_work",
                "physical_pain",
                *(f"self_worth_{n}" for n in range(1, 7)),
                {
                    "code": "crew_leader_rating",
                    "kind": "rating_0_10",
                    "text": {
                        "nl": "Welk cijfer van 0 tot 10 geeft u aan de begeleiding door uw "
                        "ploegbaas?"
                    },
                    "themes": ["work_organisation"],
                },
            ],
        ),
        (
            {"nl": "Later"},
            [
                {
                    "code": "wants_regular_job",
                    "kind": "single_choice",
                    "text": {"nl": "Wilt u later bij een gewone werkgever gaan werken?"},
                    "options": [
                        ("yes", "Ja"),
                        ("no", "Nee"),
                        ("dont_know", "Ik weet het niet"),
                    ],
                    "themes": ["economic", "individuals"],
                },
                {
                    "code": "wished_job",
                    "kind": "short_text",
                    "text": {"nl": "Welke job zou u dan graag doen?"},
                    "show_if": ("wants_regular_job", "equals", "yes"),
                },
                {
                    "code": "commute_minutes",
                    "kind": "number",
                    "text": {"nl": "Hoeveel minuten doet u over de weg naar het werk?"},
                    "minimum": 0,
                    "maximum": 180,
                    "integer_only": True,
                    "themes": ["territorial_anchoring"],
                },
                "one_thing_to_change",
            ],
        ),
    ],
    "waves": [
        ("Voorjaar 2026", date(2026, 4, 7), date(2026, 4, 30)),
        ("Najaar 2026", date(2026, 10, 5), date(2026, 10, 30)),
    ],
    # Codes handed out in spring; in autumn every worker of spring gets a code that carries
    # their key, and newcomers get new ones.
    "codes": 150,
    "newcomer_codes": 20,
    "responses": [128, 106],  # spring; autumn: those of spring who answer again
    "autumn_others": 6,  # spring's non-respondents who answer in autumn
    "autumn_newcomers": 14,
    "paper_share": [0.08, 0.08],
    "entered_by": ["koen.peeters@groenwerkt.example"],
    "seed": 2026_04,
}

GROEN_WERKT_TEXTS = {
    "crew": ["Sportvelden", "Snoeiploeg", "Magazijn"],
    "training_followed": ["Heftruck", "Fruitbomen snoeien", "Werken met een tablet"],
    "wished_job": [
        "Tuinier bij een gewoon bedrijf",
        "Hovenier",
        "Chauffeur",
        "Werken bij de stad",
        "Magazijnier",
        "Iets met machines",
        "Bosarbeider",
        "Ploegbaas",
        "Ik weet het nog niet",
    ],
    "one_thing_to_change": [
        "Betere regenkledij in de winter.",
        "Minder vaak van ploeg veranderen.",
        "Meer uitleg over de machines voor we beginnen.",
        "Een grotere refter op de werf.",
        "Meer opleidingen, bijvoorbeeld het rijbewijs C.",
        "Niets, het is goed zo.",
        "Vroeger het werkrooster krijgen.",
        "Meer tijd om een klus goed af te werken.",
        "Een toilet op de begraafplaatsen.",
    ],
}

BXL_AIDE = {
    "enterprise": "Bruxelles Aide à Domicile",
    "evaluation": "L'aide à domicile et l'autonomie des aînés, 2026",
    "built_by": "jan.willems@bxl-aide-domicile.example",
    "built": (date(2026, 3, 9), date(2026, 3, 27)),
    "title": {
        "fr": "Questionnaire aux proches des personnes aidées",
        "nl": "Bevraging van de familie van de mensen die we helpen",
        "en": "Survey of the relatives of the people we help",
    },
    "stakeholder_type": "family",
    "languages": ["fr", "nl", "en"],
    "settings": {
        "intro": {
            "fr": (
                "Notre service aide une personne qui vous est proche. Dites-nous ce que "
                "cette aide change pour elle et pour vous : cela prend dix minutes."
            ),
            "nl": (
                "Onze dienst helpt iemand uit uw familie. Vertel ons wat die hulp voor hem "
                "of haar en voor u verandert: het duurt tien minuten."
            ),
            "en": (
                "You are the relative of someone our service helps. Tell us what this help "
                "changes for them and for you: it takes ten minutes."
            ),
        },
        "consent": {
            "fr": (
                "Le questionnaire est anonyme. Vous pouvez passer une question. Les résultats "
                "servent à préparer notre plan stratégique 2027-2030."
            ),
            "nl": (
                "De bevraging is anoniem. U mag een vraag overslaan. De resultaten helpen ons "
                "strategisch plan 2027-2030 voor te bereiden."
            ),
            "en": (
                "The survey is anonymous. You may skip any question. The results help us "
                "prepare our strategic plan for 2027-2030."
            ),
        },
        "thanks": {
            "fr": "Merci pour votre temps !",
            "nl": "Bedankt voor uw tijd!",
            "en": "Thank you for your time!",
        },
        "public_link_open": True,
    },
    "sections": [
        (
            {
                "fr": "Vous et votre proche",
                "nl": "U en uw familielid",
                "en": "You and your relative",
            },
            [
                {
                    "code": "relation",
                    "kind": "single_choice",
                    "text": {
                        "fr": "Qui êtes-vous pour la personne aidée ?",
                        "nl": "Wat is uw band met de persoon die geholpen wordt?",
                        "en": "How are you related to the person we help?",
                    },
                    "required": True,
                    "options": [
                        ("child", {"fr": "Son enfant", "nl": "Zoon of dochter", "en": "Child"}),
                        (
                            "partner",
                            {
                                "fr": "Son conjoint ou sa conjointe",
                                "nl": "Partner",
                                "en": "Husband, wife, partner",
                            },
                        ),
                        (
                            "other_family",
                            {
                                "fr": "Un autre membre de la famille",
                                "nl": "Een ander familielid",
                                "en": "Another family member",
                            },
                        ),
                        (
                            "neighbour_friend",
                            {
                                "fr": "Un voisin, une voisine, un ami, une amie",
                                "nl": "Een buur, een vriend of vriendin",
                                "en": "A neighbour or friend",
                            },
                        ),
                    ],
                    "allow_other": True,
                    "themes": ["social"],
                },
                {
                    "code": "relative_age",
                    "kind": "single_choice",
                    "text": {
                        "fr": "Quel âge a la personne aidée ?",
                        "nl": "Hoe oud is de persoon die geholpen wordt?",
                        "en": "How old is the person we help?",
                    },
                    "options": [
                        (
                            "under_65",
                            {"fr": "Moins de 65 ans", "nl": "Jonger dan 65", "en": "Under 65"},
                        ),
                        ("age_65_74", {"fr": "65 à 74 ans", "nl": "65 tot 74", "en": "65 to 74"}),
                        ("age_75_84", {"fr": "75 à 84 ans", "nl": "75 tot 84", "en": "75 to 84"}),
                        (
                            "age_85_plus",
                            {"fr": "85 ans ou plus", "nl": "85 of ouder", "en": "85 or older"},
                        ),
                    ],
                },
                {
                    "code": "services",
                    "kind": "multiple_choice",
                    "text": {
                        "fr": "Quelle aide notre service apporte-t-il à votre proche ?",
                        "nl": "Welke hulp krijgt uw familielid van onze dienst?",
                        "en": "What help does your relative get from our service?",
                    },
                    "required": True,
                    "options": [
                        (
                            "family_help",
                            {"fr": "Aide familiale", "nl": "Gezinszorg", "en": "Family care"},
                        ),
                        (
                            "housekeeping",
                            {"fr": "Aide ménagère", "nl": "Poetshulp", "en": "Housekeeping"},
                        ),
                        (
                            "home_sitting",
                            {"fr": "Garde à domicile", "nl": "Oppas thuis", "en": "Home sitting"},
                        ),
                        (
                            "carer_support",
                            {
                                "fr": "Soutien aux proches aidants",
                                "nl": "Steun voor mantelzorgers",
                                "en": "Support for carers",
                            },
                        ),
                    ],
                    "themes": ["individuals"],
                },
                {
                    "code": "service_hours",
                    "kind": "number",
                    "text": {
                        "fr": "Combien d'heures par semaine notre service aide-t-il votre proche ?",
                        "nl": "Hoeveel uur hulp krijgt uw familielid per week?",
                        "en": "How many hours of help does your relative get per week?",
                    },
                    "minimum": 1,
                    "maximum": 40,
                    "integer_only": True,
                },
                {
                    "code": "service_start",
                    "kind": "date",
                    "text": {
                        "fr": "Depuis quand notre service aide-t-il votre proche ?",
                        "nl": "Sinds wanneer helpt onze dienst uw familielid?",
                        "en": "Since when has our service been helping your relative?",
                    },
                    "help": {
                        "fr": "Une date approximative suffit.",
                        "nl": "Een datum bij benadering volstaat.",
                        "en": "An approximate date is fine.",
                    },
                },
            ],
        ),
        (
            {
                "fr": "Ce que l'aide change",
                "nl": "Wat de hulp verandert",
                "en": "What the help changes",
            },
            [
                "relative_stays_home",
                "relative_better",
                "family_time_for_self",
                "family_peace_of_mind",
                "kept_informed",
                "service_satisfaction",
                "recommend_rating",
                {
                    "code": "carer_works",
                    "kind": "single_choice",
                    "text": {
                        "fr": "Avez-vous un travail ?",
                        "nl": "Hebt u een job?",
                        "en": "Do you have a job?",
                    },
                    "options": [
                        ("yes", {"fr": "Oui", "nl": "Ja", "en": "Yes"}),
                        ("no", {"fr": "Non", "nl": "Nee", "en": "No"}),
                    ],
                    "themes": ["economic"],
                },
                {
                    "code": "work_hours",
                    "kind": "number",
                    "text": {
                        "fr": "Combien d'heures par semaine travaillez-vous ?",
                        "nl": "Hoeveel uur per week werkt u?",
                        "en": "How many hours a week do you work?",
                    },
                    "minimum": 1,
                    "maximum": 60,
                    "integer_only": True,
                    "themes": ["economic"],
                    "show_if": ("carer_works", "equals", "yes"),
                },
                {"bank": "family_keep_activities", "show_if": ("carer_works", "equals", "yes")},
                {
                    "code": "carer_load",
                    "kind": "rating_0_10",
                    "text": {
                        "fr": "De 0 à 10, à quel point l'aide que vous apportez à votre proche "
                        "vous épuise-t-elle ?",
                        "nl": "Hoe uitgeput voelt u zich door de zorg voor uw familielid, van 0 "
                        "tot 10?",
                        "en": "From 0 to 10, how worn out do you feel from caring for your "
                        "relative?",
                    },
                    "help": {
                        "fr": "0 : pas du tout, 10 : complètement.",
                        "nl": "0: helemaal niet, 10: volledig.",
                        "en": "0: not at all, 10: completely.",
                    },
                    "themes": ["individuals", "social"],
                },
            ],
        ),
        (
            {"fr": "Vos mots", "nl": "In uw woorden", "en": "In your own words"},
            [
                "family_most_change",
                {
                    "code": "one_word",
                    "kind": "short_text",
                    "text": {
                        "fr": "Un mot pour décrire notre service ?",
                        "nl": "Eén woord om onze dienst te beschrijven?",
                        "en": "One word to describe our service?",
                    },
                },
                {
                    "code": "suggestions",
                    "kind": "long_text",
                    "text": {
                        "fr": "Que pourrions-nous faire mieux ?",
                        "nl": "Wat kunnen we beter doen?",
                        "en": "What could we do better?",
                    },
                    "themes": ["participation"],
                },
            ],
        ),
    ],
    "waves": [
        ("Printemps 2026", date(2026, 4, 13), date(2026, 5, 29)),
        ("Automne 2026", date(2026, 10, 5), date(2026, 12, 11)),
    ],
    "responses": [214, 156],
    "language_shares": {"fr": 0.55, "nl": 0.3, "en": 0.15},
    "paper_share": [0.1, 0.1],
    "entered_by": [
        "fatima.elamrani@bxl-aide-domicile.example",
        "jan.willems@bxl-aide-domicile.example",
    ],
    "seed": 2026_10,
}

BXL_AIDE_TEXTS = {
    "relation": {
        "fr": ["Sa belle-fille", "Son tuteur", "Sa nièce"],
        "nl": ["Schoonzoon", "Bewindvoerder", "Nicht"],
        "en": ["Daughter-in-law", "Legal guardian", "Niece"],
    },
    "family_most_change": {
        "fr": [
            "Je peux de nouveau travailler à temps plein sans m'inquiéter.",
            "Ma mère a retrouvé le sourire, elle attend la visite de l'aide familiale.",
            "Je dors mieux : je sais que quelqu'un passe chaque matin.",
            "Mon père mange mieux depuis que l'aide familiale prépare les repas avec lui.",
            "J'ai de nouveau du temps pour mes enfants le week-end.",
            "Moins de disputes avec ma mère à propos du ménage.",
            "Mon mari a pu rester à la maison après son opération.",
        ],
        "nl": [
            "Ik kan weer voltijds werken zonder zorgen.",
            "Mijn moeder lacht weer, ze kijkt uit naar het bezoek van de verzorgende.",
            "Ik slaap beter: ik weet dat er elke ochtend iemand langskomt.",
            "Mijn vader eet gezonder sinds de verzorgende samen met hem kookt.",
            "Ik heb in het weekend weer tijd voor mijn kinderen.",
            "Mijn vrouw kon na haar val thuis blijven wonen.",
        ],
        "en": [
            "I can work full time again without worrying.",
            "My mother smiles again; she looks forward to the carer's visits.",
            "I sleep better knowing someone comes by every morning.",
            "My father eats better since the carer cooks with him.",
            "I have time for my own family at the weekend again.",
        ],
    },
    "one_word": {
        "fr": ["Humain", "Fiable", "Indispensable", "Chaleureux", "Patience", "Sérieux"],
        "nl": ["Menselijk", "Betrouwbaar", "Onmisbaar", "Warm", "Geduldig"],
        "en": ["Reliable", "Kind", "Essential", "Caring", "Lifeline"],
    },
    "suggestions": {
        "fr": [
            "Garder la même aide familiale le plus longtemps possible.",
            "Prévenir quand l'aide change d'horaire.",
            "Un numéro joignable le samedi.",
            "Plus d'heures pendant les vacances scolaires.",
            "Nous donner des nouvelles plus souvent, par exemple par un carnet.",
        ],
        "nl": [
            "Zo lang mogelijk dezelfde verzorgende houden.",
            "Verwittigen als het uur van het bezoek verandert.",
            "Een nummer dat ook op zaterdag bereikbaar is.",
            "Meer uitleg in het Nederlands bij de facturen.",
        ],
        "en": [
            "Keep the same carer for as long as possible.",
            "More information in English, even a short leaflet.",
            "Let us know when the visiting time changes.",
            "A phone number that answers on Saturdays.",
        ],
    },
}

SURVEYS = [REBOND, REBOND_2026, GROEN_WERKT, BXL_AIDE]


# Building ------------------------------------------------------------------------------


class DemoDataError(AssertionError):
    """A demo response the product would refuse: the demo must not load it."""


def load() -> None:
    """Build the surveys not there yet, with their waves and responses."""
    people = {user.email: user for user in User.objects.filter(email__in=_emails())}
    for spec in SURVEYS:
        evaluation = Evaluation.objects.filter(
            enterprise__name=spec["enterprise"], title=spec["evaluation"]
        ).first()
        if evaluation is None or any(s.title == spec["title"] for s in evaluation.surveys.all()):
            continue
        survey, waves, questions = _build(evaluation, spec, people[spec["built_by"]])
        rng = random.Random(spec["seed"])
        entered_by = [people[email] for email in spec["entered_by"]]
        if spec is GROEN_WERKT:
            _groen_werkt_responses(rng, waves, questions, entered_by)
        else:
            answer = {"trainee": _rebond_answers, "family": _bxl_answers}[spec["stakeholder_type"]]
            _public_responses(rng, spec, waves, questions, entered_by, answer)


def _emails() -> set[str]:
    return {email for spec in SURVEYS for email in [spec["built_by"], *spec["entered_by"]]}


def _build(evaluation: Evaluation, spec: dict, user) -> tuple:
    """Make the survey with the builder's functions, then date what they recorded."""
    last_change = evaluation.changes.aggregate(last=Max("id"))["last"] or 0
    survey = builder.create_survey(
        evaluation,
        user,
        title=spec["title"],
        languages=spec["languages"],
        stakeholder_type=spec["stakeholder_type"],
    )
    builder.update_settings(survey, user, **spec["settings"])
    indicators = {
        indicator.code or indicator.name: indicator
        for indicator in PlanIndicator.objects.filter(plan_row__evaluation=evaluation)
    }
    for number, (title, questions) in enumerate(spec["sections"]):
        if number == 0:
            section = builder.rename_section(survey.sections.get(), user, title)
        else:
            section = builder.add_section(survey, user, title)
        for question in questions:
            _add_question(section, user, question, spec["languages"], indicators)
    waves = [
        builder.save_wave(Wave(survey=survey, label=label, opens_on=opens, closes_on=closes), user)
        for label, opens, closes in spec["waves"]
    ]
    _date_building(evaluation, survey, last_change, *spec["built"])
    return survey, waves, builder.ordered_questions(survey)


def _add_question(section, user, spec, languages: list[str], indicators: dict) -> Question:
    spec = {"bank": spec} if isinstance(spec, str) else dict(spec)
    show_if = spec.pop("show_if", None)
    tied = [indicators[name] for name in spec.pop("indicators", [])]
    if "bank" in spec:
        question = builder.add_from_bank(section, user, spec.pop("bank"))
        if tied or spec:
            question = builder.update_question(question, user, indicators=tied, **spec)
    else:
        spec["options"] = [
            {"value": value, "label": label if isinstance(label, dict) else {languages[0]: label}}
            for value, label in spec.get("options", [])
        ]
        for limit in ("minimum", "maximum"):
            if limit in spec:
                spec[limit] = Decimal(spec[limit])
        question = builder.add_question(section, user, indicators=tied, **spec)
    if show_if:
        code, operator, value = show_if
        rule = {"question": code, "op": operator, "value": value}
        question = builder.set_condition(question, user, "all", [rule])
    return question


def _date_building(evaluation: Evaluation, survey, after_change: int, first, last) -> None:
    """Spread the survey's history over the days its team built it (9:00 to 17:00)."""
    changes = list(evaluation.changes.filter(id__gt=after_change).order_by("id"))
    start = _moment(first, 9)
    for index, change in enumerate(changes):
        days = (last - first).days * index / max(len(changes) - 1, 1)
        change.at = start + timedelta(days=int(days), hours=8 * (days % 1))
    Change.objects.bulk_update(changes, ["at"])
    Survey.objects.filter(pk=survey.pk).update(created_at=start)
    latest = evaluation.changes.aggregate(latest=Max("at"))["latest"]
    Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=latest)


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# Responses ------------------------------------------------------------------------------


def _public_responses(rng, spec, waves, questions, entered_by, answer) -> None:
    """Responses through the survey's public link, and some typed in from paper."""
    shares = spec.get("language_shares", {spec["languages"][0]: 1})
    stored = []
    for index, (wave, count) in enumerate(zip(waves, spec["responses"], strict=True)):
        for _number in range(count):
            language = _pick(rng, shares)
            paper = rng.random() < spec["paper_share"][index] and language != "en"
            when = _when(rng, wave, paper)
            answers = answer(rng, index, language, when.date())
            stored.append(
                _response(rng, wave, questions, answers, language, when, paper, entered_by)
            )
    _store(stored)


def _groen_werkt_responses(rng, waves, questions, entered_by) -> None:
    """Codes for each wave, the autumn ones following spring's respondents, so that one
    worker's two answers share a pseudonymous key; paper answers carry no key."""
    spec = GROEN_WERKT
    spring, autumn = waves
    # A few group sessions per wave: workers answer together, in their crews.
    sessions = {wave.pk: _session_days(rng, wave, 7) for wave in waves}
    spring_codes = distribution.generate(spring, spec["codes"])
    followed = distribution.generate(autumn, 0, follow=spring)
    newcomers = distribution.generate(autumn, spec["newcomer_codes"])
    for wave in waves:
        Invitation.objects.filter(wave=wave).update(
            created_at=_moment(wave.opens_on - timedelta(days=3), 10)
        )
    people: dict[str, dict] = {}
    answered = rng.sample(spring_codes, spec["responses"][0])
    again = {i.respondent_key for i in rng.sample(answered, spec["responses"][1])}
    not_before = [i for i in spring_codes if i not in answered]
    again |= {i.respondent_key for i in rng.sample(not_before, spec["autumn_others"])}
    autumn_answered = [i for i in followed if i.respondent_key in again]
    autumn_answered += rng.sample(newcomers, spec["autumn_newcomers"])
    stored, used = [], []
    for index, (wave, invitations) in enumerate([(spring, answered), (autumn, autumn_answered)]):
        for invitation in invitations:
            person = people.get(invitation.respondent_key)
            if person is None:
                newcomer = invitation in newcomers
                person = people[invitation.respondent_key] = _groen_person(rng, newcomer)
            when = _moment(rng.choice(sessions[wave.pk]), rng.choice([8, 9, 10, 13, 14]))
            when += timedelta(minutes=rng.randrange(60))
            paper = rng.random() < spec["paper_share"][index]
            answers = _groen_answers(rng, index, person, when.date())
            if paper:  # typed in by the crew leader: not linked to the code
                when += timedelta(days=rng.randint(1, 3), hours=3)
            response = _response(rng, wave, questions, answers, "nl", when, paper, entered_by)
            if not paper:
                response.via_public_link = False
                response.respondent_key = responding.derived_respondent_key(invitation)
                invitation.used_at = when
                used.append(invitation)
            stored.append(response)
    _store(stored)
    Invitation.objects.bulk_update(used, ["used_at"], batch_size=500)


def _session_days(rng, wave: Wave, count: int) -> list[date]:
    days = [
        wave.opens_on + timedelta(days=n)
        for n in range((wave.closes_on - wave.opens_on).days + 1)
        if (wave.opens_on + timedelta(days=n)).weekday() < 5
    ]
    return sorted(rng.sample(days, min(count, len(days))))


def _when(rng, wave: Wave, paper: bool) -> datetime:
    """When a response came in: any day of the wave until yesterday, more of them in its
    first weeks; online at any hour of the day, from paper during office hours."""
    last = min(wave.closes_on, TODAY - timedelta(days=1))
    span = (last - wave.opens_on).days
    day = wave.opens_on + timedelta(days=int(span * rng.random() ** 1.4))
    if paper:
        day = min(day + timedelta(days=rng.randint(1, 6)), last)
        return _moment(day, rng.randint(9, 16), rng.randrange(60))
    return _moment(
        day, rng.choice([8, 9, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21]), rng.randrange(60)
    )


def _response(rng, wave, questions, answers, language, when, paper, entered_by) -> Response:
    """A response as the product stores it, once it passes the product's own rules."""
    answers = _as_shown(questions, answers)
    cleaned, errors = rules.clean_response(questions, answers)
    if errors or cleaned != answers:
        raise DemoDataError(f"{wave}: {answers} is stored as {cleaned}, errors {errors}")
    submission_key = f"{rng.getrandbits(128):032x}"
    return Response(
        wave=wave,
        answers=answers,
        language=language,
        source=Response.Source.PAPER if paper else Response.Source.ONLINE,
        via_public_link=not paper,
        submission_key=submission_key,
        response_code=_response_code(submission_key),
        entered_by=rng.choice(entered_by) if paper else None,
        submitted_at=when,
    )


def _response_code(submission_key: str) -> str:
    """A response code drawn from the submission key, so that the demo's random draws
    (hence its figures) stay those they were before responses had codes."""
    number = int(hashlib.sha256(submission_key.encode()).hexdigest(), 16)
    return "".join(CODE_ALPHABET[(number >> (5 * i)) % len(CODE_ALPHABET)] for i in range(10))


def _store(responses: list[Response]) -> None:
    """Store in one go; the time each came in is set after, as it is set on creation."""
    moments = [response.submitted_at for response in responses]
    Response.objects.bulk_create(responses, batch_size=500)
    for response, moment in zip(responses, moments, strict=True):
        response.submitted_at = moment
    Response.objects.bulk_update(responses, ["submitted_at"], batch_size=500)


def _as_shown(questions, answers: dict) -> dict:
    """Only the answers to questions shown given the earlier answers, in survey order."""
    kept = {}
    for question in questions:
        if question.code not in answers or not rules.is_shown(question, kept):
            continue
        kept[question.code] = answers[question.code]
        other = rules.other_key(question.code)
        if other in answers:
            kept[other] = answers[other]
    return kept


# Drawing answers ------------------------------------------------------------------------


def _pick(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _several(rng, chances: dict) -> list:
    return [value for value, chance in chances.items() if rng.random() < chance]


def _scale(rng, mean: float, spread: float = 0.9, top: int = 5) -> int:
    return min(top, max(1, round(rng.gauss(mean, spread))))


def _rating(rng, mean: float, spread: float = 1.6) -> int:
    return min(10, max(0, round(rng.gauss(mean, spread))))


def _skip(rng, answers: dict, chance: float, keep=()) -> dict:
    """Leave some answers out, as respondents do (never the required ones)."""
    return {
        code: value
        for code, value in answers.items()
        if code in keep or "." in code or rng.random() >= chance
    }


def _choice_with_other(rng, answers: dict, code: str, weights: dict, others: list[str]):
    value = _pick(rng, weights)
    answers[code] = value
    if value == OTHER:
        answers[rules.other_key(code)] = rng.choice(others)


def _several_with_other(rng, answers, code, chances, none, others, other_chance=0.05):
    """A multiple choice: some of the options, or only `none`; sometimes "other"."""
    chosen = _several(rng, chances)
    if rng.random() < other_chance:
        chosen.append(OTHER)
        answers[rules.other_key(code)] = rng.choice(others)
    answers[code] = chosen or [none]


def _self_worth(rng, answers: dict, mean: float, spread: float = 0.85) -> None:
    """The six items of the self-worth scale; the even ones are worded the other way."""
    for n in range(1, 7):
        score = _scale(rng, mean, spread)
        answers[f"self_worth_{n}"] = 6 - score if n % 2 == 0 else score


def _rebond_answers(rng, wave: int, language: str, day: date) -> dict:
    """A trainee at entry (wave 0) or at exit (wave 1) of their contract."""
    at_exit = wave == 1
    lift = rng.gauss(0, 0.5)  # how much this person is doing well, whatever the wave
    answers = {
        "age_band": _pick(
            rng, {"age_18_25": 30, "age_26_35": 30, "age_36_49": 25, "age_50_plus": 15}
        ),
    }
    _choice_with_other(
        rng,
        answers,
        "workshop",
        {"collection": 30, "furniture": 28, "appliances": 20, "shop": 16, OTHER: 6},
        REBOND_TEXTS["workshop"],
    )
    started = rng.randint(180, 640) if at_exit else rng.randint(2, 45)
    answers["start_date"] = (day - timedelta(days=started)).isoformat()
    fewer = 0.6 if at_exit else 1
    _several_with_other(
        rng,
        answers,
        "barriers",
        {
            "transport": 0.4 * fewer,
            "housing": 0.25 * fewer,
            "health": 0.2 * fewer,
            "childcare": 0.15,
            "language": 0.15 * fewer,
        },
        "nothing",
        REBOND_TEXTS["barriers"],
    )
    answers["months_without_work"] = min(240, round(rng.lognormvariate(2.8, 0.9)))
    means = (
        {"skills_gained": 4.0, "job_search_ready": 3.7, "feel_useful": 4.1, "next_step_clear": 3.6}
        if at_exit
        else {
            "skills_gained": 3.0,
            "job_search_ready": 2.8,
            "feel_useful": 3.6,
            "next_step_clear": 2.7,
        }
    )
    for code, mean in means.items():
        answers[code] = _scale(rng, mean + lift)
    answers["confidence_change"] = _scale(rng, (4.0 if at_exit else 3.3) + lift, 0.7)
    # People differ more in how they see themselves than in how they see the workshop.
    _self_worth(rng, answers, (3.35 if at_exit else 2.9) + lift + rng.gauss(0, 0.6), 0.6)
    answers["supervisor_rating"] = _rating(rng, (7.8 if at_exit else 7.2) + lift)
    answers["cv_up_to_date"] = "yes" if rng.random() < (0.8 if at_exit else 0.35) else "no"
    answers["job_interviews_count"] = min(12, int(rng.expovariate(1 / (1.8 if at_exit else 0.6))))
    answers["next_step"] = _pick(
        rng,
        {"job": 31, "training": 26, "searching": 30, "dont_know": 13}
        if at_exit
        else {"job": 4, "training": 8, "searching": 53, "dont_know": 35},
    )
    if answers["next_step"] == "job":
        answers["job_hours"] = rng.choice([35, 35, 35, 24, 20, 26, 30, 39])
    texts = [
        ("wished_job", 0.7, REBOND_TEXTS["wished_job"]),
        ("one_thing_to_change", 0.35, REBOND_TEXTS["one_thing_to_change"]),
        ("anything_else", 0.2, REBOND_TEXTS["anything_else"][wave]),
    ]
    for code, chance, pool in texts:
        if rng.random() < chance:
            answers[code] = rng.choice(pool)
    skipper = rng.random() < 0.12
    return _skip(
        rng, answers, 0.15 if skipper else 0.03, keep={"age_band", "workshop", "next_step"}
    )


def _groen_person(rng, newcomer: bool) -> dict:
    """A worker: what stays the same from one wave to the next."""
    started = (
        date(2026, 5, 1) + timedelta(days=rng.randint(0, 150))
        if newcomer
        else date(2026, 3, 1) - timedelta(days=int(rng.expovariate(1 / 1400)) + 20)
    )
    age = _pick(rng, {"age_18_25": 14, "age_26_35": 24, "age_36_49": 34, "age_50_plus": 28})
    return {
        "age_band": age,
        "crew": _pick(rng, {"parks": 34, "cemeteries": 22, "verges": 24, "gardens": 16, OTHER: 4}),
        "crew_other": rng.choice(GROEN_WERKT_TEXTS["crew"]),
        "start_date": started.isoformat(),
        "lift": rng.gauss(0, 0.45),
        "strain": 0.6 if age == "age_50_plus" else (0.3 if age == "age_36_49" else 0),
        "wants_regular_job": _pick(
            rng,
            {"yes": 25, "no": 50, "dont_know": 25}
            if age == "age_50_plus"
            else {"yes": 45, "no": 25, "dont_know": 30},
        ),
        "commute_minutes": min(180, 5 * round(rng.lognormvariate(3.0, 0.5) / 5)),
        "skipper": rng.random() < 0.1,
    }


def _groen_answers(rng, wave: int, person: dict, day: date) -> dict:
    """A worker in spring (wave 0) or autumn (wave 1): a bit more training and skills in
    autumn, after the summer's courses."""
    autumn = wave == 1
    lift = person["lift"] + rng.gauss(0, 0.2)
    answers = {key: person[key] for key in ["age_band", "crew", "start_date", "commute_minutes"]}
    if person["crew"] == OTHER:
        answers["crew.other"] = person["crew_other"]
    boost = 1.4 if autumn else 1
    _several_with_other(
        rng,
        answers,
        "training_followed",
        {
            "safety": 0.3 * boost,
            "machines": 0.25 * boost,
            "driving": 0.08,
            "dutch": 0.12,
            "first_aid": 0.1 * boost,
        },
        "none",
        GROEN_WERKT_TEXTS["training_followed"],
        other_chance=0.04,
    )
    courses = [code for code in answers["training_followed"] if code != "none"]
    answers["training_hours"] = sum(rng.choice([4, 8, 8, 16, 24, 32]) for _ in courses)
    answers["skills_gained"] = _scale(rng, (3.95 if autumn else 3.7) + lift)
    answers["feel_useful"] = _scale(rng, 4.1 + lift, 0.8)
    answers["training_access"] = _scale(rng, (3.6 if autumn else 3.4) + lift)
    answers["safe_at_work"] = _scale(rng, 4.0 + lift / 2, 0.8)
    answers["physical_pain"] = _scale(rng, 2.6 + person["strain"], 0.9)
    _self_worth(rng, answers, (3.65 if autumn else 3.5) + lift)
    answers["crew_leader_rating"] = _rating(rng, 7.5 + lift, 1.4)
    answers["wants_regular_job"] = person["wants_regular_job"]
    if person["wants_regular_job"] == "yes" and rng.random() < 0.75:
        answers["wished_job"] = rng.choice(GROEN_WERKT_TEXTS["wished_job"])
    if rng.random() < 0.3:
        answers["one_thing_to_change"] = rng.choice(GROEN_WERKT_TEXTS["one_thing_to_change"])
    return _skip(rng, answers, 0.15 if person["skipper"] else 0.03, keep={"age_band", "crew"})


def _bxl_answers(rng, wave: int, language: str, day: date) -> dict:
    """A relative in spring (wave 0) or autumn (wave 1): better informed in autumn, after
    the liaison notebook; relatives writing in English, often far away, less so."""
    lift = rng.gauss(0, 0.5)
    answers = {}
    _choice_with_other(
        rng,
        answers,
        "relation",
        {"child": 55, "partner": 20, "other_family": 12, "neighbour_friend": 8, OTHER: 5},
        BXL_AIDE_TEXTS["relation"][language],
    )
    partner = answers["relation"] == "partner"
    answers["relative_age"] = _pick(
        rng, {"under_65": 8, "age_65_74": 20, "age_75_84": 38, "age_85_plus": 34}
    )
    services = _several(
        rng,
        {"family_help": 0.7, "housekeeping": 0.5, "home_sitting": 0.2, "carer_support": 0.15},
    )
    answers["services"] = services or ["family_help"]
    answers["service_hours"] = min(
        40, max(1, round(rng.gauss(4 + 4 * len(answers["services"]), 3)))
    )
    answers["service_start"] = (day - timedelta(days=rng.randint(30, 3000))).isoformat()
    far = 0.4 if language == "en" else 0
    informed = (3.9 if wave else 3.4) - far
    means = {
        "relative_stays_home": 4.3,
        "relative_better": 3.7,
        "family_time_for_self": 3.8,
        "family_peace_of_mind": 4.1 - far / 2,
        "kept_informed": informed,
    }
    for code, mean in means.items():
        answers[code] = _scale(rng, mean + lift)
    answers["service_satisfaction"] = _scale(rng, 3.2 + lift / 2 + (informed - 3.6) / 3, 0.7, 4)
    answers["recommend_rating"] = _rating(rng, 8.2 + lift, 1.5)
    works = rng.random() < (0.15 if partner else 0.65)
    answers["carer_works"] = "yes" if works else "no"
    if works:
        answers["work_hours"] = rng.choice([19, 24, 30, 32, 36, 38, 38, 40, 45])
        answers["family_keep_activities"] = _scale(rng, 4.0 + lift)
    answers["carer_load"] = _rating(rng, (7.0 if partner else 5.4) - (0.4 if wave else 0) - lift)
    texts = [("family_most_change", 0.35), ("one_word", 0.5), ("suggestions", 0.3)]
    for code, chance in texts:
        if rng.random() < chance:
            answers[code] = rng.choice(BXL_AIDE_TEXTS[code][language])
    skipper = rng.random() < 0.1
    return _skip(rng, answers, 0.15 if skipper else 0.03, keep={"relation", "services"})
