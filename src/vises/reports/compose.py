"""A report composed once, as plain blocks (headings, paragraphs, key figures, charts with
their data, tables, quotes, images), in the report's language; the HTML page, the PDF and
the DOCX are all drawn from these blocks, so they say the same thing.

Reports go outside the enterprise team: groups of fewer respondents than the small-group
minimum are always hidden, and no answer is shown one by one except the quotes the team
chose.
"""

import base64
import dataclasses
import hashlib
import mimetypes

from django.db.models import Count
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises import safe_input
from vises.analysis import disclosure, sentences
from vises.evaluations.journey import portrait_summary
from vises.evaluations.models import Part
from vises.interpretation import evidence
from vises.interpretation.models import Interpretation, Opinion
from vises.multilingual import pick
from vises.qualitative.pseudonyms import pseudonymised
from vises.reports import charts
from vises.surveys.models import Response

from .models import Report, Section, TerritorialReport

CONTEXT_GROUPS = ("identity", "activities", "resources")
PRACTICE_GROUPS = (
    "governance",
    "participation",
    "working_conditions",
    "territorial_anchoring",
    "partnerships",
    "environment",
)
# Beneficiaries and the general public get shorter sections: fewer charts per question.
CHARTS_PER_QUESTION = {"beneficiaries": 2, "general_public": 3}
QUOTES_PER_QUESTION = 3


@dataclasses.dataclass
class Block:
    kind: str  # heading, paragraph, figures, chart, table, quote, image
    text: str = ""
    level: int = 2
    anchor: str = ""
    figures: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    chart: charts.Chart | None = None
    table: dict | None = None  # {"caption", "header": [...], "rows": [[...]]}
    source: str = ""
    image: object = None  # an ImageField file
    lang: str = ""
    image_data: str = ""  # the image as a data URL, once the block is kept as a snapshot

    @property
    def svg(self) -> str:
        return charts.svg_markup(self.chart)

    @property
    def image_url(self) -> str:
        """The image inlined as a data URL: the page, the public page and the PDF need no
        other request to show it."""
        if self.image_data or not self.image:
            return self.image_data
        self.image.open("rb")
        try:
            data = self.image.read()
        finally:
            self.image.close()
        kind = mimetypes.guess_type(self.image.name)[0] or "image/png"
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"


@dataclasses.dataclass
class Document:
    report: "Report | TerritorialReport"
    title: str
    subtitle: str
    blocks: list[Block]
    figures: dict  # the key figures, to tell what changed since the last render

    @property
    def language(self) -> str:
        return self.report.language

    @property
    def author(self) -> str:
        """Who speaks in the document: the enterprise, or the network of a programme."""
        if hasattr(self.report, "programme"):
            return self.report.programme.network.name
        return self.report.evaluation.enterprise.name

    @property
    def contents(self) -> list[Block]:
        """The table of contents: the sections' headings."""
        return [block for block in self.blocks if block.kind == "heading" and block.level == 2]

    def snapshot(self) -> dict:
        """The document as JSON, to be drawn again later exactly as it is now: the
        figures, texts, charts' data and images, without reading the evaluation again."""
        blocks = []
        for block in self.blocks:
            kept = {
                field.name: getattr(block, field.name)
                for field in dataclasses.fields(block)
                if field.name not in ("chart", "image", "image_data")
            }
            kept["chart"] = dataclasses.asdict(block.chart) if block.chart else None
            kept["image_data"] = block.image_url
            blocks.append(kept)
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "blocks": blocks,
            "figures": self.figures,
        }

    @classmethod
    def from_snapshot(cls, report: Report, kept: dict) -> "Document":
        blocks = []
        for fields in kept["blocks"]:
            fields = dict(fields)
            chart = fields.pop("chart", None)
            if chart:
                chart = charts.Chart(
                    **{
                        **chart,
                        "categories": tuple(chart["categories"]),
                        "series": tuple(
                            charts.Series(series["name"], tuple(series["values"]))
                            for series in chart["series"]
                        ),
                        "reference_lines": tuple(tuple(line) for line in chart["reference_lines"]),
                    }
                )
            fields["figures"] = [tuple(figure) for figure in fields.get("figures", [])]
            blocks.append(Block(chart=chart, **fields))
        return cls(report, kept["title"], kept["subtitle"], blocks, kept["figures"])


