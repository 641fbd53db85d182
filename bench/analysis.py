"""Time the full analysis of one survey of 10,000 responses and 30 questions (issue 6)
against the same counts and means computed with pandas from the same data.

Run as `python -m bench.analysis [OUTPUT.json]`; it needs no database and no Django settings.

The survey (`survey_items`) is shaped like the real ones: 4 single choices of 3 to 6 options
(one with "other, specify"), 2 multiple choices (one with "other"), 14 five-point scales
("1" to "5"), 2 ratings from 0 to 10, 4 numbers, a date and 3 open texts; the hours of work
show only to those who have a job, and the last scale only at the north site. The
responses (`survey_answers`, seeded with SEED) are answer maps as the product stores them
(see vises.surveys.answers): a single choice's value, a list of values, whole numbers for
scales and ratings, whole or decimal numbers, texts and ISO dates, with some answers left
out; about half come from the wave "entry" and half from "exit", where most scales,
ratings and numbers are higher, so that the comparison of the two waves finds changes.

Measured, best of REPETITIONS after one warm-up, with time.perf_counter:

* `analysis`: `analyse(Dataset(...), minimum=5)` from the list of answer maps, the Dataset
  included: every question's result, the breakdowns by wave and by each single choice, and
  the change from "entry" to "exit";
* `baseline`: the counts and means of the same breakdowns in one pandas pass over the same
  list (`pandas_pass`): one DataFrame, then value counts of every choice, scale and rating
  question (multiple choices exploded) and the count and mean of every scale, rating and
  number, overall and grouped by wave and by each single choice.

pandas rather than DuckDB: the answers arrive as a list of Python dicts (the JSON column as
Django reads it), which pandas turns into a table directly, while DuckDB would first need
that same DataFrame (or an Arrow table) to query it, and then spend its time converting
rather than counting. pandas is also what an analyst would reach for on such a survey.

The baseline does less than the analysis: no medians, standard deviations, confidence
intervals, tests of change, suppression of small groups nor unanswered-but-shown counts.
The ratio is therefore what the whole analysis costs over the bare counting, not an
overhead for the same output. Both must agree on every count and mean the baseline
computes (`check_agreement`, outside the timing), or the script fails: the benchmark would
otherwise compare different work.

Prints (or writes to OUTPUT.json) {"responses", "questions", "analysis", "baseline"}, the
last two in seconds.
"""

import datetime
import json
import math
import random
import sys
import time
from pathlib import Path

import pandas as pd

from vises.analysis.results import Analysis, Dataset, Item, Option, analyse
from vises.surveys.answers import OTHER, other_key

RESPONSES = 10_000
SEED = 6  # issue 6
REPETITIONS = 5
MINIMUM = 5  # groups of fewer respondents are hidden, as on the results pages
WAVES = ("entry", "exit")

COUNTED_KINDS = ("single_choice", "scale", "rating_0_10")
NUMERIC_KINDS = ("scale", "rating_0_10", "number")
SCALE = tuple(Option(str(value), {"en": str(value)}) for value in range(1, 6))
# Five-point answers on entry and on exit (most scales move up; every third does not).
SCALE_WEIGHTS = {"entry": (12, 22, 33, 22, 11), "exit": (6, 14, 30, 30, 20)}
# The words of the open answers.
WORDS = ("the", "team", "helped", "me", "find", "work", "a", "home", "and", "more", "confidence")


# The survey ----------------------------------------------------------------------------------


def options(*values: str) -> tuple[Option, ...]:
    return tuple(Option(value, {"en": value.replace("_", " ")}) for value in values)


def shown_if(question: str, value: str) -> dict:
    return {"combine": "all", "rules": [{"question": question, "op": "equals", "value": value}]}


def survey_items() -> list[Item]:
    """The 30 questions, in the order respondents meet them."""
    status = options("job", "seeking", "training", "volunteer", "retired")
    return [
        Item("status", "single_choice", status, allow_other=True),
        Item("site", "single_choice", options("north", "south", "east")),
        Item("gender", "single_choice", options("woman", "man", "another")),
        Item(
            "age",
            "single_choice",
            options("under_25", "25_34", "35_44", "45_54", "55_64", "over_64"),
        ),
        Item(
            "support",
            "multiple_choice",
            options("housing", "training", "health", "money", "childcare", "mobility"),
            allow_other=True,
        ),
        Item("channels", "multiple_choice", options("phone", "email", "visit", "app")),
        *(Item(f"q{number:02}", "scale", SCALE) for number in range(1, 14)),
        Item("q14", "scale", SCALE, condition=shown_if("site", "north")),
        Item("recommend", "rating_0_10", options(*map(str, range(11)))),
        Item("wellbeing", "rating_0_10", options(*map(str, range(11)))),
        Item("hours", "number", condition=shown_if("status", "job")),
        Item("income", "number"),
        Item("children", "number"),
        Item("months", "number"),
        Item("started", "date"),
        Item("comment", "short_text"),
        Item("change", "long_text"),
        Item("wish", "short_text"),
    ]


