"""The demo's qualitative material: interviews, a focus group and life stories, each in
its enterprise's language, coded into the framework's themes and the team's own codes.

- Les Ateliers du Rebond holds, for 2025, an interview six months after the exit and the
  October focus group; for 2026, two interviews of trainees and the October focus
  group, for the plan's lines that gather them.
- Groen Werkt holds an interview of a team leader, in Dutch.
- Savoirs en Partage, whose plan is not written yet, holds two life stories of learners.

Everything goes through the product's own functions (`material.add`, `codebook.seed`,
`coding.code`), so the history records it; then it is dated when it happened.
"""

from datetime import date, datetime

from django.db.models import Max
from django.utils import translation

from vises.accounts.models import User
from vises.evaluations.models import Evaluation
from vises.interpretation import quotes
from vises.qualitative import codebook, coding, material, pseudonyms
from vises.qualitative.models import Code, Document

from .improvement import _dated

NADIA = "nadia.benali@ateliers-du-rebond.example"
JULIEN = "julien.morel@ateliers-du-rebond.example"
KOEN = "koen.peeters@groenwerkt.example"
CLAIRE = "claire.vasseur@savoirs-en-partage.example"

AWA = """Julien : Merci d'avoir accepté. Comment êtes-vous arrivée aux Ateliers ?
Awa : Par la mission locale, il y a un an. Je sortais de trois ans sans travail.
Julien : Comment ça se passait, au début ?
Awa : Au début je ne parlais à personne. Je n'osais pas poser de questions à l'encadrant.
Awa : J'avais peur qu'on pense que j'étais bête.
Julien : Et aujourd'hui ?
Awa : Aujourd'hui c'est moi qui montre aux nouvelles comment trier les vêtements.
Awa : Le lundi, à la réunion d'équipe, je prends la parole. Ça, avant, jamais.
Julien : Qu'est-ce qui a changé, à votre avis ?
Awa : Qu'on me fasse confiance.
Awa : Le jour où on m'a confié la caisse de la boutique, j'ai compris que j'étais capable.
Julien : Et pour la suite ?
Awa : J'ai un entretien pour un CDI dans une blanchisserie.
Awa : Sans le parcours, je n'aurais même pas postulé.
Awa : Ce qui reste difficile, c'est la garde de mon fils le matin."""

MEHDI = """Nadia : On commence ? Vous pouvez arrêter quand vous voulez.
Mehdi : Oui, ça va.
Nadia : Qu'est-ce que le parcours vous a apporté ?
Mehdi : Un rythme. Se lever, être à l'heure, ça je l'avais perdu.
Mehdi : Et le permis cariste, que j'ai passé en mars. C'est concret, ça se voit sur un CV.
Nadia : Et avec l'équipe ?
Mehdi : L'encadrant explique sans crier. Quand on se trompe, on recommence, c'est tout.
Mehdi : J'ai pris confiance, je crois. Avant je baissais les yeux en entretien d'embauche.
Nadia : Qu'est-ce qu'on pourrait améliorer ?
Mehdi : Les réunions du lundi, on n'y décide pas grand-chose. On écoute surtout.
Mehdi : J'aimerais qu'on nous demande notre avis sur l'organisation des chantiers."""

GROUP = """Julien : Bienvenue à ce groupe de parole. Six salariés en insertion sont présents.
Julien : Première question : qu'est-ce qui a changé pour vous depuis votre arrivée ?
Sandrine : Je me sens utile. Les clients de la boutique me disent merci.
Kevin : Moi c'est l'équipe. Avant j'étais seul chez moi toute la journée.
Fatou : J'ai appris à parler devant les autres. Au début je tremblais.
Julien : Est-ce que vous avez votre mot à dire sur la façon dont on travaille ?
Kevin : Un peu. On a changé les horaires d'été parce qu'on l'a demandé.
Sandrine : Mais pour le reste, c'est décidé sans nous.
Fatou : Les réunions du lundi, c'est l'encadrant qui parle. On pourrait tourner.
Julien : Et après les Ateliers ?
Sandrine : J'ai peur de la sortie. Ici on est soutenu, dehors on est seul.
Kevin : Moi je me sens prêt. J'ai confiance maintenant."""

