"""The one rule of what may be shown outside the team: small groups hidden, and enough
others with them that no subtraction gives a hidden group back."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vises.analysis import disclosure


def test_a_small_group_is_hidden_with_the_smallest_other_so_the_total_gives_nothing_away():
    assert disclosure.hidden([127, 3], 5) == {0, 1}
    assert disclosure.hidden([100, 3, 120], 5) == {0, 1}


def test_hidden_groups_are_completed_until_they_hold_the_minimum_together():
    # Two people alone would be known from the total minus the big groups.
    assert disclosure.hidden([1, 1, 50, 60], 5) == {0, 1, 2}
    assert disclosure.hidden([3, 3, 50], 5) == {0, 1}


def test_empty_groups_and_the_teams_view_hide_nothing():
    assert disclosure.hidden([0, 12, 0], 5) == set()
    assert disclosure.hidden([1, 2, 50], 0) == set()


def test_a_figure_standing_alone_is_shown_from_the_minimum_up():
    assert [disclosure.may_show(n, 5) for n in (0, 1, 4, 5, 200)] == [
        True,
        False,
        False,
        True,
        True,
    ]


# No deadline: the machine is shared, and a slow example is not a wrong one.
@settings(deadline=None)
@given(st.lists(st.integers(0, 40), max_size=8), st.integers(1, 12))
def test_no_hidden_figure_is_small_or_recoverable_from_the_total(sizes, minimum):
    hidden = disclosure.hidden(sizes, minimum)
    assert all(index in hidden for index, size in enumerate(sizes) if 0 < size < minimum)
    assert all(sizes[index] > 0 for index in hidden)
    together = sum(sizes[index] for index in hidden)
    # What the total minus the shown groups gives: the hidden ones together, never a few.
    every_group = {index for index, size in enumerate(sizes) if size > 0}
    assert not hidden or together >= minimum or hidden == every_group