# The responses -------------------------------------------------------------------------------


def survey_answers(rng: random.Random) -> tuple[list[dict], list[str]]:
    """RESPONSES answer maps and their waves, drawn with rng."""
    answers, waves = [], []
    for _ in range(RESPONSES):
        wave = rng.choice(WAVES)
        answers.append(response(rng, wave))
        waves.append(wave)
    return answers, waves


def response(rng: random.Random, wave: str) -> dict:
    """One respondent's answers in this wave; about 5% of each question is left blank."""
    exit_wave = wave == "exit"
    given: dict = {}

    def maybe(code: str, value, answered: float = 0.95) -> None:
        if rng.random() < answered:
            given[code] = value

    statuses = ["job", "seeking", "training", "volunteer", "retired", OTHER]
    maybe("status", rng.choices(statuses, weights=(40 if exit_wave else 25, 30, 15, 8, 4, 3))[0])
    if given.get("status") == OTHER:
        given[other_key("status")] = rng.choice(["self-employed", "on leave", "student"])
    maybe("site", rng.choices(["north", "south", "east"], weights=(5, 3, 2))[0])
    maybe("gender", rng.choices(["woman", "man", "another"], weights=(55, 43, 2))[0])
    age = ["under_25", "25_34", "35_44", "45_54", "55_64", "over_64"]
    # Almost nobody is over 64: its group is too small to show and is hidden.
    maybe("age", rng.choices(age, weights=(20, 25, 25, 18, 11.96, 0.04))[0])
    support = ["housing", "training", "health", "money", "childcare", "mobility", OTHER]
    for code, values, chance in (
        ("support", support, 0.25),
        ("channels", ["phone", "email", "visit", "app"], 0.4),
    ):
        chosen = [value for value in values if rng.random() < chance]
        if chosen:
            given[code] = chosen
    if OTHER in given.get("support", ()):
        given[other_key("support")] = rng.choice(["legal advice", "language course"])
    for number in range(1, 15):
        code = f"q{number:02}"
        if code == "q14" and given.get("site") != "north":
            continue
        weights = SCALE_WEIGHTS["exit" if exit_wave and number % 3 else "entry"]
        maybe(code, rng.choices(range(1, 6), weights=weights)[0])
    for code, centre in (("recommend", 6.5), ("wellbeing", 5.5)):
        rating = round(rng.gauss(centre + (1 if exit_wave else 0), 2))
        maybe(code, min(max(rating, 0), 10))
    if given.get("status") == "job":
        maybe("hours", rng.randint(4, 40), 0.9)
    maybe("income", round(rng.gauss(1600 if exit_wave else 1400, 350), 2), 0.8)
    maybe("children", rng.choices(range(5), weights=(40, 25, 20, 10, 5))[0], 0.9)
    maybe("months", rng.randint(6, 36) if exit_wave else rng.randint(1, 12), 0.9)
    started = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    maybe("started", started.isoformat(), 0.9)
    maybe("comment", " ".join(rng.choices(WORDS, k=rng.randint(2, 8))), 0.4)
    maybe("change", " ".join(rng.choices(WORDS, k=rng.randint(10, 60))), 0.3)
    maybe("wish", " ".join(rng.choices(WORDS, k=rng.randint(2, 8))), 0.2)
    return given


# What is timed -------------------------------------------------------------------------------


def full_analysis(items: list[Item], answers: list[dict], waves: list[str]) -> Analysis:
    return analyse(Dataset(items, answers, waves), minimum=MINIMUM)


def pandas_pass(items: list[Item], answers: list[dict], waves: list[str]) -> dict:
    """The counts and means of every breakdown, in one pandas pass over the answers.

    Keyed by grouping (None for all responses, "wave" or a single choice's code): the
    value counts of each counted question, of each multiple choice, and the count and mean
    of each numeric question."""
    frame = pd.DataFrame(answers)
    frame["wave"] = waves
    counted = [item.code for item in items if item.kind in COUNTED_KINDS]
    multiple = [item.code for item in items if item.kind == "multiple_choice"]
    numeric = [item.code for item in items if item.kind in NUMERIC_KINDS]
    singles = [item.code for item in items if item.kind == "single_choice"]
    # One row per option chosen, with the groupings, once per multiple choice.
    exploded = {code: frame[["wave", *singles, code]].explode(code) for code in multiple}
    figures = {
        None: (
            {code: frame[code].value_counts() for code in counted},
            {code: exploded[code][code].value_counts() for code in multiple},
            frame[numeric].agg(["count", "mean"]).T,
        )
    }
    for by in ["wave", *singles]:
        grouped = frame.groupby(by)
        figures[by] = (
            {code: grouped[code].value_counts() for code in counted if code != by},
            {code: exploded[code].groupby(by)[code].value_counts() for code in multiple},
            grouped[numeric].agg(["count", "mean"]),
        )
    return figures