MONDAY_NOTES = """Réunion d'équipe du lundi 4 mai 2026, atelier textile. Douze présents.
L'encadrant ouvre la réunion et présente le planning de la semaine.
Deux salariés en insertion posent une question sur les horaires; réponse immédiate.
Personne d'autre ne prend la parole pendant vingt minutes.
Le tour de table proposé en fin de réunion fait parler cinq personnes sur douze.
Une salariée propose de changer l'ordre des tâches du matin.
L'idée est notée pour la semaine prochaine."""

KOEN_INTERVIEW = """Els : Hoe zie jij de werknemers groeien in de ploeg?
Koen : De eerste weken kijken ze vooral. Ze durven de machines niet aan te raken.
Koen : Na drie maanden werken ze zelfstandig met de bosmaaier. Dat is een groot verschil.
Els : Welke attesten behalen ze?
Koen : Het VCA-attest en het attest voor de kettingzaag. Dat zijn papieren die werkgevers vragen.
Koen : Maar wat ze het meest leren is samenwerken: op tijd komen, afspraken nakomen.
Els : Wat loopt er minder goed?
Koen : De taal. Sommigen begrijpen de veiligheidsinstructies niet goed.
Koen : We werken nu met pictogrammen, dat helpt al veel.
Els : En het zelfvertrouwen?
Koen : Dat groeit als ze zien dat de klant tevreden is over het park. Dan zijn ze fier."""

LIFE_STORY_ROSA = """Karim : Racontez-moi d'où vous venez, comme vous voulez.
Rosa : Je suis née au Portugal. Je suis arrivée à Charleroi à dix-neuf ans, pour travailler.
Rosa : J'ai fait des ménages pendant trente ans. Je parlais le français, mais je ne l'écrivais pas.
Rosa : Pour tout ce qui était papiers, je demandais à ma fille. J'avais honte.
Karim : Et l'atelier ?
Rosa : Une voisine m'en a parlé. La première fois, je suis restée dans la voiture.
Rosa : Maintenant j'écris mes courriers moi-même.
Rosa : La semaine passée, j'ai rempli le formulaire de la mutuelle seule.
Rosa : Ma petite-fille m'envoie des messages et je lui réponds. Ça, c'est ma fierté.
Karim : Qu'est-ce qui vous a aidée ?
Rosa : Les bénévoles ne nous traitent pas comme des enfants. On rit beaucoup."""

LIFE_STORY_BAKARY = """Karim : Vous pouvez commencer où vous voulez.
Bakary : J'ai quitté la Guinée en 2019. J'ai traversé beaucoup de pays avant d'arriver ici.
Bakary : À l'école, chez nous, j'ai appris en langue pulaar, pas en français.
Bakary : Au début, au CPAS, je ne comprenais pas ce qu'on me demandait.
Karim : Qu'est-ce que l'atelier a changé ?
Bakary : Je comprends les lettres. J'ai pu m'inscrire seul à la formation de soudeur.
Bakary : Et j'ai des amis maintenant, des autres apprenants. On se voit le dimanche.
Bakary : Ce qui manque, c'est plus d'heures. Deux soirs par semaine, c'est peu."""

SOPHIE_2025 = """Nadia : Six mois après votre sortie, où en êtes-vous ?
Sophie : Je suis en CDD à la ressourcerie de Roubaix, jusqu'en mars.
Sophie : Ce qui m'a servi, c'est d'avoir déjà tenu un poste en boutique chez vous.
Nadia : Et ce qui a été difficile ?
Sophie : Le premier mois seule, sans l'encadrante. Je n'avais plus personne à qui demander.
Sophie : Un coup de fil de temps en temps, après la sortie, ça aiderait."""

