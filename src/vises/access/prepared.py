"""Queries about one person, built by the ORM once per process rather than on every page.

Who sees which enterprises or evaluations is a query of three branches, each with its own
subqueries: the ORM takes about a millisecond to build and compile it, while the database
answers it in a twentieth of that, and nearly every page asks it. The same holds, on a
smaller scale, for the header's networks, the two-factor gate and the enterprise list. So
each query, written once as a query set of a person, is compiled for a stand-in person
whose id is then swapped for the real one's:

* `ids` gives a rule's ids as a subquery to filter on (`id IN (...)`);
* `exists` says whether the rule gives any row, `count` how many;
* `objects` gives the model objects of a query, each field read as the ORM reads it;
* `rows` runs a query of plain values (numbers, text, booleans) and gives its rows as the
  database returns them, without the ORM's conversions (booleans are 0 and 1 on SQLite).

A query may take more than its person (`count` and `rows`): its `values` (text or whole
numbers, such as what a list is filtered on) are swapped in like the person, and each must
reach the SQL as a parameter of its own: compared as they are, or through `Value(...)` in
a lookup that would otherwise rewrite them (`name__icontains=Value(text)`). A value given
as None is passed on as None, for the query to leave its condition out: it has a statement
of its own. Its `fixed` arguments (a setting, a page's bounds) are compiled in, one
statement for each of their values, so they must be few.
"""

import functools
from collections.abc import Callable, Hashable

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet

# No one's id: every parameter of the compiled query equal to it is the person's.
_STAND_IN = -7_346_019_283_516


def _stand_in(number: int, value: str | int) -> str | int:
    """What stands for the value `number` (counted from 1, the person being 0)."""
    if isinstance(value, str):
        return f"\x00stand-in {number}"
    if isinstance(value, int) and not isinstance(value, bool):
        return _STAND_IN - number
    raise TypeError(f"only text and whole numbers are swapped in, not {value!r}")


# Statements for a few fixed arguments (pages of a list) each: bounded, unlike the queries.
@functools.lru_cache(maxsize=1024)
def _statement(
    build: Callable, only_ids: bool, using: str, values: tuple, fixed: tuple[Hashable, ...]
) -> tuple[str, tuple, dict[int, int]]:
    """The SQL of the query `build` makes for the stand-in (its ids alone if `only_ids`),
    its parameters, and where the person (0) and each value (1, 2, ...) go among them.
    `values` holds one example of each value, or None, which is passed on as it is."""
    from vises.accounts.models import User

    stand_ins = [
        None if value is None else _stand_in(number, value)
        for number, value in enumerate(values, start=1)
    ]
    queryset = build(User(pk=_STAND_IN), *stand_ins, *fixed)
    if only_ids:
        # A subquery's order means nothing and would cost a sort: it is cleared.
        queryset = queryset.order_by().values("pk")
    sql, params = queryset.query.get_compiler(using=using).as_sql()
    wanted = {_STAND_IN: 0} | {
        stand_in: number
        for number, stand_in in enumerate(stand_ins, start=1)
        if stand_in is not None
    }
    places = {place: wanted[value] for place, value in enumerate(params) if value in wanted}
    if 0 not in places.values():
        raise RuntimeError(f"{build.__name__} does not name its person")
    if missing := set(wanted.values()) - set(places.values()):
        raise RuntimeError(f"{build.__name__} does not pass on its values {sorted(missing)}")
    return sql, tuple(params), places


def _prepared(
    build: Callable, only_ids: bool, model: type[Model], user, values: tuple, fixed: tuple
) -> tuple[str, str, list]:
    """Where to run the query `build` makes for `user` and `values`, its SQL and its
    parameters."""
    using = router.db_for_read(model)
    shape = tuple(None if value is None else type(value)() for value in values)
    sql, params, places = _statement(build, only_ids, using, shape, fixed)
    given = (user.pk, *values)
    return using, sql, [given[places[at]] if at in places else p for at, p in enumerate(params)]


def ids(rule: Callable[..., QuerySet], model: type[Model], user) -> RawSQL:
    """The ids of the rows of `model` that `rule(user)` gives, as a subquery to filter on."""
    _using, sql, params = _prepared(rule, True, model, user, (), ())
    return RawSQL(sql, params)


def _one(using: str, sql: str, params: list):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def exists(rule: Callable[..., QuerySet], model: type[Model], user) -> bool:
    """Whether `rule(user)` gives any row of `model`."""
    using, sql, params = _prepared(rule, True, model, user, (), ())
    return bool(_one(using, f"SELECT EXISTS ({sql})", params))


def count(query: Callable[..., QuerySet], model: type[Model], user, *values) -> int:
    """How many rows of `model` `query(user, *values)` gives."""
    using, sql, params = _prepared(query, True, model, user, values, ())
    return _one(using, f"SELECT COUNT(*) FROM ({sql}) counted", params)


def objects(query: Callable[..., QuerySet], model: type[Model], user) -> RawQuerySet:
    """The objects of `query(user)`, a query set of `model` reading all its fields."""
    using, sql, params = _prepared(query, False, model, user, (), ())
    return model.objects.raw(sql, params, using=using)


def rows(
    query: Callable[..., QuerySet], model: type[Model], user, *values, fixed: tuple = ()
) -> list[tuple]:
    """The rows of `query(user, *values, *fixed)`, a query set of `model` reading plain
    values."""
    using, sql, params = _prepared(query, False, model, user, values, fixed)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
