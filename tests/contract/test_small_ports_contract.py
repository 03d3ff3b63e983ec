"""Contracts of the smaller ports: market data, event publisher, balances, signal source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.datasets.signals import StoreSignalSource
from adapters.local.object_store import LocalObjectStore
from adapters.memory.balances import InMemoryBalances
from adapters.memory.event_publisher import InMemoryEventPublisher
from adapters.memory.market_data import InMemoryMarketData
from adapters.memory.object_store import MemoryObjectStore
from adapters.sample_day.generator import generate_day
from domain.book import BookLevel, OrderBook
from ports.account_balance import AccountBalance
from ports.event_publisher import EventPublisher
from ports.market_data import MarketData
from ports.signal_source import SignalSource

BTC = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"


@pytest.fixture(params=["memory"])
def market_data(request: pytest.FixtureRequest) -> InMemoryMarketData:
    return InMemoryMarketData()


def test_market_data_serves_the_latest_book_and_its_mid(market_data: MarketData) -> None:
    assert market_data.book("V", BTC) is None
    assert market_data.reference_price(BTC) is None
    book = OrderBook(
        instrument_key=BTC,
        bids=(BookLevel(price=Decimal(99), size=Decimal(1)),),
        asks=(BookLevel(price=Decimal(101), size=Decimal(1)),),
    )
    market_data.set_book("V", book)  # type: ignore[attr-defined]
    assert market_data.book("V", BTC) == book
    assert market_data.book("W", BTC) is None
    assert market_data.reference_price(BTC) == Decimal(100)


@pytest.fixture(params=["memory"])
def publisher(request: pytest.FixtureRequest) -> InMemoryEventPublisher:
    return InMemoryEventPublisher(capacity=3)


def test_publishing_never_raises_into_the_order_path(publisher: EventPublisher) -> None:
    seen: list[str] = []

    def broken(topic: str, event: object) -> None:
        raise RuntimeError("observer bug")

    publisher.subscribe(broken)  # type: ignore[attr-defined]
    publisher.subscribe(lambda topic, event: seen.append(topic))  # type: ignore[attr-defined]
    for n in range(5):
        publisher.publish(f"t{n}", n)
    assert seen == ["t0", "t1", "t2", "t3", "t4"]
    assert publisher.topics() == ["t2", "t3", "t4"]  # type: ignore[attr-defined]


@pytest.fixture(params=["memory"])
def balances(request: pytest.FixtureRequest) -> InMemoryBalances:
    return InMemoryBalances({("A", "USDT"): Decimal(10), ("B", "USDT"): Decimal(5)})


def test_balances_per_venue_and_in_total(balances: AccountBalance) -> None:
    assert balances.available("A", "USDT") == Decimal(10)
    assert balances.available(None, "USDT") == Decimal(15)
    assert balances.available("A", "BTC") is None
    assert balances.available(None, "BTC") is None


DAY = date(2024, 3, 1)


@pytest.fixture(params=["memory", "local"])
def signal_source(request: pytest.FixtureRequest, tmp_path: Path) -> SignalSource:
    store = MemoryObjectStore() if request.param == "memory" else LocalObjectStore(tmp_path)
    generate_day(store, DAY, seed=3, scale=0.002)
    return StoreSignalSource(store)


def test_signals_of_a_day_are_sorted_and_typed(signal_source: SignalSource) -> None:
    signals = signal_source.signals_for(DAY)
    assert 20 <= len(signals) <= 40
    assert [s.ts_event for s in signals] == sorted(s.ts_event for s in signals)
    assert all(isinstance(s.target_quantity, Decimal) for s in signals)
    assert {s.direction for s in signals} <= {-1, 0, 1}
    assert len({s.signal_id for s in signals}) == len(signals)
