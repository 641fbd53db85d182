"""The demo's reading of its evidence: quotes chosen among the real open answers, rounds
where team members and guests say whether the findings match their experience, and the
interpretation and lessons each team agreed.

- Les Ateliers du Rebond reads its 2025 results with its steering group in December 2025
  (two closed rounds, two interpretations), then in November 2026 takes stock of 2026
  before its questionnaires close: a closed round on self-confidence with an interim
  interpretation, and a round on jobs after the contract still open.
- Groen Werkt reads its spring and autumn answers on skills in November 2026, with its
  crews, a volunteer, its VDAB job coach and a partner visiting from Glasgow, in English.

Everything goes through the product's own functions (`quotes.choose`, `rounds.start_round`,
`rounds.give_opinions`, `rounds.set_open`, `rounds.agree`), so the history records it;
then it is dated when it happened. The texts cite the figures the demo's answers give.
Bruxelles Aide à Domicile has answers but no evaluative question yet: nothing to read.
"""

import random
from contextlib import contextmanager
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.utils import timezone, translation

from vises.accounts.models import User
from vises.evaluations.models import Change, Evaluation
from vises.interpretation import evidence, quotes, rounds
from vises.interpretation.models import Interpretation, Opinion, Quote, Round
from vises.surveys.models import Question, Response

AGREE = Opinion.Verdict.AGREE
PARTLY = Opinion.Verdict.PARTLY
DISAGREE = Opinion.Verdict.DISAGREE

# A reading per evaluation, by enterprise and title; for each evaluative question (by its
# code in the framework's library):
# - quotes: when, chosen by (email), and (survey question code, wave, the answer as
#   written, the quote when shortened);
# - round: title, the question in everyday words for its guests, introduction, opened and
#   closed (when, by), its findings ("survey:CODE",
#   "indicator:CODE or name", "quotes"), and its participants: when they answered, who
#   (an email when signed in, else a guest), the name or role they gave, the language of
#   their page, and for each finding a (verdict, comment) or None when they skipped it;
# - interpretation: when, by, what the team agreed, the lessons.

NADIA = "nadia.benali@ateliers-du-rebond.example"
JULIEN = "julien.morel@ateliers-du-rebond.example"
ELS = "els.de.smet@groenwerkt.example"
KOEN = "koen.peeters@groenwerkt.example"

SIX_MONTHS = "indicator:En emploi six mois après la sortie"

