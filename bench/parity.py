"""Parity proof: a day's signals through the backtest and through the live pipeline, compared.

Both worlds get the same signals and the same ticks (the windows the backtest loads);
every order that reaches a venue is compared field by field: instrument, side,
quantity, type, price, venue, release time, parent, and its fills. What the worlds
cannot make equal is named in `TOLERANCES` and bounded there, never skipped.

Run: .venv/bin/python -m bench.parity [--config config/backtest.sample.json] [--scale 0.01]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from nautilus_trader.model.enums import OrderType as NautilusOrderType
from nautilus_trader.model.events import OrderFilled, OrderSubmitted

from adapters.datasets.instruments import InstrumentsReader
from adapters.datasets.signals import StoreSignalSource
from adapters.datasets.windowed_loader import DayCrossingTicks
from adapters.memory.clock import ControllableClock
from adapters.memory.object_store import MemoryObjectStore
from adapters.nautilus.engine import NautilusBacktestEngine
from adapters.nautilus.order_records import operation_of
from adapters.sample_day.generator import generate_day
from application.backtest import BacktestCommand
from application.backtest.run_backtest import RunBacktest
from application.backtest.tick_stream import TickStream
from application.settings.schema import Settings, StorageSettings
from bench.parity_live import ChildOrder, live_children, replay_live
from bootstrap.settings.loader import parse_settings

DAY = date(2024, 3, 1)
RUN_ID = "BT-20240301-000000-parity"
BOOK_LOOKBACK_NS = 60 * 1_000_000_000
FIELDS = ("instrument", "side", "quantity", "order_type", "price", "venue", "released_ns")


@attrs.frozen(kw_only=True)
class Tolerances:
    """The differences the two worlds cannot avoid, and how large each may be.

    `fill_price_bps`: the backtest's nautilus matching engine fills against its own L2
    book after the venue's simulated latency (and does not consume the levels it takes);
    the simulated venue fills at once against the last snapshot and consumes it. The
    average fill price of a child may differ by this much.
    `released_ns`: the live order store stamps orders to the microsecond; the backtest
    in nanoseconds.
    """

    fill_price_bps: Decimal = Decimal(10)
    released_ns: int = 1_000


TOLERANCES = Tolerances()


@attrs.frozen(kw_only=True)
class ParityReport:
    """Child orders of both worlds, paired per parent in release order, and what differs."""

    backtest: tuple[ChildOrder, ...]
    live: tuple[ChildOrder, ...]
    identical: int
    differences: tuple[str, ...]

    @property
    def total(self) -> int:
        return max(len(self.backtest), len(self.live))

    def lines(self) -> list[str]:
        return [f"parity: {self.identical}/{self.total} child orders identical", *self.differences]


def backtest_children(engine: Any, strategy: Any) -> list[ChildOrder]:
    """Every nautilus order that was submitted to a venue (a primary an algorithm closed
    locally never was)."""
    catalog = strategy.catalog
    children = []
    for order in engine.cache.orders():
        submitted = [e for e in order.events if isinstance(e, OrderSubmitted)]
        if not submitted:
            continue
        limit = order.price if order.has_price else None
        children.append(
            ChildOrder(
                parent=operation_of(order) or order.client_order_id.value,
                instrument=catalog.key_of(order.instrument_id),
                venue=strategy.venue_id_of(order.instrument_id),
                side=order.side_string(),
                quantity=order.quantity.as_decimal(),
                order_type="LIMIT" if order.order_type == NautilusOrderType.LIMIT else "MARKET",
                price=limit.as_decimal() if limit is not None else None,
                released_ns=submitted[0].ts_event,
                filled=order.filled_qty.as_decimal(),
                avg_price=_average_price(order),
            )
        )
    return children


def _average_price(order: Any) -> Decimal | None:
    fills = [e for e in order.events if isinstance(e, OrderFilled)]
    filled = sum((f.last_qty.as_decimal() for f in fills), Decimal(0))
    if not filled:
        return None
    paid = sum((f.last_qty.as_decimal() * f.last_px.as_decimal() for f in fills), Decimal(0))
    return paid / filled


def compare(
    backtest: Sequence[ChildOrder],
    live: Sequence[ChildOrder],
    tolerances: Tolerances = TOLERANCES,
) -> ParityReport:
    """Pair the children of each parent in release order; list every field that differs."""
    differences: list[str] = []
    identical = 0
    for parent in sorted({c.parent for c in (*backtest, *live)}):
        ours = _in_order(c for c in backtest if c.parent == parent)
        theirs = _in_order(c for c in live if c.parent == parent)
        for n in range(max(len(ours), len(theirs))):
            if n >= len(ours) or n >= len(theirs):
                side = "live" if n >= len(ours) else "backtest"
                extra = (theirs if n >= len(ours) else ours)[n]
                differences.append(f"{parent}#{n}: only in {side}: {_brief(extra)}")
                continue
            found = _differences(ours[n], theirs[n], tolerances)
            differences += [f"{parent}#{n}: {what}" for what in found]
            identical += not found
    return ParityReport(
        backtest=tuple(backtest),
        live=tuple(live),
        identical=identical,
        differences=tuple(differences),
    )


def _in_order(children: Any) -> list[ChildOrder]:
    return sorted(children, key=lambda c: (c.released_ns, c.venue, c.quantity))


def _differences(ours: ChildOrder, theirs: ChildOrder, tolerances: Tolerances) -> list[str]:
    found = []
    for name in FIELDS:
        a, b = getattr(ours, name), getattr(theirs, name)
        if name == "released_ns" and abs(a - b) <= tolerances.released_ns:
            continue
        if a != b:
            found.append(f"{name} backtest={a} live={b}")
    if ours.filled != theirs.filled:
        found.append(f"filled backtest={ours.filled} live={theirs.filled}")
    elif ours.avg_price is not None and theirs.avg_price is not None:
        bps = abs(ours.avg_price - theirs.avg_price) / ours.avg_price * 10_000
        if bps > tolerances.fill_price_bps:
            found.append(
                f"fill price backtest={ours.avg_price} live={theirs.avg_price} "
                f"({bps:.1f} bps > {tolerances.fill_price_bps})"
            )
    return found


def _brief(child: ChildOrder) -> str:
    price = f" @ {child.price}" if child.price is not None else ""
    return (
        f"{child.side} {child.quantity} {child.instrument} {child.order_type}{price} "
        f"at {child.venue}, released {child.released_ns}"
    )


def sample_store(day: date = DAY, seed: int = 7, scale: float = 0.01) -> MemoryObjectStore:
    store = MemoryObjectStore()
    generate_day(store, day, seed=seed, scale=scale)
    return store


def load_settings(config: Path, day: date = DAY) -> Settings:
    raw = json.loads(config.read_text())
    raw.setdefault("backtest", {})["dates"] = [day.isoformat()]
    return attrs.evolve(parse_settings(raw, str(config)), storage=StorageSettings(backend="memory"))


def run_parity(
    store: MemoryObjectStore,
    settings: Settings,
    day: date = DAY,
    tolerances: Tolerances = TOLERANCES,
) -> ParityReport:
    """The day through both worlds, compared."""
    captured: list[ChildOrder] = []
    engine = NautilusBacktestEngine(inspect=lambda e, s: captured.extend(backtest_children(e, s)))
    ticks = DayCrossingTicks(store)
    run_backtest = RunBacktest(
        store=store,
        engine=engine,
        clock=ControllableClock(),
        instruments=InstrumentsReader(store),
        signals=StoreSignalSource(store),
        ticks=ticks,
        book_lookback_ns=BOOK_LOOKBACK_NS,
    )
    command = BacktestCommand(run_id=RUN_ID, settings=settings, dates=[day])
    run_backtest(command)
    plan = run_backtest.plan(command)
    windows = TickStream(ticks, store, BOOK_LOOKBACK_NS)(plan.windows, None, plan.has_day)
    live = asyncio.run(replay_live(settings, plan.setup, windows))
    return compare(captured, live_children(live), tolerances)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config/backtest.sample.json"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=0.01)
    args = parser.parse_args(argv)
    report = run_parity(sample_store(DAY, args.seed, args.scale), load_settings(args.config))
    print("\n".join(report.lines()))
    return 0 if report.identical == report.total else 1


if __name__ == "__main__":
    raise SystemExit(main())
