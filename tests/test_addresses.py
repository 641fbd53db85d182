"""Addresses made once per URL name must be those `reverse()` makes, wherever the site is
served and whichever ids they carry."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from vises import addresses

PAGES = [
    ("enterprise_list", ()),
    ("enterprise_detail", (7,)),
    ("evaluation_detail", (123456,)),
    ("evaluation_question_findings", (12, 3)),
    ("survey_results", (4, 56)),
    ("evaluation_report_detail", (98, 7)),
    ("evaluation_feedback", (5, 2)),
]


@pytest.mark.parametrize(("name", "ids"), PAGES)
@pytest.mark.parametrize("prefix", ["/", "/vises/", "/réseau social/"])
def test_an_address_is_the_one_reverse_gives(name, ids, prefix):
    set_script_prefix(prefix)
    try:
        assert addresses.url(name, *ids) == reverse(name, args=ids)
        # Other ids, from the same cut address.
        others = [number * 10 + 1 for number in ids]
        assert addresses.url(name, *others) == reverse(name, args=others)
    finally:
        clear_script_prefix()


def test_an_address_follows_the_address_the_site_is_served_under():
    at_root = addresses.url("evaluation_detail", 5)
    set_script_prefix("/vises/")
    try:
        assert addresses.url("evaluation_detail", 5) == "/vises" + at_root
    finally:
        clear_script_prefix()
    assert addresses.url("evaluation_detail", 5) == at_root


def test_a_page_asked_with_the_wrong_number_of_ids_has_no_address():
    with pytest.raises(NoReverseMatch):
        addresses.url("evaluation_detail")
    with pytest.raises(NoReverseMatch):
        addresses.url("enterprise_list", 3)
