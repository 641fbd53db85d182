"""Rounding of every figure shown (pages, reports, infographic, exports): half away from
zero, as people round by hand (51/120 = 42.5 % shows 43 %, not Python's 42)."""

import math
from decimal import ROUND_HALF_UP, Context, Decimal

# Enough digits for any float written out in full (up to 1e308 and its decimals).
_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)


def rounded(value: float, decimals: int = 0) -> float:
    """The value rounded half away from zero to `decimals` places, as the decimal number
    it prints as (2.675 gives 2.68, although the float is a hair below 2.675). NaN and
    infinities are returned as they are."""
    value = float(value)
    if not math.isfinite(value):
        return value
    exponent = Decimal(1).scaleb(-decimals)
    # Adding 0.0 turns -0.0 (from -0.4, say) into 0.0, which prints without a sign.
    return float(Decimal(repr(value)).quantize(exponent, context=_CONTEXT)) + 0.0
