"""The data the benchmarks run on: the demo, with its network grown to a chosen size, and
one evaluation filled in as a team would, in an enterprise holding a chosen number of them.

As a script, `python -m bench.seed N E OUTPUT.json` prepares the data directory of the HTTP
benchmark (DJANGO_SETTINGS_MODULE and VISES_DATA_DIR must be set, and DATABASE_URL for
PostgreSQL): it migrates, collects the static files, loads the demo, grows its network to N
enterprises, all followed by the coach, seeds the journey evaluation, grows its enterprise to
E evaluations, builds the respondent survey in the journey evaluation (`respondent_survey`),
creates the table of the bare POST view (`create_bare_post_table`), and writes what the
benchmark needs to OUTPUT.json: {"email", "path", "title"} of the journey screen and
"survey": {"token", "answers", "thanks"} of the survey.

`python -m bench.seed --stored TOKEN OUTPUT.json` writes {"responses", "keys",
"bare_posts"} to OUTPUT.json: the responses stored in the survey's wave, their distinct
submission keys, and the rows stored by the bare POST view.

Django must be set up before any function here is called; models are imported inside the
functions so that this module can be imported first.
"""

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import django

COACH = "camille.lefebvre@passerelles-ess.example"
SECOND_COACH = "pieter.claes@passerelles-ess.example"
NETWORK_ADMIN = "sophie.marchal@passerelles-ess.example"
BENCH_PREFIX = "Bench enterprise"

# The evaluation whose journey screen is measured. The demo's evaluation of its enterprise is
# removed first, so that the benchmark decides how many it holds. Its content follows the
# demo's (vises.demo.data.EVALUATIONS), with the portrait's required fields all filled.
JOURNEY_ENTERPRISE = "Crèche Les Petits Pas"
JOURNEY_ADMIN = "marie.lambert@petits-pas-namur.example"
JOURNEY_TITLE = "Ce que la crèche change pour les familles, 2026"
JOURNEY_PERIOD = (date(2026, 1, 1), date(2026, 12, 31))
JOURNEY_PRELIMINARY = {
    "motivations": ["show_funders", "involve_stakeholders"],
    "motivation_text": (
        "Montrer à l'ONE et à la Ville de Namur ce que la crèche change pour les familles, "
        "en particulier pour l'accès des parents à l'emploi et à la formation."
    ),
    "steering_group": (
        "Marie Lambert, directrice\nThomas Dubois, puériculteur\n"
        "Deux parents du conseil des parents\nUne assistante sociale du CPAS"
    ),
    "means": "Deux heures par semaine pour la directrice, l'appui de notre coach.",
    "calendar": "Questionnaire aux parents en mars et en octobre, rapport en décembre.",
}
JOURNEY_PORTRAIT = {
    "mission": (
        "Accueillir les jeunes enfants du quartier, en priorité ceux dont les parents "
        "cherchent un emploi ou suivent une formation."
    ),
    "legal_form": "association",
    "region": "wallonia",
    "main_activities": "Crèche de 42 places; halte-accueil; ateliers parents-enfants.",
    "sectors": ["childcare_youth"],
    "publics_served": ["children_families", "low_income"],
    "people_served_per_year": 64,
    "staff_headcount": 12,
    "staff_fte": 9.5,
    "territory_covered": "Namur et les communes voisines",
}
JOURNEY_STAKEHOLDERS = [  # type, name, importance, influence, involvement, how to reach
    ("family", "Parents des enfants accueillis", 5, 3, "co_construct", "Conseil des parents"),
    ("worker", "Puéricultrices et puériculteurs", 4, 4, "co_construct", "Réunion du mardi"),
    ("funder", "Office de la Naissance et de l'Enfance", 3, 5, "inform", "Rapport annuel"),
    ("partner", "CPAS de Namur", 3, 4, "consult", "Concertation, deux fois par an"),
    ("volunteer", "Bénévoles de l'atelier lecture", 2, 1, "consult", "Après l'atelier"),
]
JOURNEY_QUESTIONS = ["cs_parents_work", "cs_user_voice", "all_unexpected_effects"]
OTHER_EVALUATIONS_PREFIX = "Bench evaluation"

