"""What the demo's evaluations share with the network, and the peers that make the
network's aggregated results: seven more work-integration enterprises of Passerelles ESS,
each sharing the counts of its exits and its trainees' answers to two question-bank
items. One stands alone in Île-de-France and one in Flanders, so these regions are hidden
(with another, so that no subtraction gives them back); a few answer cells are hidden
too, from too few people. Les Ateliers du Rebond sees where it stands among them."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vises.accounts.models import CoachAssignment, Enterprise, EnterpriseMembership, Network, User
from vises.evaluations import sharing, starting
from vises.evaluations.models import (
    AccompanimentSession,
    Evaluation,
    SharingConsent,
    SharingLevel,
)
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

FR_COACH = "camille.lefebvre@passerelles-ess.example"
BE_COACH = "pieter.claes@passerelles-ess.example"

# `exits`: people leaving the pathway and, of them, into employment, in 2025 and 2026,
# with the target for 2026; `answered`: trainees who answered in 2025 and 2026;
# `leaning`: the chance of each answer, 1 to 5, in 2026 (half a step lower in 2025).
PEERS = [
    {
        "name": "Le Tremplin Lillois",
        "place": ("FR", "FR-HDF", "Lille", "59000"),
        "admin": ("julie.dubois@tremplin-lillois.example", "Julie Dubois", "fr"),
        "level": SharingLevel.AGGREGATED,
        "exits": [(41, 14), (44, 17)],
        "target": 16,
        "answered": (70, 90),
        "leaning": [0.05, 0.1, 0.2, 0.4, 0.25],
    },
    {
        "name": "Jardins de l'Avesnois",
        "place": ("FR", "FR-HDF", "Avesnes-sur-Helpe", "59440"),
        "admin": ("marc.lefort@jardins-avesnois.example", "Marc Lefort", "fr"),
        "level": SharingLevel.RESEARCH,
        "exits": [(22, 6), (25, 9)],
        "target": 8,
        "answered": (40, 60),
        "leaning": [0.05, 0.15, 0.25, 0.35, 0.2],
    },
    {
        "name": "Régie de Quartier Belleville",
        "place": ("FR", "FR-IDF", "Paris", "75020"),
        "admin": ("aminata.diallo@regie-belleville.example", "Aminata Diallo", "fr"),
        "level": SharingLevel.AGGREGATED,
        "exits": [(30, 12), (28, 13)],
        "target": 12,
        "answered": (10, 14),
        "leaning": [0.1, 0.1, 0.3, 0.3, 0.2],
    },
    {
        "name": "Recyclerie du Hainaut",
        "place": ("BE", "BE-WAL", "Mons", "7000"),
        "admin": ("luc.deprez@recyclerie-hainaut.example", "Luc Deprez", "fr"),
        "level": SharingLevel.CONTENT,
        "exits": [(18, 5), (20, 7)],
        "target": 6,
        "answered": (22, 26),
        "leaning": [0.0, 0.1, 0.2, 0.45, 0.25],
    },
    {
        "name": "Mosa Emploi",
        "place": ("BE", "BE-WAL", "Namur", "5000"),
        "admin": ("sarah.lambert@mosa-emploi.example", "Sarah Lambert", "fr"),
        "level": SharingLevel.AGGREGATED,
        "exits": [(37, 15), (35, 16)],
        "target": 18,
        "answered": (25, 30),
        "leaning": [0.15, 0.2, 0.25, 0.25, 0.15],
    },
    {
        "name": "Atelier Solidaire de Charleroi",
        "place": ("BE", "BE-WAL", "Charleroi", "6000"),
        "admin": ("nicolas.gilson@atelier-charleroi.example", "Nicolas Gilson", "fr"),
        "level": SharingLevel.AGGREGATED,
        "exits": [(26, 8), (29, 11)],
        "target": 10,
        "answered": (30, 36),
        "leaning": [0.05, 0.1, 0.3, 0.35, 0.2],
    },
    {
        "name": "Kringwinkel Noord",
        "place": ("BE", "BE-VLG", "Gent", "9000"),
        "admin": ("els.peeters@kringwinkel-noord.example", "Els Peeters", "nl"),
        "level": SharingLevel.AGGREGATED,
        "exits": [(52, 21), (57, 25)],
        "target": 24,
        "answered": (35, 40),
        "leaning": [0.02, 0.08, 0.2, 0.4, 0.3],
    },
]
ITEMS = ["skills_gained", "feel_useful"]
TITLE = "Passerelles 2026"


def load(make_user) -> list[tuple[str, str, str]]:
    """Add the peers (their admins made by `make_user(email, name, language)`) and the
    consents not decided yet; return the peers' (role, enterprise, email)."""
    network = Network.objects.get(name="Passerelles ESS")
    for number, peer in enumerate(PEERS):
        _peer(network, number, peer, make_user(*peer["admin"]))
    for name, title, level in CONSENTS:
        evaluations = Evaluation.objects.filter(enterprise__name=name)
        if title:
            evaluations = evaluations.filter(title=title)
        admin = Enterprise.objects.get(name=name).memberships.get(role="enterprise_admin").user
        for evaluation in evaluations:
            if not SharingConsent.objects.filter(evaluation=evaluation).exists():
                sharing.decide(evaluation, level, admin)
                _date(evaluation, evaluation.period_start + timedelta(days=75), part="sharing")
    return [("enterprise_admin", peer["name"], peer["admin"][0]) for peer in PEERS]


