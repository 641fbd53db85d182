"""The demo's reports: three enterprises tell their evidence to two audiences each, in
their own language, and publish them.

- Les Ateliers du Rebond (2025): to its funders, and to its workers and volunteers.
- Groen Werkt: aan zijn financiers, en aan de deelnemers zelf (beneficiaries).
- Énergie Citoyenne Sambre: to the public authorities, and to the general public.

`load()` makes and publishes the reports through the product's own functions, so the
history records them; `render_files()` then makes their PDF and infographic (and a DOCX
for the first), which takes some seconds and is left out when the files are not needed.
"""

from datetime import datetime

from django.utils import timezone

from vises.accounts.models import User
from vises.evaluations.models import Change, Evaluation
from vises.reports import builder, rendering
from vises.reports.models import Report

# (enterprise, evaluation title, made by (email), audience, language, title, colour,
#  the team's words for the summary section); all made and published on the day below
#  of the evaluation's year, after its interpretation.
MADE_ON = {"2025": datetime(2025, 12, 19, 14, 0), "2026": datetime(2026, 11, 26, 10, 0)}
REPORTS = [
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2025",
        "nadia.benali@ateliers-du-rebond.example",
        "funders",
        "fr",
        "Nos parcours d'insertion en 2025 : ce qu'ils changent",
        "#D55E00",
        "En 2025, 250 salariés en insertion ont répondu à notre questionnaire à leur entrée "
        "et à leur sortie. Ce rapport dit ce que nos parcours changent pour eux. Il dit aussi "
        "ce que nous en avons compris ensemble, et ce que nous allons améliorer.",
    ),
    (
        "Les Ateliers du Rebond",
        "Nos parcours d'insertion, 2025",
        "julien.morel@ateliers-du-rebond.example",
        "workers_volunteers",
        "fr",
        "Ce que vous nous avez dit en 2025",
        "#D55E00",
        "Merci à toutes celles et ceux qui ont répondu. Voici ce que vos réponses disent de "
        "vos parcours chez nous, et ce que l'équipe en fait.",
    ),
    (
        "Groen Werkt",
        "Impact van onze groenploegen 2026",
        "els.de.smet@groenwerkt.example",
        "funders",
        "nl",
        "Impact van onze groenploegen 2026",
        "#009E73",
        "In het voorjaar en het najaar van 2026 vulden onze ploegen dezelfde vragenlijst in. "
        "Dit rapport toont wat ze bij ons leren, hoe ze het zelf lezen en wat we verbeteren.",
    ),
    (
        "Groen Werkt",
        "Impact van onze groenploegen 2026",
        "koen.peeters@groenwerkt.example",
        "beneficiaries",
        "nl",
        "Wat jullie ons vertelden",
        "#009E73",
        "U antwoordde twee keer op onze vragen. Hier leest u wat we samen zagen.",
    ),
    (
        "Énergie Citoyenne Sambre",
        "Nos coopérateurs et la transition énergétique, 2026",
        "",
        "public_authorities",
        "fr",
        "Une coopérative citoyenne au service de la transition",
        "#0072B2",
        "Énergie Citoyenne Sambre réunit des habitants qui produisent ensemble leur énergie. "
        "Ce rapport présente nos indicateurs et nos pratiques de gouvernance partagée.",
    ),
    (
        "Énergie Citoyenne Sambre",
        "Nos coopérateurs et la transition énergétique, 2026",
        "",
        "general_public",
        "fr",
        "L'énergie, ça se partage",
        "#0072B2",
        "Qui sommes-nous, que produisons-nous, et comment décidons-nous ensemble ?",
    ),
]


def load() -> None:
    for enterprise, evaluation_title, email, audience, language, title, colour, words in REPORTS:
        evaluation = Evaluation.objects.filter(
            enterprise__name=enterprise, title=evaluation_title
        ).first()
        if evaluation is None or evaluation.reports.filter(title=title).exists():
            continue
        author = User.objects.filter(email=email).first() if email else None
        if author is None:
            author = evaluation.enterprise.memberships.order_by("pk").first().user
        report = builder.create_report(
            evaluation, author, audience=audience, language=language, title=title, colour=colour
        )
        summary = report.sections.filter(kind="summary").first()
        if summary is not None:
            builder.change_section(summary, author, text=words)
        builder.publish(report, author)
        made = timezone.make_aware(MADE_ON[str(evaluation.period_start.year)])
        Report.objects.filter(pk=report.pk).update(created_at=made, published_at=made)
        Change.objects.filter(
            evaluation=evaluation, part=builder.PART, after__report=report.title
        ).update(at=made)


def render_files() -> None:
    """The PDF and the infographic of each demo report that has none yet (made or on its
    way: the worker makes them), and a DOCX of the first."""
    reports = Report.objects.filter(
        title__in=[title for *_, title, _colour, _words in REPORTS]
    ).order_by("pk")
    for index, report in enumerate(reports):
        made = set(report.renditions.exclude(status="failed").values_list("format", flat=True))
        formats = ["pdf", "png"] + (["docx"] if index == 0 else [])
        for format in formats:
            if format not in made:
                rendering.request(report, format, report.created_by)
