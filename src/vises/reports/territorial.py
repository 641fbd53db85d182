"""A network's territorial report on one programme, composed as the same blocks as an
enterprise's report, so that its page, PDF, DOCX and public page are drawn by the same
renderer: who takes part, how far they are, the figures by territory across the border,
and the stories of the enterprises that agreed to be named.

Nothing here computes a figure of the enterprises' data: the figures are the aggregated
results' own tables (`networks.aggregated`, hence `analysis.disclosure`), a hidden one
written as the results page writes it. Consents are read when the report is composed: a
withdrawal leaves the enterprise out of every report composed after it.
"""

import secrets

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises import safe_input
from vises.accounts.models import Country, Enterprise
from vises.analysis import sentences
from vises.analysis.rounding import rounded
from vises.audit.models import AuditEntry
from vises.evaluations.models import Evaluation, SharingConsent
from vises.networks import aggregated, board

from .compose import Document, Writer
from .models import TerritorialReport

# The breakdown the report tells: region by region, each region with its country, in the
# order of their codes (Belgium's regions, then France's).
BREAKDOWN = "region"


def figure_text(value, kind: str) -> str:
    """A figure of the aggregated results as a reader writes it in a report; a hidden
    figure says "hidden", as the results page does."""
    if value is aggregated.HIDDEN:
        return _("hidden")
    if value is None:
        return "–"
    if kind == "answer":
        count, share = value
        percent = number_format(rounded(share * 100), use_l10n=True) + "\u00a0%"
        return percent if count is None else f"{percent} ({number_format(count)})"
    if kind == "percent":
        return number_format(rounded(value * 100), use_l10n=True) + "\u00a0%"
    if kind == "number":
        return number_format(rounded(value, 2), decimal_pos=None, use_l10n=True)
    return number_format(value, use_l10n=True)


def country_of(region: str) -> str:
    """The name of the country of a region code such as "FR-HDF"."""
    code = region.split("-", 1)[0]
    return str(Country(code).label) if code in Country.values else "–"


def programme_enterprises(programme):
    """The programme's enterprises that are still admitted to its network."""
    return programme.enterprises.filter(admission=Enterprise.Admission.ADMITTED)


def named_stories(programme) -> list[dict]:
    """The enterprises of the programme whose admins let the network name them today,
    each once, with their place and story: an enterprise's last decision about naming,
    whichever evaluation it was taken on, is the one that counts, so a withdrawal on any
    evaluation leaves the enterprise out."""
    consents = (
        SharingConsent.objects.filter(evaluation__enterprise__in=programme_enterprises(programme))
        .select_related("evaluation__enterprise", "decided_by")
        .order_by("-decided_at", "-pk")
    )
    latest: dict[int, SharingConsent] = {}
    for consent in consents:
        latest.setdefault(consent.evaluation.enterprise_id, consent)
    stories = [
        {
            "enterprise": consent.evaluation.enterprise,
            "story": consent.story,
            # Written by the person who gave the consent, in their own language.
            "language": consent.decided_by.preferred_language if consent.decided_by else "",
        }
        for consent in latest.values()
        if consent.named_in_reports
    ]
    return sorted(stories, key=lambda story: story["enterprise"].name.lower())


