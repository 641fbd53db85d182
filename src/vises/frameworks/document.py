"""
Framework documents: read from YAML, checked, and written back.

A document is plain data (dicts, lists, strings, numbers) as docs/framework-format.md
describes. `read` parses YAML and remembers the line of every node; `check` returns the
problems of a document, each located by its path (``indicators[12].themes[0]``) and line;
`write` gives the canonical YAML of a document, so that ``write(read(text))`` gives back
a canonical file unchanged.
"""

import re
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext_lazy as _

from vises import bounded_yaml

from .formulas import FormulaError, formula_references

LANGUAGES = ("fr", "nl", "en")
GROUPS = ("integration", "collective_service", "sse_other")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
FRAMEWORK_CODE = re.compile(r"^[a-z][a-z0-9_-]*$")


class FrameworkError(Exception):
    """A document could not be read or is not a valid framework."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Problem:
    path: str
    message: str
    line: int | None = None
    filename: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.filename, self.line) if part)
        label = _("warning") if self.warning else _("error")
        location = f"{where}: " if where else ""
        return f"{location}{label}: {self.path or '/'}: {self.message}"


# Reading ----------------------------------------------------------------------------------


@dataclass
class Source:
    """A parsed document and the line where each path starts."""

    data: object
    lines: dict[str, int] = field(default_factory=dict)
    filename: str = ""


def read(text: str, filename: str = "") -> Source:
    """Parse YAML text. Raises FrameworkError naming the line if it is not YAML or goes
    past the bounds of an import (size, nesting, aliases)."""
    try:
        node, data = bounded_yaml.compose(text)
    except bounded_yaml.LimitExceeded as error:
        raise FrameworkError(
            [Problem("", error.message, line=error.line, filename=filename)]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = Problem(
            "",
            _("this is not valid YAML (%(reason)s)")
            % {"reason": getattr(error, "problem", None) or error},
            line=mark.line + 1 if mark else None,
            filename=filename,
        )
        raise FrameworkError([problem]) from None
    lines = {}
    if node is not None:
        _record_lines(node, "", lines)
    return Source(data, lines, filename)


def _record_lines(node, path: str, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.setdefault(_join(path, key.value), key.start_mark.line + 1)
            _record_lines(value, _join(path, key.value), lines)
            lines[_join(path, key.value)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{path}[{index}]", lines)


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


# The shape of a document ------------------------------------------------------------------
#
# Each key maps to a kind: "text" (a {fr, nl, en} map), "code", "framework_code",
# "positive_int", "number", "bool", "string", a tuple of allowed values, a list
# ["codes", reference] of codes of another list, or a nested shape. A key whose name
# ends in "?" is optional. Lists of records are written [shape].

TEXT = "text"

OPTION = {"value": "number", "label": TEXT}
CHOICE = {"code": "code", "label": TEXT}
THEME = {"code": "code", "name": TEXT, "description?": TEXT}
PORTRAIT_TYPES = (
    "short_text",
    "long_text",
    "integer",
    "number",
    "yes_no",
    "date",
    "choice",
    "multiple_choice",
)
ANSWER_TYPES = ("short_text", "long_text", "integer", "number", "yes_no", "rating_0_10", "date")
# The qualitative methods of the collection plan that a guide prepares.
GUIDE_METHODS = ("interview", "focus_group", "life_story")

SHAPE = {
    "code": "framework_code",
    "version": "positive_int",
    "title": TEXT,
    "description?": TEXT,
    "lexicon": [{"code": "code", "term": TEXT, "definition": TEXT}],
    "schema": {
        "dimensions": [
            {"code": "code", "name": TEXT, "description?": TEXT, "themes": [THEME]},
        ],
    },
    "portrait": [
        {
            "code": "code",
            "name": TEXT,
            "fields": [
                {
                    "code": "code",
                    "label": TEXT,
                    "help?": TEXT,
                    "type": PORTRAIT_TYPES,
                    "required?": "bool",
                    "choices?": [CHOICE],
                }
            ],
        }
    ],
    "stakeholder_types": [{"code": "code", "name": TEXT}],
    "audiences": [{"code": "code", "name": TEXT, "description?": TEXT}],
    "answer_scales": [{"code": "code", "name": TEXT, "options": [OPTION]}],
    "evaluative_questions": [
        {"code": "code", "text": TEXT, "groups": ["groups"], "themes": ["codes", "themes"]}
    ],
    "indicators": [
        {
            "code": "code",
            "name": TEXT,
            "definition": TEXT,
            "unit": TEXT,
            "kind": ("counted", "from_survey", "formula"),
            "formula?": "string",
            "survey_rule?": {
                "item": "code",
                "measure": ("mean", "share_in", "share_at_least"),
                "values?": ["numbers"],
                "threshold?": "number",
            },
            "themes": ["codes", "themes"],
            "groups": ["groups"],
            "direction": ("higher_is_better", "lower_is_better", "neutral"),
        }
    ],
    "question_bank": {
        "items": [
            {
                "code": "code",
                "text": TEXT,
                "stakeholder_types": ["codes", "stakeholder_types"],
                "answer_scale?": "code",
                "answer_type?": ANSWER_TYPES,
                "themes": ["codes", "themes"],
            }
        ],
        "scales?": [
            {
                "code": "code",
                "name": TEXT,
                "items": [{"item": "code", "reversed": "bool"}],
                "scoring": ("mean", "sum"),
            }
        ],
    },
    "method_guides?": [
        {
            "method": GUIDE_METHODS,
            "title": TEXT,
            "introduction?": TEXT,
            "sections": [
                {"code": "code", "title": TEXT, "themes?": ["codes", "themes"], "prompts": [TEXT]}
            ],
        }
    ],
}


def _keys(shape: dict) -> list[tuple[str, bool]]:
    return [(key.rstrip("?"), key.endswith("?")) for key in shape]


# Checking ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def report(self, path: str, message, warning: bool = False) -> None:
        # The line of the path, or of its nearest ancestor present in the file.
        probe = path
        line = self.source.lines.get(probe)
        while line is None and probe:
            probe = re.sub(r"(^|\.)[^.\[\]]+$|\[\d+\]$", "", probe)
            line = self.source.lines.get(probe)
        self.problems.append(
            Problem(path, str(message), line, self.source.filename, warning=warning)
        )

    # Shapes

    def check_value(self, value, kind, path: str) -> None:
        if isinstance(kind, dict):
            self.check_record(value, kind, path)
        elif isinstance(kind, list) and isinstance(kind[0], dict):
            self.check_records(value, kind[0], path)
        elif isinstance(kind, list):
            self.check_list(value, kind[0], path)
        elif isinstance(kind, tuple):
            if value not in kind:
                self.report(
                    path,
                    _("“%(value)s” is not allowed here; use one of: %(allowed)s")
                    % {"value": value, "allowed": ", ".join(kind)},
                )
        else:
            getattr(self, f"check_{kind}")(value, path)

    def check_record(self, value, shape: dict, path: str) -> None:
        if not isinstance(value, dict):
            self.report(path, _("expected a mapping of keys and values"))
            return
        known = {key for key, _optional in _keys(shape)}
        for key, optional in _keys(shape):
            if key in value and value[key] is not None:
                self.check_value(
                    value[key], shape[key + ("?" if optional else "")], _join(path, key)
                )
            elif not optional:
                self.report(_join(path, key), _("this key is missing"))
        for key in value:
            if key not in known:
                self.report(_join(path, key), _("unknown key"))

    def check_records(self, value, shape: dict, path: str) -> None:
        if not isinstance(value, list):
            self.report(path, _("expected a list"))
            return
        seen = {}
        for index, item in enumerate(value):
            self.check_record(item, shape, f"{path}[{index}]")
            code = item.get("code") if isinstance(item, dict) else None
            if isinstance(code, str) and "code" in shape:
                if code in seen:
                    self.report(
                        f"{path}[{index}].code",
                        _("duplicate code “%(code)s”, already used at %(other)s")
                        % {"code": code, "other": seen[code]},
                    )
                else:
                    seen[code] = f"{path}[{index}]"

    def check_list(self, value, item_kind: str, path: str) -> None:
        if not isinstance(value, list) or not value:
            self.report(path, _("expected a list with at least one element"))
            return
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if item_kind == "groups":
                self.check_value(item, GROUPS, item_path)
            elif item_kind == "numbers":
                self.check_number(item, item_path)
            elif item_kind == TEXT:
                self.check_text(item, item_path)
            else:
                self.check_code(item, item_path)

    def check_text(self, value, path: str) -> None:
        if not isinstance(value, dict):
            self.report(path, _("expected a text in each language: {fr: …, nl: …, en: …}"))
            return
        for language, text in value.items():
            if language not in LANGUAGES:
                self.report(_join(path, language), _("unknown language; use fr, nl or en"))
            elif not isinstance(text, str):
                self.report(_join(path, language), _("expected a text"))
        present = [
            lang for lang in LANGUAGES if isinstance(value.get(lang), str) and value[lang].strip()
        ]
        if not present:
            self.report(path, _("the text is empty in every language"))
        for language in LANGUAGES:
            if language not in present:
                self.report(
                    _join(path, language),
                    _("translation missing in %(language)s") % {"language": language},
                    warning=True,
                )

    def check_code(self, value, path: str) -> None:
        if not isinstance(value, str) or not CODE.match(value):
            self.report(
                path,
                _(
                    "“%(value)s” is not a code: use lower-case letters, digits and underscores, "
                    "starting with a letter"
                )
                % {"value": value},
            )

    def check_framework_code(self, value, path: str) -> None:
        if not isinstance(value, str) or not FRAMEWORK_CODE.match(value):
            self.report(
                path,
                _(
                    "“%(value)s” is not a framework code: use lower-case letters, digits, "
                    "hyphens and underscores, starting with a letter"
                )
                % {"value": value},
            )

    def check_positive_int(self, value, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report(path, _("expected a whole number from 1"))

    def check_number(self, value, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, _("expected a number"))

    def check_bool(self, value, path: str) -> None:
        if not isinstance(value, bool):
            self.report(path, _("expected true or false"))

    def check_string(self, value, path: str) -> None:
        if not isinstance(value, str) or not value.strip():
            self.report(path, _("expected a text"))


def _enumerated(document, *path):
    """(index, record) for each well-formed record of the list at `path`."""
    value = document
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _records(document, *path) -> list[dict]:
    """The well-formed records at `path`, or nothing if the document is broken there."""
    return [item for _index, item in _enumerated(document, *path)]


def _code_or_none(value) -> str | None:
    """The value if it can be a code, so that broken documents never break a lookup."""
    return value if isinstance(value, str) else None


def _codes(records) -> set[str]:
    return {record["code"] for record in records if isinstance(record.get("code"), str)}


def _check_references(checker: _Checker, document: dict) -> None:
    themes = _codes(
        theme
        for dimension in _records(document, "schema", "dimensions")
        for theme in (
            dimension.get("themes") or [] if isinstance(dimension.get("themes"), list) else []
        )
        if isinstance(theme, dict)
    )
    known = {
        "themes": themes,
        "stakeholder_types": _codes(_records(document, "stakeholder_types")),
    }
    _check_unique_themes(checker, document)

    def refer(path: str, value, kind: str) -> None:
        if isinstance(value, list):
            for index, code in enumerate(value):
                if isinstance(code, str) and CODE.match(code) and code not in known[kind]:
                    checker.report(
                        f"{path}[{index}]",
                        _("unknown reference “%(code)s”: no such %(kind)s")
                        % {"code": code, "kind": _KIND_NAMES[kind]},
                    )

    for index, question in _enumerated(document, "evaluative_questions"):
        refer(f"evaluative_questions[{index}].themes", question.get("themes"), "themes")

    scales = {
        s["code"]: s for s in _records(document, "answer_scales") if isinstance(s.get("code"), str)
    }
    for index, scale in _enumerated(document, "answer_scales"):
        values = [o.get("value") for o in scale.get("options") or [] if isinstance(o, dict)]
        if len(values) != len(set(map(repr, values))):
            checker.report(f"answer_scales[{index}].options", _("two options have the same value"))

    items = {
        i["code"]: i
        for i in _records(document, "question_bank", "items")
        if isinstance(i.get("code"), str)
    }
    for index, item in _enumerated(document, "question_bank", "items"):
        path = f"question_bank.items[{index}]"
        refer(f"{path}.themes", item.get("themes"), "themes")
        refer(f"{path}.stakeholder_types", item.get("stakeholder_types"), "stakeholder_types")
        has_scale, has_type = "answer_scale" in item, "answer_type" in item
        if has_scale == has_type:
            checker.report(path, _("give either an answer_scale or an answer_type"))
        elif has_scale and _code_or_none(item["answer_scale"]) not in scales:
            checker.report(
                f"{path}.answer_scale",
                _("unknown reference “%(code)s”: no such %(kind)s")
                % {"code": item["answer_scale"], "kind": _KIND_NAMES["answer_scales"]},
            )

    bank_scales = {
        s["code"]: s
        for s in _records(document, "question_bank", "scales")
        if isinstance(s.get("code"), str)
    }
    for code in set(bank_scales) & set(items):
        checker.report(
            "question_bank.scales", _("“%(code)s” names both an item and a scale") % {"code": code}
        )
    for index, scale in _enumerated(document, "question_bank", "scales"):
        for position, entry in _enumerated(scale, "items"):
            path = f"question_bank.scales[{index}].items[{position}].item"
            item = items.get(_code_or_none(entry.get("item")))
            if item is None:
                checker.report(
                    path,
                    _("scale item missing: no question-bank item “%(code)s”")
                    % {"code": entry.get("item")},
                )
            elif _code_or_none(item.get("answer_scale")) not in scales:
                checker.report(path, _("a scale item must be answered on an answer scale"))

    _check_indicators(checker, document, themes, items, bank_scales, scales)

    guided = {}
    for index, guide in _enumerated(document, "method_guides"):
        method = guide.get("method")
        if isinstance(method, str) and method in guided:
            checker.report(
                f"method_guides[{index}].method",
                _("a guide for “%(method)s” is already given at %(other)s")
                % {"method": method, "other": guided[method]},
            )
        elif isinstance(method, str):
            guided[method] = f"method_guides[{index}]"
        for position, section in _enumerated(guide, "sections"):
            refer(
                f"method_guides[{index}].sections[{position}].themes",
                section.get("themes"),
                "themes",
            )


def _check_unique_themes(checker: _Checker, document: dict) -> None:
    seen = {}
    for d_index, dimension in _enumerated(document, "schema", "dimensions"):
        for t_index, theme in _enumerated(dimension, "themes"):
            code = theme.get("code")
            path = f"schema.dimensions[{d_index}].themes[{t_index}].code"
            if not isinstance(code, str):
                continue
            if code in seen and seen[code][0] != d_index:
                checker.report(
                    path,
                    _("duplicate code “%(code)s”, already used at %(other)s")
                    % {"code": code, "other": seen[code][1]},
                )
            seen.setdefault(code, (d_index, path))


def _check_indicators(checker, document, themes, items, bank_scales, answer_scales) -> None:
    indicators = {
        i["code"]: i for i in _records(document, "indicators") if isinstance(i.get("code"), str)
    }
    depends_on = {}
    for index, indicator in _enumerated(document, "indicators"):
        path = f"indicators[{index}]"
        for position, code in enumerate(
            indicator.get("themes") or [] if isinstance(indicator.get("themes"), list) else []
        ):
            if isinstance(code, str) and CODE.match(code) and code not in themes:
                checker.report(
                    f"{path}.themes[{position}]",
                    _("unknown reference “%(code)s”: no such %(kind)s")
                    % {"code": code, "kind": _KIND_NAMES["themes"]},
                )
        kind = indicator.get("kind")
        if kind == "formula":
            formula = indicator.get("formula")
            if not isinstance(formula, str):
                checker.report(f"{path}.formula", _("a formula indicator needs a formula"))
            else:
                try:
                    references = formula_references(formula)
                except FormulaError:
                    checker.report(
                        f"{path}.formula",
                        _("the formula is not arithmetic: use codes, numbers, + - * / and ()"),
                    )
                else:
                    for code in sorted(references - set(indicators)):
                        checker.report(
                            f"{path}.formula",
                            _("the formula refers to an unknown indicator “%(code)s”")
                            % {"code": code},
                        )
                    if isinstance(indicator.get("code"), str):
                        depends_on[indicator["code"]] = references & set(indicators)
        elif "formula" in indicator:
            checker.report(f"{path}.formula", _("only formula indicators have a formula"))
        if kind == "from_survey":
            _check_survey_rule(
                checker, indicator.get("survey_rule"), path, items, bank_scales, answer_scales
            )
        elif "survey_rule" in indicator:
            checker.report(
                f"{path}.survey_rule", _("only from_survey indicators have a survey rule")
            )

    for code in _codes_in_cycles(depends_on):
        index = next(
            i for i, record in _enumerated(document, "indicators") if record.get("code") == code
        )
        checker.report(
            f"indicators[{index}].formula",
            _("the formula of “%(code)s” depends on itself") % {"code": code},
        )


def _check_survey_rule(checker, rule, path, items, bank_scales, answer_scales) -> None:
    if not isinstance(rule, dict):
        checker.report(f"{path}.survey_rule", _("a from_survey indicator needs a survey rule"))
        return
    code = _code_or_none(rule.get("item"))
    if code not in items and code not in bank_scales:
        checker.report(
            f"{path}.survey_rule.item",
            _("unknown reference “%(code)s”: no such %(kind)s")
            % {"code": code, "kind": _KIND_NAMES["question_bank"]},
        )
        return
    measure = rule.get("measure")
    if measure == "share_in":
        if "values" not in rule:
            checker.report(f"{path}.survey_rule.values", _("share_in needs the values to count"))
        elif code in items and _code_or_none(items[code].get("answer_scale")) in answer_scales:
            allowed = [
                option.get("value")
                for option in _records(answer_scales[items[code]["answer_scale"]], "options")
            ]
            values = rule.get("values")
            for index, value in enumerate(values if isinstance(values, list) else []):
                if value not in allowed:
                    checker.report(
                        f"{path}.survey_rule.values[{index}]",
                        _("%(value)s is not a value of the item's answer scale") % {"value": value},
                    )
    if measure == "share_at_least" and "threshold" not in rule:
        checker.report(f"{path}.survey_rule.threshold", _("share_at_least needs a threshold"))


def _codes_in_cycles(depends_on: dict[str, set[str]]) -> list[str]:
    """Codes whose formula depends on itself, directly or through others."""
    looping = []
    for start in depends_on:
        stack, seen = list(depends_on[start]), set()
        while stack:
            code = stack.pop()
            if code == start:
                looping.append(start)
                break
            if code not in seen:
                seen.add(code)
                stack.extend(depends_on.get(code, ()))
    return looping


_KIND_NAMES = {
    "themes": _("theme in the schema"),
    "stakeholder_types": _("stakeholder type"),
    "answer_scales": _("answer scale"),
    "question_bank": _("question-bank item or scale"),
}


def check(source: Source) -> list[Problem]:
    """Every problem of the document, errors and warnings, in document order."""
    checker = _Checker(source)
    checker.check_value(source.data, SHAPE, "")
    if isinstance(source.data, dict):
        _check_references(checker, source.data)
    return sorted(checker.problems, key=lambda p: (p.line or 0, p.path))


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.warning]


def parse(text: str, filename: str = "") -> tuple[dict, list[Problem]]:
    """Read and check a document. Returns it with its warnings; raises FrameworkError
    listing every error."""
    source = read(text, filename)
    problems = check(source)
    if errors(problems):
        raise FrameworkError(errors(problems))
    return source.data, problems


# Writing ----------------------------------------------------------------------------------


def _ordered(value, kind):
    """The value with its keys in the order of the shape, languages as fr, nl, en."""
    if kind == TEXT and isinstance(value, dict):
        return {lang: value[lang] for lang in LANGUAGES if lang in value}
    if isinstance(kind, dict) and isinstance(value, dict):
        ordered = {}
        for key, optional in _keys(kind):
            if key in value:
                ordered[key] = _ordered(value[key], kind[key + ("?" if optional else "")])
        return ordered
    if isinstance(kind, list) and isinstance(kind[0], dict) and isinstance(value, list):
        return [_ordered(item, kind[0]) for item in value]
    if isinstance(kind, list) and kind[0] == TEXT and isinstance(value, list):
        return [_ordered(item, TEXT) for item in value]
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def write(document: dict) -> str:
    """The canonical YAML text of a valid document."""
    return yaml.dump(
        _ordered(document, SHAPE),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
