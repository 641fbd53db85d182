"""YAML read within bounds, for every file people import.

A YAML file of under a kilobyte can stand for billions of values through aliases (the
"billion laughs"), a few hundred nested brackets exhaust Python's recursion, and nothing
stops a file of gigabytes. `load` refuses all three before they cost more than a moment:
the size of the file is checked before it is parsed, and `BoundedLoader` counts, while it
composes, how deep values nest, how many aliases there are and how many values they
expand to. Each refusal says what and where, in the reader's language.
"""

import yaml
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_DEPTH = 40  # nested lists and maps; a framework needs fewer than 10
MAX_ALIASES = 100
MAX_VALUES = 200_000  # every value, those an alias repeats counted again; a framework ~10,000


class LimitExceeded(yaml.YAMLError):
    """A file past a bound; the message says which, `line` where (or None)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def max_bytes() -> int:
    return settings.VISES_IMPORT_MAX_BYTES


def check_size(size: int, limit: int | None = None) -> None:
    """Refuse a file of `size` bytes larger than the import limit, before reading it."""
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise LimitExceeded(
            _("the file holds %(size)s; a file to import may hold at most %(limit)s")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


class BoundedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses, while composing, values nested deeper than `max_depth`,
    more than `max_aliases` aliases, aliases expanding to more than `max_values` values,
    and an alias inside the value it names (which would make a loop)."""

    max_depth = MAX_DEPTH
    max_aliases = MAX_ALIASES
    max_values = MAX_VALUES

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._values = 0
        # How many values an anchored node stands for, once composed; an anchor not yet
        # here is still being composed.
        self._weights: dict[int, int] = {}

    def _refuse(self, message: str, event) -> None:
        raise LimitExceeded(message, line=event.start_mark.line + 1)

    def _count(self, values: int, event) -> None:
        self._values += values
        if self._values > self.max_values:
            self._refuse(
                _("the values and what its aliases repeat exceed %(limit)s values")
                % {"limit": self.max_values},
                event,
            )

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self.max_aliases:
                self._refuse(
                    _("the file holds more than %(limit)s aliases (*name)")
                    % {"limit": self.max_aliases},
                    event,
                )
            node = super().compose_node(parent, index)
            if id(node) not in self._weights:
                self._refuse(
                    _("the alias *%(name)s stands inside the value it names")
                    % {"name": event.anchor},
                    event,
                )
            self._count(self._weights[id(node)], event)
            return node
        self._depth += 1
        if self._depth > self.max_depth:
            self._refuse(
                _("lists and maps are nested more than %(limit)s levels deep")
                % {"limit": self.max_depth},
                event,
            )
        before = self._values
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._count(1, event)
        if getattr(event, "anchor", None) is not None:
            self._weights[id(node)] = self._values - before
        return node


def compose(text: str, limit: int | None = None) -> tuple[yaml.Node | None, object]:
    """The node tree of a YAML text and the plain data it holds, within bounds. Raises
    LimitExceeded past a bound, yaml.YAMLError if it is not YAML."""
    check_size(len(text.encode("utf-8")), limit)
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def load(text: str, limit: int | None = None) -> object:
    """The plain data of a YAML text, within bounds (see `compose`)."""
    return compose(text, limit)[1]