def _peer(network, number: int, peer: dict, admin: User) -> None:
    country, region, municipality, postcode = peer["place"]
    enterprise, _created = Enterprise.objects.get_or_create(
        name=peer["name"],
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
    EnterpriseMembership.objects.get_or_create(
        user=admin, enterprise=enterprise, defaults={"role": "enterprise_admin"}
    )
    coach = User.objects.get(email=FR_COACH if country == "FR" else BE_COACH)
    CoachAssignment.objects.get_or_create(coach=coach, enterprise=enterprise)
    if enterprise.evaluations.filter(title=TITLE).exists():
        return
    evaluation = starting.start(
        enterprise,
        title=TITLE,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        user=admin,
    )
    question = evaluation.questions.create(
        text="Nos parcours mènent-ils à l'emploi ?", themes=["individuals"], is_main=True
    )
    trainees = evaluation.stakeholders.create(
        type_code="trainee",
        name="Salariés en insertion",
        importance=5,
        influence=3,
        involvement="consult",
    )
    row = evaluation.plan_rows.create(
        question=question, methods=["indicators", "survey"], responsible=admin.full_name
    )
    row.stakeholders.add(trainees)
    AccompanimentSession.objects.create(
        evaluation=evaluation,
        coach=coach,
        date=date(2026, 2, 10),
        duration_minutes=90,
        step=1,
        topics="Plan de collecte et partage des données avec le réseau",
    )
    for code, figure, direction, target in (
        ("people_leaving", 0, "neutral", None),
        ("exits_to_employment", 1, "higher_is_better", peer["target"]),
    ):
        indicator = row.indicators.create(
            code=code, period="2026", direction=direction, target=target
        )
        for year, counts in zip(("2025", "2026"), peer["exits"], strict=True):
            IndicatorValue.objects.create(
                indicator=indicator,
                period=year,
                number=counts[figure],
                source="Bilan annuel",
                entered_by=admin,
            )
    _survey(evaluation, admin, number, peer["answered"], peer["leaning"])
    sharing.decide(evaluation, peer["level"], admin)
    _date(evaluation, date(2026, 2, 10))


def _date(evaluation, day: date, part: str | None = None) -> None:
    """Date the evaluation's history (or one part of it) and its consent on `day`, as
    they happened, not when the demo was loaded."""
    moment = timezone.make_aware(datetime.combine(day, time(10, 30)))
    changes = evaluation.changes.all()
    if part:
        changes = changes.filter(part=part)
    changes.update(at=moment)
    SharingConsent.objects.filter(evaluation=evaluation).update(decided_at=moment)


def _survey(evaluation, admin, number, answered, leaning) -> None:
    survey = builder.create_survey(
        evaluation,
        admin,
        title={"fr": "Votre parcours"},
        languages=["fr"],
        stakeholder_type="trainee",
    )
    # One item a page, as on paper.
    first = builder.rename_section(survey.sections.get(), admin, {"fr": "Ce que vous apprenez"})
    second = builder.add_section(survey, admin, {"fr": "Votre travail ici"})
    codes = [
        builder.add_from_bank(section, admin, item).code
        for section, item in zip((first, second), ITEMS, strict=True)
    ]
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
            admin,
        )
        Response.objects.bulk_create(
            Response(
                wave=wave,
                answers={code: rng.choices(range(1, 6), chances)[0] for code in codes},
                language="fr",
                source=Response.Source.PAPER,
                entered_by=admin,
                submission_key=f"demo-peer-{number}-{year}-{index}",
            )
            for index in range(count)
        )
