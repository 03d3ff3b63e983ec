"""The Binance futures book procedure on small hand-made sequences."""

from __future__ import annotations

from adapters.importers.binance_depth_sync import DepthDiff, DepthSynchroniser
from adapters.importers.order_book import OrderBook


def diff(
    first: int, last: int, previous: int, *, bid: float = 99.0, size: float = 1.0
) -> DepthDiff:
    return DepthDiff(
        line=last,
        local_ns=0,
        ts_event=last,
        first_id=first,
        last_id=last,
        previous_id=previous,
        bids=((bid, size),),
        asks=(),
    )


def synchroniser() -> DepthSynchroniser:
    return DepthSynchroniser(OrderBook())


def test_buffered_diffs_are_replayed_from_the_one_straddling_the_snapshot() -> None:
    sync = synchroniser()
    assert sync.on_diff(diff(90, 95, 80)) == []
    assert sync.on_diff(diff(96, 105, 95, bid=99.5)) == []
    applied = sync.on_snapshot(100, [(99.0, 2.0)], [(101.0, 1.0)])
    assert [d.last_id for d in applied] == [105]
    assert sync.book.bids.best(2) == [(99.5, 1.0), (99.0, 2.0)]
    assert [d.last_id for d in sync.on_diff(diff(106, 110, 105, bid=99.5, size=0.0))] == [110]
    assert sync.book.bids.best(2) == [(99.0, 2.0)]
    assert sync.in_sync
    assert not sync.gaps


def test_a_broken_pu_chain_is_a_gap_until_a_later_snapshot() -> None:
    sync = synchroniser()
    sync.on_snapshot(100, [(99.0, 1.0)], [(101.0, 1.0)])
    assert sync.on_diff(diff(100, 104, 99))
    assert sync.on_diff(diff(110, 120, 109)) == []
    (gap,) = sync.gaps
    assert (gap.expected, gap.got) == (104, 109)
    assert not sync.in_sync
    assert sync.on_diff(diff(121, 130, 120)) == []
    applied = sync.on_snapshot(125, [(98.0, 1.0)], [(102.0, 1.0)])
    assert [d.last_id for d in applied] == [130]
    assert sync.in_sync
    assert len(sync.gaps) == 1


def test_removing_an_absent_level_is_harmless() -> None:
    sync = synchroniser()
    sync.on_snapshot(10, [(99.0, 1.0)], [])
    sync.on_diff(diff(5, 12, 4, bid=50.0, size=0.0))
    assert sync.book.bids.best(5) == [(99.0, 1.0)]
