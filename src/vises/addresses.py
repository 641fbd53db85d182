"""Addresses of pages, made without asking the URL resolver on every link.

`reverse()` walks the URL patterns each time: some 20 µs a link, and the evaluation's
pages draw dozens of links on every request. The patterns do not change while a process
runs, so each URL name is reversed once, with placeholder numbers where the ids go, and
the address of a page is that one with the real ids put in their places. The result is
what `reverse(name, args=ids)` gives, for the address the site is served under (its
script prefix) and the URLconf of the request.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Numbers no row holds, each unlike any piece of an address.
_PLACEHOLDERS = tuple(str(9_073_615_284_000 + place) for place in range(10))


def url(name: str, *ids: int) -> str:
    """The address of the page `name` for these ids (whole numbers), as
    `reverse(name, args=ids)` gives it."""
    pieces = _pieces(name, len(ids), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    address = pieces[0]
    for number, piece in zip(ids, pieces[1:], strict=True):
        address += f"{int(number)}{piece}"
    return address


@functools.cache
def _pieces(name: str, count: int, script_prefix: str, urlconf: str) -> tuple[str, ...]:
    """The address of `name` for `count` ids, cut where the ids go."""
    placeholders = _PLACEHOLDERS[:count]
    pieces = [reverse(name, args=placeholders, urlconf=urlconf)]
    for placeholder in placeholders:
        before, found, after = pieces[-1].partition(placeholder)
        if not found or placeholder in after:
            raise ValueError(f"the address of {name} does not hold each id once")
        pieces[-1:] = [before, after]
    return tuple(pieces)
