"""Nautilus venue options, the TradingNodeConfig per exchange and account, the factories."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from nautilus_trader.adapters.binance import (
    BinanceAccountType,
    BinanceDataClientConfig,
    BinanceExecClientConfig,
    BinanceLiveDataClientFactory,
    BinanceLiveExecClientFactory,
)
from nautilus_trader.adapters.binance.common.enums import BinanceEnvironment
from nautilus_trader.adapters.bybit import (
    BybitDataClientConfig,
    BybitExecClientConfig,
    BybitLiveDataClientFactory,
    BybitProductType,
)
from nautilus_trader.adapters.okx import (
    OKXDataClientConfig,
    OKXExecClientConfig,
    OKXLiveDataClientFactory,
)
from nautilus_trader.adapters.sandbox.config import SandboxExecutionClientConfig
from nautilus_trader.adapters.sandbox.factory import SandboxLiveExecClientFactory
from nautilus_trader.core.nautilus_pyo3 import OKXContractType, OKXInstrumentType
from nautilus_trader.model.identifiers import InstrumentId

from adapters.nautilus.live.bybit_execution import (
    BybitExecClientFactory,
    BybitRestExecClientFactory,
)
from adapters.nautilus.live.config import NautilusVenueConfig, parse_venue_config
from adapters.nautilus.live.execution import NautilusNodeVenue
from adapters.nautilus.live.factories import register_client_factories
from adapters.nautilus.live.feed import ReplayDataClientConfig
from adapters.nautilus.live.node_config import trading_node_config
from adapters.nautilus.live.okx_execution import OKXExecClientFactory
from adapters.nautilus.live.options import NautilusOptionsError
from bootstrap.build import build_container
from bootstrap.settings.loader import parse_settings
from domain.enums import VenueKind

ENV = {"K": "key-value-1", "S": "secret-value-2", "P": "passphrase-value-3"}
CREDENTIALS = {"api_key_env": "K", "api_secret_env": "S"}


def venue(venue_id: str, instrument: str, **options: Any) -> NautilusVenueConfig:
    return parse_venue_config(
        venue_id,
        {**CREDENTIALS, **options},
        instruments=[instrument],
        starting_balances={"USDT": Decimal(100_000)},
    )


class RecordingNode:
    """Records factory registrations, as a TradingNode takes them before `build()`."""

    def __init__(self) -> None:
        self.data: dict[str, type] = {}
        self.execution: dict[str, type] = {}

    def add_data_client_factory(self, name: str, factory: type) -> None:
        self.data[name] = factory

    def add_exec_client_factory(self, name: str, factory: type) -> None:
        self.execution[name] = factory


EXCHANGES = [
    pytest.param(
        "BINANCE-SPOT",
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        {"exchange": "binance", "account_type": "spot"},
        (BinanceDataClientConfig, BinanceExecClientConfig),
        "BTCUSDT.BINANCE",
        (BinanceLiveDataClientFactory, BinanceLiveExecClientFactory),
        id="binance-spot",
    ),
    pytest.param(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        {"exchange": "binance", "account_type": "usdt_future"},
        (BinanceDataClientConfig, BinanceExecClientConfig),
        "BTCUSDT-PERP.BINANCE",
        (BinanceLiveDataClientFactory, BinanceLiveExecClientFactory),
        id="binance-usdt-future",
    ),
    pytest.param(
        "BINANCE-COIN",
        "BINANCE-FUTURES:PERPETUAL:BTC-USD@INV",
        {"exchange": "binance", "account_type": "coin_future"},
        (BinanceDataClientConfig, BinanceExecClientConfig),
        "BTCUSD-PERP.BINANCE",
        (BinanceLiveDataClientFactory, BinanceLiveExecClientFactory),
        id="binance-coin-future",
    ),
    pytest.param(
        "BYBIT",
        "BYBIT:PERPETUAL:ETH-USDT@LIN",
        {"exchange": "bybit", "account_type": "linear"},
        (BybitDataClientConfig, BybitExecClientConfig),
        "ETHUSDT-LINEAR.BYBIT",
        (BybitLiveDataClientFactory, BybitExecClientFactory),
        id="bybit-linear",
    ),
    pytest.param(
        "OKX",
        "OKX:PERPETUAL:BTC-USDT@LIN",
        {"exchange": "okx", "account_type": "linear", "api_passphrase_env": "P"},
        (OKXDataClientConfig, OKXExecClientConfig),
        "BTC-USDT-SWAP.OKX",
        (OKXLiveDataClientFactory, OKXExecClientFactory),
        id="okx-linear",
    ),
]


@pytest.mark.parametrize(
    ("venue_id", "instrument", "options", "types", "nautilus_id", "factories"), EXCHANGES
)
def test_each_exchange_gets_its_clients_credentials_and_factories(
    venue_id: str,
    instrument: str,
    options: dict[str, Any],
    types: tuple[type, type],
    nautilus_id: str,
    factories: tuple[type, type],
) -> None:
    config = venue(venue_id, instrument, **options)

    node_config = trading_node_config([config], environ=ENV)
    node = RecordingNode()
    register_client_factories(node, [config], {})

    name = config.client_name
    assert "-" not in name  # the node builder cuts client names at the first hyphen
    data, execution = node_config.data_clients[name], node_config.exec_clients[name]
    assert (type(data), type(execution)) == types
    assert execution.api_key == "key-value-1"
    assert execution.api_secret == "secret-value-2"
    assert data.instrument_provider.load_ids == frozenset({InstrumentId.from_str(nautilus_id)})
    assert (node.data[name], node.execution[name]) == factories
    assert "value" not in repr(config)  # our config holds variable names only


def test_binance_account_types_and_testnet() -> None:
    futures = venue(
        "BF",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        exchange="binance",
        account_type="usdt_future",
        testnet=True,
    )
    coin = venue(
        "BC",
        "BINANCE-FUTURES:PERPETUAL:BTC-USD@INV",
        exchange="binance",
        account_type="coin_future",
    )

    clients = trading_node_config([futures, coin], environ=ENV).exec_clients

    assert clients["BF"].account_type is BinanceAccountType.USDT_FUTURES
    assert clients["BF"].environment is BinanceEnvironment.TESTNET
    assert clients["BC"].account_type is BinanceAccountType.COIN_FUTURES
    assert clients["BC"].environment is BinanceEnvironment.LIVE


def test_bybit_and_okx_product_types() -> None:
    bybit = venue("BY", "BYBIT:SPOT_PAIR:BTC-USDT", exchange="bybit", account_type="spot")
    okx = venue(
        "OK",
        "OKX:PERPETUAL:BTC-USD@INV",
        exchange="okx",
        account_type="inverse",
        api_passphrase_env="P",
    )

    clients = trading_node_config([bybit, okx], environ=ENV).exec_clients

    assert clients["BY"].product_types == (BybitProductType.SPOT,)
    assert clients["OK"].instrument_types == (OKXInstrumentType.SWAP, OKXInstrumentType.FUTURES)
    assert clients["OK"].contract_types == (OKXContractType.INVERSE,)
    assert clients["OK"].api_passphrase == "passphrase-value-3"


def test_paper_trades_in_the_sandbox_on_the_exchange_market_data() -> None:
    config = venue(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        exchange="binance",
        account_type="usdt_future",
        paper=True,
        leverage="5",
    )
    node = RecordingNode()

    node_config = trading_node_config([config], environ={})  # no keys needed on paper
    register_client_factories(node, [config], {})

    sandbox = node_config.exec_clients["BINANCE_FUTURES"]
    assert isinstance(sandbox, SandboxExecutionClientConfig)
    assert (sandbox.venue, sandbox.account_type, sandbox.default_leverage) == (
        "BINANCE",
        "MARGIN",
        Decimal(5),
    )
    assert sandbox.starting_balances == ["100000 USDT"]
    assert isinstance(node_config.data_clients["BINANCE_FUTURES"], BinanceDataClientConfig)
    assert node.execution["BINANCE_FUTURES"] is SandboxLiveExecClientFactory
    assert config.exec_client_id == "BINANCE"  # the sandbox is named after the venue


def test_replay_feeds_recorded_ticks_instead_of_the_exchange() -> None:
    instrument = "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"
    replay = {
        "trades_csv": "t.csv",
        "instruments": {instrument: {"tick_size": "0.01", "lot_size": "0.001"}},
    }
    config = venue(
        "BINANCE-FUTURES",
        instrument,
        exchange="binance",
        account_type="usdt_future",
        paper=True,
        replay=replay,
    )
    node = RecordingNode()

    data = trading_node_config([config], environ={}).data_clients["BINANCE_FUTURES"]
    register_client_factories(node, [config], {})

    assert isinstance(data, ReplayDataClientConfig)
    assert data.instrument_ids == {instrument: "BTCUSDT-PERP.BINANCE"}
    assert node.data["BINANCE_FUTURES"].__name__ == "ReplayDataClientFactory"


def test_reconciliation_settings_reach_the_live_exec_engine() -> None:
    options = {
        "exchange": "binance",
        "account_type": "spot",
        "reconciliation": {"enabled": False, "lookback_mins": 120, "open_check_interval_secs": 5},
        "node": {"trader_id": "ODUM-007", "timeout_post_stop_s": 0.5},
    }
    config = venue("BINANCE-SPOT", "BINANCE-SPOT:SPOT_PAIR:BTC-USDT", **options)

    node_config = trading_node_config([config], environ=ENV)

    engine = node_config.exec_engine
    assert (engine.reconciliation, engine.reconciliation_lookback_mins) == (False, 120)
    assert engine.open_check_interval_secs == 5.0
    assert str(node_config.trader_id) == "ODUM-007"
    assert node_config.timeout_post_stop == 0.5


def test_venues_sharing_the_node_must_agree_on_node_settings() -> None:
    spot = venue(
        "BINANCE-SPOT",
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        exchange="binance",
        account_type="spot",
        reconciliation={"lookback_mins": 60},
    )
    futures = venue(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        exchange="binance",
        account_type="usdt_future",
        reconciliation={"lookback_mins": 30},
    )

    with pytest.raises(NautilusOptionsError, match=r"reconciliation\.lookback_mins: 30 differs"):
        trading_node_config([spot, futures], environ=ENV)


def test_one_sandbox_per_exchange_on_a_node() -> None:
    spot = venue(
        "BINANCE-SPOT",
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        exchange="binance",
        account_type="spot",
        paper=True,
    )
    futures = venue(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        exchange="binance",
        account_type="usdt_future",
        paper=True,
    )

    with pytest.raises(NautilusOptionsError, match="one sandbox per exchange"):
        trading_node_config([spot, futures], environ=ENV)


def test_missing_credentials_name_the_variable_never_a_value() -> None:
    config = venue(
        "BINANCE-SPOT",
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        exchange="binance",
        account_type="spot",
        api_key_env="ODUM_NOT_SET_KEY",
    )

    with pytest.raises(NautilusOptionsError) as missing:
        trading_node_config([config], environ={"S": "secret-value-2"})

    assert "ODUM_NOT_SET_KEY" in str(missing.value)
    assert "secret-value-2" not in str(missing.value)


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"exchange": "kraken", "account_type": "spot"}, "exchange: must be one of binance"),
        ({"exchange": "binance"}, "account_type: is required"),
        ({"exchange": "bybit", "account_type": "usdt_future"}, "not a bybit account type"),
        ({"exchange": "binance", "account_type": "spot", "paper": "yes"}, "paper: expected true"),
        (
            {"exchange": "binance", "account_type": "spot", "api_key": "x"},
            "extra fields found (api_key)",
        ),
        (
            {"exchange": "binance", "account_type": "usdt_future"},
            "adapter.options.account_type: usdt_future accounts do not trade",
        ),
        (
            {"exchange": "binance", "account_type": "spot", "replay": {"trades_csv": "t.csv"}},
            "replay: recorded ticks can only be traded on paper",
        ),
        (
            {"exchange": "binance", "account_type": "spot", "paper": True, "replay": {}},
            "replay: give trades_csv, quotes_csv or both",
        ),
        (
            {"exchange": "binance", "account_type": "spot", "node": {"log_level": "LOUD"}},
            "adapter.options.node.log_level: one of TRACE",
        ),
        (
            {"exchange": "binance", "account_type": "spot", "node": {"trader_id": "ODUM"}},
            "adapter.options.node.trader_id: a name and a tag",
        ),
    ],
)
def test_invalid_options_name_the_option(options: dict[str, Any], problem: str) -> None:
    with pytest.raises(NautilusOptionsError) as invalid:
        parse_venue_config("BINANCE-SPOT", options, instruments=["BINANCE-SPOT:SPOT_PAIR:BTC-USDT"])

    assert str(invalid.value).startswith("venue BINANCE-SPOT: adapter.options")
    assert problem in str(invalid.value)


def test_every_problem_is_reported_at_once() -> None:
    options = {"exchange": "binance", "account_type": "usdt_future", "replay": {"speed": -1}}

    with pytest.raises(NautilusOptionsError) as invalid:
        parse_venue_config(
            "X",
            options,
            instruments=["BYBIT:SPOT_PAIR:BTC-USDT", "BINANCE-SPOT:SPOT_PAIR:BTC-USDT"],
        )

    assert invalid.value.problems == [
        "adapter.options.replay: recorded ticks can only be traded on paper (set paper: true)",
        "adapter.options.replay: give trades_csv, quotes_csv or both",
        "adapter.options.replay.speed: must be 0 (as fast as possible) or positive",
        "adapter.options.account_type: usdt_future accounts do not trade "
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        "adapter.options.replay.instruments: give tick_size and lot_size of "
        "BINANCE-SPOT:SPOT_PAIR:BTC-USDT",
        "instruments: BYBIT:SPOT_PAIR:BTC-USDT is not listed on binance",
        "adapter.options.replay.instruments: give tick_size and lot_size of "
        "BYBIT:SPOT_PAIR:BTC-USDT",
    ]


def test_a_paper_venue_needs_starting_balances() -> None:
    with pytest.raises(NautilusOptionsError, match="starting_balances"):
        parse_venue_config(
            "BINANCE-SPOT",
            {"exchange": "binance", "account_type": "spot", "paper": True},
            instruments=["BINANCE-SPOT:SPOT_PAIR:BTC-USDT"],
        )


def test_configured_nautilus_venues_share_one_node_and_start_nothing() -> None:
    futures = {
        "venue_id": "BINANCE-FUTURES",
        "instruments": ["BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"],
        "adapter": {
            "type": "nautilus",
            "options": {"exchange": "binance", "account_type": "usdt_future", **CREDENTIALS},
        },
    }
    bybit = {
        "venue_id": "BYBIT",
        "instruments": ["BYBIT:PERPETUAL:ETH-USDT@LIN"],
        "adapter": {"type": "nautilus", "options": {"exchange": "bybit", "account_type": "linear"}},
    }
    settings = parse_settings({"venues": [futures, bybit]})

    venues = build_container("test", settings).infra.venues()

    a, b = venues.get("BINANCE-FUTURES"), venues.get("BYBIT")
    assert isinstance(a, NautilusNodeVenue)
    assert isinstance(b, NautilusNodeVenue)
    assert a.node is b.node
    assert a.node.node is None  # nothing built or connected until the pump connects
    assert (a.venue.kind, b.venue.kind) == (VenueKind.NAUTILUS, VenueKind.NAUTILUS)
    assert not a.connected


def test_the_sandbox_book_type_is_one_it_can_match_and_reaches_the_sandbox() -> None:
    base = {"exchange": "binance", "account_type": "usdt_future", "paper": True}
    with pytest.raises(NautilusOptionsError) as invalid:
        venue(
            "BINANCE-FUTURES",
            "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
            **base,
            paper_book_type="L3",
        )
    assert invalid.value.problems == ["adapter.options.paper_book_type: one of L1_MBP, L2_MBP"]

    depth = venue(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        **base,
        paper_book_type="L2_MBP",
    )
    sandbox = trading_node_config([depth], environ=ENV).exec_clients["BINANCE_FUTURES"]
    assert isinstance(sandbox, SandboxExecutionClientConfig)
    assert sandbox.book_type == "L2_MBP"


def test_okx_streams_reach_each_client_as_its_one_base_url_ws() -> None:
    urls = {
        "base_url_http": "http://127.0.0.1:9",
        "base_url_ws": "ws://127.0.0.1:9/ws/v5/public",
        "base_url_ws_private": "ws://127.0.0.1:9/ws/v5/private",
    }
    okx = venue("OKX", "OKX:PERPETUAL:BTC-USDT@LIN", exchange="okx", account_type="linear",
                api_passphrase_env="P", **urls)  # fmt: skip

    node_config = trading_node_config([okx], environ=ENV)

    data, execution = node_config.data_clients["OKX"], node_config.exec_clients["OKX"]
    assert (data.base_url_http, data.base_url_ws) == ("http://127.0.0.1:9", urls["base_url_ws"])
    assert execution.base_url_http == "http://127.0.0.1:9"
    assert execution.base_url_ws == urls["base_url_ws_private"]


def test_binance_endpoints_reach_its_clients_and_bad_ones_are_named() -> None:
    urls = {
        "base_url_http": "http://127.0.0.1:9",
        "base_url_ws": "ws://127.0.0.1:9",
        "base_url_ws_stream": "ws://127.0.0.1:9",
    }
    futures = venue(
        "BINANCE-FUTURES",
        "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN",
        exchange="binance",
        account_type="usdt_future",
        **urls,
    )
    node_config = trading_node_config([futures], environ=ENV)
    data = node_config.data_clients["BINANCE_FUTURES"]
    execution = node_config.exec_clients["BINANCE_FUTURES"]
    assert (data.base_url_http, data.base_url_ws) == ("http://127.0.0.1:9", "ws://127.0.0.1:9")
    assert execution.base_url_ws_stream == "ws://127.0.0.1:9"

    with pytest.raises(NautilusOptionsError) as invalid:
        venue("OKX", "OKX:PERPETUAL:ETH-USDT@LIN", exchange="okx", account_type="linear",
              base_url_ws_trade="ws://127.0.0.1:9")  # fmt: skip
    assert invalid.value.problems == [
        "adapter.options.base_url_ws_trade: not an endpoint of okx that can be set"
    ]
    with pytest.raises(NautilusOptionsError) as invalid:
        venue("BINANCE-FUTURES", "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN", exchange="binance",
              account_type="usdt_future", base_url_ws_private="ws://127.0.0.1:9")  # fmt: skip
    assert invalid.value.problems == [
        "adapter.options.base_url_ws_private: not an endpoint of binance that can be set"
    ]
    with pytest.raises(NautilusOptionsError) as invalid:
        venue("BINANCE-FUTURES", "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN", exchange="binance",
              account_type="usdt_future", base_url_ws="http://127.0.0.1:9")  # fmt: skip
    assert invalid.value.problems == [
        "adapter.options.base_url_ws: a ws(s):// URL, got 'http://127.0.0.1:9'"
    ]


def test_bybit_orders_can_go_over_rest() -> None:
    rest = venue("BYBIT", "BYBIT:PERPETUAL:ETH-USDT@LIN", exchange="bybit",
                 account_type="linear", order_entry="rest")  # fmt: skip
    node = RecordingNode()
    register_client_factories(node, [rest], {})
    assert node.execution["BYBIT"] is BybitRestExecClientFactory


@pytest.mark.parametrize(
    ("exchange", "account_type", "order_entry", "problem"),
    [
        ("binance", "usdt_future", "rest", "only Bybit orders can be sent over REST instead"),
        ("bybit", "linear", "fix", "one of stream, rest"),
    ],
)
def test_an_order_entry_is_one_the_exchange_has(
    exchange: str, account_type: str, order_entry: str, problem: str
) -> None:
    listing = {"binance": "BINANCE-FUTURES:PERPETUAL:BTC-USDT@LIN"}.get(
        exchange, "BYBIT:PERPETUAL:ETH-USDT@LIN"
    )
    with pytest.raises(NautilusOptionsError) as invalid:
        venue(exchange.upper(), listing, exchange=exchange, account_type=account_type,
              order_entry=order_entry)  # fmt: skip
    assert invalid.value.problems == [f"adapter.options.order_entry: {problem}"]
