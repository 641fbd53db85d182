"""Formulas of `formula` indicators: arithmetic over other indicators' codes."""

import ast
import re

_ALLOWED_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.UAdd, ast.USub)
# A code, not a part of a number such as 1e5: codes may be any lower-case word, even one
# Python reserves (`in`, `if`), so they are swapped for plain names before parsing.
_CODE = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*")


class FormulaError(ValueError):
    """The formula is not plain arithmetic over indicator codes."""


def formula_references(formula: str) -> set[str]:
    """The indicator codes a formula uses. Raises FormulaError if it is not arithmetic
    made of numbers, codes, + - * / and brackets."""
    _tree, codes = _checked(formula)
    return set(codes)


def typed_inputs(code: str, formulas: dict[str, str]) -> list[str]:
    """The codes of the typed indicators a formula indicator is computed from, through
    the other formulas it uses, in the order they first appear: the values a team must
    enter for it to have one. A broken formula or a loop gives what could be read."""
    found: list[str] = []

    def walk(current: str, seen: tuple[str, ...]) -> None:
        try:
            references = _checked(formulas[current])[1]
        except FormulaError:
            return
        for reference in references:
            if reference in formulas:
                if reference not in seen:
                    walk(reference, (*seen, reference))
            elif reference not in found:
                found.append(reference)

    walk(code, (code,))
    return found


def evaluate(formula: str, values: dict[str, float]) -> float:
    """The formula's value given each code's value. Raises FormulaError if it is not plain
    arithmetic, KeyError naming a code without a value, ZeroDivisionError."""
    tree, codes = _checked(formula)

    def value(node) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.Name):
            return float(values[codes[int(node.id[1:])]])
        if isinstance(node, ast.UnaryOp):
            operand = value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        left, right = value(node.left), value(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right

    return value(tree)


def _checked(formula: str) -> tuple[ast.Expression, list[str]]:
    """The formula parsed with its codes swapped for placeholders `_0`, `_1`..., and the
    codes in placeholder order; raises FormulaError if it is not plain arithmetic."""
    if re.search(r"(?<![\w.])_", formula):
        raise FormulaError("_")  # no code starts with one; placeholders below do
    codes: list[str] = []

    def placeholder(match: re.Match) -> str:
        codes.append(match.group())
        return f"_{len(codes) - 1}"

    try:
        tree = ast.parse(_CODE.sub(placeholder, formula.strip()), mode="eval")
    except SyntaxError as error:
        raise FormulaError(str(error.msg)) from None
    placeholders = {f"_{index}" for index in range(len(codes))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in placeholders:
                raise FormulaError(node.id)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float) or isinstance(node.value, bool):
                raise FormulaError(repr(node.value))
        elif isinstance(node, ast.BinOp | ast.UnaryOp):
            if not isinstance(node.op, _ALLOWED_OPERATORS):
                raise FormulaError(type(node.op).__name__)
        elif not isinstance(node, (ast.Expression, ast.Load, *_ALLOWED_OPERATORS)):
            raise FormulaError(type(node).__name__)
    return tree, codes