class _Territorial(Writer):
    def __init__(self, report: TerritorialReport):
        super().__init__()
        self.report = report
        self.programme = report.programme
        self.network = self.programme.network
        self.enterprises = programme_enterprises(self.programme)

    def heading(self, text: str, anchor: str) -> None:
        self.add("heading", text=text, level=2, anchor=anchor)

    def introduction(self) -> None:
        if self.report.introduction.strip():
            self.heading(_("Introduction"), "introduction")
            self.paragraphs(self.report.introduction)

    def participation(self) -> None:
        self.heading(_("Who takes part"), "participation")
        admitted = self.enterprises.count()
        evaluations = Evaluation.objects.filter(enterprise__in=self.enterprises)
        sharing_figures = (
            aggregated.load_network.shared_evaluations(self.network, self.programme)
            .values("enterprise")
            .distinct()
            .count()
        )
        named = len(named_stories(self.programme))
        self.add(
            "figures",
            figures=[
                (
                    sentences.count(admitted),
                    ngettext(
                        "enterprise admitted to the programme",
                        "enterprises admitted to the programme",
                        admitted,
                    ),
                ),
                (
                    sentences.count(sharing_figures),
                    ngettext(
                        "shares its figures with the network",
                        "share their figures with the network",
                        sharing_figures,
                    ),
                ),
                (
                    sentences.count(named),
                    ngettext("agreed to be named", "agreed to be named", named),
                ),
            ],
        )
        self.add(
            "paragraph",
            text=_(
                "The programme runs from %(start)s to %(end)s. Its enterprises lead "
                "%(evaluations)s evaluations. Only those that chose to share their figures "
                "count in the results below."
            )
            % {
                "start": date_format(self.programme.starts_on, "DATE_FORMAT"),
                "end": date_format(self.programme.ends_on, "DATE_FORMAT"),
                "evaluations": sentences.count(evaluations.count()),
            },
        )
        self.note("participation", f"{admitted}/{sharing_figures}/{named}")

    def progress(self) -> None:
        self.heading(_("How far they are"), "progress")
        rows = board.rows(
            self.network,
            self.enterprises,
            Evaluation.objects.filter(enterprise__in=self.enterprises),
            self.programme,
        )
        if not rows:
            self.add("paragraph", text=_("No enterprise is admitted to the programme yet."))
            return
        chart = board.chart(rows)
        late = sum(bool(row.late) for row in rows)
        self.add(
            "chart",
            chart=chart,
            table={
                "caption": chart.title,
                "header": [_("Step"), _("Enterprises")],
                "rows": [
                    [label, sentences.count(int(value))]
                    for label, value in zip(chart.categories, chart.series[0].values, strict=True)
                ],
            },
            text=ngettext(
                "%(count)s enterprise is behind one of the programme's milestones.",
                "%(count)s enterprises are behind one of the programme's milestones.",
                late,
            )
            % {"count": sentences.count(late)},
        )

    def results(self) -> None:
        """The aggregated results of the programme's enterprises, region by region with
        each region's country: the results page's own tables, hidden figures included."""
        self.heading(_("Results by territory, across the border"), "territories")
        thresholds = aggregated.load_network.thresholds()
        self.add(
            "paragraph",
            text=_(
                "France and Belgium, region by region. No figure comes from fewer than "
                "%(enterprises)s enterprises or %(respondents)s respondents. A figure one "
                "enterprise dominates is hidden. More figures are hidden so that none can "
                "be worked out by subtraction."
            )
            % {
                "enterprises": sentences.count(thresholds.enterprises),
                "respondents": sentences.count(thresholds.respondents),
            }
            + " "
            + _(
                "Nor can any be worked out from the whole network's figures or another "
                "programme's: the programme's figures give way first."
            ),
        )
        results = aggregated.network_results(self.network, BREAKDOWN, programme=self.programme)
        if not results.sections:
            self.add(
                "paragraph",
                text=_(
                    "Nothing to show yet: not enough enterprises share figures on the same "
                    "indicators or question-bank items."
                ),
            )
            return
        if results.hidden_count:
            self.add(
                "paragraph",
                text=ngettext(
                    "%(count)s figure is hidden in this part.",
                    "%(count)s figures are hidden in this part.",
                    results.hidden_count,
                )
                % {"count": sentences.count(results.hidden_count)},
            )
        for section in results.sections:
            self.add("heading", text=section.title, level=3)
            if section.note:
                self.add("paragraph", text=section.note)
            table = section.tables[0]  # the breakdown; the periods stay on the results page
            rows = []
            for row, cells in table.lines():
                place = "" if row.total else country_of(row.key)
                rows.append(
                    [row.label, place, *(figure_text(value, kind) for value, kind in cells)]
                )
            self.add(
                "table",
                table={
                    "caption": f"{section.title}: {table.caption}",
                    "header": [_("Region"), _("Country"), *(c.label for c in table.columns)],
                    "rows": rows,
                },
            )
            self.note(f"hidden:{section.code}", str(table.hidden_count))

    def stories(self) -> None:
        self.heading(_("Their stories"), "stories")
        stories = named_stories(self.programme)
        if not stories:
            self.add(
                "paragraph",
                text=_("No enterprise of the programme has agreed to be named yet."),
            )
            return
        self.add(
            "paragraph",
            text=_(
                "These enterprises agreed to be named in their network's reports. The "
                "others are never named."
            ),
        )
        for story in stories:
            enterprise = story["enterprise"]
            self.add("heading", text=enterprise.name, level=3)
            self.add(
                "paragraph",
                text=" · ".join(
                    str(label)
                    for label in (enterprise.group_label, enterprise.region_label)
                    if label
                ),
            )
            if story["story"]:
                language = story["language"] or self.report.language
                self.add("quote", text=story["story"], lang=language)


