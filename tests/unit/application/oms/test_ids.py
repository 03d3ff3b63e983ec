"""Client order ids every venue accepts: unique across restarts, letters and digits only."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from application.oms.ids import IdGenerator

NOW_NS = 1_765_000_000_000_000_000  # December 2025


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=500))
def test_ids_are_short_alphanumeric_and_unique_across_restarts(later_ms: int, count: int) -> None:
    first, restarted = IdGenerator(NOW_NS), IdGenerator(NOW_NS + (later_ms + 1) * 1_000_000)

    ids = [first.client_order_id() for _ in range(count)]
    ids += [restarted.client_order_id() for _ in range(count)]

    assert len(set(ids)) == len(ids)
    # OKX: a clOrdId is up to 32 letters and digits (51000 otherwise); Deribit labels 64.
    assert all(i.isascii() and i.isalnum() and len(i) <= 32 for i in ids)
