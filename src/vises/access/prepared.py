"""The SQL of a tenant rule, built by the ORM once per process rather than on every page.

Who sees which enterprises or evaluations is a query of three branches, each with its own
subqueries: the ORM takes about a millisecond to build and compile it, while the database
answers it in a twentieth of that, and nearly every page asks it. So the rule, written once
as a query set in rules.py, is compiled for a stand-in person whose id is then swapped for
the real one's; pages filter on the result as a subquery (`id IN (...)`).
"""

import functools
from collections.abc import Callable

from django.db import router
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

# No one's id: every parameter of the compiled rule equal to it is the person's.
_STAND_IN = -7_346_019_283_516


@functools.cache
def _statement(rule: Callable, using: str) -> tuple[str, tuple, frozenset[int]]:
    """The SQL of the ids `rule` gives the stand-in, its parameters, and where the person's
    id goes among them."""
    from vises.accounts.models import User

    # A subquery's order means nothing and would cost a sort: it is cleared.
    query = rule(User(pk=_STAND_IN)).order_by().values("pk").query
    sql, params = query.get_compiler(using=using).as_sql()
    places = frozenset(number for number, value in enumerate(params) if value == _STAND_IN)
    if not places:
        raise RuntimeError(f"{rule.__name__} does not name its person")
    return sql, tuple(params), places


def ids(rule: Callable[..., QuerySet], model: type[Model], user) -> RawSQL:
    """The ids of the rows of `model` that `rule(user)` gives, as a subquery to filter on."""
    sql, params, places = _statement(rule, router.db_for_read(model))
    return RawSQL(
        sql, [user.pk if number in places else value for number, value in enumerate(params)]
    )
