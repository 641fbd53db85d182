"""The collected data as the analysis needs it, read from the database in a fixed number
of queries: a survey's responses as a Dataset, the framework's multi-item scales."""

from vises import safe_input
from vises.analysis.results import TEXT_KINDS, Dataset, Item, ScaleRule
from vises.surveys.answers import other_key
from vises.surveys.models import Question, Response, Survey

NUMERIC_KINDS = ("number", "scale", "rating_0_10")


def survey_items(survey: Survey) -> list[Item]:
    """The survey's questions in the order respondents meet them."""
    questions = Question.objects.filter(survey=survey).order_by(
        "section__position", "section_id", "position", "id"
    )
    return [Item.from_question(question) for question in questions]


def survey_dataset(survey: Survey, waves=None) -> Dataset:
    """Every response to the survey (or to the waves given), waves in their opening order."""
    waves = list(waves if waves is not None else survey.waves.order_by("opens_on", "pk"))
    labels = {wave.pk: wave.label for wave in waves}
    items = survey_items(survey)
    numeric = [item.code for item in items if item.kind in NUMERIC_KINDS]
    texts = [item.code for item in items if item.kind in TEXT_KINDS]
    texts += [other_key(item.code) for item in items if item.allow_other]
    rows = Response.objects.filter(wave__in=waves).order_by("pk")
    answers, wave_of, keys, ids = [], [], [], []
    for pk, wave_id, given, key in rows.values_list("pk", "wave_id", "answers", "respondent_key"):
        ids.append(pk)
        answers.append(_usable(given, numeric, texts))
        wave_of.append(labels[wave_id])
        keys.append(key if survey.link_waves else "")
    return Dataset(
        items,
        answers,
        wave_of,
        keys,
        wave_order=list(dict.fromkeys(wave.label for wave in waves)),
        ids=ids,
    )


def _usable(given: dict, numeric: list[str], texts: list[str]) -> dict:
    """The stored answers as the analysis may use them, whatever was stored before typed
    values were checked: a number no figure can be computed from (a 401-digit integer,
    NaN) counts as unanswered, and open answers lose their control characters."""
    broken = [code for code in numeric if not _plain_number(given.get(code))]
    dirty = [
        code for code in texts if isinstance(given.get(code), str) and not given[code].isprintable()
    ]
    if not broken and not dirty:
        return given
    usable = {code: value for code, value in given.items() if code not in broken}
    for code in dirty:
        usable[code] = safe_input.clean_text(given[code])
    return usable


def _plain_number(value) -> bool:
    """Whether an answer is unanswered or a number within the rules (the usual answer is
    told at once; others are checked in full)."""
    if value is None or (
        type(value) in (int, float) and -safe_input.LIMIT <= value <= safe_input.LIMIT
    ):
        return True
    return safe_input.usable_number(value) is not None


def scale_rules(document: dict) -> dict[str, ScaleRule]:
    """The question bank's multi-item scales, with the range of their items' answer scale."""
    answer_scales = {scale["code"]: scale for scale in document.get("answer_scales", [])}
    items = {item["code"]: item for item in document.get("question_bank", {}).get("items", [])}
    rules = {}
    for scale in document.get("question_bank", {}).get("scales", []):
        members = tuple((entry["item"], bool(entry.get("reversed"))) for entry in scale["items"])
        first = items.get(members[0][0], {}) if members else {}
        options = answer_scales.get(first.get("answer_scale"), {}).get("options", [])
        values = [float(option["value"]) for option in options]
        if not values:
            continue
        rules[scale["code"]] = ScaleRule(
            scale["code"], scale.get("name", {}), members, min(values), max(values)
        )
    return rules
