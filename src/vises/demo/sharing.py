"""What the demo's evaluations share with the network, and the peers that make the
network's aggregated results: six more work-integration enterprises of Passerelles ESS,
each sharing the counts of its exits and its trainees' answers to two question-bank
items. One stands alone in Île-de-France, so its region is hidden (with another, so that
no subtraction gives it back); a few answer cells are hidden too, from too few people or
dominated by one enterprise. Les Ateliers du Rebond sees where it stands among them."""

import random
from datetime import date

from vises.accounts.models import Enterprise, Network
from vises.evaluations import sharing
from vises.evaluations.models import Evaluation, SharingConsent, SharingLevel
from vises.evaluations.starting import framework_for
from vises.indicators.models import IndicatorValue
from vises.surveys import builder
from vises.surveys.models import Response, Wave

# Each kind of consent, decided by the enterprise's admin; Savoirs en Partage has not
# decided yet (nothing is shared), Énergie Citoyenne Sambre said "nothing" on purpose.
CONSENTS = [
    ("Les Ateliers du Rebond", "Nos parcours d'insertion, 2025", SharingLevel.AGGREGATED),
    ("Les Ateliers du Rebond", "Nos parcours d'insertion, 2026", SharingLevel.RESEARCH),
    ("Groen Werkt", "Impact van onze groenploegen 2026", SharingLevel.AGGREGATED),
    ("Crèche Les Petits Pas", None, SharingLevel.CONTENT),
    ("Bruxelles Aide à Domicile", None, SharingLevel.AGGREGATED),
    ("Énergie Citoyenne Sambre", None, SharingLevel.NOTHING),
]

# name, place, level, people leaving and of them into employment (2025, 2026) with the
# target for 2026, how many trainees answered (2025, 2026), and how they lean in 2026 (the
# chance of each answer, 1 to 5; a little less well in 2025).
PEERS = [
    (
        "Le Tremplin Lillois",
        ("FR", "FR-HDF", "Lille", "59000"),
        SharingLevel.AGGREGATED,
        [(41, 14), (44, 17)],
        16,
        (70, 90),
        [0.05, 0.1, 0.2, 0.4, 0.25],
    ),
    (
        "Jardins de l'Avesnois",
        ("FR", "FR-HDF", "Avesnes-sur-Helpe", "59440"),
        SharingLevel.RESEARCH,
        [(22, 6), (25, 9)],
        8,
        (40, 60),
        [0.05, 0.15, 0.25, 0.35, 0.2],
    ),
    (
        "Régie de Quartier Belleville",
        ("FR", "FR-IDF", "Paris", "75020"),
        SharingLevel.AGGREGATED,
        [(30, 12), (28, 13)],
        12,
        (10, 14),
        [0.1, 0.1, 0.3, 0.3, 0.2],
    ),
    (
        "Recyclerie du Hainaut",
        ("BE", "BE-WAL", "Mons", "7000"),
        SharingLevel.CONTENT,
        [(18, 5), (20, 7)],
        6,
        (22, 26),
        [0.0, 0.1, 0.2, 0.45, 0.25],
    ),
    (
        "Mosa Emploi",
        ("BE", "BE-WAL", "Namur", "5000"),
        SharingLevel.AGGREGATED,
        [(37, 15), (35, 16)],
        18,
        (25, 30),
        [0.15, 0.2, 0.25, 0.25, 0.15],
    ),
    (
        "Atelier Solidaire de Charleroi",
        ("BE", "BE-WAL", "Charleroi", "6000"),
        SharingLevel.AGGREGATED,
        [(26, 8), (29, 11)],
        10,
        (30, 36),
        [0.05, 0.1, 0.3, 0.35, 0.2],
    ),
    (
        "Kringwinkel Noord",
        ("BE", "BE-VLG", "Gent", "9000"),
        SharingLevel.AGGREGATED,
        [(52, 21), (57, 25)],
        24,
        (35, 40),
        [0.02, 0.08, 0.2, 0.4, 0.3],
    ),
]
ITEMS = ["skills_gained", "feel_useful"]
TITLE = "Passerelles 2026"


def load() -> None:
    network = Network.objects.get(name="Passerelles ESS")
    for number, peer in enumerate(PEERS):
        _peer(network, number, *peer)
    for name, title, level in CONSENTS:
        evaluations = Evaluation.objects.filter(enterprise__name=name)
        if title:
            evaluations = evaluations.filter(title=title)
        admin = Enterprise.objects.get(name=name).memberships.get(role="enterprise_admin").user
        for evaluation in evaluations:
            if not SharingConsent.objects.filter(evaluation=evaluation).exists():
                sharing.decide(evaluation, level, admin)


def _peer(network, number, name, place, level, exits, target, answered, leaning) -> None:
    country, region, municipality, postcode = place
    enterprise, created = Enterprise.objects.get_or_create(
        name=name,
        defaults={
            "legal_form": "ASBL" if country == "BE" else "Association loi 1901",
            "group": "integration",
            "country": country,
            "region": region,
            "municipality": municipality,
            "postcode": postcode,
            "nace_code": "88.99",
            "size_band": "10-49",
            "network": network,
            "admission": Enterprise.Admission.ADMITTED,
        },
    )
    if not created and enterprise.evaluations.filter(title=TITLE).exists():
        return
    evaluation = Evaluation.objects.create(
        enterprise=enterprise,
        title=TITLE,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        framework_version=framework_for(enterprise),
    )
    question = evaluation.questions.create(
        text="Nos parcours mènent-ils à l'emploi ?", themes=["individuals"], is_main=True
    )
    row = evaluation.plan_rows.create(question=question, methods=["indicators", "survey"])
    for code, figure, direction, goal in (
        ("people_leaving", 0, "neutral", None),
        ("exits_to_employment", 1, "higher_is_better", target),
    ):
        indicator = row.indicators.create(
            code=code, period="2026", direction=direction, target=goal
        )
        for year, counts in zip(("2025", "2026"), exits, strict=True):
            IndicatorValue.objects.create(
                indicator=indicator, period=year, number=counts[figure], source="Bilan annuel"
            )
    _survey(evaluation, number, answered, leaning)
    sharing.decide(evaluation, level, None)


def _survey(evaluation, number, answered, leaning) -> None:
    survey = builder.create_survey(
        evaluation,
        None,
        title={"fr": "Votre parcours"},
        languages=["fr"],
        stakeholder_type="trainee",
    )
    section = survey.sections.get()
    codes = [builder.add_from_bank(section, None, item).code for item in ITEMS]
    rng = random.Random(2026 + number)
    # A year earlier, answers leaned half a step lower.
    earlier = [leaning[0] + leaning[1] / 2]
    earlier += [(leaning[n] + leaning[n + 1]) / 2 for n in range(1, 4)] + [leaning[4] / 2]
    for year, count, chances in zip((2025, 2026), answered, (earlier, leaning), strict=True):
        wave = builder.save_wave(
            Wave(
                survey=survey,
                label=str(year),
                opens_on=date(year, 3, 2),
                closes_on=date(year, 4, 30),
            ),
            None,
        )
        Response.objects.bulk_create(
            Response(
                wave=wave,
                answers={code: rng.choices(range(1, 6), chances)[0] for code in codes},
                language="fr",
                source=Response.Source.PAPER,
                submission_key=f"demo-peer-{number}-{year}-{index}",
            )
            for index in range(count)
        )
