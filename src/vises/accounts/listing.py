"""The enterprise list: the enterprises a person sees, filtered and paged, with their
coaches. Its three statements (how many, the page's rows, their coaches) are built by the
ORM once per process for each kind of filter and page (see access/prepared.py): building
them cost more than the rest of the page."""

import functools

from django.db.models import QuerySet, Value
from django.utils.translation import get_language

from vises import addresses
from vises.access import prepared, rules

from .models import CoachAssignment, Country, Enterprise, EnterpriseGroup, Region, User

# What the list may be filtered on, each with the values it takes.
FILTERS = {"group": EnterpriseGroup, "country": Country, "region": Region}

COLUMNS = ("id", "name", "group", "municipality", "region", "admission", "network__name")


class EnterpriseList:
    """The enterprises `user` sees, those of the `chosen` group, country and region (an
    unknown value is ignored) whose name holds `name`, as Django's Paginator pages them."""

    def __init__(self, user: User, chosen: dict[str, str], name: str):
        self.user = user
        self.values = (
            *(
                chosen.get(field) if chosen.get(field) in choices.values else None
                for field, choices in FILTERS.items()
            ),
            name or None,
        )

    def count(self) -> int:
        return prepared.count(_listed, Enterprise, self.user, *self.values)

    def __getitem__(self, window: slice) -> list[dict]:
        """The rows of the enterprises in `window`, as the `enterprise_row` tag draws them."""
        if window.start >= window.stop:  # an empty list's first page
            return []
        bounds = (window.start, window.stop)
        rows = [
            dict(zip(COLUMNS, row, strict=True))
            for row in prepared.rows(_rows, Enterprise, self.user, *self.values, fixed=bounds)
        ]
        coaches: dict[int, list[str]] = {row["id"]: [] for row in rows}
        for enterprise_id, *coach in prepared.rows(
            _coaches, CoachAssignment, self.user, *self.values, fixed=bounds
        ):
            coaches[enterprise_id].append(User.display_name(*coach))
        names = labels(get_language())
        for row in rows:
            row["href"] = addresses.url("enterprise_detail", row["id"])
            row["group_label"] = names["group"][row["group"]]
            row["region_label"] = names["region"][row["region"]]
            row["admission_label"] = names["admission"][row["admission"]]
            row["coaches"] = coaches[row["id"]]
        return rows


def _listed(user, group, country, region, name) -> QuerySet[Enterprise]:
    enterprises = rules.enterprises_for(user)
    chosen = {"group": group, "country": country, "region": region}
    enterprises = enterprises.filter(**{f: v for f, v in chosen.items() if v is not None})
    if name is not None:
        # Through Value, the name reaches the SQL as it is, to be swapped in.
        enterprises = enterprises.filter(name__icontains=Value(name))
    return enterprises


def _rows(user, group, country, region, name, start, stop) -> QuerySet:
    return _listed(user, group, country, region, name).values_list(*COLUMNS)[start:stop]


def _coaches(user, group, country, region, name, start, stop) -> QuerySet:
    listed = _listed(user, group, country, region, name).values("id")[start:stop]
    return (
        CoachAssignment.objects.filter(enterprise_id__in=listed)
        .order_by("pk")
        .values_list("enterprise_id", "coach__full_name", "coach__email", "coach__erased_at")
    )


@functools.cache
def labels(language: str) -> dict[str, dict[str, str]]:
    """The names of the groups, countries, regions and admissions, in `language`, by value,
    in the order of their choices."""
    kinds = {**FILTERS, "admission": Enterprise.Admission}
    return {
        kind: {value: str(label) for value, label in choices.choices}
        for kind, choices in kinds.items()
    }
