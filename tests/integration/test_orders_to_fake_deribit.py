"""An order posted to the live API is risk-checked, routed to Deribit (a fake on loopback,
real WebSocket and HTTP), filled, and visible in the OMS and the position tracker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from adapters.system.clock import SystemClock
from application.settings.schema import Settings
from bootstrap.build import ApplicationContainer, build_container
from bootstrap.settings.loader import parse_settings
from entrypoints.http.live_app import create_live_app
from tests.api.keys import TEST_KEYS, key_headers
from tests.fakes.deribit_server import FakeDeribit
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET

PERP = "DERIBIT:PERPETUAL:BTC-USD@INV"


def deribit_settings(fake: FakeDeribit) -> Settings:
    return parse_settings(
        {
            "venues": [
                {
                    "venue_id": "DERIBIT",
                    "kind": "EXTERNAL_SDK",
                    "instruments": [PERP],
                    "taker_fee": "0.0005",
                    "maker_fee": "0",
                    "fee_currency": "BTC",
                    "min_size": "10",
                    "adapter": {
                        "type": "deribit",
                        "options": {
                            "ws_url_override": fake.ws_url,
                            "http_url_override": fake.http_url,
                            "client_id_env": "ODUM_TEST_DERIBIT_ID",
                            "client_secret_env": "ODUM_TEST_DERIBIT_SECRET",
                            "request_timeout_s": 2.0,
                            "retry_delay_s": 0.01,
                        },
                    },
                }
            ],
            "risk": {"max_order_quantity": "100000"},
        }
    )


@pytest.fixture
def deribit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODUM_TEST_DERIBIT_ID", FAKE_CLIENT_ID)
    monkeypatch.setenv("ODUM_TEST_DERIBIT_SECRET", FAKE_CLIENT_SECRET)


@pytest.fixture
async def client(deribit_fake: FakeDeribit, deribit_key: None) -> AsyncIterator[httpx.AsyncClient]:
    settings = deribit_settings(deribit_fake)
    container = build_container("test", settings, clock=SystemClock())
    app = create_live_app(container, keys=TEST_KEYS)
    # The app's lifespan starts the pump; run it here, in the loop that serves the fake.
    pump = container.core.event_pump()
    await pump.start()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://odum", headers=key_headers()
    ) as test_client:
        yield test_client
    await pump.stop()


def order(**fields: Any) -> dict[str, Any]:
    body = {"operation_id": "d-1", "instrument_key": PERP, "side": "BUY", "quantity": "100"}
    return {**body, **fields}


async def _eventually(check: Any, timeout: float = 5.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.05)


async def test_a_market_order_fills_at_deribit(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/orders", json=order())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "FILLED", body
    assert body["venue"] == "DERIBIT"
    assert Decimal(body["fills"][0]["price"]) == Decimal(50000)
    stored = (await client.get("/api/orders/d-1")).json()
    assert stored["venue_order_id"]
    assert stored["venue_type"] == "EXTERNAL_SDK"
    positions = (await client.get("/api/positions")).json()
    assert positions[0]["venues"]["DERIBIT"]["quantity"] == "100"


async def test_a_resting_order_fills_through_the_event_stream(
    client: httpx.AsyncClient, deribit_fake: FakeDeribit
) -> None:
    body = (
        await client.post(
            "/api/orders", json=order(operation_id="d-2", order_type="LIMIT", price="49000")
        )
    ).json()
    assert body["status"] == "ACCEPTED", body
    deribit_fake.trade_against("BTC-PERPETUAL", "sell", Decimal(100), Decimal(49000))

    async def filled() -> bool:
        return (await client.get("/api/orders/d-2")).json()["status"] == "FILLED"

    assert await _eventually(filled)
    fills = (await client.get("/api/orders/d-2")).json()["fills"]
    assert len(fills) == 1


async def test_a_venue_rejection_carries_the_reason(
    client: httpx.AsyncClient, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.faults.fail_next("private/buy", 10009, "not_enough_funds", 1)
    body = (await client.post("/api/orders", json=order(operation_id="d-3"))).json()
    assert body["status"] == "REJECTED"
    assert "not_enough_funds" in body["error_message"] or "funds" in body["error_message"]


@contextlib.asynccontextmanager
async def started_service(fake: FakeDeribit) -> AsyncIterator[ApplicationContainer]:
    """What the live app's lifespan does: reconcile (connects the venues), then start the
    pump (the supervisor connects its venues)."""
    container = build_container("test", deribit_settings(fake), clock=SystemClock())
    pump = container.core.event_pump()
    await container.core.reconciliation().run()
    await pump.start()
    try:
        yield container
    finally:
        await pump.stop()


async def test_start_up_opens_one_authenticated_session_per_deribit_account(
    deribit_fake: FakeDeribit, deribit_key: None
) -> None:
    async with started_service(deribit_fake):
        assert deribit_fake.sessions_opened == 1
        assert deribit_fake.authenticated_sessions == 1


async def test_one_drop_is_logged_once(
    deribit_fake: FakeDeribit, deribit_key: None, caplog: pytest.LogCaptureFixture
) -> None:
    async with started_service(deribit_fake):
        await deribit_fake.drop_connections()

        async def reconnected() -> bool:
            return deribit_fake.sessions_opened == 2 and deribit_fake.authenticated_sessions == 1

        assert await _eventually(reconnected)
        lost = [r for r in caplog.records if r.getMessage() == "Deribit connection lost"]
        assert len(lost) == 1


async def test_venues_show_the_truth_while_deribit_refuses_to_log_in(
    client: httpx.AsyncClient, deribit_fake: FakeDeribit
) -> None:
    async def deribit() -> dict[str, Any]:
        return dict((await client.get("/api/venues")).json()[0])

    deribit_fake.expire_tokens()
    deribit_fake.revoke_refresh_tokens()
    deribit_fake.faults.fail_next("public/auth", 13028, "temporarily_unavailable", count=10**6)

    refused = (await client.post("/api/orders", json=order(operation_id="no-login"))).json()

    assert refused["status"] != "FILLED", refused
    assert deribit_fake.exchange.orders == {}

    async def shown_down() -> bool:
        view = await deribit()
        return not view["connected"] and "login refused" in str(view["last_error"])

    assert await _eventually(shown_down)
    deribit_fake.faults.clear()

    async def shown_up() -> bool:
        view = await deribit()
        return view["connected"] and view["last_error"] is None

    assert await _eventually(shown_up)


async def test_a_signal_in_base_units_trades_its_usd_amount_at_the_market(
    client: httpx.AsyncClient, deribit_fake: FakeDeribit
) -> None:
    deribit_fake.exchange.set_book(
        "BTC-PERPETUAL", bids=[("49990", "20000")], asks=[("50000", "20000")]
    )

    def signal(number: int, target: str) -> dict[str, Any]:
        direction = (Decimal(target) > 0) - (Decimal(target) < 0)
        return {
            "signal_id": f"inv-{number}",
            "strategy_id": "alpha",
            "instrument_key": PERP,
            "ts_event": 1_700_000_000_000_000_000 + number,
            "direction": direction,
            "target_quantity": target,
            "order_type": "MARKET",
            "exec_algorithm": "NORMAL",
            "exec_algorithm_params": {},
        }

    async def sized() -> httpx.Response | None:
        # Refused, naming the field, until the venue's book reached the market data.
        response = await client.post("/api/signals", json=signal(1, "0.1"))
        if response.status_code != 200:
            assert "target_quantity" in response.text, response.text
            return None
        return response

    # 0.1 BTC at the 49,995 mid is 4,999.5 USD: 499 contracts of 10 USD, bought at 50,000.
    bought = (await _eventually(sized)).json()
    assert bought["order"]["status"] == "FILLED", bought
    assert Decimal(bought["order"]["fills"][0]["quantity"]) == Decimal(4990)
    # Halving the target gives back half of what was bought, whatever the market does.
    deribit_fake.exchange.set_book(
        "BTC-PERPETUAL", bids=[("59990", "20000")], asks=[("60000", "20000")]
    )
    half = (await client.post("/api/signals", json=signal(2, "0.0499"))).json()
    assert half["current"] == "0.0998"  # 4,990 USD at 50,000
    assert half["order"]["status"] == "FILLED", half
    assert Decimal(half["order"]["fills"][0]["quantity"]) == Decimal(2490)
    flat = (await client.post("/api/signals", json=signal(3, "0"))).json()
    assert Decimal(flat["order"]["fills"][0]["quantity"]) == Decimal(2500)
    positions = (await client.get("/api/positions")).json()
    assert Decimal(positions[0]["venues"]["DERIBIT"]["quantity"]) == 0
