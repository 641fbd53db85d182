"""Queries about one person, built by the ORM once per process rather than on every page.

Who sees which enterprises or evaluations is a query of three branches, each with its own
subqueries: the ORM takes about a millisecond to build and compile it, while the database
answers it in a twentieth of that, and nearly every page asks it. The same holds, on a
smaller scale, for the header's networks and the two-factor gate. So each query, written
once as a query set of a person, is compiled for a stand-in person whose id is then swapped
for the real one's:

* `ids` gives a rule's ids as a subquery to filter on (`id IN (...)`);
* `exists` says whether the rule gives any row;
* `objects` gives the model objects of a query, each field read as the ORM reads it;
* `rows` runs a query of plain values (numbers, text, booleans) and gives its rows as the
  database returns them, without the ORM's conversions (booleans are 0 and 1 on SQLite).
"""

import functools
from collections.abc import Callable, Hashable

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet

# No one's id: every parameter of the compiled query equal to it is the person's.
_STAND_IN = -7_346_019_283_516


@functools.cache
def _statement(
    build: Callable, only_ids: bool, using: str, variant: Hashable
) -> tuple[str, tuple, frozenset[int]]:
    """The SQL of the query `build` makes for the stand-in (its ids alone if `only_ids`),
    its parameters, and where the person's id goes among them. `variant` names what else
    the query depends on (a setting), so that each of its values has a statement."""
    from vises.accounts.models import User

    queryset = build(User(pk=_STAND_IN))
    if only_ids:
        # A subquery's order means nothing and would cost a sort: it is cleared.
        queryset = queryset.order_by().values("pk")
    sql, params = queryset.query.get_compiler(using=using).as_sql()
    places = frozenset(number for number, value in enumerate(params) if value == _STAND_IN)
    if not places:
        raise RuntimeError(f"{build.__name__} does not name its person")
    return sql, tuple(params), places


def _for(user, params: tuple, places: frozenset[int]) -> list:
    return [user.pk if number in places else value for number, value in enumerate(params)]


def ids(rule: Callable[..., QuerySet], model: type[Model], user) -> RawSQL:
    """The ids of the rows of `model` that `rule(user)` gives, as a subquery to filter on."""
    sql, params, places = _statement(rule, True, router.db_for_read(model), None)
    return RawSQL(sql, _for(user, params, places))


def exists(rule: Callable[..., QuerySet], model: type[Model], user) -> bool:
    """Whether `rule(user)` gives any row of `model`."""
    using = router.db_for_read(model)
    sql, params, places = _statement(rule, True, using, None)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT EXISTS ({sql})", _for(user, params, places))
        return bool(cursor.fetchone()[0])


def objects(query: Callable[..., QuerySet], model: type[Model], user) -> RawQuerySet:
    """The objects of `query(user)`, a query set of `model` reading all its fields."""
    using = router.db_for_read(model)
    sql, params, places = _statement(query, False, using, None)
    return model.objects.raw(sql, _for(user, params, places), using=using)


def rows(
    query: Callable[..., QuerySet], model: type[Model], user, variant: Hashable = None
) -> list[tuple]:
    """The rows of `query(user)`, a query set of `model` reading plain values."""
    using = router.db_for_read(model)
    sql, params, places = _statement(query, False, using, variant)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, _for(user, params, places))
        return cursor.fetchall()
