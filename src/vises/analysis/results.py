"""What a survey's answers say: each question's distribution and figures, broken down by
wave or by any single-choice question, multi-item scale scores, and the change between
two waves with the test that suits the answers.

Plain computations on plain data: a `Dataset` holds the responses (their answers, wave
and respondent key) and the questions; it turns each question's answers into a numpy
column once, so that every figure after that is a few vector operations, even on
10,000 responses. Nothing here knows about requests or templates; `load.py` builds a
Dataset from the database.
"""

import dataclasses
import math
import unicodedata
from collections.abc import Sequence

import numpy as np

from vises.analysis import statistics
from vises.surveys.answers import OTHER, is_shown, other_key

CHOICE_KINDS = ("single_choice", "multiple_choice")
ORDINAL_KINDS = ("scale", "rating_0_10")
TEXT_KINDS = ("short_text", "long_text")
# The kinds counted or measured: text and dates are read, not broken down into figures.
FIGURE_KINDS = (*CHOICE_KINDS, *ORDINAL_KINDS, "number")
# The two highest options of a scale make its "top-2 box" (agree, often, satisfied...).
TOP_BOX_SIZE = 2


@dataclasses.dataclass(frozen=True)
class Option:
    value: str
    label: dict  # multilingual map, as in the survey


@dataclasses.dataclass(frozen=True)
class Item:
    """A question as the analysis sees it: its code, kind and options, and its condition
    (to tell a skipped question from one that was not shown)."""

    code: str
    kind: str
    options: tuple[Option, ...] = ()
    condition: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)
    allow_other: bool = False
    text: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)
    bank_code: str = ""
    survey: str = ""  # the survey's title in its first language, where several mix

    @classmethod
    def from_question(cls, question) -> "Item":
        options = tuple(
            Option(str(option["value"]), option.get("label") or {})
            for option in question.options or []
        )
        if question.kind == "rating_0_10":
            options = tuple(Option(str(n), {}) for n in range(11))
        return cls(
            code=question.code,
            kind=question.kind,
            options=options,
            condition=question.condition or {},
            allow_other=question.allow_other,
            text=question.text or {},
            bank_code=question.bank_code,
        )

    @property
    def values(self) -> list[str]:
        """The values a choice can take, "other" last when offered."""
        values = [option.value for option in self.options]
        return values + [OTHER] if self.allow_other and self.kind in CHOICE_KINDS else values

    @property
    def top_values(self) -> list[str]:
        """The values of a scale's top-2 box (the two highest options)."""
        if self.kind != "scale":
            return []
        ranked = sorted(self.options, key=lambda option: float(option.value))
        return [option.value for option in ranked[-TOP_BOX_SIZE:]]


@dataclasses.dataclass(frozen=True)
class Count:
    value: str
    count: int
    share: float | None  # of those who answered, 0 to 100


@dataclasses.dataclass(frozen=True)
class Result:
    """One question's figures over the responses given."""

    code: str
    kind: str
    answered: int
    missing: int  # shown to the respondent but left blank
    counts: tuple[Count, ...] = ()
    numbers: statistics.Numbers | None = None
    top_box: float | None = None  # share in the top-2 box, 0 to 100
    texts: tuple[tuple[int, str], ...] = ()  # (response index, text) of open answers


@dataclasses.dataclass(frozen=True)
class Group:
    """The figures of one group of a breakdown; `hidden` when too few to show."""

    label: str
    answered: int
    counts: tuple[Count, ...] = ()
    numbers: statistics.Numbers | None = None
    top_box: float | None = None
    hidden: bool = False


@dataclasses.dataclass(frozen=True)
class Breakdown:
    code: str
    by: str  # "wave" or the code of a single-choice question
    groups: tuple[Group, ...]


@dataclasses.dataclass(frozen=True)
class Change:
    """The change of one question between two waves."""

    code: str
    first: str  # wave labels
    second: str
    comparison: statistics.Comparison
    measure: str  # "top_box", "share" (of `value`), or "mean"
    value: str = ""  # the answer whose share is compared, for "share"
    before: float | None = None
    after: float | None = None


