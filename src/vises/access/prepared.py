"""Queries about one person, or about rows given by their ids, built by the ORM once per
process rather than on every page.

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

Queries about a row given by its id as well, or instead (the evaluation a page shows, and
the person's role in its enterprise), or about rows given by a list of ids, are written as
a query set of a person and the id or ids, and compiled for stand-in ids too:

* `rows_by_id` runs such a query of plain values, as `rows` does;
* `objects_by_id` gives its objects with the related objects they select
  (`select_related`), each field read as the ORM reads it;
* `objects_by_ids` does the same for a query about rows given by a list of ids.
"""

import functools
from collections.abc import Callable, Hashable

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet, get_related_populators
from django.db.models.sql.compiler import SQLCompiler

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


# Queries about rows given by their ids -------------------------------------------------
#
# The same, for queries about a row given by its id (the evaluation a page shows), or about
# rows given by a list of ids, as well as (or instead of) a person: written as a query set
# of a person and the id or ids, compiled for the stand-in person and stand-in ids, all
# then swapped for the real ones. A list is compiled once for each length it comes in.

# Apart from `_stand_in`'s numbers, so that neither is ever taken for the other.
_STAND_IN_ID = -5_102_938_475_610  # and the numbers below it, for a list of ids


@functools.lru_cache(maxsize=256)
def _compiled_by_ids(
    build: Callable, using: str, count: int | None
) -> tuple[SQLCompiler, str, tuple, dict]:
    """The compiler of the query `build` makes for the stand-ins (`count` ids in a list, or
    one id alone if None), once it has compiled it: it then knows how to make objects of
    the rows. Then the query's SQL and parameters, and which parameters are the person's
    id ("person") and which the ids (their places in the list)."""
    from vises.accounts.models import User

    stand_ins = [_STAND_IN_ID - place for place in range(count or 1)]
    queryset = build(User(pk=_STAND_IN), stand_ins if count is not None else stand_ins[0])
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    places = {}
    for number, value in enumerate(params):
        if value == _STAND_IN:
            places[number] = "person"
        elif value in stand_ins:
            places[number] = stand_ins.index(value)
    if len(set(places.values()) - {"person"}) < len(stand_ins):
        raise RuntimeError(f"{build.__name__} does not name its rows")
    return compiler, sql, tuple(params), places


def _fetch(query: Callable, model: type[Model], ids: list, alone: bool, user) -> tuple:
    using = router.db_for_read(model)
    compiled, sql, params, places = _compiled_by_ids(query, using, None if alone else len(ids))
    real = {"person": user.pk if user is not None else None, **dict(enumerate(ids))}
    values = [real[places[number]] if number in places else v for number, v in enumerate(params)]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, values)
        return compiled, using, cursor.fetchall()


def _objects(compiled: SQLCompiler, using: str, model: type[Model], rows: list) -> list:
    """The objects of `rows`, as the ORM makes them (ModelIterable), from what it learnt
    compiling their query."""
    if not rows:
        return []
    compiler = compiled.query.get_compiler(using=using)
    for learnt in ("select", "klass_info", "annotation_col_map", "col_count"):
        setattr(compiler, learnt, getattr(compiled, learnt))
    fields = compiled.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in compiled.select[start:end]]
    related = get_related_populators(compiled.klass_info, compiled.select, using)
    instances = []
    for row in compiler.results_iter([rows]):
        instance = model.from_db(using, names, row[start:end])
        for populator in related:
            populator.populate(row, instance)
        for name, position in compiled.annotation_col_map.items():
            setattr(instance, name, row[position])
        instances.append(instance)
    return instances


def rows_by_id(query: Callable[..., QuerySet], model: type[Model], pk: int, user=None) -> list:
    """The rows of `query(user, pk)`, a query set of `model` reading plain values, as the
    database returns them (see `rows`). `user` may be left out when the query names no
    one."""
    return _fetch(query, model, [pk], True, user)[2]


def objects_by_id(query: Callable[..., QuerySet], model: type[Model], pk: int, user=None) -> list:
    """The objects of `query(user, pk)`, a query set of `model`, with the related objects
    it selects (`select_related`), each field read as the ORM reads it. `user` may be left
    out when the query names no one."""
    compiled, using, rows = _fetch(query, model, [pk], True, user)
    return _objects(compiled, using, model, rows)


def objects_by_ids(query: Callable[..., QuerySet], model: type[Model], ids, user=None) -> list:
    """The objects of `query(user, ids)`, as `objects_by_id` gives them, for a list of
    ids: none for an empty one."""
    ids = list(ids)
    if not ids:
        return []
    compiled, using, rows = _fetch(query, model, ids, False, user)
    return _objects(compiled, using, model, rows)
