"""numbers: the one rounding (half up, 四舍五入) and the published precision of a figure;
Decimal only, no text."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

POINTS_DECIMALS = 1
"""A computed difference in percentage points is stated to one decimal (0.3个百分点): the
direction words of a difference are chosen by this stated figure, never by the exact one,
so that no sentence says "0 percentage points higher"."""

SHARE_DECIMALS = 1
"""A computed share (31 of 40 sectors, 77.5%) is stated to one decimal: a share that would
read 0.0% or 100.0% though some but not all grew is not stated."""


def round_half_up(value: Decimal, exponent: int) -> Decimal:
    """Round to ``10**exponent`` the way statistics offices do (四舍五入), not half-even.

    >>> round_half_up(Decimal("2.25"), -1)
    Decimal('2.3')
    >>> round_half_up(Decimal("-2.25"), -1)
    Decimal('-2.3')
    """
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def decimals_of(value: Decimal) -> int:
    """How many decimals a figure was published with (5.0 → 1, 5 → 0).

    >>> decimals_of(Decimal("5.0")), decimals_of(Decimal("24")), decimals_of(Decimal("1E+2"))
    (1, 0, 0)
    """
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
