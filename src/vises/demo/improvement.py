"""The demo's improvement plans: what each team decided to change after agreeing what its
findings mean, and how it followed that up.

- Les Ateliers du Rebond turned its 2025 lessons into five actions in December 2025 and
  followed them through 2026: four done, one dropped when the Département said no.
- In November 2026 it drew two actions from its interim reading of 2026, one under way.
- Groen Werkt planned two actions on skills in November 2026.

Everything goes through the product's own functions (`improvement.add`,
`improvement.follow_up`), so the history records it; then it is dated when it happened.
The actions still open are due in 2027: none is overdue before then.
"""

from contextlib import contextmanager
from datetime import date, datetime

from django.db.models import Max
from django.utils import timezone

from vises.accounts.models import User
from vises.evaluations import improvement
from vises.evaluations.models import ActionUpdate, Change, Evaluation, ImprovementAction

NADIA = "nadia.benali@ateliers-du-rebond.example"
JULIEN = "julien.morel@ateliers-du-rebond.example"
ELS = "els.de.smet@groenwerkt.example"
KOEN = "koen.peeters@groenwerkt.example"

# By enterprise and evaluation title: the actions, each (question's code in the framework's
# library or None for the evaluation as a whole, added when, by (email), what, who, due on,
# and its follow-ups: (when, by, status, note)).
PLANS = [
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2025",
        [
            (
                "int_stable_employment",
                datetime(2025, 12, 16, 9, 30),
                NADIA,
                "Commencer la recherche d'emploi dès le sixième mois du contrat, avec un "
                "rendez-vous par mois avec la conseillère France Travail.",
                "Nadia, coordinatrice",
                date(2026, 3, 31),
                [
                    (
                        datetime(2026, 1, 12, 10, 0),
                        NADIA,
                        "under_way",
                        "Premiers rendez-vous mensuels pour les contrats commencés en juillet.",
                    ),
                    (
                        datetime(2026, 4, 2, 16, 0),
                        NADIA,
                        "done",
                        "Chaque contrat a ses rendez-vous mensuels dès le sixième mois.",
                    ),
                ],
            ),
            (
                "int_stable_employment",
                datetime(2025, 12, 16, 9, 40),
                NADIA,
                "Chercher avec le PLIE le financement de places de CACES et de permis de "
                "conduire pendant le contrat.",
                "Nadia, coordinatrice",
                date(2026, 6, 30),
                [
                    (datetime(2026, 2, 10, 11, 0), NADIA, "under_way", "Dossier déposé au PLIE."),
                    (
                        datetime(2026, 6, 15, 14, 0),
                        NADIA,
                        "done",
                        "Six places de CACES et quatre de permis financées pour 2026.",
                    ),
                ],
            ),
            (
                "int_stable_employment",
                datetime(2025, 12, 16, 9, 50),
                NADIA,
                "Demander au Département de prolonger le contrat des personnes dont la "
                "formation commence après sa fin.",
                "Direction",
                date(2026, 4, 30),
                [
                    (
                        datetime(2026, 5, 20, 9, 0),
                        NADIA,
                        "dropped",
                        "Le Département ne prolonge pas au cas par cas : nous faisons plutôt "
                        "commencer les formations plus tôt dans le contrat.",
                    ),
                ],
            ),
            (
                "int_self_confidence",
                datetime(2025, 12, 16, 10, 0),
                JULIEN,
                "Un temps en fin de semaine avec l'encadrant pour dire, précisément, ce qui "
                "est bien fait.",
                "Julien, encadrant technique",
                date(2026, 2, 28),
                [
                    (
                        datetime(2026, 1, 9, 16, 0),
                        JULIEN,
                        "under_way",
                        "Essai à l'atelier bois le vendredi à 15 h 30.",
                    ),
                    (
                        datetime(2026, 2, 27, 16, 30),
                        JULIEN,
                        "done",
                        "En place dans les trois ateliers et à la boutique.",
                    ),
                ],
            ),
            (
                "int_self_confidence",
                datetime(2025, 12, 16, 10, 10),
                JULIEN,
                "Orienter dès l'accueil vers le centre social et l'assistante sociale pour le "
                "logement et la santé.",
                "Julien, encadrant technique",
                date(2026, 3, 31),
                [
                    (
                        datetime(2026, 3, 30, 11, 0),
                        JULIEN,
                        "done",
                        "Le centre social tient une permanence chez nous le premier mardi du mois.",
                    ),
                ],
            ),
        ],
    ),
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2026",
        [
            (
                "int_self_confidence",
                datetime(2026, 11, 25, 9, 0),
                JULIEN,
                "Proposer de remplir le questionnaire de sortie seul, ou avec une autre "
                "personne que son encadrant.",
                "Julien, encadrant technique",
                date(2027, 1, 31),
                [
                    (
                        datetime(2026, 11, 27, 10, 0),
                        JULIEN,
                        "under_way",
                        "Proposé aux neuf personnes qui sortent en décembre.",
                    ),
                ],
            ),
            (
                None,
                datetime(2026, 11, 25, 9, 15),
                NADIA,
                "Relire tous les résultats de l'année avec le comité de pilotage, une fois "
                "les questionnaires fermés.",
                "Nadia, coordinatrice",
                date(2027, 1, 29),
                [],
            ),
        ],
    ),
    (
        "Groen Werkt",
        "Impact van onze groenploegen 2026",
        [
            (
                "int_skills",
                datetime(2026, 11, 26, 14, 0),
                ELS,
                "Bij elke opleiding het attest meegeven en het aantal attesten bijhouden.",
                "Els, coördinator",
                date(2027, 1, 31),
                [],
            ),
            (
                "int_skills",
                datetime(2026, 11, 26, 14, 10),
                ELS,
                "Rijbewijs en Nederlands op de werkvloer opnieuw aanbieden in het voorjaar, "
                "met de vrijwillige taalcoaches.",
                "Koen, ploegbaas",
                date(2027, 4, 30),
                [],
            ),
        ],
    ),
]


def load() -> None:
    """Add the improvement plans of evaluations that have none yet."""
    emails = {NADIA, JULIEN, ELS, KOEN}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    for enterprise, title, actions in PLANS:
        evaluation = Evaluation.objects.filter(enterprise__name=enterprise, title=title).first()
        if evaluation is None or evaluation.improvement_actions.exists():
            continue
        for code, when, email, what, who, due_on, follow_ups in actions:
            question = evaluation.questions.filter(library_code=code).first() if code else None
            if code and question is None:
                continue
            with _dated(evaluation, when):
                action = improvement.add(
                    evaluation, people[email], question=question, what=what, who=who, due_on=due_on
                )
            ImprovementAction.objects.filter(pk=action.pk).update(created_at=_aware(when))
            ActionUpdate.objects.filter(action=action).update(at=_aware(when))
            for moment, by, status, note in follow_ups:
                with _dated(evaluation, moment):
                    update = improvement.follow_up(action, people[by], status=status, note=note)
                ActionUpdate.objects.filter(pk=update.pk).update(at=_aware(moment))
        latest = evaluation.changes.aggregate(latest=Max("at"))["latest"]
        Evaluation.objects.filter(pk=evaluation.pk).update(updated_at=latest)


@contextmanager
def _dated(evaluation, when: datetime):
    """Date what the product records in the evaluation's history inside the block."""
    after = evaluation.changes.aggregate(last=Max("id"))["last"] or 0
    yield
    Change.objects.filter(evaluation=evaluation, id__gt=after).update(at=_aware(when))


def _aware(moment: datetime) -> datetime:
    return timezone.make_aware(moment)