# The data -------------------------------------------------------------------------------


class Dataset:
    """Responses to the questions `items`, each with its answers, wave label, respondent
    key (empty unless the survey links waves) and id (its row number unless given)."""

    def __init__(
        self,
        items: Sequence[Item],
        answers: Sequence[dict],
        waves: Sequence[str],
        keys: Sequence[str] | None = None,
        wave_order: Sequence[str] | None = None,
        ids: Sequence[int] | None = None,
    ):
        self.items = {item.code: item for item in items}
        self.answers = list(answers)
        self.size = len(self.answers)
        self.wave_labels = list(wave_order or dict.fromkeys(waves))
        index = {label: position for position, label in enumerate(self.wave_labels)}
        self.waves = np.array([index[label] for label in waves], dtype=np.int64)
        self.keys = list(keys) if keys is not None else [""] * self.size
        self.ids = list(ids) if ids is not None else list(range(self.size))
        self._raw: dict[str, list] = {}
        self._columns: dict[str, object] = {}
        self._shown: dict[str, np.ndarray] = {}

    def raw(self, code: str) -> list:
        """Each response's answer to `code`, read from the answers once."""
        if code not in self._raw:
            self._raw[code] = [answers.get(code) for answers in self.answers]
        return self._raw[code]

    def shown(self, code: str) -> np.ndarray:
        """Which respondents were shown the question (its condition held)."""
        if code not in self._shown:
            item = self.items[code]
            if (item.condition or {}).get("rules"):
                mask = np.fromiter(
                    (is_shown(item, answers) for answers in self.answers), bool, self.size
                )
            else:
                mask = np.ones(self.size, dtype=bool)
            self._shown[code] = mask
        return self._shown[code]

    def codes(self, code: str) -> np.ndarray:
        """A single choice or a scale as option indexes (-1 when unanswered)."""
        return self._column(code)

    def numbers(self, code: str) -> np.ndarray:
        """A scale, rating or number as floats (nan when unanswered)."""
        return self._column(code, numeric=True)

    def chosen(self, code: str) -> np.ndarray:
        """A multiple choice as a respondents x options matrix of booleans."""
        return self._column(code)

    def _column(self, code: str, numeric: bool = False):
        key = (code, numeric)
        if key not in self._columns:
            item = self.items[code]
            raw = self.raw(code)
            if numeric:
                column = np.array(
                    [np.nan if value is None else float(value) for value in raw], dtype=float
                )
            elif item.kind == "multiple_choice":
                position = {value: index for index, value in enumerate(item.values)}
                column = np.zeros((self.size, len(position)), dtype=bool)
                for row, value in enumerate(raw):
                    for chosen in value or ():
                        if chosen in position:
                            column[row, position[chosen]] = True
            else:
                position = {value: index for index, value in enumerate(item.values)}
                column = np.array(
                    [-1 if value is None else position.get(str(value), -1) for value in raw],
                    dtype=np.int64,
                )
            self._columns[key] = column
        return self._columns[key]

    def texts(self, code: str) -> list[tuple[int, str]]:
        item = self.items[code]
        if item.kind in TEXT_KINDS:
            pairs = enumerate(self.raw(code))
        else:  # the "other, specify" texts of a choice
            pairs = enumerate(self.raw(other_key(code)))
        return [(row, text) for row, text in pairs if isinstance(text, str) and text.strip()]


# One question ---------------------------------------------------------------------------


def _counts(values: list[str], counts: np.ndarray, answered: int) -> tuple[Count, ...]:
    return tuple(
        Count(value, int(count), 100.0 * count / answered if answered else None)
        for value, count in zip(values, counts, strict=True)
    )


def _top_box(item: Item, counts: np.ndarray, answered: int) -> float | None:
    if item.kind != "scale" or not answered:
        return None
    top = [item.values.index(value) for value in item.top_values]
    return 100.0 * int(counts[top].sum()) / answered


