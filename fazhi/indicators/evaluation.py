"""The one rule that turns an indicator's figure into a colour."""

from __future__ import annotations

from decimal import Decimal

from fazhi.campaigns.choices import Colour

from .choices import Operator


def colour_of(value: Decimal | None, *, op: str, threshold: Decimal, period_over: bool) -> str:
    """Green when the rule holds. A lower limit not reached is amber while the period runs
    (there is still time) and red once it is over; an upper limit exceeded is red at once,
    since the figure can only grow. No figure (nothing to count yet) has no colour."""
    if value is None:
        return ""
    if op == Operator.AT_MOST:
        return Colour.GREEN if value <= threshold else Colour.RED
    if value >= threshold:
        return Colour.GREEN
    return Colour.RED if period_over else Colour.AMBER
