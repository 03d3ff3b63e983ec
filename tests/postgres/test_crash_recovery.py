"""The crash proof: 1,000 orders (every tenth a resting limit), the service SIGKILLed at a
random point, resting orders filled at the venue while it is down and again after the
restart, reconciled against a venue that lived on in its own process: every venue trade
stored exactly once, no order doubled or stuck, positions equal to the venue's."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest

from domain.ids import ClientOrderId
from tests.fakes.crash_service import REST_PRICE
from tests.fakes.venue_client import VenueProcessClient
from tests.fakes.venue_process import VENUE_ID, venue_spec
from tests.plugins.postgres_server import PostgresCluster

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
ORDERS = 1000
# More seeds on demand: ODUM_CRASH_SEEDS=1,2,3,... (each seed costs a few seconds).
SEEDS = tuple(int(s) for s in os.environ.get("ODUM_CRASH_SEEDS", "11,23,37,41").split(","))


def _spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.fixture
def venue_port() -> Iterator[int]:
    """A fresh venue process (flat positions, no orders) for one run."""
    venue = _spawn("tests.fakes.venue_process", "--port", "0")
    try:
        assert venue.stdout is not None
        ready = venue.stdout.readline().split()
        assert ready[:1] == ["READY"], f"the venue process did not start: {ready}"
        yield int(ready[1])
    finally:
        venue.kill()
        venue.wait()


def _service(port: int, url: str) -> subprocess.Popen[str]:
    args = ("tests.fakes.crash_service", "--port", str(port), "--orders", str(ORDERS))
    return _spawn(*args, env={"ODUM_DATABASE_URL": url})


def _run_and_kill(port: int, url: str, rng: random.Random) -> int:
    """Start the service and SIGKILL it after a random number of finished operations."""
    kill_after = rng.randint(0, ORDERS - 1)
    service = _service(port, url)
    assert service.stdout is not None
    done = 0
    for line in service.stdout:
        done += line.startswith("DONE")
        if (line.startswith("RECONCILED") and kill_after == 0) or done >= kill_after > 0:
            time.sleep(rng.uniform(0, 0.003))  # in the middle of the next operations
            break
    os.kill(service.pid, signal.SIGKILL)
    service.wait()
    assert service.returncode == -signal.SIGKILL, "the service finished before the kill"
    return done


async def _run_to_the_end(port: int, url: str, rng: random.Random) -> dict[str, Any]:
    """Restart, finish the operations, then let part of what rests fill while it runs."""
    service = _service(port, url)
    assert service.stdout is not None
    assert service.stdin is not None
    seen: list[str] = []
    for line in service.stdout:
        seen.append(line)
        if line.startswith("ORDERS-DONE"):
            break
    await _trade_against_rest(port, rng.choice(("0.3", "0.6", "1.0")))
    await _until_stored(port, url)
    out, _ = service.communicate("STOP\n", timeout=120)
    out = "".join(seen) + out
    assert service.returncode == 0, out[-2000:]
    assert out.rstrip().endswith("FINISHED"), out[-2000:]
    line = next(line for line in out.splitlines() if line.startswith("RECONCILED "))
    return json.loads(line.removeprefix("RECONCILED "))


async def _trade_against_rest(port: int, quantity: str) -> int:
    client = VenueProcessClient(venue_spec(), port)
    await client.connect()
    try:
        return await client.trade_against(str(REST_PRICE), quantity)
    finally:
        await client.disconnect()


async def _until_stored(port: int, url: str, patience_s: float = 30.0) -> None:
    """Wait (not assert) until the service stored as many trades as the venue made."""
    client = VenueProcessClient(venue_spec(), port)
    await client.connect()
    try:
        wanted = len(await client.trade_ids())
    finally:
        await client.disconnect()
    deadline = time.monotonic() + patience_s
    while _stored(url).fill_rows < wanted and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


@attrs.frozen
class Stored:
    orders: dict[str, tuple[str, str, Decimal]]  # operation -> (client id, status, filled)
    fill_totals: dict[str, Decimal]
    fill_rows: int
    distinct_trades: int
    position: Decimal
    trade_ids: list[str]


def _stored(url: str) -> Stored:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT operation_id, client_order_id, status, filled_quantity FROM unified_orders"
        ).fetchall()
        totals = conn.execute(
            "SELECT operation_id, sum(quantity) FROM unified_fills GROUP BY operation_id"
        ).fetchall()
        counts = conn.execute(
            "SELECT count(*), count(DISTINCT (venue, venue_trade_id)) FROM unified_fills"
        ).fetchone()
        position = conn.execute(
            "SELECT venue_positions ->> %s FROM unified_positions", (VENUE_ID,)
        ).fetchone()
        trade_ids = [row[0] for row in conn.execute("SELECT venue_trade_id FROM unified_fills")]
    assert counts is not None
    return Stored(
        orders={op: (cid, status, filled) for op, cid, status, filled in rows},
        fill_totals=dict(totals),
        fill_rows=counts[0],
        distinct_trades=counts[1],
        position=Decimal(position[0]) if position and position[0] else Decimal(0),
        trade_ids=trade_ids,
    )


@attrs.frozen
class AtVenue:
    submitted: list[str]
    orders: dict[str, tuple[str, Decimal] | None]  # client id -> (status, filled)
    trade_ids: list[str]
    position: Decimal


async def _venue_view(port: int, client_ids: list[str]) -> AtVenue:
    client = VenueProcessClient(venue_spec(), port)
    await client.connect()
    try:
        submitted = await client.submitted()
        orders: dict[str, tuple[str, Decimal] | None] = {}
        for cid in client_ids:
            state = await client.order_status(ClientOrderId(cid))
            orders[cid] = None if state is None else (state.status.value, state.filled_quantity)
        trade_ids = await client.trade_ids()
        positions = await client.positions()
    finally:
        await client.disconnect()
    return AtVenue(submitted, orders, trade_ids, sum((p.quantity for p in positions), Decimal(0)))


@pytest.mark.parametrize("seed", SEEDS)
async def test_a_killed_service_loses_and_doubles_nothing(
    seed: int, venue_port: int, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.create_database("crash")
    rng = random.Random(seed)
    done_before_kill = _run_and_kill(venue_port, url, rng)
    filled_while_down = await _trade_against_rest(venue_port, rng.choice(("0.1", "0.3")))
    report = await _run_to_the_end(venue_port, url, rng)
    stored = _stored(url)
    client_ids = [cid for cid, _, _ in stored.orders.values()]
    venue = await _venue_view(venue_port, client_ids)

    lost = [f"crash-{n}" for n in range(ORDERS) if f"crash-{n}" not in stored.orders]
    unknown_here = sorted(set(venue.submitted) - set(client_ids))
    assert lost == [], "operations missing from the database"
    assert unknown_here == [], "venue orders the database does not know"
    assert len(venue.submitted) == len(set(venue.submitted)), "an order reached the venue twice"
    assert len(stored.orders) == ORDERS
    for operation, (cid, status, filled) in stored.orders.items():
        at_venue = venue.orders[cid]
        if at_venue is None:  # recorded, never sent: refused, not re-sent
            assert (status, filled) == ("REJECTED", 0), operation
        else:  # final, or open exactly as the venue has it
            assert (status, filled) == at_venue, operation
            assert stored.fill_totals.get(operation, Decimal(0)) == filled, operation
    assert sorted(stored.trade_ids) == sorted(venue.trade_ids), "venue trades != stored fills"
    assert stored.fill_rows == stored.distinct_trades
    assert stored.position == venue.position
    assert report["position_differences"] == []
    assert report["unresolved"] == []
    statuses = [status for _, status, _ in stored.orders.values()]
    print(
        f"seed {seed}: killed after {done_before_kill} operations; {filled_while_down} resting "
        f"fills while down; restart resolved {len(report['resolved'])} orders "
        f"({report['fills_applied']} with fills applied, {len(report['not_sent'])} never "
        f"sent); {len(venue.submitted)} venue orders, {len(venue.trade_ids)} venue trades = "
        f"{stored.fill_rows} stored; {statuses.count('ACCEPTED')} resting at the end; "
        f"position {stored.position} = venue {venue.position}"
    )
