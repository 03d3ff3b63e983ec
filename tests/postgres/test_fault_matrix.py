"""The fault matrix: each Deribit fault x {submit, cancel, fill, restart} against the fake
Deribit, with PostgreSQL. After each: every venue trade stored exactly once, no venue order
without a row, positions = sum of fills = the venue's, every order final or truthfully open."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal

import psycopg
import pytest

from bootstrap.build import ApplicationContainer
from domain.enums import OrderSide, OrderType
from domain.errors import VenueError
from domain.ids import OperationId, StrategyId
from domain.order_request import OrderRequest
from tests.fakes.crash_service import DERIBIT_BTC, DERIBIT_ID, deribit_container_for
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, default_books
from tests.plugins.postgres_server import PostgresCluster

pytestmark = pytest.mark.postgres
Arm = Callable[[FakeDeribit, str | None], Awaitable[None]]
DERIBIT_STATES = {"filled": "FILLED", "cancelled": "CANCELED", "rejected": "REJECTED"}


async def _refused(fake: FakeDeribit, method: str | None) -> None:
    fake.faults.fail_next(method, 10009, "not_enough_funds")


async def _retryable_after_work(fake: FakeDeribit, method: str | None) -> None:
    fake.faults.error_after_work(method, 11094, "internal_server_error")


async def _busy_after_work(fake: FakeDeribit, method: str | None) -> None:
    fake.faults.error_after_work(method, 13028, "temporarily_unavailable")


async def _final_after_work(fake: FakeDeribit, method: str | None) -> None:
    fake.faults.error_after_work(method, 10010, "already_closed")


async def _answer_dropped(fake: FakeDeribit, method: str | None) -> None:
    fake.faults.lose_answer(method, "drop")


async def _token_expired(fake: FakeDeribit, method: str | None) -> None:
    fake.expire_tokens()


FAULTS: dict[str, Arm] = {
    "refused": _refused,
    "11094-after-work": _retryable_after_work,
    "13028-after-work": _busy_after_work,
    "10010-after-work": _final_after_work,
    "answer-lost": _answer_dropped,
    "token-expiry": _token_expired,
}


def order(op: str, *, side: OrderSide = OrderSide.BUY, price: str | None = None) -> OrderRequest:
    return OrderRequest(
        operation_id=OperationId(op),
        instrument_key=DERIBIT_BTC,
        side=side,
        quantity=Decimal(10),
        order_type=OrderType.LIMIT if price else OrderType.MARKET,
        price=Decimal(price) if price else None,
        strategy_id=StrategyId("matrix"),
    )


class Service:
    """The live container on the test database, trading on the fake; restartable."""

    def __init__(self, fake: FakeDeribit) -> None:
        self.fake = fake
        self.container: ApplicationContainer | None = None

    async def start(self) -> ApplicationContainer:
        container = deribit_container_for(self.fake.ws_url, self.fake.http_url)
        await container.core.reconciliation().run()
        await container.core.event_pump().start()
        self.container = container
        return container

    async def stop(self) -> None:
        if self.container is not None:
            await self.container.core.event_pump().stop()
            await self.container.infra.database().close()
            self.container = None

    async def execute(self, request: OrderRequest) -> None:
        assert self.container is not None
        # Whatever it answers, the invariants below say whether what it left behind is true.
        with contextlib.suppress(VenueError):
            await self.container.core.orchestrator().execute(request)

    async def cancel(self, op: str) -> None:
        assert self.container is not None
        with contextlib.suppress(VenueError):
            await self.container.core.cancel_order()(OperationId(op))


@pytest.fixture
async def service(
    postgres_cluster: PostgresCluster, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Service]:
    monkeypatch.setenv("ODUM_DATABASE_URL", postgres_cluster.create_database("matrix"))
    monkeypatch.setenv("DERIBIT_CLIENT_ID", FAKE_CLIENT_ID)
    monkeypatch.setenv("DERIBIT_CLIENT_SECRET", FAKE_CLIENT_SECRET)
    fake = await FakeDeribit(client_id=FAKE_CLIENT_ID, client_secret=FAKE_CLIENT_SECRET).start()
    default_books(fake)
    running = Service(fake)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
        await fake.stop()


async def _submit(service: Service, arm: Arm) -> None:
    await arm(service.fake, "private/buy")
    await service.execute(order("submit-1"))
    await service.execute(order("submit-2", price="49000"))


async def _cancel(service: Service, arm: Arm) -> None:
    await service.execute(order("rest-1", price="49000"))
    await arm(service.fake, "private/cancel")
    await service.cancel("rest-1")


async def _fill(service: Service, arm: Arm) -> None:
    await service.execute(order("rest-1", price="49000"))
    await service.execute(order("rest-2", price="48000"))
    await arm(service.fake, None)
    service.fake.trade_against("BTC-PERPETUAL", "sell", Decimal(15), Decimal(48000))
    await service.execute(order("after-fill", side=OrderSide.SELL))


async def _restart(service: Service, arm: Arm) -> None:
    await service.execute(order("rest-1", price="49000"))
    await service.execute(order("rest-2", price="48000"))
    await arm(service.fake, None)
    await service.stop()
    service.fake.trade_against("BTC-PERPETUAL", "sell", Decimal(10), Decimal(49000))
    await service.start()
    service.fake.trade_against("BTC-PERPETUAL", "sell", Decimal(5), Decimal(48000))
    await service.execute(order("after-restart"))


OPERATIONS = {"submit": _submit, "cancel": _cancel, "fill": _fill, "restart": _restart}


def _problems(url: str, fake: FakeDeribit) -> list[str]:
    """Every broken invariant, in words (empty when the books agree)."""
    exchange = fake.exchange
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT client_order_id, status, filled_quantity FROM unified_orders"
        ).fetchall()
        trade_ids = [r[0] for r in conn.execute("SELECT venue_trade_id FROM unified_fills")]
        fill_sum = conn.execute(
            "SELECT coalesce(sum(CASE WHEN o.side = 'BUY' THEN f.quantity ELSE -f.quantity END), 0)"
            " FROM unified_fills f JOIN unified_orders o USING (operation_id)"
        ).fetchone()
        position = conn.execute(
            "SELECT venue_positions ->> %s FROM unified_positions", (DERIBIT_ID,)
        ).fetchone()
    problems: list[str] = []
    venue_trades = sorted(str(t["trade_id"]) for t in exchange.trades)
    if sorted(trade_ids) != venue_trades:
        problems.append(f"stored trades {sorted(trade_ids)} != venue trades {venue_trades}")
    stored = {cid: (status, Decimal(filled)) for cid, status, filled in rows}
    labels = [o["label"] for o in exchange.orders.values()]
    if len(labels) != len(set(labels)):
        problems.append(f"an order reached the venue twice: {labels}")
    for venue_order in exchange.orders.values():
        label, filled = venue_order["label"], Decimal(str(venue_order["filled_amount"]))
        state = DERIBIT_STATES.get(venue_order["order_state"])
        state = state or ("PARTIALLY_FILLED" if filled else "ACCEPTED")
        if label not in stored:
            problems.append(f"venue order {label} has no row")
        elif stored[label] != (state, filled):
            problems.append(f"{label}: stored {stored[label]} but the venue has {state} {filled}")
    for cid, (status, _) in stored.items():
        if cid not in labels and status != "REJECTED":
            problems.append(f"{cid} is {status} but the venue never had it")
    venue_position = sum((size for size, _ in exchange.positions.values()), Decimal(0))
    ours = Decimal(position[0]) if position and position[0] else Decimal(0)
    assert fill_sum is not None
    if not ours == Decimal(fill_sum[0]) == venue_position:
        problems.append(f"position {ours}, sum of fills {fill_sum[0]}, venue {venue_position}")
    return problems


async def _settled(service: Service, url: str, patience_s: float = 8.0) -> list[str]:
    """Wait (not assert) until the books agree or patience runs out; the problems left."""
    deadline = time.monotonic() + patience_s
    while True:
        assert service.container is not None
        await service.container.core.tracking().settle()
        problems = _problems(url, service.fake)
        if not problems or time.monotonic() > deadline:
            return problems
        await asyncio.sleep(0.1)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_every_venue_fact_is_stored_once_and_true(
    fault: str, operation: str, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    await OPERATIONS[operation](service, FAULTS[fault])
    url = os.environ["ODUM_DATABASE_URL"]
    assert await _settled(service, url) == []
