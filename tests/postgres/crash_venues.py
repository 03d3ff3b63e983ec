"""The venues of the crash proof, each in its own process so it outlives a killed service:
the simulated venue process, the fake Deribit process and the Binance USD-M emulator's
process (traded through the service's TradingNode), seen the same way by the proof."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import attrs
import httpx

from domain.ids import ClientOrderId
from tests.fakes.crash_service import (
    BINANCE_ID,
    BINANCE_KEY_ENV,
    BINANCE_REST_PRICE,
    BINANCE_SECRET_ENV,
    DERIBIT_ID,
    REST_PRICE,
)
from tests.fakes.deribit_control import DeribitControl
from tests.fakes.venue_client import VenueProcessClient
from tests.fakes.venue_process import VENUE_ID, venue_spec
from tests.plugins.deribit_fake import FAKE_CLIENT_ID, FAKE_CLIENT_SECRET
from tests.venues.binance_futures.process import TEST_KEY, TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
DERIBIT_STATES = {"filled": "FILLED", "cancelled": "CANCELED", "rejected": "REJECTED"}
BINANCE_STATES = {"NEW": "ACCEPTED"}  # the others are spelt as ours


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`python -m args`; its stderr appended to the file ODUM_CRASH_STDERR names, if any."""
    log = os.environ.get("ODUM_CRASH_STDERR")
    with open(log, "a") if log else open(os.devnull, "w") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )


@attrs.frozen
class AtVenue:
    """The venue's own books: every order it received, its state, its trades, its position."""

    submitted: list[str]
    orders: dict[str, tuple[str, Decimal] | None]  # client id -> (status, filled)
    trade_ids: list[str]
    position: Decimal


class ProofVenue(Protocol):
    venue_id: str
    scale: Decimal  # the venue's lot against the simulated venue's

    def service_args(self) -> tuple[str, ...]: ...

    def service_env(self) -> dict[str, str]: ...

    async def trade_against_rest(self, quantity: Decimal) -> int: ...

    async def view(self, client_ids: list[str]) -> AtVenue: ...


@attrs.define
class SimulatedProofVenue:
    port: int
    venue_id: str = VENUE_ID
    scale: Decimal = Decimal(1)

    def service_args(self) -> tuple[str, ...]:
        return ("--port", str(self.port))

    def service_env(self) -> dict[str, str]:
        return {}

    async def _client(self) -> VenueProcessClient:
        client = VenueProcessClient(venue_spec(), self.port)
        await client.connect()
        return client

    async def trade_against_rest(self, quantity: Decimal) -> int:
        client = await self._client()
        try:
            return await client.trade_against(str(REST_PRICE), str(quantity))
        finally:
            await client.disconnect()

    async def view(self, client_ids: list[str]) -> AtVenue:
        client = await self._client()
        try:
            orders: dict[str, tuple[str, Decimal] | None] = {}
            for cid in client_ids:
                state = await client.order_status(ClientOrderId(cid))
                orders[cid] = None if state is None else (state.status.value, state.filled_quantity)
            positions = await client.positions()
            return AtVenue(
                await client.submitted(),
                orders,
                await client.trade_ids(),
                sum((p.quantity for p in positions), Decimal(0)),
            )
        finally:
            await client.disconnect()


@attrs.define
class DeribitProofVenue:
    ws_url: str
    http_url: str
    venue_id: str = DERIBIT_ID
    scale: Decimal = Decimal(1000)

    def service_args(self) -> tuple[str, ...]:
        return ("--deribit", self.ws_url, self.http_url)

    def service_env(self) -> dict[str, str]:
        return {"DERIBIT_CLIENT_ID": FAKE_CLIENT_ID, "DERIBIT_CLIENT_SECRET": FAKE_CLIENT_SECRET}

    async def trade_against_rest(self, quantity: Decimal) -> int:
        control = DeribitControl(self.http_url)
        trades = await control.trade_against("BTC-PERPETUAL", "sell", quantity, "49900")
        return len(trades)

    async def deep_books(self) -> None:
        """Deep enough that every market order of the proof fills at once."""
        await DeribitControl(self.http_url).set_book(
            instrument="BTC-PERPETUAL",
            bids=[["49990", "1000000000"]],
            asks=[["50000", "1000000000"]],
        )

    async def view(self, client_ids: list[str]) -> AtVenue:
        state = await DeribitControl(self.http_url).state()
        by_label: dict[str, tuple[str, Decimal]] = {}
        for order in state["orders"]:
            filled = Decimal(str(order["filled_amount"]))
            status = DERIBIT_STATES.get(order["order_state"])
            if status is None:  # open
                status = "PARTIALLY_FILLED" if filled else "ACCEPTED"
            by_label[order["label"]] = (status, filled)
        return AtVenue(
            [order["label"] for order in state["orders"]],
            {cid: by_label.get(cid) for cid in client_ids},
            [str(trade["trade_id"]) for trade in state["trades"]],
            sum((Decimal(size) for size in state["positions"].values()), Decimal(0)),
        )


@attrs.define
class BinanceProofVenue:
    """The emulator's process; the service trades on it through its TradingNode's real
    Binance USD-M clients, and the proof reads the emulator's books over its control API."""

    http_url: str
    ws_url: str
    control_url: str
    venue_id: str = BINANCE_ID
    scale: Decimal = Decimal(1)

    def service_args(self) -> tuple[str, ...]:
        return ("--binance", self.http_url, self.ws_url)

    def service_env(self) -> dict[str, str]:
        return {BINANCE_KEY_ENV: TEST_KEY, BINANCE_SECRET_ENV: TEST_SECRET}

    async def trade_against_rest(self, quantity: Decimal) -> int:
        body = {"side": "SELL", "quantity": str(quantity), "price": str(BINANCE_REST_PRICE)}
        async with httpx.AsyncClient(base_url=self.control_url, timeout=10) as client:
            answer = await client.post("/control/trade_against", json=body)
        answer.raise_for_status()
        return int(answer.json()["trades"])

    async def view(self, client_ids: list[str]) -> AtVenue:
        async with httpx.AsyncClient(base_url=self.control_url, timeout=10) as client:
            answer = await client.get("/control/state")
        answer.raise_for_status()
        state = answer.json()
        by_client_id = {
            order["client_order_id"]: (
                BINANCE_STATES.get(order["status"], order["status"]),
                Decimal(order["filled"]),
            )
            for order in state["orders"]
        }
        return AtVenue(
            [order["client_order_id"] for order in state["orders"]],
            {cid: by_client_id.get(cid) for cid in client_ids},
            [trade["trade_id"] for trade in state["trades"]],
            sum((Decimal(amount) for amount in state["positions"].values()), Decimal(0)),
        )
