"""Measuring helpers shared by the bench scripts that time a page against hand SQL."""

import time


def counted(function) -> int:
    """How many SQL statements one call runs."""
    from django.db import connection

    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    return len(statements)


def best_of(function, rounds: int) -> float:
    """The best time of `rounds` calls, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best
