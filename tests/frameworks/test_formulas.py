import pytest

from vises.frameworks.formulas import FormulaError, formula_references, typed_inputs


def test_references_are_the_codes_used():
    formula = "(exits_to_employment + exits_to_training) / people_leaving * 100"
    assert formula_references(formula) == {
        "exits_to_employment",
        "exits_to_training",
        "people_leaving",
    }


def test_codes_may_be_words_python_reserves():
    assert formula_references("in / if * 1e5") == {"in", "if"}


@pytest.mark.parametrize(
    "formula",
    [
        "a ** 2",
        "a // b",
        "Total / 2",
        "_0 + a",
        "f(a)",
        "a.b",
        "[a]",
        "a if b else c",
        "'text'",
        "a +",
        "",
        "a and b",
    ],
)
def test_anything_but_arithmetic_is_refused(formula):
    with pytest.raises(FormulaError):
        formula_references(formula)


def test_typed_inputs_go_through_the_formulas_a_formula_uses():
    formulas = {
        "positive_rate": "(to_job + to_training) / leaving * 100",
        "double": "positive_rate * 2 + to_job",
        "loop_a": "loop_b + extra",
        "loop_b": "loop_a * 2",
        "broken": "a ** 2",
    }
    assert typed_inputs("positive_rate", formulas) == ["to_job", "to_training", "leaving"]
    assert typed_inputs("double", formulas) == ["to_job", "to_training", "leaving"]
    assert typed_inputs("loop_a", formulas) == ["extra"]  # a loop ends, naming what it can
    assert typed_inputs("broken", formulas) == []
