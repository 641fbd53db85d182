"""What may be shown of a figure about a group of respondents outside the enterprise team.

One rule, asked by every page, report, chart, sentence and indicator that shows a figure
to coaches, interpretation guests, report readers or the public: a group of fewer than
`minimum` respondents is hidden (an empty group reveals nothing and stays shown). Hiding
one group among others whose total is known would be undone by a subtraction, so more
groups are hidden, the smallest first, until the hidden ones hold at least `minimum`
respondents together. A `minimum` of 0 (the team's own view) shows everything.
"""

from collections.abc import Sequence


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