def compose(report: Report) -> Document:
    """The report's blocks, in its language, from the evaluation's current evidence."""
    with translation.override(report.language):
        composer = _Composer(report)
        for section in report.sections.select_related("question"):
            composer.section(section)
        evaluation = report.evaluation
        subtitle = _("%(enterprise)s · %(evaluation)s, %(start)s – %(end)s") % {
            "enterprise": evaluation.enterprise.name,
            "evaluation": evaluation.title,
            "start": date_format(evaluation.period_start, "SHORT_DATE_FORMAT"),
            "end": date_format(evaluation.period_end, "SHORT_DATE_FORMAT"),
        }
        return Document(
            report,
            safe_input.clean_text(report.title),
            safe_input.clean_text(subtitle),
            composer.blocks,
            composer.figures,
        )


def published(report: Report) -> Document:
    """The published report as it was composed when published (reports published before
    their figures were kept are composed now)."""
    if report.published_document:
        return Document.from_snapshot(report, report.published_document)
    return compose(report)


class Writer:
    """Blocks written one after the other, each cleaned the same way whatever the report."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.figures: dict[str, str] = {}

    def add(self, kind: str, **fields) -> None:
        """Add a block, its texts cleaned and every figure kept on one line with its unit."""
        # Texts stored before control characters were removed at the door would make the
        # DOCX (XML) refuse to be written: every text of a block is cleaned once, here.
        for name, value in fields.items():
            if name == "chart" and value is not None:
                fields[name] = dataclasses.replace(
                    value,
                    title=safe_input.clean_text(value.title),
                    description=safe_input.clean_text(value.description),
                    source=safe_input.clean_text(value.source),
                    categories=tuple(safe_input.clean_stored(list(value.categories))),
                    series=tuple(
                        dataclasses.replace(series, name=safe_input.clean_text(series.name))
                        for series in value.series
                    ),
                )
            elif name != "image":
                fields[name] = safe_input.clean_stored(value)
        keep = sentences.units_kept_together
        if "text" in fields:
            fields["text"] = keep(fields["text"])
        if "figures" in fields:
            fields["figures"] = [(keep(value), keep(label)) for value, label in fields["figures"]]
        if fields.get("table"):
            table = fields["table"]
            fields["table"] = {
                **table,
                "caption": keep(str(table.get("caption", ""))),
                "header": [keep(str(cell)) for cell in table.get("header", [])],
                "rows": [[keep(str(cell)) for cell in row] for row in table["rows"]],
            }
        self.blocks.append(Block(kind, **fields))

    def paragraphs(self, text: str) -> None:
        """A text written by people, one paragraph per blank-line-separated part."""
        for paragraph in filter(None, (p.strip() for p in text.split("\n\n"))):
            self.add("paragraph", text=paragraph)

    def note(self, key: str, value: str) -> None:
        self.figures[key] = value


class _Composer(Writer):
    def __init__(self, report: Report):
        super().__init__()
        self.report = report
        # Questions with their own section: their interpretation is told there, once.
        self.presented = {
            section.question_id
            for section in report.sections.all()
            if section.kind == Section.Kind.QUESTION
        }
        self.evaluation = report.evaluation
        self.language = report.language
        self.minimum = evidence.small_group_minimum()
        self.known: dict = {}

    # Helpers -----------------------------------------------------------------------------

    def heading(self, section: Section, default: str) -> None:
        self.add("heading", text=section.title or default, level=2, anchor=f"s{section.pk}")

    def team_text(self, section: Section) -> None:
        self.paragraphs(section.text)

    def questions(self):
        return list(self.evaluation.questions.all())

    def question_evidence(self, question) -> dict:
        return evidence.question_evidence(
            self.evaluation, question, self.minimum, with_open_answers=False, known=self.known
        )

    # Sections ----------------------------------------------------------------------------

    def section(self, section: Section) -> None:
        getattr(self, f"section_{section.kind}")(section)

    def section_summary(self, section: Section) -> None:
        """The team's words, up to six key figures (how many answered, how many took part
        in interpreting, the latest value of the indicators that moved the right way),
        and the agreed interpretation of each question the report has no section for."""
        self.heading(section, _("In short"))
        self.team_text(section)
        answered = Response.objects.filter(wave__survey__evaluation=self.evaluation).count()
        participants = self.participants()
        figures = []
        # The total is shown only when every wave's count is: else a subtraction gives them.
        if answered and not self.waves_answered()[1]:
            figures.append((sentences.count(answered), ngettext("answer", "answers", answered)))
        if participants:
            figures.append(
                (
                    sentences.count(participants),
                    ngettext(
                        "person took part in reading the results",
                        "people took part in reading the results",
                        participants,
                    ),
                )
            )
        good = [row for row in self.standings() if row["status"] in ("reached", "progressing")]
        others = [row for row in self.standings() if row["status"] == "measured"]
        for row in (good + others)[: 6 - len(figures)]:
            latest = next((p for p in reversed(row["points"]) if p["shown"]), None)
            if latest and any(ch.isdigit() for ch in latest["shown"]):
                figures.append((latest["shown"], row["name"]))
        if figures:
            self.add("figures", figures=figures)
        self.note("answers", str(answered))
        for question in self.questions():
            if question.pk in self.presented:
                continue
            agreed = Interpretation.objects.filter(question=question).first()
            if agreed:
                self.add("heading", text=question.text, level=3)
                self.add("paragraph", text=agreed.agreed)

    def section_portrait(self, section: Section) -> None:
        self.heading(section, _("The enterprise"))
        self.team_text(section)
        self.portrait_groups(CONTEXT_GROUPS)

    def section_practices(self, section: Section) -> None:
        self.heading(section, _("How we work: our SSE practices"))
        self.team_text(section)
        self.portrait_groups(PRACTICE_GROUPS)

    def portrait_groups(self, codes) -> None:
        grid = [
            g for g in self.evaluation.framework_version.document["portrait"] if g["code"] in codes
        ]
        part = Part.objects.filter(evaluation=self.evaluation, name=Part.Name.PORTRAIT).first()
        for group in portrait_summary(grid, part.content if part else {}):
            if group["rows"]:
                self.add("heading", text=group["name"], level=3)
                self.add(
                    "table",
                    table={
                        "caption": group["name"],
                        "header": [],
                        "rows": [[label, str(value)] for label, value in group["rows"]],
                    },
                )

    def section_question(self, section: Section) -> None:
        question = section.question
        if question is None:
            return
        self.heading(section, question.text)
        self.team_text(section)
        gathered = self.question_evidence(question)
        agreed = Interpretation.objects.filter(question=question).first()
        if agreed:
            self.add("heading", text=_("What we conclude"), level=3)
            self.add("paragraph", text=agreed.agreed)
            self.note(f"interpretation:{question.pk}", _digest(agreed.agreed))
        if gathered["standings"]:
            self.indicator_table(gathered["standings"], _("Indicators of this question"))
        limit = CHARTS_PER_QUESTION.get(self.report.audience)
        shown = gathered["survey_results"][:limit] if limit else gathered["survey_results"]
        for entry in shown:
            if entry.chart is None:
                continue
            self.add(
                "chart",
                chart=dataclasses.replace(entry.chart, language=self.language),
                table={
                    "caption": entry.text,
                    "header": [entry.table.get("corner", ""), *entry.table["columns"]],
                    "rows": [[label, *cells] for label, cells in entry.table["rows"]],
                },
                text=entry.sentence,
                source=entry.chart.source,
            )
            self.note(f"result:{entry.question.pk}", str(entry.result.answered))
        quotes = pseudonymised(question.quotes.all()[:QUOTES_PER_QUESTION], self.evaluation)
        for quote in quotes:
            self.add("quote", text=quote.text, lang=quote.language)
        rounds = question.rounds.annotate(
            people=Count("findings__opinions__participant", distinct=True)
        )
        people = sum(round_.people for round_ in rounds)
        if people:
            self.add(
                "paragraph",
                text=ngettext(
                    "These findings were discussed with %(count)s participant.",
                    "These findings were discussed with %(count)s participants.",
                    people,
                )
                % {"count": sentences.count(people)},
            )
        if agreed and agreed.lessons:
            self.add("heading", text=_("What we take from it"), level=3)
            self.add("paragraph", text=agreed.lessons)

    def participants(self) -> int:
        """How many took part in the evaluation's interpretation rounds (a person in two
        rounds counts twice: their keys are per round)."""
        return (
            Opinion.objects.filter(finding__round__question__evaluation=self.evaluation)
            .values("finding__round", "participant")
            .distinct()
            .count()
        )

    def waves_answered(self) -> tuple[list, set[int]]:
        """Every (survey, wave) that has answers, with their count in `wave.answers`, and
        the positions of those whose count `disclosure.hidden` keeps from view."""
        if "waves" not in self.known:
            waves = [
                (survey, wave)
                for survey in self.evaluation.surveys.all()
                for wave in survey.waves.annotate(answers=Count("responses"))
                if wave.answers
            ]
            sizes = [wave.answers for _survey, wave in waves]
            self.known["waves"] = (waves, disclosure.hidden(sizes, self.minimum))
        return self.known["waves"]

    def standings(self) -> list[dict]:
        if "rows" not in self.known:
            from vises.analysis import indicators as indicator_analysis

            self.known.setdefault("standings", indicator_analysis.standings(self.evaluation))
            self.known["rows"] = [
                evidence.indicator_row(
                    self.evaluation, indicator_analysis.disclosed(standing, self.minimum)
                )
                for standing in self.known["standings"]
            ]
        return self.known["rows"]

    def indicator_table(self, rows: list[dict], caption: str) -> None:
        table_rows = []
        for row in rows:
            latest = next((p for p in reversed(row["points"]) if p["shown"]), None)
            if row["missing_text"]:
                shown = row["missing_text"]
            elif latest and latest["period"]:
                shown = f"{latest['shown']} ({latest['period']})"
            elif latest:
                shown = latest["shown"]
            else:
                shown = "–"
            baseline = row["baseline"] or "–"
            if row["baseline_period"]:
                baseline = f"{baseline} ({row['baseline_period']})"
            table_rows.append(
                [row["name"], baseline, row["target"] or "–", shown, str(row["status_label"])]
            )
            self.note(f"indicator:{row['indicator'].pk}", latest["shown"] if latest else "")
        self.add(
            "table",
            table={
                "caption": caption,
                "header": [
                    _("Indicator"),
                    _("Baseline"),
                    _("Target"),
                    _("Latest value"),
                    _("Status"),
                ],
                "rows": table_rows,
            },
        )

    def section_indicators(self, section: Section) -> None:
        self.heading(section, _("Key indicators against their targets"))
        self.team_text(section)
        rows = self.standings()
        if rows:
            self.indicator_table(rows, _("Indicators and their targets"))
        else:
            self.add("paragraph", text=_("The collection plan follows no indicator yet."))

    def section_method(self, section: Section) -> None:
        self.heading(section, _("How we gathered the evidence"))
        self.team_text(section)
        rows = []
        waves, hidden = self.waves_answered()
        for index, (survey, wave) in enumerate(waves):
            rows.append(
                [
                    pick(survey.title, self.language).text,
                    wave.label,
                    " – ".join(
                        date_format(day, "SHORT_DATE_FORMAT")
                        for day in (wave.opens_on, wave.closes_on)
                    ),
                    evidence.hidden_text() if index in hidden else sentences.count(wave.answers),
                ]
            )
        if rows:
            self.add(
                "table",
                table={
                    "caption": _("Who answered, how many and when"),
                    "header": [_("Survey"), _("Wave"), _("Dates"), _("Answers")],
                    "rows": rows,
                },
            )
        participants = self.participants()
        if evidence.reads_how_we_know(self.report.audience):
            self.add(
                "paragraph",
                text=_(
                    "Figures about groups of fewer than %(minimum)s respondents are not shown, "
                    "so that nobody can be recognised. Changes between waves are tested with "
                    "the statistical test suited to each kind of answer; a difference said to "
                    "be unlikely to be chance has less than a 5%% probability of appearing by "
                    "chance alone. Answers given freely and not by a random sample describe "
                    "those who answered, not everyone."
                )
                % {"minimum": sentences.count(self.minimum)},
            )
            self.how_we_know()
        else:
            # Workers, beneficiaries and the public read what "unlikely to be chance" means,
            # without test names or p.
            self.add(
                "paragraph",
                text=_(
                    "Figures about groups of fewer than %(minimum)s people are not shown, so "
                    "that nobody can be recognised. Answers given freely and not by a random "
                    "sample describe those who answered, not everyone."
                )
                % {"minimum": sentences.count(self.minimum)},
            )
            self.add(
                "paragraph",
                text=_(
                    "We say a difference is unlikely to be chance only when a test of the "
                    "figures shows it. That test needs enough answers each time."
                ),
            )
        if participants:
            self.add(
                "paragraph",
                text=ngettext(
                    "The findings were discussed with %(count)s participant in interpretation "
                    "rounds.",
                    "The findings were discussed with %(count)s participants in interpretation "
                    "rounds.",
                    participants,
                )
                % {"count": sentences.count(participants)},
            )

    def how_we_know(self) -> None:
        """How each change told in the report's question sections was tested, in plain
        words, after a word on the tests and the margin of error: for the audiences that
        read it (evidence.reads_how_we_know)."""
        limit = CHARTS_PER_QUESTION.get(self.report.audience)
        told = []
        sections = self.report.sections.filter(kind=Section.Kind.QUESTION, question__isnull=False)
        for section in sections.select_related("question"):
            entries = self.question_evidence(section.question)["survey_results"]
            told += [
                sentences.labelled(entry.text, entry.how)
                for entry in (entries[:limit] if limit else entries)
                if entry.chart is not None and entry.how
            ]
        if not told:
            return
        self.add("heading", text=_("How we know each change"), level=3)
        self.add(
            "paragraph",
            text=_(
                "Each change is tested on the figure its sentence gives: a share with the "
                "chi-square test (Fisher’s exact test when there are few answers, McNemar’s "
                "test when the same people answered both times), an average with Welch’s t "
                "test (the paired t test for the same people), a whole scale with the "
                "Mann-Whitney or the Wilcoxon test. The margin of error is the range in which "
                "the figure for everyone most likely lies (95 times in 100). The size of a "
                "difference is called small, medium or large by the usual thresholds."
            ),
        )
        for paragraph in told:
            self.add("paragraph", text=paragraph)

    def section_improvement(self, section: Section) -> None:
        """The lessons of each question and the actions the team planned from them: what,
        who, by when and where each stands."""
        from vises.evaluations.improvement import improvement_plan

        self.heading(section, _("What we will improve"))
        self.team_text(section)
        plan = improvement_plan(self.evaluation)
        summary = plan["counts"].summary()
        if summary:
            self.add("paragraph", text=summary)
        groups = [(entry["question"], entry["actions"]) for entry in plan["questions"]]
        groups.append((None, plan["whole"]))
        for question, actions in groups:
            agreed = Interpretation.objects.filter(question=question).first() if question else None
            # Lessons a question's own section already gives are not printed twice.
            told = question is not None and question.pk in self.presented
            lessons = agreed.lessons if agreed and not told else ""
            if not actions and not lessons:
                continue
            self.add(
                "heading",
                text=question.text if question else _("The evaluation as a whole"),
                level=3,
            )
            if lessons:
                self.add("paragraph", text=lessons)
            if actions:
                self.add(
                    "table",
                    table={
                        "caption": _("Actions"),
                        "header": [_("Action"), _("Who"), _("By when"), _("Status")],
                        "rows": [
                            [
                                entry["action"].what,
                                entry["action"].who or "–",
                                date_format(entry["action"].due_on, "SHORT_DATE_FORMAT")
                                if entry["action"].due_on
                                else "–",
                                str(entry["action"].get_status_display())
                                + (f" ({_('overdue')})" if entry["overdue"] else ""),
                            ]
                            for entry in actions
                        ],
                    },
                )
            self.note(
                f"actions:{question.pk if question else 'whole'}",
                ",".join(f"{e['action'].pk}:{e['action'].status}" for e in actions),
            )

    def section_quotes(self, section: Section) -> None:
        """The chosen quotes that the questions' own sections do not already give."""
        self.heading(section, _("In their words"))
        self.team_text(section)
        for question in self.questions():
            quotes = pseudonymised(question.quotes.all(), self.evaluation)
            if question.pk in self.presented:
                quotes = quotes[QUOTES_PER_QUESTION:]
            for quote in quotes:
                self.add("quote", text=quote.text, lang=quote.language)

    def section_text(self, section: Section) -> None:
        if section.title:
            self.heading(section, section.title)
        self.team_text(section)

    def section_image(self, section: Section) -> None:
        if section.title:
            self.heading(section, section.title)
        if section.image:
            self.add("image", image=section.image, text=section.image_alt)
        self.team_text(section)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def changes_since_render(report: Report, document: Document) -> list[str]:
    """What differs between the figures now and at the last render, in plain words."""
    before, now = report.rendered_figures or {}, document.figures
    if not report.rendered_at:
        return []
    said = []
    with translation.override(report.language):
        if before.get("answers") != now.get("answers"):
            said.append(
                _("Answers: %(before)s then, %(now)s now.")
                % {"before": before.get("answers", "0"), "now": now.get("answers", "0")}
            )
        for key in sorted(set(before) | set(now)):
            if key == "answers" or before.get(key) == now.get(key):
                continue
            if key.startswith("indicator:"):
                said.append(
                    _("An indicator changed: %(before)s then, %(now)s now.")
                    % {"before": before.get(key) or "–", "now": now.get(key) or "–"}
                )
            elif key.startswith("interpretation:"):
                said.append(_("An agreed interpretation was rewritten."))
    return said
