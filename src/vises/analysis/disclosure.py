"""What may be shown of a figure about a group of respondents outside the enterprise team.

One rule, asked by every page, report, chart, sentence and indicator that shows a figure
to coaches, interpretation guests, report readers or the public: a group of fewer than
`minimum` respondents is hidden (an empty group reveals nothing and stays shown). Hiding
one group among others whose total is known would be undone by a subtraction, so more
groups are hidden, the smallest first, until the hidden ones hold at least `minimum`
respondents together. A `minimum` of 0 (the team's own view) shows everything.

The same rule keeps researchers from singling out an enterprise by its group and region:
`regions_to_coarsen` says where the country stands for the region.
"""

from collections.abc import Iterable, Sequence


def hidden(sizes: Sequence[int], minimum: int) -> set[int]:
    """The positions of the groups (given by their numbers of respondents) whose figures
    may not be shown."""
    if minimum <= 0:
        return set()
    small = {index for index, size in enumerate(sizes) if 0 < size < minimum}
    if not small:
        return small
    others = sorted(
        (size, index) for index, size in enumerate(sizes) if index not in small and size > 0
    )
    together = sum(sizes[index] for index in small)
    for size, index in others:
        if together >= minimum:
            break
        small.add(index)
        together += size
    return small


def may_show(size: int, minimum: int) -> bool:
    """Whether a figure about one group of `size` respondents, standing alone (a total, a
    single wave, an indicator's value), may be shown."""
    return not hidden([size], minimum)


# Fewest enterprises a figure or a description may stand for outside their network's team.
ENTERPRISE_MINIMUM = 3


def regions_to_coarsen(
    places: Iterable[tuple[str, str, str]], minimum: int = ENTERPRISE_MINIMUM
) -> set[tuple[str, str]]:
    """The (group, region) pairs whose region must give way to its country, given the
    (group, country, region) of each enterprise a reader sees, once each.

    A group and a region shared by fewer than `minimum` of those enterprises would single
    them out. Within a group and a country, the regions so hidden must together hold
    `minimum` enterprises too, or the one left would be found by elimination: more regions
    give way, the smallest first, by the rule of `hidden`."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for group, country, region in places:
        regions = counts.setdefault((group, country), {})
        regions[region] = regions.get(region, 0) + 1
    coarse = set()
    for (group, _country), regions in counts.items():
        names = list(regions)
        for index in hidden([regions[name] for name in names], minimum):
            coarse.add((group, names[index]))
    return coarse
