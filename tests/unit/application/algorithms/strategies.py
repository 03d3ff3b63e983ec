"""Hypothesis strategies for quantities, lot sizes and weights."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

lot_sizes = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.sampled_from([1, 1, 1, 5, 25]),
    st.integers(min_value=-8, max_value=1),
)


@st.composite
def quantities(draw: st.DrawFn, lot_size: Decimal | None = None) -> Decimal:
    """A positive quantity; with `lot_size`, a whole number of lots."""
    if lot_size is not None:
        return lot_size * draw(st.integers(min_value=1, max_value=10**6))
    return draw(
        st.decimals(min_value=Decimal("1e-8"), max_value=Decimal(10**6), places=8).filter(
            lambda q: q > 0
        )
    )


weights = st.lists(
    st.decimals(min_value=0, max_value=1000, places=3), min_size=1, max_size=60
).filter(lambda ws: sum(ws) > 0)
