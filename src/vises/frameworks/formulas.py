"""Formulas of `formula` indicators: arithmetic over other indicators' codes."""

import ast

_ALLOWED_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.UAdd, ast.USub)


class FormulaError(ValueError):
    """The formula is not plain arithmetic over indicator codes."""


def formula_references(formula: str) -> set[str]:
    """The indicator codes a formula uses. Raises FormulaError if it is not arithmetic
    made of numbers, codes, + - * / and brackets."""
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as error:
        raise FormulaError(str(error.msg)) from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, int | float) or isinstance(node.value, bool):
                raise FormulaError(repr(node.value))
        elif isinstance(node, ast.BinOp | ast.UnaryOp):
            if not isinstance(node.op, _ALLOWED_OPERATORS):
                raise FormulaError(type(node.op).__name__)
        elif not isinstance(node, (ast.Expression, ast.Load, *_ALLOWED_OPERATORS)):
            raise FormulaError(type(node).__name__)
    return names