def best_time(function, *args) -> tuple[float, object]:
    """The best time of REPETITIONS calls after a warm-up, and the last call's result."""
    outcome = function(*args)
    times = []
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        outcome = function(*args)
        times.append(time.perf_counter() - start)
    return min(times), outcome


# Both computed the same figures -------------------------------------------------------------


def label(value) -> str:
    """An answer or group as the analysis labels it: 3.0 read by pandas is "3"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def pandas_counts(series: pd.Series) -> dict:
    """Value counts (grouped or not) as {(group, value) or value: count}, labels as strings."""
    if series.index.nlevels == 1:
        return {label(value): int(count) for value, count in series.items()}
    return {(label(group), label(value)): int(count) for (group, value), count in series.items()}


def check_agreement(items: list[Item], analysis: Analysis, figures: dict) -> int:
    """Raise RuntimeError unless the analysis finds every count and mean pandas found;
    return how many figures were compared."""
    kinds = {item.code: item.kind for item in items}
    compared = 0
    problems = []

    def same(what: str, ours, theirs) -> None:
        nonlocal compared
        compared += 1
        if isinstance(theirs, float):
            equal = ours is not None and math.isclose(ours, theirs, rel_tol=1e-9)
        else:
            equal = ours == theirs
        if not equal:
            problems.append(f"{what}: analysis {ours!r}, pandas {theirs!r}")

    counts, chosen, numbers = figures[None]
    for code, result in analysis.results.items():
        if code in counts or code in chosen:
            theirs = pandas_counts(counts.get(code, chosen.get(code)))
            for count in result.counts:
                same(f"{code} = {count.value}", count.count, theirs.get(count.value, 0))
        if kinds[code] in NUMERIC_KINDS:
            same(f"{code} answered", result.numbers.n, int(numbers.loc[code, "count"]))
            same(f"{code} mean", result.numbers.mean, float(numbers.loc[code, "mean"]))
    for (code, by), breakdown in analysis.breakdowns.items():
        counts, chosen, numbers = figures[by]
        series = counts.get(code, chosen.get(code))
        theirs = {} if series is None else pandas_counts(series)
        for group in breakdown.groups:
            if group.hidden:
                continue
            where = f"{code} by {by} = {group.label}"
            for count in group.counts:
                found = theirs.get((group.label, count.value), 0)
                same(f"{where}: {count.value}", count.count, found)
            if kinds[code] in NUMERIC_KINDS:
                row = numbers.loc[group.label] if group.label in numbers.index else None
                n = 0 if row is None else int(row[(code, "count")])
                same(f"{where}: answered", group.answered, n)
                if n:
                    same(f"{where}: mean", group.numbers.mean, float(row[(code, "mean")]))
    if problems:
        raise RuntimeError(
            f"the analysis and pandas disagree on {len(problems)} of {compared} figures, "
            f"first: {'; '.join(problems[:5])}"
        )
    return compared


def main(output: Path | None) -> None:
    items = survey_items()
    answers, waves = survey_answers(random.Random(SEED))
    analysis_seconds, analysis = best_time(full_analysis, items, answers, waves)
    baseline_seconds, figures = best_time(pandas_pass, items, answers, waves)
    compared = check_agreement(items, analysis, figures)
    if not analysis.changes or not any(c.comparison.significant for c in analysis.changes.values()):
        raise RuntimeError("the comparison of the two waves found no change")
    print(
        f"analysis of {len(answers)} responses x {len(items)} questions: "
        f"{analysis_seconds:.3f} s, pandas {baseline_seconds:.3f} s "
        f"({len(analysis.breakdowns)} breakdowns, {len(analysis.changes)} changes; "
        f"{compared} counts and means agree)",
        file=sys.stderr,
    )
    measured = {
        "responses": len(answers),
        "questions": len(items),
        "analysis": analysis_seconds,
        "baseline": baseline_seconds,
    }
    if output is None:
        print(json.dumps(measured))
    else:
        output.write_text(json.dumps(measured) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