def result(data: Dataset, code: str, rows: np.ndarray | None = None) -> Result:
    """The figures of question `code` over all responses, or those selected by `rows`
    (a boolean mask)."""
    item = data.items[code]
    shown = data.shown(code) if rows is None else data.shown(code) & rows
    if item.kind in TEXT_KINDS or item.kind == "date":
        raw = data.raw(code)
        given = np.fromiter((value not in (None, "") for value in raw), bool, data.size)
        if rows is not None:
            given &= rows
        texts = data.texts(code) if item.kind in TEXT_KINDS else []
        if rows is not None:
            texts = [(row, text) for row, text in texts if rows[row]]
        answered = int(given.sum())
        return Result(code, item.kind, answered, int((shown & ~given).sum()), texts=tuple(texts))
    if item.kind == "multiple_choice":
        chosen = data.chosen(code)
        given = chosen.any(axis=1)
        if rows is not None:
            given = given & rows
        answered = int(given.sum())
        counts = chosen[given].sum(axis=0)
        return Result(
            code,
            item.kind,
            answered,
            int((shown & ~given).sum()),
            counts=_counts(item.values, counts, answered),
            texts=tuple(_selected(data.texts(code), rows)),
        )
    if item.kind == "number":
        numbers = data.numbers(code)
        given = ~np.isnan(numbers) if rows is None else ~np.isnan(numbers) & rows
        return Result(
            code,
            item.kind,
            int(given.sum()),
            int((shown & ~given).sum()),
            numbers=statistics.describe_numbers(numbers[given]),
        )
    codes = data.codes(code)
    given = codes >= 0 if rows is None else (codes >= 0) & rows
    answered = int(given.sum())
    counts = np.bincount(codes[given], minlength=len(item.values))
    described = None
    if item.kind in ORDINAL_KINDS:
        described = statistics.describe_numbers(data.numbers(code)[given])
    return Result(
        code,
        item.kind,
        answered,
        int((shown & ~given).sum()),
        counts=_counts(item.values, counts, answered),
        numbers=described,
        top_box=_top_box(item, counts, answered),
        texts=tuple(_selected(data.texts(code), rows)) if item.allow_other else (),
    )


def _selected(texts, rows):
    return texts if rows is None else [(row, text) for row, text in texts if rows[row]]


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matching_texts(texts: Sequence[tuple[int, str]], query: str) -> list[tuple[int, str]]:
    """The open answers holding every word of `query`, whatever their case and accents
    ("equipe" finds "Équipe"); all of them for an empty query."""
    words = _folded(query).split()
    if not words:
        return list(texts)
    return [(row, text) for row, text in texts if all(word in _folded(text) for word in words)]


# Breakdowns -----------------------------------------------------------------------------


def groupings(data: Dataset) -> list[str]:
    """What results can be broken down by: the wave, when there are several, and every
    single-choice question."""
    by = ["wave"] if len(data.wave_labels) > 1 else []
    return by + [code for code, item in data.items.items() if item.kind == "single_choice"]


def _group_index(data: Dataset, by: str) -> tuple[np.ndarray, list[str]]:
    """Each respondent's group (-1 for none) and the groups' labels (values or waves)."""
    if by == "wave":
        return data.waves, data.wave_labels
    return data.codes(by), data.items[by].values


