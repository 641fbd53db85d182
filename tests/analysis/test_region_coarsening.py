"""Where a group and a region would single out an enterprise, the country stands for the
region; and not one region alone, or the last enterprise would be found by elimination."""

from hypothesis import given
from hypothesis import strategies as st

from vises.analysis import disclosure


def places(*spec):
    """(group, country, region) once per enterprise, from (group, region, how many)."""
    return [(group, region[:2], region) for group, region, count in spec for _ in range(count)]


def test_a_region_with_fewer_than_three_enterprises_of_a_group_gives_way_to_its_country():
    coarse = disclosure.regions_to_coarsen(
        places(
            ("integration", "BE-WAL", 1), ("integration", "BE-BRU", 4), ("integration", "BE-VLG", 3)
        )
    )
    # Wallonia alone would be found as "Belgium but not Brussels nor Flanders": the
    # smallest other region gives way with it.
    assert coarse == {("integration", "BE-WAL"), ("integration", "BE-VLG")}


def test_regions_hidden_together_may_be_enough():
    coarse = disclosure.regions_to_coarsen(
        places(
            ("integration", "BE-WAL", 2), ("integration", "BE-BRU", 1), ("integration", "BE-VLG", 5)
        )
    )
    assert coarse == {("integration", "BE-WAL"), ("integration", "BE-BRU")}


def test_groups_and_countries_are_counted_apart():
    coarse = disclosure.regions_to_coarsen(
        places(
            ("integration", "BE-WAL", 3),
            ("collective_service", "BE-WAL", 1),
            ("integration", "FR-HDF", 3),
        )
    )
    assert coarse == {("collective_service", "BE-WAL")}


def test_nothing_is_coarsened_where_every_region_holds_three():
    assert not disclosure.regions_to_coarsen(places(("sse_other", "FR-IDF", 3)))
    assert not disclosure.regions_to_coarsen([])


REGIONS = ["BE-WAL", "BE-BRU", "BE-VLG", "FR-HDF", "FR-IDF"]
GROUPS = ["integration", "collective_service", "sse_other"]


@given(st.lists(st.tuples(st.sampled_from(GROUPS), st.sampled_from(REGIONS)), max_size=40))
def test_no_enterprise_is_alone_in_its_shown_place_nor_found_by_elimination(enterprises):
    seen = [(group, region[:2], region) for group, region in enterprises]
    coarse = disclosure.regions_to_coarsen(seen)
    shown = [
        (group, country if (group, region) in coarse else region) for group, country, region in seen
    ]
    for group, place in set(shown):
        together = shown.count((group, place))
        if len(place) > 2:
            assert together >= disclosure.ENTERPRISE_MINIMUM, (group, place)
        else:
            # Those shown by their country are never fewer than three, unless every region
            # of the group in the country gave way (the country is the coarsest shown).
            regions_shown = {p for g, p in shown if g == group and p.startswith(place)}
            assert together >= disclosure.ENTERPRISE_MINIMUM or regions_shown == {place}
