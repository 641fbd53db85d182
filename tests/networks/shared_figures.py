"""Enterprises of a network with an evaluation that shares figures: a value of the
framework indicator `people_supported` and answers to the bank item `self_confidence`."""

import datetime
import itertools

from tests.conftest import make_enterprise, make_evaluation
from vises.evaluations import sharing
from vises.evaluations.models import SharingLevel
from vises.indicators.models import IndicatorValue
from vises.surveys.models import Response, Survey

OPTIONS = [
    {"value": value, "label": {"fr": label_fr, "nl": label_nl, "en": label_en}}
    for value, label_fr, label_nl, label_en in [
        (1, "Pas du tout d'accord", "Helemaal niet akkoord", "Strongly disagree"),
        (2, "Plutôt pas d'accord", "Eerder niet akkoord", "Disagree"),
        (3, "Plutôt d'accord", "Eerder akkoord", "Agree"),
        (4, "Tout à fait d'accord", "Helemaal akkoord", "Strongly agree"),
    ]
]
_keys = itertools.count()


def sharing_enterprise(
    network,
    name,
    *,
    value=None,
    answers=(),
    level=SharingLevel.AGGREGATED,
    target=None,
    decided_by=None,
    **place,
):
    """An admitted enterprise of the network whose evaluation shares `level`, with the
    indicator `value` for 2026 and one response per answer in `answers`."""
    enterprise = make_enterprise(name, network, **place)
    evaluation = make_evaluation(enterprise, title=f"Impact {name}")
    question = evaluation.questions.create(text="Qu'est-ce qui change ?", themes=[])
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    if value is not None:
        indicator = row.indicators.create(code="people_supported", target=target)
        IndicatorValue.objects.create(indicator=indicator, period="2026", number=value)
    if answers:
        survey = Survey.objects.create(
            evaluation=evaluation, title={"fr": "Avis"}, languages=["fr"]
        )
        section = survey.sections.create(title={"fr": "Vous"})
        survey.questions.create(
            section=section,
            code=f"confiance_{enterprise.pk}",  # each team names its questions
            kind="scale",
            scale="agree4",
            bank_code="self_confidence",
            text={"fr": "J'ai confiance en moi."},
            options=OPTIONS,
        )
        wave = survey.waves.create(
            label="2026", opens_on=datetime.date(2026, 3, 1), closes_on=datetime.date(2026, 4, 1)
        )
        Response.objects.bulk_create(
            Response(
                wave=wave,
                answers={f"confiance_{enterprise.pk}": answer},
                language="fr",
                submission_key=f"k{next(_keys)}",
            )
            for answer in answers
        )
    sharing.decide(evaluation, level, decided_by)
    return enterprise, evaluation