def compose_territorial(report: TerritorialReport) -> Document:
    """The territorial report's blocks, in its language, from what the programme's
    enterprises share and consent to today."""
    with translation.override(report.language):
        composer = _Territorial(report)
        composer.introduction()
        composer.participation()
        composer.progress()
        composer.results()
        composer.stories()
        programme = report.programme
        subtitle = _("%(network)s · %(programme)s, %(start)s – %(end)s") % {
            "network": programme.network.name,
            "programme": programme.name,
            "start": date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
            "end": date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
        }
        return Document(
            report,
            safe_input.clean_text(report.title),
            safe_input.clean_text(subtitle),
            composer.blocks,
            composer.figures,
        )


def published(report: TerritorialReport) -> Document:
    """The published report as it was composed when it was published."""
    if report.published_document:
        return Document.from_snapshot(report, report.published_document)
    return compose_territorial(report)


def _record(kind: str, report: TerritorialReport, by, **details) -> None:
    """Keep the change in its network's audit log, with the programme and the title."""
    programme = report.programme
    AuditEntry.record(
        kind,
        by=by,
        network=programme.network,
        programme=programme.name,
        title=report.title,
        **details,
    )


# What an admin changes on a report, and what the audit log keeps of each.
EDITED_FIELDS = ("title", "language", "introduction")


@transaction.atomic
def create(programme, user, *, language: str, title: str, introduction: str = ""):
    """A new territorial report of the programme."""
    report = TerritorialReport.objects.create(
        programme=programme,
        language=language,
        title=title,
        introduction=introduction,
        created_by=user,
    )
    _record(AuditEntry.Kind.TERRITORIAL_CREATED, report, user, language=language)
    return report


@transaction.atomic
def change(report: TerritorialReport, user, **values) -> bool:
    """Change its title, language or introduction; whether anything changed. Its files
    made before then are the old report's, and its public page stays as published."""
    changes = {
        name: [getattr(report, name), value]
        for name, value in values.items()
        if name in EDITED_FIELDS and getattr(report, name) != value
    }
    if not changes:
        return False
    # The audit log names the report by the title it had.
    _record(AuditEntry.Kind.TERRITORIAL_CHANGED, report, user, changes=changes)
    for name, (_before, after) in changes.items():
        setattr(report, name, after)
    report.edited_at = timezone.now()
    report.save()
    return True


@transaction.atomic
def publish(report: TerritorialReport, user) -> TerritorialReport:
    """Publish the report as it is now: its public page shows this document, dated, until
    it is published again. A new report gets a new unguessable address; a published one
    keeps its address and shows today's figures and consents."""
    again = bool(report.public_token)
    report.public_token = report.public_token or secrets.token_urlsafe(24)
    report.published_at = timezone.now()
    report.published_document = compose_territorial(report).snapshot()
    report.save(update_fields=["public_token", "published_at", "published_document"])
    _record(AuditEntry.Kind.TERRITORIAL_PUBLISHED, report, user, again=again)
    return report


@transaction.atomic
def revoke(report: TerritorialReport, user) -> TerritorialReport:
    """Stop publishing: the address leads nowhere, and a later publication gets another."""
    if not report.public_token:
        return report
    report.public_token = None
    report.published_at = None
    report.published_document = None
    report.save(update_fields=["public_token", "published_at", "published_document"])
    _record(AuditEntry.Kind.TERRITORIAL_REVOKED, report, user)
    return report


@transaction.atomic
def delete(report: TerritorialReport, user) -> None:
    """Remove the report: its public address leads nowhere, and its files leave the
    storage once the removal is committed (`models._forget_rendition_file`)."""
    _record(AuditEntry.Kind.TERRITORIAL_DELETED, report, user)
    report.delete()