# The respondent survey: 25 questions over 3 pages, as a team would build it for trainees
# of a work-integration enterprise: the framework's bank items (scales, yes/no, a whole
# number, a 0-10 rating, a short text) and three questions of the team's own (a single
# choice and a multiple choice with "other, specify", and a number shown only to those who
# have a job: the show-if condition, on page 2, uses an answer of page 1).
SURVEY_TITLE = {
    "fr": "Votre passage à la crèche",
    "nl": "Uw tijd bij de crèche",
    "en": "Your time at the crèche",
}
SURVEY_THANKS = {
    "fr": "Merci pour vos réponses !",
    "nl": "Bedankt voor uw antwoorden!",
    "en": "Thank you for your answers!",
}
SITUATION_OPTIONS = (
    "[job] A un emploi | Heeft werk | Have a job\n"
    "[training] En formation | In opleiding | In training\n"
    "[searching] Cherche un emploi | Zoekt werk | Looking for work"
)
SUPPORT_OPTIONS = (
    "[cv] Mon CV | Mijn cv | My CV\n"
    "[interviews] Préparer des entretiens | Sollicitatiegesprekken | Job interviews\n"
    "[childcare] Garde des enfants | Kinderopvang | Childcare\n"
    "[paperwork] Démarches administratives | Papierwerk | Paperwork"
)
SURVEY_PAGES = [
    (
        {"fr": "Votre parcours", "nl": "Uw traject", "en": "Your path"},
        [
            "skills_gained",
            "job_search_ready",
            "digital_skills",
            "next_step_clear",
            "qualification_obtained",
            "job_interviews_count",
            {
                "code": "situation",
                "kind": "single_choice",
                "required": True,
                "allow_other": True,
                "options": SITUATION_OPTIONS,
                "text": {
                    "fr": "Quelle est votre situation aujourd'hui ?",
                    "nl": "Wat is uw situatie vandaag?",
                    "en": "What is your situation today?",
                },
            },
            {
                "code": "support",
                "kind": "multiple_choice",
                "allow_other": True,
                "options": SUPPORT_OPTIONS,
                "text": {
                    "fr": "Pour quoi avez-vous reçu de l'aide ?",
                    "nl": "Waarvoor kreeg u hulp?",
                    "en": "What did you get help with?",
                },
            },
            "training_access",
        ],
    ),
    (
        {"fr": "Vous et les autres", "nl": "U en de anderen", "en": "You and others"},
        [
            {
                "code": "job_hours",
                "kind": "number",
                "integer_only": True,
                "minimum": Decimal(1),
                "maximum": Decimal(60),
                "text": {
                    "fr": "Combien d'heures par semaine travaillez-vous ?",
                    "nl": "Hoeveel uren per week werkt u?",
                    "en": "How many hours a week do you work?",
                },
                "condition": [{"question": "situation", "op": "equals", "value": "job"}],
            },
            "self_worth_1",
            "self_worth_2",
            "self_worth_3",
            "confidence_change",
            "good_spirits",
            "people_to_count_on",
            "loneliness",
        ],
    ),
    (
        {"fr": "Votre avis", "nl": "Uw mening", "en": "Your opinion"},
        [
            "life_rating",
            "service_satisfaction",
            "staff_listen",
            "trust_staff",
            "information_clear",
            "team_easy_to_reach",
            "speak_local_language",
            "home_municipality",
        ],
    ),
]


def grow_network(total: int) -> None:
    """Make the demo network hold exactly `total` admitted enterprises, all followed by COACH.

    New enterprises copy the fields of the demo's six in turn; every third one is also
    followed by SECOND_COACH, so that the "Coaches" column sometimes lists two people.
    Afterwards both COACH and NETWORK_ADMIN see exactly `total` enterprises, or this raises.
    """
    from vises.access import rules
    from vises.accounts.models import CoachAssignment, Enterprise, Network, User
    from vises.demo import data

    network = Network.objects.get(name=data.NETWORK["name"])
    existing = network.enterprises.count()
    if existing > total:
        raise ValueError(f"the network already holds {existing} enterprises, more than {total}")
    templates = [
        {key: value for key, value in spec.items() if key not in {"name", "coach", "people"}}
        for spec in data.ENTERPRISES
    ]
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"{BENCH_PREFIX} {number:04d}",
            network=network,
            admission=Enterprise.Admission.ADMITTED,
            **templates[number % len(templates)],
        )
        for number in range(existing + 1, total + 1)
    )

    coach = User.objects.get(email=COACH)
    second_coach = User.objects.get(email=SECOND_COACH)
    assignments = []
    for enterprise in network.enterprises.all():
        assignments.append(CoachAssignment(coach=coach, enterprise=enterprise))
        if enterprise.name.startswith(BENCH_PREFIX) and enterprise.pk % 3 == 0:
            assignments.append(CoachAssignment(coach=second_coach, enterprise=enterprise))
    CoachAssignment.objects.bulk_create(assignments, ignore_conflicts=True)

    for email in (COACH, NETWORK_ADMIN):
        seen = rules.enterprises_for(User.objects.get(email=email)).count()
        if seen != total:
            raise RuntimeError(f"{email} sees {seen} enterprises instead of {total}")


