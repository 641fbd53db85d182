"""An evaluation's saved content as people read it: labels and values in their language,
for the history of changes and for edit conflicts."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vises.frameworks import browse
from vises.multilingual import pick

from .forms import MOTIVATIONS, PreliminaryForm
from .journey import portrait_summary
from .models import ActionStatus, Method, PlanIndicator, PlanRow, SharingLevel, Stakeholder
from .templatetags.evaluations import plain_number

PART_LABELS = {
    "preliminary": _("Preliminary step"),
    "familiarisation": _("Get familiar with the framework"),
    "portrait": _("Portrait of the enterprise"),
    "stakeholders": _("Stakeholder map"),
    "evaluative_questions": _("Evaluative questions"),
    "plan": _("Collection plan"),
    "plan_indicators": _("Indicators of the plan"),
    "indicator_values": _("Indicator values"),
    "surveys": _("Surveys"),
    "quotes": _("Quotes"),
    "interpretation": _("Interpretation"),
    "improvement": _("Improvement plan"),
    "responses": _("Removed response"),
    "erased_responses": _("Response erased at its respondent's request"),
    "retention": _("Respondents' data deleted after the retention date"),
    "settings": _("Settings of the evaluation"),
    "sharing": _("Data sharing with the network"),
    "response_imports": _("Responses imported from a file"),
    "indicator_imports": _("Indicator values imported from a file"),
    "material": _("Qualitative material"),
    "codebook": _("Codebook"),
    "excerpts": _("Coded passages"),
    "pseudonyms": _("Pseudonymisation list"),
}
# Parts that keep what one respondent answered: shown only to those who may read
# individual responses (access.rules.may_read_responses).
RESPONSE_PARTS = {"responses"}
IMPORT_LABELS = {
    "survey": _("survey"),
    "wave": _("wave"),
    "file": _("file"),
    "responses": _("responses"),
    "values": _("values"),
    "undone": _("undone"),
}
# Parts that keep what people said in interviews: shown only to the enterprise's team
# (access.rules.may_read_material).
MATERIAL_PARTS = {"material", "codebook", "excerpts", "pseudonyms"}
MATERIAL_LABELS = {
    "title": _("title"),
    "method": _("method"),
    "happened_on": _("date"),
    "stakeholder_type": _("stakeholder type"),
    "pseudonym": _("pseudonym"),
    "consent": _("how consent was recorded"),
    "consent_on": _("consent given on"),
    "interviewer": _("interviewer"),
    "source": _("transcript file"),
    "recording": _("recording"),
    "characters": _("characters of text"),
    "memo": _("memo"),
    "name": _("name"),
    "parent": _("under"),
    "description": _("description"),
    "colour": _("colour"),
    "merged_into": _("merged into"),
    "document": _("document"),
    "lines": _("lines"),
    "codes": _("codes"),
    "passage": _("passage"),
}
QUESTION_LABELS = {"text": _("question"), "themes": _("themes"), "main": _("main question")}
INTERPRETATION_LABELS = {
    "question": _("evaluative question"),
    "quote": _("quote"),
    "round": _("interpretation round"),
    "findings": _("findings discussed"),
    "open": _("open to answers"),
    "agreed": _("agreed interpretation"),
    "lessons": _("lessons for our practice"),
}
IMPROVEMENT_LABELS = {
    "question": _("evaluative question"),
    "what": _("action"),
    "who": _("who"),
    "due_on": _("by when"),
    "status": _("status"),
    "note": _("follow-up note"),
}
PRIVACY_LABELS = {
    "survey": _("survey"),
    "wave": _("wave"),
    "submitted": _("received on"),
    "open_answers": _("open answers deleted"),
    "codes": _("survey codes deleted"),
    "quotes": _("quotes deleted"),
    "links": _("links between waves deleted"),
    "title": _("title"),
    "period_start": _("period start"),
    "period_end": _("period end"),
    "retention_until": _("keep respondents' open answers until"),
}
VALUE_LABELS = {
    "indicator": _("indicator"),
    "period": _("period"),
    "number": _("value"),
    "text": _("value"),
    "source": _("source"),
    "comment": _("comment"),
    "evidence": _("evidence file"),
}


def _localised_number(value: str | None) -> str | None:
    """A stored plain decimal ("1234.5") as the reader writes it ("1 234,5" in French)."""
    try:
        return plain_number(Decimal(str(value))) if value not in (None, "") else value
    except InvalidOperation:
        return value


def _shown(value, names: dict | None = None) -> str:
    names = names or {}
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return ", ".join(str(names.get(item, item)) for item in value)
    if isinstance(value, int | float | Decimal) and value not in names:
        return plain_number(Decimal(str(value)))
    return str(names.get(value, value))


def readable_change(
    evaluation, change, *, may_read_responses: bool, may_read_material: bool
) -> dict:
    """A change as its reader sees it: the part's name and its content before and after,
    withheld when it holds a respondent's answers or qualitative material the reader may
    not read."""
    withheld = (change.part in RESPONSE_PARTS and not may_read_responses) or (
        change.part in MATERIAL_PARTS and not may_read_material
    )
    return {
        "change": change,
        "part": PART_LABELS.get(change.part, change.part),
        "withheld": withheld,
        "before": [] if withheld else readable(evaluation, change.part, change.before),
        "after": [] if withheld else readable(evaluation, change.part, change.after),
    }


def readable(evaluation, part: str, content: dict | None) -> list[tuple[str, str]]:
    """(label, value) rows of a part's content, in the reader's language."""
    if not content:
        return []
    document = evaluation.framework_version.document
    if part == "surveys":
        from vises.surveys.builder import readable as survey_rows

        return survey_rows(evaluation, content)
    if part == "portrait":
        return [
            row
            for group in portrait_summary(document["portrait"], content)
            for row in group["rows"]
        ]
    theme_names = {code: pick(t["name"]).text for code, t in browse.themes(document).items()}
    if part == "preliminary":
        fields = PreliminaryForm.base_fields
        labels = {key: fields[key].label for key in PreliminaryForm.CONTENT_FIELDS}
        names = {"motivations": dict(MOTIVATIONS)}
    elif part == "stakeholders":
        labels = {f.name: f.verbose_name for f in Stakeholder._meta.fields}
        names = {
            "type_code": {t["code"]: pick(t["name"]).text for t in document["stakeholder_types"]},
            "involvement": dict(Stakeholder.Involvement.choices),
        }
    elif part == "plan":
        labels = {
            "question": _("evaluative question"),
            **{f.name: f.verbose_name for f in PlanRow._meta.get_fields() if f.concrete},
        }
        names = {"methods": dict(Method.choices)}
    elif part == "plan_indicators":
        labels = {
            "indicator": _("indicator"),
            **{f.name: f.verbose_name for f in PlanIndicator._meta.fields},
        }
        names = {
            "indicator": {i["code"]: pick(i["name"]).text for i in document["indicators"]},
            "direction": dict(PlanIndicator.Direction.choices),
        }
        content = {
            key: _localised_number(value) if key in ("baseline", "target") else value
            for key, value in content.items()
        }
    elif part == "indicator_values":
        labels = VALUE_LABELS
        names = {"indicator": {i["code"]: pick(i["name"]).text for i in document["indicators"]}}
        if "number" in content:
            content = {**content, "number": _localised_number(content["number"])}
    elif part in ("response_imports", "indicator_imports"):
        labels, names = IMPORT_LABELS, {}
    elif part in ("quotes", "interpretation"):
        labels, names = INTERPRETATION_LABELS, {}
    elif part in ("erased_responses", "retention", "settings"):
        labels, names = PRIVACY_LABELS, {}
        content = {
            key: date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
            if key in ("submitted", "period_start", "period_end", "retention_until") and value
            else value
            for key, value in content.items()
        }
    elif part == "sharing":
        labels = {
            "level": _("what the network may use"),
            "named": _("named in the network's reports"),
            "story": _("our story"),
        }
        names = {
            "level": dict(SharingLevel.choices),
        }
    elif part in MATERIAL_PARTS:
        from vises.qualitative.models import Code

        labels = MATERIAL_LABELS
        names = {
            "method": dict(Method.choices),
            "colour": dict(Code.Colour.choices),
            "stakeholder_type": {
                t["code"]: pick(t["name"]).text for t in document["stakeholder_types"]
            },
        }
    elif part == "familiarisation":
        labels, names = {"framework_read": _("guidance and glossary read")}, {}
    elif part == "improvement":
        labels, names = IMPROVEMENT_LABELS, {"status": dict(ActionStatus.choices)}
        due_on = content.get("due_on")
        content = {
            **{key: value for key, value in content.items() if key != "id"},
            "question": content.get("question") or _("The evaluation as a whole"),
            "due_on": date_format(date.fromisoformat(due_on), "SHORT_DATE_FORMAT")
            if due_on
            else None,
        }
    else:
        labels, names = QUESTION_LABELS, {"themes": theme_names}
    return [
        (str(labels.get(key, key)).capitalize(), _shown(value, names.get(key)))
        for key, value in content.items()
    ]