GROUP_2025 = """Julien : Groupe de parole d'octobre 2025, huit salariés en insertion.
Julien : Qu'est-ce qui a changé pour vous cette année ?
Yannick : Je me lève le matin avec une raison de me lever.
Leïla : J'ose dire quand je ne comprends pas. Avant je faisais semblant.
Marc : On se sent moins jugés ici que dehors.
Julien : Qu'est-ce qui pourrait être mieux ?
Leïla : Qu'on nous explique plus tôt ce qui se passe après le parcours."""

# By enterprise and evaluation: who codes and when, the team's own codes (name, colour,
# description), and each document: (title, method, plan question's library code or
# None, date, stakeholder type, pseudonym, interviewer, consent, text, passages (the words
# coded, and the codes: a theme's code in the framework, or an own code's name)).
MATERIAL = [
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2025",
        "fr",
        NADIA,
        datetime(2025, 10, 28, 15, 0),
        [("Après la sortie", "sand", "Ce qui aide ou manque une fois le parcours fini.")],
        [
            (
                "Entretien avec Sophie, six mois après sa sortie",
                "interview",
                "int_stable_employment",
                date(2025, 10, 9),
                "trainee",
                "Sophie",
                "Nadia Benali",
                "Accord oral au téléphone, noté",
                SOPHIE_2025,
                [
                    (
                        "Ce qui m'a servi, c'est d'avoir déjà tenu un poste en boutique chez vous.",
                        ["economic", "individuals"],
                    ),
                    (
                        "Un coup de fil de temps en temps, après la sortie, ça aiderait.",
                        ["Après la sortie"],
                    ),
                ],
            ),
            (
                "Groupe de parole d'octobre 2025",
                "focus_group",
                "int_self_confidence",
                date(2025, 10, 16),
                "trainee",
                "Groupe du jeudi (8 personnes)",
                "Julien Morel",
                "Accord de chacun noté sur la feuille de présence",
                GROUP_2025,
                [
                    ("J'ose dire quand je ne comprends pas.", ["individuals"]),
                    (
                        "Qu'on nous explique plus tôt ce qui se passe après le parcours.",
                        ["Après la sortie"],
                    ),
                ],
            ),
        ],
    ),
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2026",
        "fr",
        JULIEN,
        datetime(2026, 10, 20, 14, 0),
        [
            ("Prise de parole", "rose", "Oser parler, en réunion ou devant les autres."),
            ("Peur de la sortie", "sand", "Ce qui inquiète à la fin du parcours."),
            ("Se sentir capable", "mint", "La confiance en ses propres capacités."),
        ],
        [
            (
                "Entretien avec Awa",
                "interview",
                "int_stable_employment",
                date(2026, 9, 24),
                "trainee",
                "Awa",
                "Julien Morel",
                "Accord oral enregistré en début d'entretien",
                AWA,
                [
                    ("Je n'osais pas poser de questions à l'encadrant.", ["Prise de parole"]),
                    (
                        "Le lundi, à la réunion d'équipe, je prends la parole. Ça, avant, jamais.",
                        ["Prise de parole", "participation"],
                    ),
                    (
                        "Le jour où on m'a confié la caisse de la boutique, j'ai compris que "
                        "j'étais capable.",
                        ["Se sentir capable", "individuals"],
                    ),
                    (
                        "J'ai un entretien pour un CDI dans une blanchisserie.\nAwa : Sans le "
                        "parcours, je n'aurais même pas postulé.",
                        ["economic", "individuals"],
                    ),
                ],
            ),
            (
                "Entretien avec Mehdi",
                "interview",
                "int_stable_employment",
                date(2026, 9, 30),
                "trainee",
                "Mehdi",
                "Nadia Benali",
                "Formulaire signé, classé au bureau",
                MEHDI,
                [
                    ("Et le permis cariste, que j'ai passé en mars.", ["economic"]),
                    (
                        "J'ai pris confiance, je crois. Avant je baissais les yeux en entretien "
                        "d'embauche.",
                        ["Se sentir capable", "individuals"],
                    ),
                    (
                        "Les réunions du lundi, on n'y décide pas grand-chose. On écoute surtout.",
                        ["participation"],
                    ),
                ],
            ),
            (
                "Observation de la réunion du lundi",
                "observation",
                "int_trainee_voice",
                date(2026, 5, 4),
                "trainee",
                "Atelier textile",
                "Julien Morel",
                "Équipe prévenue de l'observation la semaine d'avant",
                MONDAY_NOTES,
                [
                    (
                        "Personne d'autre ne prend la parole pendant vingt minutes.",
                        ["participation", "Prise de parole"],
                    ),
                    (
                        "Une salariée propose de changer l'ordre des tâches du matin.",
                        ["governance", "participation"],
                    ),
                ],
            ),
            (
                "Groupe de parole d'octobre",
                "focus_group",
                "int_self_confidence",
                date(2026, 10, 15),
                "trainee",
                "Groupe du jeudi (6 personnes)",
                "Julien Morel",
                "Accord de chacun noté sur la feuille de présence",
                GROUP,
                [
                    ("J'ai appris à parler devant les autres.", ["Prise de parole"]),
                    ("Mais pour le reste, c'est décidé sans nous.", ["participation"]),
                    (
                        "J'ai peur de la sortie. Ici on est soutenu, dehors on est seul.",
                        ["Peur de la sortie"],
                    ),
                    ("Moi je me sens prêt. J'ai confiance maintenant.", ["Se sentir capable"]),
                ],
            ),
        ],
    ),
    (
        "Groen Werkt",
        "Impact van onze groenploegen 2026",
        "nl",
        KOEN,
        datetime(2026, 11, 18, 10, 0),
        [("Veiligheid en taal", "sand", "Instructies die niet begrepen worden.")],
        [
            (
                "Gesprek met een ploegbaas",
                "interview",
                "int_skills",
                date(2026, 11, 12),
                "worker",
                "Ploegbaas Noord",
                "Els De Smet",
                "Mondelinge toestemming, genoteerd",
                KOEN_INTERVIEW,
                [
                    (
                        "Na drie maanden werken ze zelfstandig met de bosmaaier.",
                        ["individuals", "economic"],
                    ),
                    (
                        "Sommigen begrijpen de veiligheidsinstructies niet goed.",
                        ["Veiligheid en taal"],
                    ),
                    ("Dan zijn ze fier.", ["individuals"]),
                ],
            ),
        ],
    ),
    (
        "Savoirs en Partage",
        "Ce que nos ateliers changent pour les apprenants, 2026-2027",
        "fr",
        CLAIRE,
        datetime(2026, 3, 10, 16, 0),
        [
            ("Autonomie dans les démarches", "mint", "Faire ses papiers seul ou seule."),
            ("Liens avec les autres", "lilac", ""),
        ],
        [
            (
                "Récit de vie de Rosa",
                "life_story",
                None,
                date(2026, 2, 18),
                "beneficiary",
                "Rosa",
                "Karim Haddad",
                "Formulaire signé le jour même",
                LIFE_STORY_ROSA,
                [
                    ("J'avais honte.", ["individuals"]),
                    (
                        "La semaine passée, j'ai rempli le formulaire de la mutuelle seule.",
                        ["Autonomie dans les démarches", "individuals"],
                    ),
                    (
                        "Les bénévoles ne nous traitent pas comme des enfants.",
                        ["Liens avec les autres"],
                    ),
                ],
            ),
            (
                "Récit de vie de Bakary",
                "life_story",
                None,
                date(2026, 3, 4),
                "beneficiary",
                "Bakary",
                "Karim Haddad",
                "Formulaire signé le jour même",
                LIFE_STORY_BAKARY,
                [
                    (
                        "J'ai pu m'inscrire seul à la formation de soudeur.",
                        ["Autonomie dans les démarches", "economic"],
                    ),
                    (
                        "Et j'ai des amis maintenant, des autres apprenants.",
                        ["Liens avec les autres"],
                    ),
                ],
            ),
        ],
    ),
]


