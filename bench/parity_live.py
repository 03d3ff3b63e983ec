"""The live half of the parity replay: a run's signals and ticks through the live pipeline.

The live service's own path (signal executor -> orchestrator -> algorithm driver ->
simulated venues) runs in process on a controllable clock. The ticks are the very
windows the backtest engine was fed: each book snapshot replaces its venue's book, each
trade fills the resting orders it crosses, and time moves from one tick to the next, so
algorithm slices wake exactly when they are due. Like the backtest, what still works at
the end of a window's data is cancelled 1 ns before it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs
from dependency_injector import providers

from adapters.memory.clock import NS, ControllableClock
from application.algorithms.driver import AlgorithmDriver
from application.settings.schema import Settings
from application.signals.execute_signal import NO_LOT, ExecuteSignal
from bench.parity_venue import ReplayVenue
from bootstrap.build import build_container
from domain.book import BookLevel, OrderBook
from domain.order import Order
from domain.signal import Signal
from ports.backtest_engine import BacktestSetup, WindowTicks

# At one instant the backtest fires its timers (signals, slices) before it applies data.
SIGNAL, BOOK, TRADE = 0, 1, 2


@attrs.frozen(kw_only=True)
class ChildOrder:
    """An order that reached a venue, as both worlds can state it."""

    parent: str
    instrument: str
    venue: str
    side: str
    quantity: Decimal
    order_type: str
    price: Decimal | None
    released_ns: int
    filled: Decimal
    avg_price: Decimal | None


def live_settings(settings: Settings, setup: BacktestSetup) -> Settings:
    """The run's settings with every venue listing what the backtest simulated there."""
    listed = {account.venue.venue_id: account.venue.instruments for account in setup.venues}
    venues = [attrs.evolve(v, instruments=sorted(listed[v.venue_id])) for v in settings.venues]
    return attrs.evolve(settings, venues=venues)


def book_of(key: str, row: dict[str, Any]) -> OrderBook:
    def levels(side: str) -> tuple[BookLevel, ...]:
        found = []
        for level in range(5):
            price, size = row.get(f"{side}_price_{level}"), row.get(f"{side}_size_{level}")
            if price is not None and size:
                found.append(BookLevel(price=Decimal(str(price)), size=Decimal(str(size))))
        return tuple(found)

    return OrderBook(instrument_key=key, bids=levels("bid"), asks=levels("ask"))


def _events(window: WindowTicks, signals: Iterable[Signal]) -> Iterator[tuple[int, int, Any]]:
    streams: list[Iterator[tuple[int, int, Any]]] = [
        iter([(s.ts_event, SIGNAL, s) for s in signals])
    ]
    for key, table in window.books.items():
        rows = table.to_pylist()
        start = window.window.start_ns
        before = [r for r in rows if r["ts_event"] < start]
        opening = [(before[-1]["ts_event"], BOOK, book_of(key, before[-1]))] if before else []
        later = [(r["ts_event"], BOOK, book_of(key, r)) for r in rows if r["ts_event"] >= start]
        streams.append(iter(opening + later))
    for key, table in window.trades.items():
        streams.append(iter([(r["ts_event"], TRADE, (key, r)) for r in table.to_pylist()]))
    return heapq.merge(*streams, key=lambda event: (event[0], event[1]))


async def _advance_to(clock: ControllableClock, ts_ns: int) -> None:
    if ts_ns > clock.now_ns():
        await clock.advance((ts_ns - clock.now_ns()) / NS)
        clock.set_ns(ts_ns)  # the float step may fall a few ns short


async def replay_live(
    settings: Settings, setup: BacktestSetup, windows: Iterable[WindowTicks]
) -> list[Order]:
    """Every order the live pipeline recorded for the run's signals over its windows."""
    clock = ControllableClock(setup.windows[0].start_ns if setup.windows else 0)
    chosen = live_settings(settings, setup)
    container = build_container("test", chosen, clock=clock)
    infra, core = container.infra, container.core
    market_data, registry = infra.market_data(), infra.venues()
    for simulated in registry.all():  # same registry, venues matching by the backtest's rules
        registry.register(ReplayVenue(simulated.venue, clock, market_data=market_data))
    venue_of = {key: v.venue.venue_id for v in registry.all() for key in v.venue.instruments}
    pump, oms = core.event_pump(), core.oms()
    # The live service knows its venues' minimum sizes; the backtest each listing's own
    # lot. The replay gives the live pipeline the listings' lots, as the backtest has them.
    lots = {str(i.key): i.min_size for i in setup.instruments}

    def lot_of(key: str) -> Decimal:
        return lots.get(key, NO_LOT)

    driver = AlgorithmDriver(
        oms=oms,
        tracking=core.tracking(),
        dispatcher=core.dispatcher(),
        venues=registry,
        risk=core.risk(),
        clock=clock,
        defaults=settings.algorithms,
        lot_size_for=lot_of,
    )
    core.algorithms.override(providers.Object(driver))
    cancel = core.cancel_order()
    execute = ExecuteSignal(
        submit=core.orchestrator(),
        cancel=cancel,
        queries=core.order_queries(),
        exposure=core.exposure(),
        market_data=market_data,
        lot_of=lot_of,
    )
    await pump.start()
    try:
        for window in windows:
            inside = [
                s
                for s in setup.signals
                if window.window.start_ns <= s.ts_event < window.window.end_ns
            ]
            for ts_ns, kind, payload in _events(window, inside):
                await _advance_to(clock, ts_ns)
                if kind == SIGNAL:
                    await execute(payload)
                elif kind == BOOK:
                    registry.get(venue_of[payload.instrument_key]).set_book(payload)
                else:
                    key, row = payload
                    venue = registry.get(venue_of[key])
                    price, size = Decimal(str(row["price"])), Decimal(str(row["size"]))
                    aggressor = row.get("aggressor_side")
                    if not await venue.trade_printed(key, price, size, aggressor):
                        continue
                await pump.drain()
            await _advance_to(clock, window.window.end_ns - 1)
            for order in oms.open_orders():
                if order.parent_operation_id is None:
                    await cancel(order.operation_id)
            await pump.drain()
        return await oms.list()
    finally:
        await driver.stop()
        await pump.stop()


def live_children(orders: Iterable[Order]) -> list[ChildOrder]:
    """The orders sent to a venue: leaves, not the parents that only roll children up."""
    parents = {o.parent_operation_id for o in orders if o.parent_operation_id is not None}
    children = []
    for order in orders:
        if order.operation_id in parents or order.venue is None:
            continue
        children.append(
            ChildOrder(
                parent=order.parent_operation_id or order.operation_id,
                instrument=order.listing,
                venue=order.venue,
                side=order.side.value,
                quantity=order.quantity,
                order_type=order.order_type.value,
                price=order.price,
                released_ns=_ns(order),
                filled=order.filled_quantity,
                avg_price=order.avg_fill_price,
            )
        )
    return children


def _ns(order: Order) -> int:
    created = order.created_at
    seconds = int(created.timestamp())
    return seconds * NS + created.microsecond * 1_000
