"""Metered venue, event counters and backtest meter, against the in-memory metrics adapter."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from adapters.memory.clock import ControllableClock
from adapters.memory.metrics import InMemoryMetrics
from adapters.memory.simulated_venue import SimulatedVenue
from adapters.observability.event_metrics import EventMetrics
from adapters.observability.metered_backtest import MeteredBacktest
from adapters.observability.metered_venue import MeteredVenue
from domain.book import BookLevel, OrderBook
from domain.enums import VenueKind
from domain.errors import VenueError
from domain.run_records import IoStats, RunRecords
from domain.venue import Venue
from ports.metrics import OrderStage
from tests.builders import BTC, T0, a_fill, an_order

VENUE = "BINANCE-FUTURES"


@pytest.fixture
async def simulated() -> SimulatedVenue:
    spec = Venue(venue_id=VENUE, kind=VenueKind.SIMULATED, instruments=frozenset({BTC}))
    venue = SimulatedVenue(spec, ControllableClock())
    venue.set_book(
        OrderBook(
            instrument_key=BTC,
            bids=(BookLevel(price=Decimal(29990), size=Decimal(5)),),
            asks=(BookLevel(price=Decimal(30010), size=Decimal(5)),),
        )
    )
    await venue.connect()
    return venue


def submitted(quantity: str = "1") -> Any:
    order = an_order().buy(quantity).build()
    order.submit(venue=VENUE, venue_type=VenueKind.SIMULATED, at=T0)
    return order


async def test_acks_are_timed_and_errors_counted_with_rate_limits(
    simulated: SimulatedVenue,
) -> None:
    metrics = InMemoryMetrics()
    venue = MeteredVenue(simulated, metrics)

    ack = await venue.submit(submitted())
    assert ack.fills
    assert ack.fills[0].venue == VENUE
    simulated.faults.fail_next(1, code="10028")
    with pytest.raises(VenueError):
        await venue.submit(submitted())
    simulated.faults.fail_next(1, code="UNAVAILABLE")
    with pytest.raises(VenueError):
        await venue.submit(submitted())

    assert len(metrics.latencies[OrderStage.VENUE_ACK]) == 3
    assert metrics.counts["venue_errors", VENUE, "10028"] == 1
    assert metrics.counts["venue_errors", VENUE, "UNAVAILABLE"] == 1
    assert metrics.counts["rate_limit_hits", VENUE] == 1


async def test_a_reconnect_counts_once_the_venue_was_seen_up_then_down(
    simulated: SimulatedVenue,
) -> None:
    metrics = InMemoryMetrics()
    venue = MeteredVenue(simulated, metrics)
    assert venue.connected
    assert metrics.counts["reconnects", VENUE] == 0

    simulated.faults.down = True  # the venue drops by itself...
    assert not venue.connected
    simulated.faults.down = False  # ...and comes back without us calling connect
    assert venue.connected
    assert venue.connected
    await venue.disconnect()
    await venue.connect()

    assert metrics.counts["reconnects", VENUE] == 2
    assert venue.book(BTC).best_ask == Decimal(30010)  # adapter extras pass through


def test_a_terminal_status_counts_once_per_operation() -> None:
    metrics = InMemoryMetrics()
    observe = EventMetrics(metrics)
    order = submitted("1")
    observe("order.created", an_order().build())
    order.accept(venue_order_id="v-1", at=T0)  # type: ignore[arg-type]
    observe("order.accepted", order)
    fill = a_fill(order, "1", "30010")
    order.apply_fill(fill, at=T0)
    observe("order.filled", (order, fill))
    observe("order.closed", order)  # the same close announced again

    assert metrics.counts["orders", "PENDING", "none"] == 1
    assert metrics.counts["orders", "ACCEPTED", VENUE] == 1
    assert metrics.counts["orders", "FILLED", VENUE] == 1
    assert metrics.counts["fills", VENUE] == 1


class FixedRun:
    """A backtest use case that answers known I/O figures, or fails."""

    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail

    def __call__(self, command: Any, progress: Any = None) -> RunRecords:
        if self.fail:
            raise RuntimeError("engine exploded")
        return RunRecords(
            run_id="BT-1",
            mode="backtest",
            created_at=datetime(2024, 8, 8, tzinfo=UTC),
            currency="USDT",
            starting_balance=Decimal(1000),
            config={},
            io=IoStats(signals=3, windows_loaded=4, bytes_read=4096, bytes_full_day=1 << 20),
        )

    def plan(self, command: Any) -> str:
        return f"plan of {command}"


def test_backtests_count_runs_windows_and_bytes() -> None:
    metrics = InMemoryMetrics()
    MeteredBacktest(FixedRun(), metrics)("cmd")
    MeteredBacktest(FixedRun(), metrics)("cmd")
    with pytest.raises(RuntimeError):
        MeteredBacktest(FixedRun(fail=True), metrics)("cmd")

    assert metrics.counts["backtest_runs", "COMPLETED"] == 2
    assert metrics.counts["backtest_runs", "FAILED"] == 1
    assert metrics.counts["windows_loaded",] == 8
    assert metrics.counts["bytes_read",] == 8192
    assert MeteredBacktest(FixedRun(), metrics).plan("x") == "plan of x"