def journey_evaluation():
    """Create the measured evaluation, the only one of JOURNEY_ENTERPRISE, and return it.

    The evaluation the demo gave JOURNEY_ENTERPRISE is deleted first. This one is filled as
    the demo fills its evaluations, with the same functions as the screens: a preliminary
    step with the whole enterprise as team, a portrait with every required field of its
    framework (the default one, loaded with the demo), 5 stakeholders and 3 evaluative
    questions from the framework's library, all saved by the enterprise admin.
    """
    from django.db import transaction

    from vises.accounts.models import Enterprise, User
    from vises.evaluations import parts, questions, stakeholders, starting
    from vises.evaluations.models import Stakeholder

    enterprise = Enterprise.objects.get(name=JOURNEY_ENTERPRISE)
    admin = User.objects.get(email=JOURNEY_ADMIN)
    start, end = JOURNEY_PERIOD
    with transaction.atomic():
        enterprise.evaluations.all().delete()
        evaluation = starting.start(
            enterprise, title=JOURNEY_TITLE, period_start=start, period_end=end, user=admin
        )
        document = evaluation.framework_version.document
        required = [
            f["code"] for g in document["portrait"] for f in g["fields"] if f.get("required")
        ]
        missing = [code for code in required if code not in JOURNEY_PORTRAIT]
        if missing:
            raise RuntimeError(f"JOURNEY_PORTRAIT lacks the required fields {missing}")
        evaluation.team.set(User.objects.filter(enterprise_memberships__enterprise=enterprise))
        # Starting may already have filled parts (the portrait from the enterprise's identity).
        for name, content in (("preliminary", JOURNEY_PRELIMINARY), ("portrait", JOURNEY_PORTRAIT)):
            revision = parts.get_part(evaluation, name).revision
            parts.save_part(evaluation, name, content, admin, revision=revision)
        for type_code, name, importance, influence, involvement, reach in JOURNEY_STAKEHOLDERS:
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
        library = {q["code"]: q for q in document["evaluative_questions"]}
        language = admin.preferred_language or "fr"
        for code in JOURNEY_QUESTIONS:
            entry = library[code]
            questions.add(
                evaluation,
                text=entry["text"][language],
                themes=entry["themes"],
                library_code=code,
                user=admin,
            )
    return evaluation


def grow_evaluations(evaluation, total: int) -> None:
    """Make the evaluation's enterprise hold exactly `total` evaluations, adding earlier ones.

    The added evaluations are started by the enterprise admin as on the screen (framework
    pinned, admin in the team) and left empty.
    """
    from django.db import transaction

    from vises.accounts.models import User
    from vises.evaluations import starting

    enterprise = evaluation.enterprise
    admin = User.objects.get(email=JOURNEY_ADMIN)
    existing = enterprise.evaluations.count()
    if existing > total:
        raise ValueError(f"{enterprise} already holds {existing} evaluations, more than {total}")
    with transaction.atomic():
        for number in range(existing + 1, total + 1):
            starting.start(
                enterprise,
                title=f"{OTHER_EVALUATIONS_PREFIX} {number:02d}",
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
                user=admin,
            )
    held = enterprise.evaluations.count()
    if held != total:
        raise RuntimeError(f"{enterprise} holds {held} evaluations instead of {total}")