def breakdown(data: Dataset, code: str, by: str, minimum: int = 0) -> Breakdown:
    """Question `code`'s figures in each group of `by`; groups of fewer than `minimum`
    respondents are hidden (see `suppress`)."""
    item = data.items[code]
    groups_of, labels = _group_index(data, by)
    size = len(labels)
    groups = []
    if item.kind in ORDINAL_KINDS or item.kind == "single_choice":
        codes = data.codes(code)
        given = (codes >= 0) & (groups_of >= 0)
        width = len(item.values)
        table = np.bincount(
            groups_of[given] * width + codes[given], minlength=size * width
        ).reshape(size, width)
        numbers = data.numbers(code) if item.kind in ORDINAL_KINDS else None
        for index, label in enumerate(labels):
            answered = int(table[index].sum())
            described = None
            if numbers is not None:
                described = statistics.describe_numbers(numbers[given & (groups_of == index)])
            groups.append(
                Group(
                    label,
                    answered,
                    counts=_counts(item.values, table[index], answered),
                    numbers=described,
                    top_box=_top_box(item, table[index], answered),
                )
            )
    elif item.kind == "multiple_choice":
        chosen = data.chosen(code)
        given = chosen.any(axis=1) & (groups_of >= 0)
        for index, label in enumerate(labels):
            rows = given & (groups_of == index)
            answered = int(rows.sum())
            counts = chosen[rows].sum(axis=0)
            groups.append(Group(label, answered, counts=_counts(item.values, counts, answered)))
    elif item.kind == "number":
        numbers = data.numbers(code)
        given = ~np.isnan(numbers) & (groups_of >= 0)
        for index, label in enumerate(labels):
            values = numbers[given & (groups_of == index)]
            groups.append(Group(label, len(values), numbers=statistics.describe_numbers(values)))
    else:
        raise ValueError(f"{code} ({item.kind}) has no figures to break down")
    return Breakdown(code, by, tuple(suppress(groups, minimum)))


def suppress(groups: Sequence[Group], minimum: int) -> list[Group]:
    """Hide the groups of fewer than `minimum` respondents (but not the empty ones, which
    reveal nothing). When a single group would be hidden, the next smallest is hidden too:
    otherwise its figures could be worked out from the total and the others."""
    if minimum <= 0:
        return list(groups)
    small = {index for index, group in enumerate(groups) if 0 < group.answered < minimum}
    if len(small) == 1:
        others = [
            (group.answered, index)
            for index, group in enumerate(groups)
            if index not in small and group.answered > 0
        ]
        if others:
            small.add(min(others)[1])
    return [
        Group(group.label, group.answered, hidden=True) if index in small else group
        for index, group in enumerate(groups)
    ]


# Multi-item scales ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScaleRule:
    """A multi-item scale of the question bank: its items (by bank code) and which are
    reverse-worded, on an answer scale from `low` to `high`."""

    code: str
    name: dict
    items: tuple[tuple[str, bool], ...]
    low: float
    high: float


def scale_scores(data: Dataset, rule: ScaleRule) -> np.ndarray | None:
    """Each respondent's score on the scale (nan when too few items are answered), or None
    when the survey does not hold every item of the scale."""
    by_bank = {item.bank_code: code for code, item in data.items.items() if item.bank_code}
    if any(bank_code not in by_bank for bank_code, _reversed in rule.items):
        return None
    matrix = np.column_stack(
        [data.numbers(by_bank[bank_code]) for bank_code, _reversed in rule.items]
    )
    flags = [reversed_item for _code, reversed_item in rule.items]
    return statistics.score_scale(matrix, flags, rule.low, rule.high)


# Change between two waves ---------------------------------------------------------------


def _pairs(data: Dataset, first: int, second: int) -> list[tuple[int, int]] | None:
    """Rows of the same respondents in both waves, when respondents are linked."""
    if not any(data.keys):
        return None
    in_first = {key: row for row, key in enumerate(data.keys) if key and data.waves[row] == first}
    pairs = [
        (in_first[key], row)
        for row, key in enumerate(data.keys)
        if key and data.waves[row] == second and key in in_first
    ]
    return pairs


