"""UnifiedPositionTracker: fills net per venue, aggregate per instrument, and feed exposure."""

from __future__ import annotations

from decimal import Decimal

import attrs

from adapters.memory.clock import ControllableClock
from application.positions.tracker import UnifiedPositionTracker
from application.risk.exposure import ExposureBook
from domain.enums import VenueKind
from domain.fill import StrategyFill, StrategyTotal
from domain.ids import StrategyId
from tests.builders import BTC, a_fill, a_position, an_order

INVERSE = "DERIBIT:PERPETUAL:BTC-USD@INV"
ETH = "BYBIT:PERPETUAL:ETH-USDT@LIN"


def a_tracker() -> tuple[UnifiedPositionTracker, ExposureBook, ControllableClock]:
    exposure, clock = ExposureBook(), ControllableClock()
    return UnifiedPositionTracker(exposure=exposure, clock=clock), exposure, clock


def test_fills_aggregate_per_venue_and_across_venues() -> None:
    tracker, exposure, _ = a_tracker()
    buy, sell = an_order().buy("1").build(), an_order().sell("1").build()
    tracker.apply_fill(a_fill(buy, "2", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    tracker.apply_fill(
        a_fill(sell, "0.5", "30100", venue="BYBIT"),
        strategy_id="a",
        venue_kind=VenueKind.EXTERNAL_SDK,
    )
    position = tracker.position(BTC)
    assert position.venues["BINANCE-FUTURES"].quantity == Decimal(2)
    assert position.venues["BYBIT"].quantity == Decimal("-0.5")
    assert position.venue_types["BYBIT"] is VenueKind.EXTERNAL_SDK
    assert position.aggregated_quantity == Decimal("1.5")
    assert exposure.position[BTC] == Decimal("1.5")
    assert exposure.mark[BTC] == Decimal(30100)  # the latest fill marks it


def test_a_fill_through_zero_flips_the_position_at_its_price_and_realizes_the_closed_part() -> None:
    tracker, _, _ = a_tracker()
    buy, sell = an_order().buy("1").build(), an_order().sell("3").build()
    tracker.apply_fill(a_fill(buy, "1", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    tracker.apply_fill(a_fill(sell, "3", "31000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    position = tracker.position(BTC)
    assert position.aggregated_quantity == Decimal(-2)
    assert position.average_entry_price == Decimal(31000)
    assert position.realized_pnl == Decimal(1000)
    assert position.unrealized_pnl(Decimal(30500)) == Decimal(1000)  # short 2 from 31,000


def test_realized_pnl_is_per_venue_and_fees_are_summed() -> None:
    tracker, _, _ = a_tracker()
    buy, sell = an_order().buy("1").build(), an_order().sell("1").build()
    for venue, exit_price in (("BINANCE-FUTURES", "30300"), ("BYBIT", "29900")):
        tracker.apply_fill(
            a_fill(buy, "1", "30000", venue=venue, fee="3"),
            strategy_id="a",
            venue_kind=VenueKind.SIMULATED,
        )
        tracker.apply_fill(
            a_fill(sell, "1", exit_price, venue=venue, fee="3"),
            strategy_id="a",
            venue_kind=VenueKind.SIMULATED,
        )
    position = tracker.position(BTC)
    assert position.realized_pnl == Decimal(200)  # +300 at one venue, -100 at the other
    assert position.fees == Decimal(12)
    assert position.aggregated_quantity == 0


def test_strategy_positions_are_kept_apart_and_flat_ones_are_dropped() -> None:
    tracker, exposure, _ = a_tracker()
    buy, sell = an_order().buy("1").build(), an_order().sell("1").build()
    tracker.apply_fill(a_fill(buy, "2", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    tracker.apply_fill(a_fill(sell, "1", "30000"), strategy_id="b", venue_kind=VenueKind.SIMULATED)
    tracker.apply_fill(a_fill(sell, "2", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    assert tracker.strategy_positions("a") == {}
    assert tracker.strategy_positions("b") == {BTC: Decimal(-1)}
    assert exposure.strategy_position[("b", BTC)] == Decimal(-1)
    assert tracker.position(BTC).aggregated_quantity == Decimal(-1)


def test_strategy_exposure_is_gross_at_the_latest_mark() -> None:
    tracker, _, _ = a_tracker()
    sell = an_order().sell("1").build()
    tracker.apply_fill(a_fill(sell, "2", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED)
    tracker.mark(BTC, Decimal(31000))
    assert tracker.strategy_exposure("a") == Decimal(62000)
    assert tracker.position(BTC).current_price == Decimal(31000)


def test_an_inverse_position_is_in_usd_and_realizes_in_btc() -> None:
    tracker, _, _ = a_tracker()
    inverse = attrs.evolve(an_order(), instrument_key=INVERSE)
    buy, sell = inverse.buy("40000").build(), inverse.sell("40000").build()
    tracker.apply_fill(
        a_fill(buy, "40000", "40000", venue="DERIBIT"),
        strategy_id="a",
        venue_kind=VenueKind.EXTERNAL_SDK,
    )
    tracker.apply_fill(
        a_fill(sell, "40000", "50000", venue="DERIBIT"),
        strategy_id="a",
        venue_kind=VenueKind.EXTERNAL_SDK,
    )
    position = tracker.position(INVERSE)
    assert position.venues["DERIBIT"].inverse
    assert position.aggregated_quantity == 0
    assert position.realized_pnl == Decimal("0.2")  # 40,000 * (1/40,000 - 1/50,000) BTC
    assert tracker.strategy_exposure("a") == 0


async def test_a_fill_stamps_the_position_with_the_clock_time() -> None:
    tracker, _, clock = a_tracker()
    await clock.advance(60)
    position = tracker.apply_fill(
        a_fill(an_order().build(), "1", "30000"), strategy_id="a", venue_kind=VenueKind.SIMULATED
    )
    assert position.updated_at == clock.now()


def test_loaded_positions_seed_the_exposure_book_and_take_later_fills() -> None:
    tracker, exposure, _ = a_tracker()
    tracker.load([a_position(BINANCE_FUTURES="1.5", BYBIT="-0.5")])
    assert exposure.position[BTC] == Decimal(1)
    tracker.apply_fill(
        a_fill(an_order().buy("1").build(), "1", "30000"),
        strategy_id="a",
        venue_kind=VenueKind.SIMULATED,
    )
    assert tracker.position(BTC).aggregated_quantity == Decimal(2)
    assert [p.instrument_key for p in tracker.all()] == [BTC]


def test_loaded_positions_mark_the_exposure_book_at_their_last_price() -> None:
    tracker, exposure, _ = a_tracker()
    exposure.set_mark(ETH, Decimal(2100))  # the market came first
    stored, eth = a_position(BINANCE_FUTURES="2"), a_position(ETH, BINANCE_FUTURES="3")
    stored.current_price, eth.current_price = Decimal(31000), Decimal(2000)
    tracker.load([stored, eth])
    assert exposure.mark[BTC] == Decimal(31000)
    assert exposure.mark[ETH] == Decimal(2100)
    # A strategy ordering ETH is valued with its BTC at that mark, not at zero.
    assert (
        exposure.global_position_notional(ETH, Decimal(0), Decimal(2100))
        == Decimal(2) * 31000 + Decimal(3) * 2100
    )


def test_restored_strategy_fills_seed_each_strategy_and_leave_positions_to_load() -> None:
    tracker, exposure, _ = a_tracker()
    tracker.load([a_position(BINANCE_FUTURES="1")])
    alpha, beta = an_order().buy("2").build(), an_order().sell("1").for_strategy("b").build()
    totals = [
        StrategyTotal(strategy_id=StrategyId("a"), instrument_key=BTC, quantity=Decimal(2)),
        StrategyTotal(strategy_id=StrategyId("b"), instrument_key=BTC, quantity=Decimal(-1)),
    ]
    fills = [  # a linear stream's fills are in its total: not counted twice
        StrategyFill(strategy_id=StrategyId("a"), fill=a_fill(alpha, "2", "30000")),
        StrategyFill(strategy_id=StrategyId("b"), fill=a_fill(beta, "1", "30000")),
    ]
    tracker.restore_strategies(totals, fills)
    tracker.restore_strategies(totals, fills)  # afresh each time
    assert tracker.strategy_positions("a") == {BTC: Decimal(2)}
    assert tracker.strategy_positions("b") == {BTC: Decimal(-1)}
    assert exposure.filled_position("b", BTC).venue == Decimal(-1)
    assert tracker.position(BTC).aggregated_quantity == Decimal(1)
    assert exposure.position[BTC] == Decimal(1)
