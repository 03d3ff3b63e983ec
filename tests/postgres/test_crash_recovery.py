"""The crash proof: 1,000 orders, the service SIGKILLed at a random point, restarted and
reconciled against a venue that lived on in its own process: nothing lost or doubled."""

from __future__ import annotations

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


def _run_to_the_end(port: int, url: str) -> dict[str, Any]:
    service = _service(port, url)
    out, _ = service.communicate(timeout=120)
    assert service.returncode == 0, out[-2000:]
    assert out.rstrip().endswith("FINISHED"), out[-2000:]
    line = next(line for line in out.splitlines() if line.startswith("RECONCILED "))
    return json.loads(line.removeprefix("RECONCILED "))


@attrs.frozen
class Stored:
    orders: dict[str, tuple[str, str, Decimal]]  # operation -> (client id, status, filled)
    fill_totals: dict[str, Decimal]
    fill_rows: int
    distinct_trades: int
    position: Decimal


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
    assert counts is not None
    return Stored(
        orders={op: (cid, status, filled) for op, cid, status, filled in rows},
        fill_totals=dict(totals),
        fill_rows=counts[0],
        distinct_trades=counts[1],
        position=Decimal(position[0]) if position and position[0] else Decimal(0),
    )


async def _venue_view(port: int, client_ids: list[str]) -> tuple[list[str], dict, Decimal]:
    client = VenueProcessClient(venue_spec(), port)
    await client.connect()
    try:
        submitted = await client.submitted()
        filled = {}
        for cid in client_ids:
            state = await client.order_status(ClientOrderId(cid))
            filled[cid] = state.filled_quantity if state is not None else None
        positions = await client.positions()
    finally:
        await client.disconnect()
    return submitted, filled, sum((p.quantity for p in positions), Decimal(0))


@pytest.mark.parametrize("seed", SEEDS)
async def test_a_killed_service_loses_and_doubles_nothing(
    seed: int, venue_port: int, postgres_cluster: PostgresCluster
) -> None:
    url = postgres_cluster.create_database("crash")
    done_before_kill = _run_and_kill(venue_port, url, random.Random(seed))
    report = _run_to_the_end(venue_port, url)
    stored = _stored(url)
    client_ids = [cid for cid, _, _ in stored.orders.values()]
    submitted, venue_filled, venue_position = await _venue_view(venue_port, client_ids)

    lost = [f"crash-{n}" for n in range(ORDERS) if f"crash-{n}" not in stored.orders]
    unknown_here = sorted(set(submitted) - set(client_ids))
    assert lost == [], "operations missing from the database"
    assert unknown_here == [], "venue orders the database does not know"
    assert len(submitted) == len(set(submitted)), "an order reached the venue twice"
    assert len(stored.orders) == ORDERS
    for operation, (cid, status, filled) in stored.orders.items():
        at_venue = venue_filled[cid]
        if at_venue is None:  # recorded, never sent: refused, not re-sent
            assert (status, filled) == ("REJECTED", 0), operation
        else:
            assert (status, filled) == ("FILLED", at_venue), operation
            assert stored.fill_totals[operation] == filled, operation
    assert stored.fill_rows == stored.distinct_trades
    assert stored.position == venue_position
    assert report["position_differences"] == []
    assert report["unresolved"] == []
    print(
        f"seed {seed}: killed after {done_before_kill} operations; restart resolved "
        f"{len(report['resolved'])} orders ({report['fills_applied']} fills applied, "
        f"{len(report['not_sent'])} never sent); {len(submitted)} venue orders, "
        f"position {stored.position} = venue {venue_position}"
    )