def respondent_survey(evaluation):
    """Build the respondent survey (SURVEY_PAGES) in `evaluation` through the builder, as
    the enterprise admin, with a wave open from yesterday to next month and the public link
    open; return it. Raises if it does not hold 25 questions on 3 pages."""
    from datetime import timedelta

    from django.utils import timezone

    from vises.accounts.models import User
    from vises.surveys import builder, responding
    from vises.surveys.models import Wave

    admin = User.objects.get(email=JOURNEY_ADMIN)
    languages = ["fr", "nl", "en"]
    survey = builder.create_survey(
        evaluation, admin, title=SURVEY_TITLE, languages=languages, stakeholder_type="family"
    )
    builder.update_settings(
        survey,
        admin,
        intro={
            "fr": "Dix minutes pour nous dire ce que la crèche a changé pour vous.",
            "nl": "Tien minuten om ons te vertellen wat de crèche voor u veranderde.",
            "en": "Ten minutes to tell us what the crèche changed for you.",
        },
        consent={
            "fr": "Vos réponses sont anonymes.",
            "nl": "Uw antwoorden zijn anoniem.",
            "en": "Your answers are anonymous.",
        },
        thanks=SURVEY_THANKS,
        public_link_open=True,
    )
    for number, (title, items) in enumerate(SURVEY_PAGES):
        section = survey.sections.get() if number == 0 else None
        if section is not None:
            builder.rename_section(section, admin, title)
        else:
            section = builder.add_section(survey, admin, title)
        for item in items:
            if isinstance(item, str):
                builder.add_from_bank(section, admin, item)
                continue
            fields = dict(item)
            condition = fields.pop("condition", None)
            if "options" in fields:
                fields["options"] = builder.parse_options(fields["options"], languages)
            question = builder.add_question(section, admin, **fields)
            if condition:
                builder.set_condition(question, admin, "all", condition)
    today = timezone.localdate()
    builder.save_wave(
        Wave(
            survey=survey,
            label="Bench",
            opens_on=today - timedelta(days=1),
            closes_on=today + timedelta(days=30),
        ),
        admin,
    )
    pages = responding.sections_with_questions(survey)
    if [len(questions) for _section, questions in pages] != [9, 8, 8]:
        raise RuntimeError(f"the bench survey has pages of {[len(q) for _s, q in pages]}")
    return survey


def answer_choices(survey) -> dict[str, list[list[str]]]:
    """For each question code, the answers a respondent may send (each a list of form
    values): every option of a choice, a few numbers or texts otherwise."""
    from vises.surveys.models import Question

    choices = {}
    for question in Question.objects.filter(survey=survey):
        values = [str(option["value"]) for option in question.options]
        if question.kind == "multiple_choice":
            choices[question.code] = [values[:1], values[1:3], values[::2]]
        elif question.kind in {"single_choice", "scale"}:
            choices[question.code] = [[value] for value in values]
        elif question.kind == "rating_0_10":
            choices[question.code] = [[str(n)] for n in range(11)]
        elif question.kind == "number":
            choices[question.code] = [["2"], ["12"], ["38"]]
        else:
            choices[question.code] = [["Namur"], ["Jambes"], ["Saint-Servais"]]
    return choices


BARE_POST_TABLE = "bench_bare_post"


def create_bare_post_table() -> None:
    """The table the bare POST view (bench/urls.py) inserts into: one row per request."""
    from django.db import connection

    key = "bigserial primary key" if connection.vendor == "postgresql" else "integer primary key"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {BARE_POST_TABLE} (id {key}, body varchar(64) not null)")


def stored(public_token: str) -> dict:
    """What the database holds after the load: responses of the survey's wave(s), their
    distinct submission keys, and the rows of the bare POST view."""
    from django.db import connection

    from vises.surveys.models import Response

    responses = Response.objects.filter(wave__survey__public_token=public_token)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {BARE_POST_TABLE}")
        bare_posts = cursor.fetchone()[0]
    return {
        "responses": responses.count(),
        "keys": responses.values("submission_key").distinct().count(),
        "bare_posts": bare_posts,
    }


def prepare_server_data(enterprises: int, evaluations: int, output: Path) -> None:
    """Migrate, collect static files, load the demo, grow its network to `enterprises`,
    seed the journey evaluation among `evaluations`, and describe it in `output`."""
    from django.core.management import call_command
    from django.urls import reverse

    from vises.demo import data

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data.load()
    grow_network(enterprises)
    evaluation = journey_evaluation()
    grow_evaluations(evaluation, evaluations)
    survey = respondent_survey(evaluation)
    create_bare_post_table()
    journey = {
        "email": JOURNEY_ADMIN,
        "path": reverse("evaluation_detail", args=[evaluation.pk]),
        "title": evaluation.title,
        "survey": {
            "token": survey.public_token,
            "answers": answer_choices(survey),
            "thanks": SURVEY_THANKS,
        },
    }
    output.write_text(json.dumps(journey))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "--stored":
        Path(sys.argv[3]).write_text(json.dumps(stored(sys.argv[2])))
    else:
        prepare_server_data(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
