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

    `fill_price_bps`: the paper venue fills an order at once against the last snapshot;
    NautilusTrader matches it when it reaches the simulated exchange (the venue's latency,
    then the listing's next data event), against the book then. A child's average fill
    price may differ by this much.
    `released_ns`: the live order store stamps orders to the microsecond, the backtest to
    the nanosecond.
    `clip_parents` (ICEBERG): which prints fill a resting clip, and by how much, follows
    NautilusTrader's trade-driven matching, which the paper venue approximates (a print
    fills the passive side up to its size). An iceberg releases its next clip when one
    fills, so its later clips may be released at other times and cut differently; such
    a parent must still send the same number of children, of the same total quantity,
    and fill the same total in both worlds (`ParityReport.clip_problems`).
    """

    fill_price_bps: Decimal = Decimal(10)
    released_ns: int = 1_000
    clip_parents: frozenset[str] = frozenset({"ICEBERG"})


TOLERANCES = Tolerances()


@attrs.frozen(kw_only=True)
class ParityReport:
    """Child orders of both worlds, paired per parent in release order, and what differs."""

    backtest: tuple[ChildOrder, ...]
    live: tuple[ChildOrder, ...]
    identical: int
    differences: tuple[str, ...]
    algorithm_of: dict[str, str] = attrs.field(factory=dict)  # parent -> its algorithm

    @property
    def differing_parents(self) -> set[str]:
        return {line.split("#", 1)[0] for line in self.differences}

    def clip_problems(self, tolerances: Tolerances = TOLERANCES) -> list[str]:
        """Differences beyond the tolerances: a differing parent that is no clip parent, or
        a clip parent whose children's count, total quantity or total fill differ."""
        problems = []
        for parent in sorted(self.differing_parents):
            if self.algorithm_of.get(parent) not in tolerances.clip_parents:
                problems.append(f"{parent}: {self.algorithm_of.get(parent)} children differ")
                continue
            counts = [sum(c.parent == parent for c in side) for side in (self.backtest, self.live)]
            backtest, live = self.totals(parent)
            if counts[0] != counts[1] or backtest != live:
                problems.append(
                    f"{parent}: children {counts[0]} vs {counts[1]}, (quantity, filled) "
                    f"{backtest} vs {live}"
                )
        return problems

    @property
    def within_tolerances(self) -> int:
        """Children identical, or children of a clip parent that keeps its totals."""
        beyond = {problem.split(":", 1)[0] for problem in self.clip_problems()}
        differing = {line.split(":", 1)[0] for line in self.differences}
        return self.total - sum(1 for child in differing if child.split("#", 1)[0] in beyond)

    def totals(self, parent: str) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]:
        """(quantity, filled) of a parent's children, in the backtest and live."""

        def of(children: tuple[ChildOrder, ...]) -> tuple[Decimal, Decimal]:
            mine = [c for c in children if c.parent == parent]
            return sum((c.quantity for c in mine), Decimal(0)), sum(
                (c.filled for c in mine), Decimal(0)
            )

        return of(self.backtest), of(self.live)

    @property
    def total(self) -> int:
        return max(len(self.backtest), len(self.live))

    def lines(self) -> list[str]:
        return [
            f"parity: {self.identical}/{self.total} child orders identical",
            f"parity within the named tolerances: {self.within_tolerances}/{self.total}",
            *self.differences,
            *(f"beyond tolerance: {problem}" for problem in self.clip_problems()),
        ]


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
    report = compare(captured, live_children(live), tolerances)
    algorithms = {s.signal_id: s.exec_algorithm.value for s in plan.setup.signals}
    return attrs.evolve(report, algorithm_of=algorithms)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config/backtest.sample.json"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=0.01)
    args = parser.parse_args(argv)
    report = run_parity(sample_store(DAY, args.seed, args.scale), load_settings(args.config))
    print("\n".join(report.lines()))
    return 0 if report.within_tolerances == report.total else 1


if __name__ == "__main__":
    raise SystemExit(main())