def change(data: Dataset, code: str, first: str, second: str, scores=None) -> Change:
    """Compare question `code` (or a scale's `scores`, one per respondent) between the
    waves labelled `first` and `second`, paired when respondents are linked."""
    item = data.items.get(code)
    kind = "number" if scores is not None else item.kind
    one, two = data.wave_labels.index(first), data.wave_labels.index(second)
    in_one, in_two = data.waves == one, data.waves == two
    pairs = _pairs(data, one, two)
    if kind == "single_choice":
        codes = data.codes(code)
        values = item.values

        def label(row):
            return values[codes[row]] if codes[row] >= 0 else None

        before = [values[c] for c in codes[in_one & (codes >= 0)]]
        after = [values[c] for c in codes[in_two & (codes >= 0)]]
        linked = _linked(pairs, label)
        comparison = statistics.compare_categories(before, after, linked)
        if comparison.paired:  # the shares told are those of the respondents compared
            before, after = [a for a, _b in linked], [b for _a, b in linked]
        value, share_before, share_after = _largest_shift(values, before, after)
        return Change(code, first, second, comparison, "share", value, share_before, share_after)
    if kind in ORDINAL_KINDS or kind == "number":
        numbers = scores if scores is not None else data.numbers(code)

        def number(row):
            return None if math.isnan(numbers[row]) else float(numbers[row])

        before = numbers[in_one & ~np.isnan(numbers)]
        after = numbers[in_two & ~np.isnan(numbers)]
        linked = _linked(pairs, number)
        if kind in ORDINAL_KINDS:
            comparison = statistics.compare_ordinal(before, after, linked)
        else:
            comparison = statistics.compare_numbers(before, after, linked)
        if comparison.paired:
            before = np.array([a for a, _b in linked])
            after = np.array([b for _a, b in linked])
        if kind == "scale":
            top = {float(value) for value in item.top_values}
            return Change(
                code,
                first,
                second,
                comparison,
                "top_box",
                before=_share(before, top),
                after=_share(after, top),
            )
        return Change(
            code,
            first,
            second,
            comparison,
            "mean",
            before=float(before.mean()) if len(before) else None,
            after=float(after.mean()) if len(after) else None,
        )
    raise ValueError(f"{code} ({kind}) is not compared between waves")


def _linked(pairs, value_of):
    if pairs is None:
        return None
    linked = [(value_of(row_one), value_of(row_two)) for row_one, row_two in pairs]
    return [(a, b) for a, b in linked if a is not None and b is not None]


def _share(values: np.ndarray, top: set[float]) -> float | None:
    if not len(values):
        return None
    return 100.0 * float(np.isin(values, list(top)).sum()) / len(values)


def _largest_shift(values, before, after):
    """The answer whose share changed most between the waves, with both shares."""
    best = (None, None, None)
    if not before or not after:
        return best
    widest = -1.0
    for value in values:
        share_before = 100.0 * before.count(value) / len(before)
        share_after = 100.0 * after.count(value) / len(after)
        if abs(share_after - share_before) > widest:
            widest = abs(share_after - share_before)
            best = (value, share_before, share_after)
    return best


def comparable(item: Item) -> bool:
    return item.kind in ("single_choice", "number", *ORDINAL_KINDS)


# Everything at once ---------------------------------------------------------------------


@dataclasses.dataclass
class Analysis:
    results: dict[str, Result]
    breakdowns: dict[tuple[str, str], Breakdown]
    changes: dict[str, Change]


def analyse(data: Dataset, minimum: int = 0, compare: tuple[str, str] | None = None) -> Analysis:
    """Every question's results, its breakdowns by each grouping, and its change between
    the two waves of `compare` (the first two waves by default)."""
    results = {code: result(data, code) for code in data.items}
    breakdowns = {}
    for by in groupings(data):
        for code, item in data.items.items():
            if code != by and item.kind in FIGURE_KINDS:
                breakdowns[(code, by)] = breakdown(data, code, by, minimum)
    changes = {}
    if compare is None and len(data.wave_labels) >= 2:
        compare = (data.wave_labels[0], data.wave_labels[1])
    if compare is not None:
        for code, item in data.items.items():
            if comparable(item):
                changes[code] = change(data, code, *compare)
    return Analysis(results, breakdowns, changes)