def load() -> None:
    """Add the material of evaluations that hold none yet."""
    emails = {email for _e, _t, _l, email, *_rest in MATERIAL}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    for enterprise, title, language, email, when, own_codes, documents in MATERIAL:
        evaluation = Evaluation.objects.filter(enterprise__name=enterprise, title=title).first()
        if evaluation is None or evaluation.documents.exists():
            continue
        user = people[email]
        with translation.override(language), _dated(evaluation, when):
            codebook.seed(evaluation, user)
            for name, colour, description in own_codes:
                codebook.save(
                    Code(evaluation=evaluation, name=name, colour=colour, description=description),
                    user,
                )
            codes = {code.theme_code or code.name: code for code in evaluation.codes.all()}
            for spec in documents:
                _document(evaluation, user, codes, *spec)
            for real_name, pseudonym in PSEUDONYMS.get(title, []):
                pseudonyms.add(evaluation, user, real_name=real_name, pseudonym=pseudonym)
            for words, question in QUOTED.get(title, []):
                _quote(evaluation, user, words, question, language)
        latest = evaluation.changes.aggregate(latest=Max("at"))["latest"]
        Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=latest)


# By evaluation: the real names of the people met, and their pseudonyms.
PSEUDONYMS = {
    "Nos parcours d'insertion, 2026": [("Awa Koné", "Awa"), ("Mehdi Larbi", "Mehdi")],
    "Ce que nos ateliers changent pour les apprenants, 2026-2027": [
        ("Rosa Ferreira", "Rosa"),
        ("Bakary Diallo", "Bakary"),
    ],
}

