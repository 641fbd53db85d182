"""Every figure shown rounds half away from zero, as people do by hand: 51 of 120 is
42.5 %, shown as 43 % on pages, in charts (reports and infographic), in exports."""

import pytest
from django.utils import translation

from vises.analysis import sentences
from vises.analysis.rounding import rounded
from vises.evaluations.export import _cell
from vises.reports import charts
from vises.surveys.responses import WaveCounts


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (100 * 51 / 120, 0, 43.0),  # 42.5: Python's round says 42
        (0.5, 0, 1.0),
        (-42.5, 0, -43.0),
        (2.675, 2, 2.68),  # the float is a hair below 2.675; people read 2.675
        (12.25, 1, 12.3),
        (-0.4, 0, 0.0),
        (1e300, 0, 1e300),
        (0.123456789, 4, 0.1235),
    ],
)
def test_rounding_is_half_away_from_zero(value, decimals, shown):
    assert rounded(value, decimals) == shown
    assert str(rounded(-0.4)) == "0.0"  # no "-0" shown


def test_non_finite_values_pass_through():
    assert rounded(float("inf")) == float("inf")
    assert rounded(float("nan")) != rounded(float("nan"))


def test_pages_charts_exports_and_response_rates_show_42_5_as_43():
    share = 100 * 51 / 120
    with translation.override("en"):
        assert sentences.percent(share) == "43%"
    chart = charts.Chart(
        kind="bars", title="", categories=("a",), series=(), unit="%", language="fr"
    )
    assert charts.format_value(share, chart) == "43\u00a0%"
    assert charts.format_number(2.5, "en") == "3"
    assert _cell(0.00425) == 0.0043
    counts = WaveCounts(None, 120, 120, 0, invitations=120, invitations_used=51)
    assert counts.response_rate == 43