REBOND_2025 = {
    "enterprise": "Les Ateliers du Rebond",
    "evaluation": "Nos parcours d'insertion, 2025",
    "language": "fr",
    "questions": {
        "int_stable_employment": {
            "quotes": (
                datetime(2025, 11, 24, 10, 15),
                NADIA,
                [
                    (
                        "anything_else",
                        "Sortie",
                        "J'ai trouvé un CDD dans une entreprise de déménagement grâce au stage.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Sortie",
                        "Je commence une formation de cariste en janvier.",
                        None,
                    ),
                    ("anything_else", "Sortie", "Le contrat est passé trop vite.", None),
                    (
                        "one_thing_to_change",
                        "Sortie",
                        "Avoir plus de temps avec la conseillère pour chercher du travail.",
                        None,
                    ),
                    (
                        "one_thing_to_change",
                        "Entrée",
                        "Plus de formations, par exemple le CACES.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "J'espère passer le permis pendant le contrat.",
                        "J'espère passer le permis",
                    ),
                ],
            ),
            "round": {
                "title": "Sorties et emploi : ce que nous lisons dans les chiffres de 2025",
                "plain_question": (
                    "Le passage aux Ateliers aide-t-il les personnes à trouver un emploi ou une "
                    "formation ?"
                ),
                "introduction": (
                    "Voici ce que disent les enquêtes d'entrée et de sortie et l'appel six mois "
                    "après la sortie. Vous lirez aussi quelques phrases écrites par les "
                    "salariés. Pour "
                    "chaque résultat, dites-nous s'il correspond à ce que vous vivez ou voyez, "
                    "et pourquoi. Nous en parlerons au comité de pilotage du 2 décembre."
                ),
                "opened": (datetime(2025, 11, 25, 9, 30), NADIA),
                "closed": (datetime(2025, 12, 12, 16, 0), NADIA),
                "findings": ["survey:next_step", SIX_MONTHS, "quotes"],
                "participants": [
                    (
                        datetime(2025, 11, 25, 10, 5),
                        NADIA,
                        "directrice",
                        "fr",
                        [
                            (
                                AGREE,
                                "Cela rejoint notre bilan des sorties pour le Département : 31 % "
                                "vers l'emploi, 57 % de sorties positives. Les questionnaires "
                                "sont un peu plus optimistes, c'est logique : certains comptent "
                                "un emploi promis mais pas encore signé.",
                            ),
                            (
                                AGREE,
                                "Un tiers en emploi six mois après, c'est moins que ce que nous "
                                "espérions, mais c'est la première fois que nous le mesurons "
                                "vraiment.",
                            ),
                            (
                                AGREE,
                                "Les citations parlent d'elles-mêmes, surtout celle sur le "
                                "contrat trop court.",
                            ),
                        ],
                    ),
                    (
                        datetime(2025, 11, 26, 14, 20),
                        JULIEN,
                        "encadrant technique",
                        "fr",
                        [
                            (
                                PARTLY,
                                "À l'atelier, je vois surtout que ceux qui partent en formation "
                                "ont choisi un métier qu'ils ont touché ici. « Un emploi », "
                                "c'est parfois trois semaines d'intérim.",
                            ),
                            (
                                AGREE,
                                "Ceux qui tiennent six mois sont souvent ceux qui ont fait un "
                                "vrai stage en entreprise avant la fin du contrat.",
                            ),
                            (
                                AGREE,
                                "Le CACES revient tout le temps dans les discussions à la pause.",
                            ),
                        ],
                    ),
                    (
                        datetime(2025, 11, 27, 11, 40),
                        None,
                        "Conseillère France Travail",
                        "fr",
                        [
                            (
                                PARTLY,
                                "Je retrouve la baisse de « je cherche encore », mais une partie "
                                "de ceux qui ne savent pas encore à la sortie reviennent chez "
                                "nous sans solution.",
                            ),
                            (
                                AGREE,
                                "C'est cohérent avec ce que nous voyons pour les autres "
                                "chantiers d'insertion du secteur.",
                            ),
                            None,
                        ],
                    ),
                    (
                        datetime(2025, 12, 2, 10, 15),
                        None,
                        "Mehdi, atelier meubles",
                        "fr",
                        [
                            (
                                AGREE,
                                "Moi je pars en formation de cariste en janvier, et on est "
                                "plusieurs dans ce cas.",
                            ),
                            (
                                PARTLY,
                                "Six mois c'est long. Si le premier travail ne marche pas, ça ne "
                                "veut pas dire que l'atelier n'a servi à rien.",
                            ),
                            (
                                AGREE,
                                "Le contrat passe trop vite, c'est vrai. Il faudrait commencer à "
                                "chercher plus tôt.",
                            ),
                        ],
                    ),
                    (
                        datetime(2025, 12, 2, 10, 30),
                        None,
                        "Sandrine, boutique",
                        "fr",
                        [
                            (
                                DISAGREE,
                                "Autour de moi à la boutique, presque personne n'a un emploi "
                                "prévu. On cherche, mais sans permis il n'y a rien à Roubaix.",
                            ),
                            (PARTLY, ""),
                            (AGREE, "Le permis, c'est ce qui manque le plus."),
                        ],
                    ),
                    (
                        datetime(2025, 12, 3, 19, 5),
                        None,
                        "",
                        "fr",
                        [
                            (AGREE, ""),
                            None,
                            (
                                AGREE,
                                "Plus de temps avec la conseillère, oui. On la voit une heure "
                                "par mois.",
                            ),
                        ],
                    ),
                    (
                        datetime(2025, 12, 4, 15, 50),
                        None,
                        "stagiaire assistante sociale",
                        "fr",
                        [
                            (
                                AGREE,
                                "Aux entretiens de sortie où j'étais, ceux qui avaient une "
                                "formation prévue avaient tous un financement accepté : c'est "
                                "solide.",
                            ),
                            (AGREE, ""),
                            None,
                        ],
                    ),
                ],
            },
            "interpretation": (
                datetime(2025, 12, 15, 11, 0),
                NADIA,
                "À la sortie, 33 % des salariés en insertion ont un emploi prévu et 28 % une "
                "formation. À l'entrée, c'était 5 % et 5 %, et ceux qui « cherchent encore » "
                "passent de 58 % à 21 %. Notre bilan pour le Département dit 31 % vers l'emploi et "
                "57 % de sorties positives. Nos cibles étaient 35 % et 60 %. Six mois après la "
                "sortie, 33 % des personnes sorties en 2024 ont un emploi, pour une cible de "
                "40 %. L'emploi trouvé à la sortie ne dure donc pas "
                "toujours. Pour la conseillère France Travail et notre encadrant, « un emploi » "
                "est parfois quelques semaines d'intérim. Selon les réponses, les formations "
                "qualifiantes (CACES, permis) et la durée du contrat comptent le plus.",
                "Commencer la recherche d'emploi dès le sixième mois du contrat, avec un "
                "rendez-vous par mois avec la conseillère.\n"
                "Chercher avec le PLIE le financement de places de CACES et de permis de "
                "conduire pendant le contrat.\n"
                "Garder l'appel à six mois et y demander le type de contrat (CDI, CDD, intérim) "
                "pour savoir quels emplois durent.\n"
                "Demander au Département de prolonger le contrat des personnes dont la "
                "formation commence après sa fin.",
            ),
        },
        "int_self_confidence": {
            "quotes": (
                datetime(2025, 11, 24, 15, 0),
                JULIEN,
                [
                    (
                        "anything_else",
                        "Sortie",
                        "J'ai repris confiance, je ne pensais pas y arriver.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "Au début j'avais peur, mais l'équipe est sympa.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "C'est mon premier travail depuis longtemps.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Sortie",
                        "J'ai appris à travailler en équipe et à être à l'heure.",
                        None,
                    ),
                    (
                        "one_thing_to_change",
                        "Sortie",
                        "Que les clients de la boutique soient plus polis avec nous.",
                        "Que les clients de la boutique soient plus polis avec nous",
                    ),
                ],
            ),
            "round": {
                "title": "Confiance en soi : qu'en pensez-vous ?",
                "plain_question": "Le passage aux Ateliers donne-t-il plus confiance en soi ?",
                "introduction": (
                    "Les salariés en insertion ont répondu aux mêmes six questions sur l'estime "
                    "de soi. C'était à l'entrée et à la sortie de leur contrat. Ces résultats vous "
                    "parlent-ils ? Vous pouvez répondre sans donner votre nom."
                ),
                "opened": (datetime(2025, 11, 25, 9, 45), JULIEN),
                "closed": (datetime(2025, 12, 12, 16, 5), JULIEN),
                "findings": [
                    "indicator:self_worth_mean",
                    "indicator:self_worth_high_share",
                    "survey:self_worth_1",
                    "survey:self_worth_5",
                    "quotes",
                ],
                "participants": [
                    (
                        datetime(2025, 11, 25, 16, 30),
                        JULIEN,
                        "encadrant technique",
                        "fr",
                        [
                            (
                                AGREE,
                                "On le voit à l'atelier : au bout de quelques mois, ils osent "
                                "demander, proposer, montrer ce qu'ils ont réparé.",
                            ),
                            (
                                PARTLY,
                                "29 % seulement, ça m'étonne. Mais 4 sur 5 partout, c'est "
                                "beaucoup demander à quelqu'un qui sort de deux ans de chômage.",
                            ),
                            (AGREE, ""),
                            (
                                AGREE,
                                "Les soucis de logement ou de santé ne s'arrêtent pas à la "
                                "porte de l'atelier.",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2025, 11, 26, 9, 10),
                        NADIA,
                        "directrice",
                        "fr",
                        [
                            (AGREE, "La progression est nette, et proche de la cible de 3,5."),
                            (
                                AGREE,
                                "La cible de 50 % était trop haute pour un seul contrat : nous "
                                "l'avions fixée sans savoir ce que demande ce seuil.",
                            ),
                            (AGREE, "C'est le résultat qui me fait le plus plaisir."),
                            None,
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2025, 12, 2, 10, 20),
                        None,
                        "Mehdi, atelier meubles",
                        "fr",
                        [
                            (
                                AGREE,
                                "Au début je ne parlais à personne. Maintenant c'est moi qui "
                                "montre aux nouveaux comment démonter un canapé.",
                            ),
                            (AGREE, ""),
                            (
                                AGREE,
                                "Avant je ne savais pas quoi mettre sur un CV. Maintenant je sais.",
                            ),
                            (
                                DISAGREE,
                                "Bien dans ma peau, non. J'ai encore des problèmes de logement, "
                                "l'atelier n'y peut rien.",
                            ),
                            (AGREE, "« Au début j'avais peur », c'est exactement ça."),
                        ],
                    ),
                    (
                        datetime(2025, 12, 2, 10, 40),
                        None,
                        "Sandrine, boutique",
                        "fr",
                        [
                            (
                                PARTLY,
                                "Oui, mais à la boutique certains clients nous parlent mal, et "
                                "ça fait redescendre.",
                            ),
                            None,
                            (AGREE, ""),
                            (PARTLY, "Ça dépend des jours."),
                            (
                                AGREE,
                                "La phrase sur les clients polis, c'est moi qui aurais pu "
                                "l'écrire.",
                            ),
                        ],
                    ),
                    (
                        datetime(2025, 12, 3, 20, 15),
                        None,
                        "",
                        "fr",
                        [
                            (AGREE, ""),
                            None,
                            (AGREE, ""),
                            (DISAGREE, "Je me sens mieux au travail, pas dans ma vie."),
                            None,
                        ],
                    ),
                    (
                        datetime(2025, 12, 4, 9, 0),
                        None,
                        "Conseillère France Travail",
                        "fr",
                        [
                            (
                                AGREE,
                                "Je le vois en entretien : ils parlent de ce qu'ils savent "
                                "faire, plus seulement de ce qui leur manque.",
                            ),
                            (
                                PARTLY,
                                "Un seuil à 4 sur 5 est exigeant ; la moyenne dit mieux le "
                                "chemin parcouru.",
                            ),
                            (AGREE, ""),
                            None,
                            None,
                        ],
                    ),
                    (
                        datetime(2025, 12, 4, 15, 55),
                        None,
                        "stagiaire assistante sociale",
                        "fr",
                        [
                            (AGREE, ""),
                            None,
                            (
                                AGREE,
                                "Les entretiens de sortie les aident à mettre des mots sur ce "
                                "qu'ils savent faire.",
                            ),
                            (
                                PARTLY,
                                "Cette question bouge moins que les autres : moins de gens "
                                "disent non, mais ils passent surtout à « ni d'accord ni pas "
                                "d'accord ».",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2025, 12, 5, 14, 30),
                        None,
                        "Anna, researcher with the Passerelles ESS network",
                        "en",
                        [
                            (
                                AGREE,
                                "A rise from 2.9 to 3.35 on this scale is substantial for a "
                                "single contract; other work-integration schemes in the network "
                                "report smaller gains.",
                            ),
                            (
                                PARTLY,
                                "The share at 4 or above goes from 11% to 29%: real progress, "
                                "but the 50% target assumed a much higher starting point than "
                                "the 11% you found at entry.",
                            ),
                            (AGREE, ""),
                            (
                                PARTLY,
                                "This item moves least: fewer people disagree (36% down to "
                                "19%), but most of them move to 'neither', not to 'agree'. "
                                "Housing and health may weigh more here than the workshop.",
                            ),
                            (AGREE, "The quotes fit the figures well."),
                        ],
                    ),
                ],
            },
            "interpretation": (
                datetime(2025, 12, 15, 14, 30),
                JULIEN,
                "Entre l'entrée et la sortie, le score moyen d'estime de soi passe de 2,9 à 3,35 "
                "sur 5. C'est près de notre cible de 3,5, et presque tous les participants le "
                "reconnaissent. Pour eux, c'est oser montrer ce qu'ils savent faire. Ceux qui "
                "disent connaître leurs points forts passent de 27 % à 43 %. Une bonne estime de "
                "soi (4 sur 5 ou plus) passe de 11 % à 29 %, loin des 50 % visés. « Je me sens "
                "bien dans ma peau » bouge le moins : de 35 % à 39 % d'accord. Pour deux "
                "salariés, le logement, la santé ou les remarques de clients pèsent plus que "
                "l'atelier.",
                "Dire plus souvent, et précisément, ce qui est bien fait : un temps en fin de "
                "semaine avec l'encadrant.\n"
                "Préparer avec l'équipe de la boutique des réponses aux clients irrespectueux, "
                "et soutenir les vendeurs quand cela arrive.\n"
                "Orienter dès l'accueil vers le centre social et l'assistante sociale pour le "
                "logement et la santé.\n"
                "Garder les six questions à l'entrée et à la sortie, et suivre la moyenne et la "
                "part au-dessus de 4.",
            ),
        },
    },
}

REBOND_2026 = {
    "enterprise": "Les Ateliers du Rebond",
    "evaluation": "Nos parcours d'insertion, 2026",
    "language": "fr",
    "questions": {
        "int_self_confidence": {
            "quotes": (
                datetime(2026, 11, 6, 11, 0),
                JULIEN,
                [
                    (
                        "anything_else",
                        "Entrée",
                        "Au début j'avais peur, mais l'équipe est sympa.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "C'est mon premier travail depuis longtemps.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "Je suis content d'avoir trouvé une place ici.",
                        "Je suis content d'avoir trouvé une place",
                    ),
                    ("anything_else", "Sortie", "Merci à toute l'équipe de l'atelier.", None),
                    ("wished_job", "Sortie", "Réparer des machines, comme ici", None),
                ],
            ),
            "round": {
                "title": "Lecture d'étape : la confiance en soi en 2026",
                "plain_question": "Le passage aux Ateliers donne-t-il plus confiance en soi ?",
                "introduction": (
                    "L'année n'est pas finie : les questionnaires courent jusqu'au 18 décembre. "
                    "Voici ce qu'ils disent à ce jour, et les mots de quelques salariés. Est-ce "
                    "que cela correspond à ce que vous vivez ?"
                ),
                "opened": (datetime(2026, 11, 9, 9, 0), JULIEN),
                "closed": (datetime(2026, 11, 20, 17, 0), JULIEN),
                "findings": [
                    "indicator:self_worth_mean",
                    "survey:self_worth_5",
                    "survey:self_worth_4",
                    "quotes",
                ],
                "participants": [
                    (
                        datetime(2026, 11, 9, 11, 0),
                        JULIEN,
                        "encadrant technique",
                        "fr",
                        [
                            (AGREE, "Même tendance qu'en 2025, un peu plus haut à l'entrée."),
                            (
                                AGREE,
                                "Cette année, plusieurs ont trouvé un logement pendant leur "
                                "contrat, avec le centre social : ça se sent.",
                            ),
                            (AGREE, ""),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 10, 8, 45),
                        NADIA,
                        "directrice",
                        "fr",
                        [
                            (AGREE, ""),
                            (
                                PARTLY,
                                "56 %, c'est beaucoup mieux que l'an dernier, mais sur 27 "
                                "questionnaires de sortie seulement. Attendons décembre.",
                            ),
                            (AGREE, ""),
                            (AGREE, "Les nouveaux ont peur au début, c'est toujours pareil."),
                        ],
                    ),
                    (
                        datetime(2026, 11, 12, 12, 30),
                        None,
                        "Kevin, collecte",
                        "fr",
                        [
                            (AGREE, "Je me sens plus solide qu'en arrivant, c'est sûr."),
                            (AGREE, ""),
                            (
                                AGREE,
                                "Ici personne ne te juge. Tout le monde a eu des galères.",
                            ),
                            (AGREE, "L'équipe est sympa, c'est vrai."),
                        ],
                    ),
                    (
                        datetime(2026, 11, 13, 21, 10),
                        None,
                        "",
                        "fr",
                        [
                            (
                                PARTLY,
                                "Le questionnaire de sortie, on le remplit avec l'encadrant. On "
                                "n'ose pas mettre qu'on va mal.",
                            ),
                            (
                                DISAGREE,
                                "Moi je ne me sens pas mieux. Le contrat se finit et je n'ai "
                                "rien après.",
                            ),
                            (PARTLY, ""),
                            None,
                        ],
                    ),
                    (
                        datetime(2026, 11, 16, 14, 5),
                        None,
                        "Leïla, encadrante électroménager",
                        "fr",
                        [
                            (
                                AGREE,
                                "Au bout de deux ou trois mois, ils prennent des initiatives "
                                "sur les réparations.",
                            ),
                            (AGREE, ""),
                            (
                                AGREE,
                                "Ils se comparent moins parce qu'ils voient que chacun a sa "
                                "place dans l'atelier.",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 18, 10, 20),
                        None,
                        "stagiaire éducatrice spécialisée",
                        "fr",
                        [
                            (AGREE, ""),
                            (AGREE, ""),
                            None,
                            (
                                AGREE,
                                "« C'est mon premier travail depuis longtemps » : on l'entend "
                                "beaucoup aux entretiens d'accueil.",
                            ),
                        ],
                    ),
                ],
            },
            "interpretation": (
                datetime(2026, 11, 24, 15, 0),
                JULIEN,
                "Lecture d'étape, avant la fin des questionnaires le 18 décembre : les résultats "
                "vont dans le même sens qu'en 2025. Le score moyen d'estime de soi passe de 3,1 "
                "à l'entrée à 3,54 à la sortie, près de notre cible de 3,6 ; ceux qui se "
                "sentent bien dans leur peau passent de 28 % à 56 %, et ceux qui se trouvent "
                "moins bien que les autres de 21 % à 4 %. Les participants s'y reconnaissent : "
                "l'équipe et le fait que « personne ne te juge » reviennent souvent, et "
                "plusieurs salariés ont trouvé un logement pendant leur contrat avec l'aide du "
                "centre social. Nous restons prudents : il n'y a que 27 questionnaires de "
                "sortie, et une personne fait remarquer qu'on n'ose pas dire qu'on va mal quand "
                "on remplit le questionnaire avec son encadrant. Comme en 2025, la part des "
                "personnes avec une bonne estime de soi reste basse (19 % à la sortie, pour une "
                "cible de 55 %).",
                "Proposer à ceux qui le veulent de remplir le questionnaire de sortie seuls, ou "
                "avec une autre personne que leur encadrant.\n"
                "Continuer d'orienter vers le centre social dès l'accueil pour le logement.\n"
                "Préparer l'après-contrat avec chaque personne au moins trois mois avant la "
                "fin.\n"
                "Relire ces résultats en décembre, avec toutes les réponses de l'année.",
            ),
        },
        "int_stable_employment": {
            "quotes": (
                datetime(2026, 11, 19, 10, 0),
                NADIA,
                [
                    (
                        "anything_else",
                        "Sortie",
                        "J'ai trouvé un CDD dans une entreprise de déménagement grâce au stage.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Sortie",
                        "Je commence une formation de cariste en janvier.",
                        None,
                    ),
                    (
                        "one_thing_to_change",
                        "Entrée",
                        "Plus de formations, par exemple le CACES.",
                        None,
                    ),
                    (
                        "anything_else",
                        "Entrée",
                        "J'espère passer le permis pendant le contrat.",
                        "J'espère passer le permis",
                    ),
                    (
                        "one_thing_to_change",
                        "Sortie",
                        "Que les contrats durent plus longtemps.",
                        None,
                    ),
                ],
            ),
            "round": {
                "title": "Emploi et formation après le contrat : premiers chiffres de 2026",
                "plain_question": (
                    "Le passage aux Ateliers aide-t-il les personnes à trouver un emploi ou une "
                    "formation ?"
                ),
                "introduction": (
                    "Avant le comité de pilotage de décembre, dites-nous si ces premiers "
                    "chiffres correspondent à ce que vous voyez. Les questionnaires de sortie "
                    "arrivent encore jusqu'au 18 décembre."
                ),
                "opened": (datetime(2026, 11, 23, 9, 15), NADIA),
                "closed": None,
                "findings": ["survey:next_step", SIX_MONTHS, "quotes"],
                "participants": [
                    (
                        datetime(2026, 11, 23, 9, 40),
                        NADIA,
                        "directrice",
                        "fr",
                        [
                            (
                                PARTLY,
                                "19 % d'emploi prévu à la sortie, c'est moins qu'en 2025 (33 %). "
                                "Mais nos trois employeurs du BTP recrutent surtout au "
                                "printemps : à revoir en décembre.",
                            ),
                            (
                                AGREE,
                                "36 % en emploi six mois après, c'est mieux que l'an dernier "
                                "(33 %). L'appel est devenu une habitude.",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 24, 13, 15),
                        JULIEN,
                        "encadrant technique",
                        "fr",
                        [
                            (
                                AGREE,
                                "Beaucoup partent en formation cette année : 30 % à la sortie. "
                                "Les places de CACES trouvées avec le PLIE y sont pour beaucoup.",
                            ),
                            (AGREE, ""),
                            (
                                AGREE,
                                "Le CDD dans le déménagement, c'est grâce au stage de trois "
                                "semaines qu'on avait organisé.",
                            ),
                        ],
                    ),
                    (
                        datetime(2026, 11, 25, 17, 30),
                        None,
                        "Responsable du recrutement, entreprise du BTP partenaire",
                        "fr",
                        [
                            (
                                DISAGREE,
                                "Nous avons recruté deux personnes des Ateliers depuis "
                                "septembre, et une troisième commence en janvier : au moment du "
                                "questionnaire, elles n'avaient peut-être pas encore signé.",
                            ),
                            None,
                            (
                                AGREE,
                                "Le permis bloque aussi de notre côté : nos chantiers sont loin "
                                "des transports en commun.",
                            ),
                        ],
                    ),
                    (
                        datetime(2026, 11, 26, 20, 45),
                        None,
                        "",
                        "fr",
                        [
                            (AGREE, "Je sors en décembre et je cherche encore."),
                            None,
                            (AGREE, "Oui, les contrats sont trop courts."),
                        ],
                    ),
                    (
                        datetime(2026, 11, 27, 10, 5),
                        None,
                        "Conseillère France Travail",
                        "fr",
                        [
                            (
                                AGREE,
                                "Cohérent avec nos suivis : plus de formations, moins d'emplois "
                                "directs cette année.",
                            ),
                            (AGREE, ""),
                            None,
                        ],
                    ),
                ],
            },
        },
    },
}

GROEN_WERKT = {
    "enterprise": "Groen Werkt",
    "evaluation": "Impact van onze groenploegen 2026",
    "language": "nl",
    "questions": {
        "int_skills": {
            "quotes": (
                datetime(2026, 11, 5, 10, 0),
                KOEN,
                [
                    (
                        "one_thing_to_change",
                        "Voorjaar 2026",
                        "Meer uitleg over de machines voor we beginnen.",
                        "Meer uitleg over de machines",
                    ),
                    (
                        "one_thing_to_change",
                        "Najaar 2026",
                        "Meer opleidingen, bijvoorbeeld het rijbewijs C.",
                        None,
                    ),
                    (
                        "one_thing_to_change",
                        "Voorjaar 2026",
                        "Meer tijd om een klus goed af te werken.",
                        None,
                    ),
                    ("wished_job", "Najaar 2026", "Tuinier bij een gewoon bedrijf", None),
                    ("wished_job", "Najaar 2026", "Iets met machines", None),
                ],
            ),
            "round": {
                "title": "Wat leren onze mensen? De bevraging van voorjaar en najaar",
                "plain_question": (
                    "Wat leren mensen bij Groen Werkt, en kunnen ze dat later tonen aan een andere "
                    "werkgever?"
                ),
                "introduction": (
                    "In april en in oktober kregen de werknemers van de groenploegen dezelfde "
                    "vragen. Ze gingen over opleiding en over wat ze bij ons leren. Herkent u "
                    "deze resultaten? Zeg het eerlijk, ook als u het er niet mee eens bent. Uw "
                    "naam invullen hoeft niet."
                ),
                "opened": (datetime(2026, 11, 9, 8, 30), ELS),
                "closed": (datetime(2026, 11, 24, 16, 0), ELS),
                "findings": [
                    "survey:training_followed",
                    "survey:training_hours",
                    "survey:skills_gained",
                    "indicator:skills_gained_share",
                    "quotes",
                ],
                "participants": [
                    (
                        datetime(2026, 11, 9, 9, 0),
                        ELS,
                        "coördinator",
                        "nl",
                        [
                            (
                                AGREE,
                                "De VCA- en machinecursussen van de zomer zie je duidelijk terug.",
                            ),
                            (
                                AGREE,
                                "Bijna een verdubbeling van de opleidingsuren op een half jaar.",
                            ),
                            (AGREE, ""),
                            (
                                PARTLY,
                                "Blijven steken op 66% terwijl iedereen meer opleiding kreeg: "
                                "dat moeten we samen bespreken.",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 10, 7, 45),
                        KOEN,
                        "ploegbaas parken",
                        "nl",
                        [
                            (AGREE, ""),
                            (AGREE, ""),
                            (
                                PARTLY,
                                "Veiligheid en machines leren ze om hier te kunnen werken. Of ze "
                                "dat in een andere job kunnen gebruiken, daar twijfelen ze aan.",
                            ),
                            (PARTLY, ""),
                            (
                                AGREE,
                                "Uitleg over de machines voor we beginnen: terecht. Dat moeten "
                                "wij als ploegbazen beter doen.",
                            ),
                        ],
                    ),
                    (
                        datetime(2026, 11, 12, 12, 10),
                        None,
                        "Sam, parkenploeg",
                        "nl",
                        [
                            (AGREE, "Ik heb deze zomer mijn VCA gehaald."),
                            None,
                            (
                                AGREE,
                                "Ik kan nu met de bosmaaier werken, dat vragen ze bij elke "
                                "hovenier.",
                            ),
                            (AGREE, ""),
                            (AGREE, "Rijbewijs C, ja! Dan kan ik chauffeur worden."),
                        ],
                    ),
                    (
                        datetime(2026, 11, 12, 12, 25),
                        None,
                        "",
                        "nl",
                        [
                            (PARTLY, "De opleidingen zijn vooral voor de jongeren."),
                            None,
                            (
                                DISAGREE,
                                "Ik doe dit werk al twintig jaar. Ik leer hier niet veel nieuws "
                                "meer, en dat is ook niet erg.",
                            ),
                            (DISAGREE, ""),
                            None,
                        ],
                    ),
                    (
                        datetime(2026, 11, 13, 15, 40),
                        None,
                        "ploegbaas begraafplaatsen",
                        "nl",
                        [
                            (AGREE, ""),
                            (
                                PARTLY,
                                "Die uren vullen de mensen zelf in. Wie het niet zeker weet, "
                                "schrijft 8.",
                            ),
                            (AGREE, ""),
                            (AGREE, "In mijn ploeg blijft het gelijk, dat klopt met wat ik zie."),
                            (
                                PARTLY,
                                "Wat mijn ploeg het vaakst vraagt, is een toilet op de "
                                "begraafplaatsen. Dat staat er niet bij.",
                            ),
                        ],
                    ),
                    (
                        datetime(2026, 11, 17, 10, 30),
                        None,
                        "vrijwilliger, taalcoach",
                        "nl",
                        [
                            (
                                PARTLY,
                                "Nederlands op de werkvloer daalt van 14% naar 11%. Jammer: "
                                "zonder de taal vind je moeilijk een job buiten Groen Werkt.",
                            ),
                            None,
                            (AGREE, ""),
                            None,
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 19, 14, 0),
                        None,
                        "trajectbegeleider VDAB",
                        "nl",
                        [
                            (AGREE, ""),
                            (AGREE, ""),
                            (
                                PARTLY,
                                "In de tabel blijft het aandeel akkoord op 66%; alleen bij wie "
                                "twee keer antwoordde, gaat het van 65% naar 70%. Wel zijn meer "
                                "mensen 'helemaal akkoord'.",
                            ),
                            (
                                AGREE,
                                "Voor een job bij een gewone werkgever telt vooral een attest. "
                                "Dat aantal hebben we nog niet.",
                            ),
                            (AGREE, ""),
                        ],
                    ),
                    (
                        datetime(2026, 11, 20, 9, 15),
                        None,
                        "Fiona, visiting partner from Glasgow (Erasmus+)",
                        "en",
                        [
                            (
                                AGREE,
                                "Safety and machinery courses are what we see first in our "
                                "crews too: they are the ticket into the job.",
                            ),
                            (AGREE, ""),
                            (
                                PARTLY,
                                "Learning the job is not the same as feeling ready for another "
                                "employer. We ask each worker to name one skill they could show "
                                "an employer.",
                            ),
                            (
                                PARTLY,
                                "Close to target. I would look at it by age: older workers may "
                                "feel they have little left to learn.",
                            ),
                            (
                                AGREE,
                                "Wanting a lorry licence is something we hear in Scotland as well.",
                            ),
                        ],
                    ),
                ],
            },
            "interpretation": (
                datetime(2026, 11, 26, 11, 0),
                ELS,
                "Tussen voorjaar en najaar volgden veel meer werknemers een opleiding. Wie geen "
                "enkele opleiding volgde, daalt van 42% naar 22%. VCA stijgt van 23% naar 48%, "
                "kettingzaag of bosmaaier van 21% naar 36%. De opleidingsuren op zes maanden "
                "verdubbelen bijna, van 9 naar 17,5 uur. Toch zegt maar 66% dat ze hier leren "
                "wat ook in een andere job helpt, onder onze streefwaarde van 70%. Veiligheid en "
                "machines leren ze vooral om hier te werken, en ouderen leren weinig nieuws. "
                "Rijbewijs en Nederlands op de werkvloer helpen het meest naar een gewone job, "
                "maar dalen licht.",
                "Bij elke opleiding het attest meegeven en het aantal attesten bijhouden, zodat "
                "we die indicator kunnen invullen.\n"
                "Rijbewijs en Nederlands op de werkvloer opnieuw aanbieden in het voorjaar, met "
                "de vrijwillige taalcoaches.\n"
                "De machines uitleggen voor de ploeg vertrekt, niet pas op de werf.\n"
                "In de gesprekken van november met elke werknemer, ook de oudere, één "
                "vaardigheid benoemen voor een andere werkgever.",
            ),
        },
    },
}

READINGS = [REBOND_2025, REBOND_2026, GROEN_WERKT]


def load() -> None:
    """Choose the quotes, hold the rounds and agree the interpretations not there yet."""
    people = {user.email: user for user in User.objects.filter(email__in=_emails())}
    for spec in READINGS:
        evaluation = Evaluation.objects.filter(
            enterprise__name=spec["enterprise"], title=spec["evaluation"]
        ).first()
        if evaluation is None:
            continue
        with translation.override(spec["language"]):
            for code, reading in spec["questions"].items():
                question = evaluation.questions.filter(library_code=code).first()
                if question is not None:
                    _read(evaluation, question, reading, people)
        latest = evaluation.changes.aggregate(latest=Max("at"))["latest"]
        Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=latest)


def _emails() -> set[str]:
    emails = set()
    for spec in READINGS:
        for reading in spec["questions"].values():
            emails.add(reading["quotes"][1])
            emails.add(reading["round"]["opened"][1])
            emails |= {participant[1] for participant in reading["round"]["participants"]}
            if reading["round"]["closed"]:
                emails.add(reading["round"]["closed"][1])
            if "interpretation" in reading:
                emails.add(reading["interpretation"][1])
    return emails - {None}


def _read(evaluation, question, reading: dict, people: dict) -> None:
    if not question.quotes.exists():
        _choose_quotes(evaluation, question, *reading["quotes"], people)
    spec = reading["round"]
    if not question.rounds.filter(title=spec["title"]).exists():
        _hold_round(evaluation, question, spec, people)
    if (
        "interpretation" in reading
        and not Interpretation.objects.filter(question=question).exists()
    ):
        when, email, agreed, lessons = reading["interpretation"]
        with _dated(evaluation, when):
            rounds.agree(question, people[email], agreed=agreed, lessons=lessons)
        Interpretation.objects.filter(question=question).update(updated_at=_aware(when))


def _choose_quotes(evaluation, question, when, email, chosen, people) -> None:
    """Quote answers that came in before `when`, each from its own response."""
    for code, wave, answered, shortened in chosen:
        taken = question.quotes.filter(survey_question__code=code).values("response_id")
        response = (
            Response.objects.filter(
                wave__survey__evaluation=evaluation,
                wave__label=wave,
                submitted_at__lt=_aware(when),
                **{f"answers__{code}": answered},
            )
            .exclude(pk__in=taken)
            .order_by("pk")
            .first()
        )
        if response is None:
            continue
        asked = Question.objects.get(survey_id=response.wave.survey_id, code=code)
        with _dated(evaluation, when):
            quote = quotes.choose(
                question,
                people[email],
                response_id=response.pk,
                survey_question_id=asked.pk,
                text=shortened or answered,
            )
        Quote.objects.filter(pk=quote.pk).update(marked_at=_aware(when))


def _hold_round(evaluation, question, spec: dict, people: dict) -> None:
    """Start the round on the findings the question's page offers, let each participant
    answer, then close it if it was closed."""
    gathered = evidence.question_evidence(evaluation, question, 0, with_open_answers=False)
    offered = {
        value for value, _label in rounds.available_findings(gathered, question.quotes.exists())
    }
    values = _finding_values(gathered)
    chosen = [(name, values.get(name)) for name in spec["findings"]]
    chosen = [(name, value) for name, value in chosen if value in offered]
    if not chosen:
        return
    when, email = spec["opened"]
    with _dated(evaluation, when):
        round_ = rounds.start_round(
            question,
            people[email],
            title=spec["title"],
            introduction=spec["introduction"],
            plain_question=spec.get("plain_question", ""),
            chosen=[value for _name, value in chosen],
        )
    Round.objects.filter(pk=round_.pk).update(created_at=_aware(when))
    findings = {
        name: finding for (name, _value), finding in zip(chosen, round_.findings.all(), strict=True)
    }
    keys = random.Random(f"{evaluation.title} · {spec['title']}")
    for moment, email, name, language, said in spec["participants"]:
        user = people[email] if email else AnonymousUser()
        participant = f"user-{user.pk}" if email else f"{keys.getrandbits(96):024x}"
        answers = {
            findings[finding].pk: opinion
            for finding, opinion in zip(spec["findings"], said, strict=True)
            if opinion is not None and finding in findings
        }
        rounds.give_opinions(
            round_, participant, user, name=name, language=language, answers=answers
        )
        Opinion.objects.filter(finding__round=round_, participant=participant).update(
            given_at=_aware(moment)
        )
    if spec["closed"]:
        when, email = spec["closed"]
        with _dated(evaluation, when):
            rounds.set_open(round_, people[email], False)


def _finding_values(gathered: dict) -> dict[str, str]:
    """The findings a round may put, named as the readings name them."""
    values = {
        f"survey:{entry.question.code}": f"survey_result:{entry.question.pk}"
        for entry in gathered["survey_results"]
    }
    for row in gathered["standings"]:
        indicator = row["indicator"]
        values[f"indicator:{indicator.code or indicator.name}"] = f"indicator:{indicator.pk}"
    values["quotes"] = "quotes:"
    return values


@contextmanager
def _dated(evaluation, when: datetime):
    """Date what the product records in the evaluation's history inside the block."""
    after = evaluation.changes.aggregate(last=Max("id"))["last"] or 0
    yield
    Change.objects.filter(evaluation=evaluation, id__gt=after).update(at=_aware(when))


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment)