# By evaluation: passages the team kept as quotes, each for an evaluative question (its
# code in the framework's library).
QUOTED = {
    "Nos parcours d'insertion, 2025": [
        (
            "Un coup de fil de temps en temps, après la sortie, ça aiderait.",
            "int_stable_employment",
        ),
    ],
    "Nos parcours d'insertion, 2026": [
        (
            "Le jour où on m'a confié la caisse de la boutique, j'ai compris que j'étais capable.",
            "int_self_confidence",
        ),
        (
            "J'ai peur de la sortie. Ici on est soutenu, dehors on est seul.",
            "int_stable_employment",
        ),
    ],
    "Impact van onze groenploegen 2026": [
        ("Na drie maanden werken ze zelfstandig met de bosmaaier.", "int_skills"),
    ],
}


def _quote(evaluation, user, words, question_code, language) -> None:
    excerpt = next(
        e
        for e in coding.Excerpt.objects.filter(document__evaluation=evaluation).select_related(
            "document"
        )
        if e.text == words
    )
    question = evaluation.questions.get(library_code=question_code)
    quotes.choose_passage(question, user, excerpt=excerpt, language=language)


def _document(
    evaluation, user, codes, title, method, question, day, kind, pseudonym, by, consent, text, coded
) -> None:
    row = evaluation.plan_rows.filter(question__library_code=question).first() if question else None
    document = material.add(
        Document(
            evaluation=evaluation,
            plan_row=row,
            method=method,
            title=title,
            text=text,
            happened_on=day,
            stakeholder_type=kind,
            pseudonym=pseudonym,
            interviewer=by,
            consent=consent,
            consent_on=day,
        ),
        user,
    )
    for words, names in coded:
        start = text.index(words)
        coding.code(
            document,
            user,
            start=start,
            end=start + len(words),
            codes=[codes[name] for name in names],
        )
