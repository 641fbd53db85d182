"""Where an evaluation stands on its journey, computed from its content."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vises.multilingual import pick

from .models import Evaluation, JourneyStep, Part


@dataclass
class Step:
    number: int
    title: str
    substeps: list["Substep"] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.substeps) and all(s.done for s in self.substeps if s.url)


@dataclass
class Substep:
    title: str
    done: bool
    missing: str = ""
    url: str = ""


def required_portrait_fields(document: dict) -> list[str]:
    return [
        f["code"] for group in document["portrait"] for f in group["fields"] if f.get("required")
    ]


def _filled(value) -> bool:
    return value not in (None, "", [], {})


def journey(evaluation: Evaluation, parts: dict[str, Part]) -> list[Step]:
    """The preliminary step and steps 1 to 3, each sub-step done or with what is missing."""
    preliminary = parts.get(Part.Name.PRELIMINARY)
    preliminary_content = preliminary.content if preliminary else {}
    portrait = parts.get(Part.Name.PORTRAIT)
    portrait_content = portrait.content if portrait else {}
    required = required_portrait_fields(evaluation.framework_version.document)
    missing_portrait = [code for code in required if not _filled(portrait_content.get(code))]
    motivation_given = _filled(preliminary_content.get("motivations")) or _filled(
        preliminary_content.get("motivation_text")
    )
    team_given = evaluation.team.exists()
    has_stakeholders = evaluation.stakeholders.exists()
    has_questions = evaluation.questions.exists()
    has_main_question = has_questions and evaluation.questions.filter(is_main=True).exists()

    preliminary_missing = []
    if not motivation_given:
        preliminary_missing.append(str(_("why you evaluate")))
    if not team_given:
        preliminary_missing.append(str(_("the evaluation team")))
    pk = evaluation.pk
    return [
        Step(
            JourneyStep.PRELIMINARY,
            JourneyStep.PRELIMINARY.label,
            [
                Substep(
                    _("Why, who and with what means"),
                    not preliminary_missing,
                    ", ".join(preliminary_missing),
                    reverse("evaluation_preliminary", args=[pk]),
                )
            ],
        ),
        Step(
            JourneyStep.STATE_OF_PLAY,
            JourneyStep.STATE_OF_PLAY.label,
            [
                Substep(
                    _("Get familiar with the framework"),
                    True,
                    url=reverse("framework_glossary", args=[evaluation.framework_version_id]),
                ),
                Substep(
                    _("Portrait of the enterprise"),
                    not missing_portrait,
                    ngettext_lazy(
                        "%(count)s required field to fill",
                        "%(count)s required fields to fill",
                        len(missing_portrait),
                    )
                    % {"count": len(missing_portrait)}
                    if missing_portrait
                    else "",
                    reverse("evaluation_portrait", args=[pk]),
                ),
                Substep(
                    _("Stakeholder map"),
                    has_stakeholders,
                    "" if has_stakeholders else _("at least one stakeholder"),
                    reverse("evaluation_stakeholders", args=[pk]),
                ),
                Substep(
                    _("Evaluative questions"),
                    has_main_question,
                    "" if has_questions else _("at least one question"),
                    reverse("evaluation_questions", args=[pk]),
                ),
                Substep(_("Collection plan"), False),
            ],
        ),
        Step(JourneyStep.DATA_COLLECTION, JourneyStep.DATA_COLLECTION.label),
        Step(JourneyStep.ANALYSIS, JourneyStep.ANALYSIS.label),
    ]


def next_action(steps: list[Step]) -> Substep | None:
    """The first sub-step that can be worked on and is not done."""
    return next((s for step in steps for s in step.substeps if s.url and not s.done), None)


def progress(steps: list[Step]) -> int:
    """The share, in percent, of the available sub-steps that are done."""
    available = [s for step in steps for s in step.substeps if s.url]
    return round(100 * sum(s.done for s in available) / len(available)) if available else 0


def portrait_summary(grid: list[dict], content: dict) -> list[dict]:
    """The portrait's groups with their filled fields as (label, shown value) pairs."""
    groups = []
    for group in grid:
        rows = []
        for spec in group["fields"]:
            value = content.get(spec["code"])
            if not _filled(value):
                continue
            labels = {c["code"]: pick(c["label"]).text for c in spec.get("choices", [])}
            if spec["type"] == "multiple_choice":
                value = ", ".join(labels.get(v, v) for v in value)
            elif spec["type"] == "choice":
                value = labels.get(value, value)
            elif spec["type"] == "yes_no":
                value = _("Yes") if value else _("No")
            rows.append((pick(spec["label"]).text, value))
        groups.append({"name": pick(group["name"]).text, "rows": rows})
    return groups
